"""Conference fixtures: a profile whose parts are fakes of our own, and a frozen clock.

The real parts (goals, portfolio, habits...) belong to other apps; these tests replace the whole part
registry with fakes whose offers a test can change, plus this app's own part, so nothing here depends
on what the other apps offer. The registry is restored after each test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
import time_machine
from django.template import Template

from pathmaker.conferences import services
from pathmaker.conferences.models import Conference
from pathmaker.profiles import parts
from pathmaker.profiles.access import ProfileAccess, profile_access_or_404
from pathmaker.profiles.parts import PacketItem, PacketSection, ProfilePart

# 16:00 UTC is noon in the district's time zone (America/New_York).
TODAY = dt.date(2026, 10, 20)


@dataclass
class FakeParts:
    """What each fake part offers the packet now (a test edits these lists), and who asked."""

    goals: list[PacketItem] = field(default_factory=list)
    portfolio: list[PacketItem] = field(default_factory=list)
    notes: list[PacketItem] = field(default_factory=list)
    asked_as: list[ProfileAccess] = field(default_factory=list)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 10, 20, 16, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def fake_parts(monkeypatch) -> FakeParts:
    fake = FakeParts(
        goals=[
            PacketItem("Read twenty books this year", "Twelve read so far", "goal-1"),
            PacketItem("Finish the science fair project", "Due in March", "goal-2"),
        ],
        portfolio=[PacketItem("Bridge model", "Engineering · featured", "work-7")],
        # Notes are not shown to families (the district default), so they never reach a packet.
        notes=[PacketItem("A worry shared with my advisor", "", "note-1")],
    )

    def offer(kind: str, title: str):
        def packet(access: ProfileAccess) -> PacketSection:
            fake.asked_as.append(access)
            return PacketSection(kind, title, list(getattr(fake, kind)))

        return packet

    shown = Template("{% for item in ctx.items %}<p>{{ item.title }}</p>{% endfor %}")
    registry = {
        kind: ProfilePart(
            kind, shown, lambda access, request, kind=kind: {"items": getattr(fake, kind)}, offer(kind, title)
        )
        for kind, title in (("goals", "My goals"), ("portfolio", "Work I am proud of"), ("notes", "Notes"))
    }
    registry["conferences"] = parts.part_for("conferences")
    monkeypatch.setattr(parts, "_PARTS", registry)
    return fake


def access_of(district, persona: str, student=None) -> ProfileAccess:
    return profile_access_or_404(district.user(persona), (student or district.sam).pk)


def plan(
    district,
    persona: str = "teacher",
    title: str = "Fall conference",
    day: dt.date = TODAY + dt.timedelta(days=3),
) -> Conference:
    return services.conference_plan(
        access=access_of(district, persona), title=title, scheduled_on=day, actor=district.actor(persona)
    )


def record(district, conference: Conference, persona: str = "advisor", **overrides) -> Conference:
    values = {
        "held_on": TODAY,
        "attendees": [
            services.AttendeeSpec("Sam Garcia", "student"),
            services.AttendeeSpec("Gina Garcia", "guardian"),
            services.AttendeeSpec("Ada Okafor", "advisor"),
        ],
        "notes": "Sam led the conference and showed the bridge model.",
        "next_steps": "Read every evening\nAsk for help within a day",
    }
    values.update(overrides)
    return services.conference_record(
        access=access_of(district, persona), conference=conference, actor=district.actor(persona), **values
    )
