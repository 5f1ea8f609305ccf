"""Figures for the demo district's reports: a collaboration score for every student of every school.

The other demo modules give levels to one teacher's classes, so the subgroup table (`reports`) would show a
single school. Every course assesses the Portrait of a Graduate's collaboration competency, so each student
is scored on it once this term (a team task) in the first of their classes that assesses it, a whole class at a time through mastery's recording service (the real levels and audit rows).
The scores are random, not drawn from the students' demographics. Split by race and
ethnicity or by a flag, the district's table then shows real percentages with some cells withheld (groups
under `PATHMAKER_MIN_CELL` and their complements). Runs after the evidence demo: students it already scored
on collaboration are left as they are.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency, CourseCompetency
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import ClassScore, evidence_record_class
from pathmaker.rostering.models import Enrollment, Person, Section

SKILL = "Collaboration"
TASK, DAYS_AGO = "Team task: plan a class event", 12


def demo_report_competency() -> Competency | None:
    """The Portrait of a Graduate's collaboration competency (every demo course assesses it)."""
    return (
        Competency.objects.filter(full_statement=SKILL, framework__title__contains="Portrait of a Graduate")
        .order_by("pk")
        .first()
    )


def _classes(competency: Competency, skip: set[int]) -> dict[int, list[int]]:
    """Each student's first active class (by id) whose course assesses the competency: section -> students."""
    courses = CourseCompetency.objects.filter(competency=competency).values("course_id")
    classes: dict[int, list[int]] = {}
    seen: set[int] = set(skip)
    for section_id, student_id in (
        Enrollment.objects.filter(
            role="student", is_active=True, section__is_active=True, section__course_id__in=courses
        )
        .order_by("section_id", "person_id")
        .values_list("section_id", "person_id")
    ):
        if student_id not in seen:
            seen.add(student_id)
            classes.setdefault(section_id, []).append(student_id)
    return classes


def build_demo_reports(*, seed: int = 14, **_: object) -> int:
    """Score every not-yet-scored student on collaboration; returns the pieces of evidence recorded."""
    competency = demo_report_competency()
    if competency is None:
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    actor = Actor.system("demo")
    scored = set(
        MasterySummary.objects.filter(competency=competency, evidence_count__gt=0).values_list(
            "student_id", flat=True
        )
    )
    recorded = 0
    for section_id, student_ids in sorted(_classes(competency, scored).items()):
        section = Section.objects.get(pk=section_id)
        students = Person.objects.in_bulk(student_ids)
        rows = [
            ClassScore(student=students[pk], score=Decimal(min(4, max(1, round(rng.uniform(0.6, 4.4))))))
            for pk in student_ids
        ]
        recorded += len(
            evidence_record_class(
                section=section,
                competency=competency,
                demonstrated_on=today - dt.timedelta(days=DAYS_AGO),
                kind=Evidence.Kind.PROJECT,
                actor=actor,
                rows=rows,
                task_name=TASK,
            )
        )
    return recorded
