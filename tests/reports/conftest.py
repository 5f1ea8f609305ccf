"""Reports fixtures: one competency with a level for many students of Maple Valley, and their demographics.

North (Pat's school) gets 24 more students beside Sam and Tia, South 14 more beside Omar. Three of North's
students are English learners (a cell under 10 that must be withheld), two of South's. Levels are written
straight into `MasterySummary` (the read model the report reads; recording is mastery's own tests' work):
every other student is proficient.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.models import Competency
from pathmaker.mastery.models import MasterySummary
from pathmaker.rostering.models import StudentDemographics
from tests import factories as f

SYSTEM = Actor.system("test")


@dataclass
class Report:
    competency: Competency
    north_learners: int
    south_learners: int

    def query(self, field: str = "english_learner") -> str:
        return f"?competency={self.competency.pk}&field={field}"


def _students(district, school, count: int, prefix: str) -> list:
    made = []
    for n in range(count):
        student = f.person(prefix, f"Student{n:02d}")
        f.role(student, school, "student")
        made.append(student)
    return made


@pytest.fixture
def report(district) -> Report:
    framework = frameworks.framework_create(title="Math 7", description="", actor=SYSTEM)
    competency = frameworks.competency_create(
        framework=framework, full_statement="Compute unit rates", human_coding_scheme="7.RP.1", actor=SYSTEM
    )
    north = [district.sam, district.tia, *_students(district, district.north, 24, "North")]
    south = [district.omar, *_students(district, district.south, 14, "South")]
    for students, learners in ((north, 3), (south, 2)):
        for n, student in enumerate(students):
            values = {"english_learner": n < learners, "free_reduced_lunch": n % 2 == 0}
            if not StudentDemographics.objects.filter(person=student).update(**values):
                f.demographics(student, **values)
            MasterySummary.objects.create(
                student=student,
                competency=competency,
                level=3.0 if n % 2 else 2.0,
                status=MasterySummary.Status.PROFICIENT if n % 2 else MasterySummary.Status.IN_PROGRESS,
                evidence_count=2,
                computed_at=timezone.now(),
            )
    return Report(competency, 3, 2)
