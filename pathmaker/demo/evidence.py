"""Evidence for the demo district: a term of scores in the demo teacher's sections, through the services."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from pathmaker.accounts.models import User
from pathmaker.audit.actor import Actor
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import CourseCompetency
from pathmaker.mastery.models import MasteryFlag, MasterySummary
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.services import flag_set
from pathmaker.rostering.models import Enrollment

KINDS = [Evidence.Kind.TASK, Evidence.Kind.QUIZ_ITEM, Evidence.Kind.PROJECT, Evidence.Kind.OBSERVATION]
# What the teacher called each piece of work, so the gradebook and the explanations name real tasks.
TASKS = {
    Evidence.Kind.TASK: ["Warm-up problems", "Exit ticket", "Partner practice", "Homework check"],
    Evidence.Kind.QUIZ_ITEM: ["Quiz 1", "Quiz 2", "Check-in quiz"],
    Evidence.Kind.PROJECT: ["Recipe scaling project", "Model a school budget"],
    Evidence.Kind.OBSERVATION: ["Small-group conference", "Whiteboard explanation"],
}


def build_demo_evidence(*, teacher_username: str, seed: int = 5) -> int:
    """Three to five scores per student and course competency, over the last ten weeks, improving on average."""
    teacher = User.objects.get(username=teacher_username)
    rng = random.Random(seed)
    today = timezone.localdate()
    recorded = 0
    sections = Enrollment.objects.filter(person=teacher.person, role="teacher", is_active=True).values_list(
        "section", "section__course"
    )
    for section_id, course_id in sections:
        competencies = [
            link.competency
            for link in CourseCompetency.objects.filter(course_id=course_id).select_related("competency")[:4]
        ]
        students = Enrollment.objects.filter(
            section_id=section_id, role="student", is_active=True
        ).select_related("person", "section")
        for enrollment in students:
            ability = rng.uniform(1.2, 3.4)
            for competency in competencies:
                for step in range(rng.randint(3, 5)):
                    score = min(4, max(1, round(ability + 0.35 * step + rng.uniform(-0.8, 0.8))))
                    kind = rng.choice(KINDS)
                    evidence_record(
                        student=enrollment.person,
                        competency=competency,
                        score=Decimal(score),
                        demonstrated_on=today - dt.timedelta(days=70 - 15 * step - rng.randint(0, 6)),
                        kind=kind,
                        task_name=rng.choice(TASKS[kind]),
                        section=enrollment.section,
                        actor=Actor.for_user(teacher),
                    )
                    recorded += 1
    return recorded


def build_demo_requests(*, student: User, teacher: User, **_: object) -> int:
    """Open requests, so the teacher's inbox and the student's classes page show them: the demo student asks
    for one piece of work to be evaluated, and the teacher asks them to revise another (only on levels not yet
    proficient, where a request shows)."""
    open_levels = list(
        MasterySummary.objects.filter(student=student.person, status=MasterySummary.Status.IN_PROGRESS)
        .select_related("competency")
        .order_by("competency__human_coding_scheme", "competency_id")[:2]
    )
    asks = [
        (MasteryFlag.Kind.AWAITING_EVALUATION, student, "I redid the second page with a ratio table."),
        (MasteryFlag.Kind.NEEDS_REVISION, teacher, "Show how you got each step, not only the answer."),
    ]
    for summary, (kind, by, note) in zip(open_levels, asks, strict=False):
        flag_set(
            student=student.person,
            competency=summary.competency,
            kind=kind,
            note=note,
            actor=Actor.for_user(by),
        )
    return len(open_levels)
