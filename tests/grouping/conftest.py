"""Grouping fixtures: a frozen clock, Math 7's three competencies, and levels for its students.

The clock stands at noon on Thursday 1 October 2026. Math 7 (Sam and Tia's section, taught by Alice with
Carol) has 7.RP.1, 7.RP.2 and 7.NS.1 in that course order. `score` records one piece of evidence through
the real recording service, so the level a proposal reads is the one the gradebook shows.
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
from pathmaker.grouping import services
from pathmaker.grouping.models import Group, Grouping, GroupMember, RotationMember, StationRotation
from pathmaker.mastery.recording import evidence_record
from tests import factories as f

TODAY = dt.date(2026, 10, 1)
NOON = dt.datetime(2026, 10, 1, 16, 0, tzinfo=dt.UTC)
SYSTEM = Actor.system("test")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@dataclass
class Math:
    rp1: Competency
    rp2: Competency
    ns1: Competency


@pytest.fixture
def math(district) -> Math:
    framework = frameworks.framework_create(title="Math 7", description="", actor=SYSTEM)
    made = []
    for code, statement in (
        ("7.RP.1", "Compute unit rates"),
        ("7.RP.2", "Recognize proportional relationships"),
        ("7.NS.1", "Add and subtract rational numbers"),
    ):
        competency = frameworks.competency_create(
            framework=framework, full_statement=statement, human_coding_scheme=code, actor=SYSTEM
        )
        frameworks.course_competency_add(course=district.math.course, competency=competency, actor=SYSTEM)
        made.append(competency)
    return Math(*made)


def score(district, student, competency, value: str, on: dt.date = TODAY) -> None:
    evidence_record(
        student=student,
        competency=competency,
        score=Decimal(value),
        kind="task",
        demonstrated_on=on,
        actor=Actor.for_user(district.user("teacher")),
        section=district.math,
    )


def classmates(district, count: int, *, section=None) -> list:
    """More students in Math 7 (or `section`), named Student 01, Student 02..."""
    section = section or district.math
    found = []
    for n in range(1, count + 1):
        student = f.person(f"Student{n:02d}", "Extra", grades="07")
        f.role(student, section.school, "student")
        f.enroll(student, section)
        found.append(student)
    return found


def ask(district, math, **changes) -> services.GroupAsk:
    values = {
        "sections": [district.math],
        "competencies": [math.rp1],
        "goal": "alike",
        "min_size": 1,
        "max_size": 2,
        "together": [],
        "apart": [],
        "balance": "",
    }
    values.update(changes)
    return services.GroupAsk(**values)


def saved(district, math, **changes) -> Grouping:
    return services.grouping_save(
        ask=ask(district, math, **changes),
        on=TODAY,
        purpose="Reteach unit rates",
        actor=district.actor("teacher"),
    )


def snapshot() -> tuple:
    """Everything a grouping service may write, to show a refusal changed nothing."""
    return (
        Grouping.objects.count(),
        tuple(Group.objects.order_by("pk").values_list("pk", "name", "staff_id")),
        tuple(GroupMember.objects.order_by("pk").values_list("pk", "group_id")),
        StationRotation.objects.count(),
        RotationMember.objects.count(),
        AuditEvent.objects.filter(action__startswith="grouping.").exclude(action__contains="view").count(),
    )
