"""Demo conferences: a fall conference that was held and recorded, and a spring one the student is preparing.

Called by the demo after the other profile parts are built, so the packets gather real goals, portfolio
work, mastery and reflections. Everything goes through the services, as a person would do it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404

from pathmaker.audit.actor import Actor
from pathmaker.conferences.models import Conference, ConferenceAttendee
from pathmaker.conferences.selectors import shown_packet
from pathmaker.conferences.services import (
    AttendeeSpec,
    conference_packet_edit,
    conference_plan,
    conference_record,
)
from pathmaker.profiles.access import ProfileAccess, profile_access_or_404
from pathmaker.rostering.models import GuardianLink


def _school_year_days(today: dt.date) -> tuple[dt.date, dt.date]:
    """A fall day already past and a spring day still ahead, in the school year of `today`."""
    start = today.year if today.month >= 8 else today.year - 1
    fall = dt.date(start, 10, 22)
    if fall > today:
        fall = today - dt.timedelta(days=14)
    spring = dt.date(start + 1, 3, 18)
    if spring <= today:
        spring = today + dt.timedelta(days=21)
    return fall, spring


def _adult(student: Any, advisor: Any, teacher: Any) -> tuple[Any, ProfileAccess, str]:
    """The advisor runs the conferences; the teacher does if the advisor does not work with the student."""
    for user, role in (
        (advisor, ConferenceAttendee.Role.ADVISOR),
        (teacher, ConferenceAttendee.Role.TEACHER),
    ):
        if user is None:
            continue
        try:
            access = profile_access_or_404(user, student.person_id)
        except Http404:
            continue
        if access.may_respond:
            return user, access, role
    raise RuntimeError(f"neither {advisor} nor {teacher} works with {student}: no demo conferences")


def build_demo_conferences(*, student: Any, advisor: Any, teacher: Any, today: dt.date) -> list[Conference]:
    person = student.person
    own = profile_access_or_404(student, person.pk)
    adult, adult_access, adult_role = _adult(student, advisor, teacher)
    fall_day, spring_day = _school_year_days(today)
    first = person.preferred_given_name or person.given_name

    fall = conference_plan(
        access=adult_access, title="Fall conference", scheduled_on=fall_day, actor=Actor.for_user(adult)
    )
    fall = conference_packet_edit(
        access=own,
        conference=fall,
        actor=Actor.for_user(student),
        included=[],
        shown=[],
        opening=f"Hi, I'm {first}. Today I will show you what I am working on this fall and what I am proud of.",
        closing="Next I want to keep practising every week and ask for help sooner when I am stuck.",
    )
    guardians = [
        link.guardian
        for link in GuardianLink.objects.filter(student=person, is_active=True)
        .select_related("guardian")
        .order_by("guardian__family_name", "guardian__given_name")
    ]
    attendees = [AttendeeSpec(person.display_name, ConferenceAttendee.Role.STUDENT)]
    attendees += [AttendeeSpec(g.display_name, ConferenceAttendee.Role.GUARDIAN) for g in guardians]
    attendees.append(AttendeeSpec(adult.person.display_name, adult_role))
    conference_record(
        access=adult_access,
        conference=fall,
        held_on=fall_day,
        attendees=attendees,
        actor=Actor.for_user(adult),
        notes=(
            f"{first} opened the conference and walked us through their goals and two pieces of work. "
            "The family asked how homework is going; we agreed that a fixed time after dinner helps.\n\n"
            f"{first} is proud of the progress in writing and wants more challenge in math."
        ),
        next_steps="Practise math twenty minutes, three evenings a week\n"
        "Ask for help in class within a day of getting stuck\n"
        "Choose a book for the spring reading project by November",
    )

    spring = conference_plan(
        access=adult_access, title="Spring conference", scheduled_on=spring_day, actor=Actor.for_user(adult)
    )
    packet = shown_packet(spring)
    tokens = [item.token for section in packet.sections for item in section.items]
    # The student has begun: an opening written, one item left out.
    left_out = next((s.items[-1].token for s in packet.sections if len(s.items) > 1), None)
    spring = conference_packet_edit(
        access=own,
        conference=spring,
        actor=Actor.for_user(student),
        shown=tokens,
        closing="",
        included=[token for token in tokens if token != left_out],
        opening="Welcome to my spring conference. Since the fall I have kept to my math practice, "
        "and I want to show you where it has taken me.",
    )
    return [fall, spring]
