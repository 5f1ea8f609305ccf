"""The demo district's open requests: what the teacher's inbox and the student's classes page show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pathmaker.audit.actor import Actor
from pathmaker.demo.evidence import build_demo_requests
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.models import MasteryFlag, MasterySummary
from pathmaker.mastery.recording import evidence_record


def test_the_demo_student_asks_for_evaluation_and_the_teacher_asks_for_a_revision_on_open_levels(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    teacher, student = district.user("teacher"), district.user("student")
    proficient = frameworks.competency_create(
        framework=framework, full_statement="Reads ratios", actor=Actor.system("test")
    )
    for statement in ("Uses ratios", "Solves proportions"):
        open_level = frameworks.competency_create(
            framework=framework, full_statement=statement, actor=Actor.system("test")
        )
        evidence_record(
            student=district.sam,
            competency=open_level,
            score=Decimal(2),
            kind="task",
            demonstrated_on=dt.date(2026, 10, 1),
            section=district.math,
            actor=Actor.for_user(teacher),
        )
    evidence_record(
        student=district.sam,
        competency=proficient,
        score=Decimal(4),
        kind="task",
        demonstrated_on=dt.date(2026, 10, 1),
        section=district.math,
        actor=Actor.for_user(teacher),
    )

    assert build_demo_requests(student=student, teacher=teacher) == 2

    flags = MasteryFlag.objects.filter(student=district.sam, is_current=True)
    assert sorted(flags.values_list("kind", flat=True)) == ["awaiting_evaluation", "needs_revision"]
    assert not flags.filter(competency=proficient).exists()
    assert set(
        MasterySummary.objects.filter(student=district.sam)
        .exclude(competency=proficient)
        .values_list("status", flat=True)
    ) == {"awaiting_evaluation", "needs_revision"}
