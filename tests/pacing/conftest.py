"""Pacing fixtures: a frozen clock, a fall semester for Maple Valley's sections, Math 7's six competencies,
and builders for mastery, deadlines and requests.

The clock stands at noon on Thursday 1 October 2026 (America/New_York). The fall semester runs from Monday
24 August to Friday 18 December 2026; North is closed on Labor Day (7 September) and over Thanksgiving
(25 to 27 November). By today 27 school days of the term are behind a North student.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.models import Competency
from pathmaker.mastery.recording import evidence_record
from pathmaker.pacing import services
from pathmaker.pacing.models import DayOff, Deadline, ExtensionRequest, PacingGuide, PacingTarget
from pathmaker.rostering.models import AcademicSession, SectionTerm
from tests.factories import _record

TODAY = dt.date(2026, 10, 1)
NOON = dt.datetime(2026, 10, 1, 16, 0, tzinfo=dt.UTC)
TERM_START, TERM_END = dt.date(2026, 8, 24), dt.date(2026, 12, 18)
SYSTEM = Actor.system("test")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@dataclass
class Pacing:
    term: AcademicSession
    competencies: list[Competency]


@pytest.fixture
def pacing(district) -> Pacing:
    term = AcademicSession.objects.create(
        title="Fall Semester 2026",
        session_type="semester",
        start_date=TERM_START,
        end_date=TERM_END,
        **_record(),
    )
    for section in (district.math, district.art, district.science):
        SectionTerm.objects.create(section=section, session=term)
    framework = frameworks.framework_create(title="Math 7", description="", actor=SYSTEM)
    competencies = []
    for n in range(1, 7):
        competency = frameworks.competency_create(
            framework=framework,
            full_statement=f"Ratios and rates, part {n}",
            human_coding_scheme=f"7.RP.{n}",
            actor=SYSTEM,
        )
        frameworks.course_competency_add(course=district.math.course, competency=competency, actor=SYSTEM)
        competencies.append(competency)
    for on, name in (
        (dt.date(2026, 9, 7), "Labor Day"),
        (dt.date(2026, 11, 25), "Thanksgiving break"),
        (dt.date(2026, 11, 26), "Thanksgiving"),
        (dt.date(2026, 11, 27), "Thanksgiving break"),
    ):
        DayOff.objects.create(school=district.north, on=on, name=name, created_at=NOON)
    return Pacing(term, competencies)


def master(district, competency, on: dt.date, *, student=None, score: str = "4"):
    """A score that puts the competency at mastery (one score of 4 on the default 1-4 scale)."""
    return evidence_record(
        student=student or district.sam,
        competency=competency,
        score=Decimal(score),
        kind="task",
        demonstrated_on=on,
        actor=district.actor("teacher"),
        section=district.math,
    )


def guide(district, pacing, weeks=(2, 3, 3, 2, 3, 3)) -> PacingGuide:
    return services.pacing_guide_set(
        course=district.math.course,
        term=pacing.term,
        weeks={c.pk: w for c, w in zip(pacing.competencies, weeks, strict=False)},
        actor=district.actor("teacher"),
    )


def hard(district, competency, due_on: dt.date, *, student=None) -> list[Deadline]:
    return services.hard_deadline_set(
        section=district.math,
        competency_id=competency.pk,
        due_on=due_on,
        student=student,
        actor=district.actor("teacher"),
    )


def past_hard(district, competency, due_on: dt.date, *, student=None) -> Deadline:
    """A hard deadline for Sam whose date has passed (set earlier, then the date is what it was)."""
    deadline = hard(district, competency, days(1), student=student or district.sam)[0]
    Deadline.objects.filter(pk=deadline.pk).update(due_on=due_on, first_due_on=due_on)
    deadline.refresh_from_db()
    return deadline


def asked(district, deadline: Deadline, reason: str = "I was out sick for a week") -> ExtensionRequest:
    return services.extension_ask(deadline=deadline, reason=reason, actor=district.actor("student"))


def snapshot() -> tuple:
    """Everything a pacing service may write, to show a refusal changed nothing."""
    return (
        tuple(Deadline.objects.order_by("pk").values_list("pk", "due_on", "kind")),
        tuple(ExtensionRequest.objects.order_by("pk").values_list("pk", "status", "new_due_on")),
        tuple(PacingTarget.objects.order_by("pk").values_list("competency_id", "weeks")),
        tuple(DayOff.objects.order_by("pk").values_list("pk", "on")),
        AuditEvent.objects.filter(action__startswith="pacing.").exclude(action__contains="view").count(),
    )
