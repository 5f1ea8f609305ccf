"""Paths fixtures: Math 7's competencies with a prerequisite, a small library, and a frozen clock.

Math 7 (Sam and Tia's course) has four competencies, in this course order: 7.RP.1, 7.RP.2, 7.RP.3 and
7.NS.1; 7.RP.1 precedes 7.RP.2 (a CASE `precedes` association), so 7.RP.2 needs 7.RP.1 first. The library
has, for 7.RP.1, a video, a reading, a practice set and a two-question quiz (an assessment), published by
the district.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.models import Competency
from pathmaker.resources.models import Alignment, Resource

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
    rp3: Competency
    ns1: Competency
    video: Resource
    reading: Resource
    practice: Resource
    quiz: Resource

    @property
    def order(self) -> list[Competency]:
        return [self.rp1, self.rp2, self.rp3, self.ns1]


def resource(title: str, modality: str, competency: Competency, *, kind: str = "link", quiz=None) -> Resource:
    now = timezone.now()
    found = Resource.objects.create(
        title=title,
        kind=kind,
        modality=modality,
        url="https://example.org/" + title.lower().replace(" ", "-") if kind == "link" else "",
        instructions="" if kind == "link" else "Work through it.",
        quiz=quiz or [],
        visibility=Resource.Visibility.PUBLISHED,
        created_at=now,
        updated_at=now,
    )
    Alignment.objects.create(
        resource=found,
        competency=competency,
        alignment_type="assesses" if kind == "assessment" else "teaches",
    )
    return found


@pytest.fixture
def math(district) -> Math:
    framework = frameworks.framework_create(title="Math 7", description="", actor=SYSTEM)
    made = [
        frameworks.competency_create(
            framework=framework, full_statement=statement, human_coding_scheme=code, actor=SYSTEM
        )
        for code, statement in (
            ("7.RP.1", "Compute unit rates"),
            ("7.RP.2", "Recognize proportional relationships"),
            ("7.RP.3", "Solve percent problems"),
            ("7.NS.1", "Add and subtract rational numbers"),
        )
    ]
    for competency in made:
        frameworks.course_competency_add(course=district.math.course, competency=competency, actor=SYSTEM)
    frameworks.association_create(
        origin=made[0], destination=made[1], association_type="precedes", actor=SYSTEM
    )
    rp1 = made[0]
    return Math(
        *made,
        video=resource("Unit rates video", "watch", rp1),
        reading=resource("Unit rates reading", "read", rp1),
        practice=resource("Unit rates practice", "practise", rp1, kind="activity"),
        quiz=resource(
            "Unit rates quiz",
            "practise",
            rp1,
            kind="assessment",
            quiz=[
                {"prompt": "3 apples for $6: one apple?", "choices": ["$2", "$3"], "answer": 0},
                {"prompt": "60 miles in 2 hours: per hour?", "choices": ["20", "30"], "answer": 1},
            ],
        ),
    )
