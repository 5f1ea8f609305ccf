"""The explanation page speaks to whoever reads it, shows evidence kinds in words with the task's name
and feedback, and says who set a level by hand and when."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.services import override_set


@pytest.fixture
def ratio(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    competency = frameworks.competency_create(
        framework=framework,
        full_statement="Uses ratios",
        human_coding_scheme="MV.M.RATIO",
        actor=Actor.system("test"),
    )
    evidence_record(
        student=district.sam,
        competency=competency,
        score=Decimal(2),
        kind="quiz_item",
        demonstrated_on=dt.date(2026, 9, 2),
        actor=district.actor("teacher"),
    )
    evidence_record(
        student=district.sam,
        competency=competency,
        score=Decimal(3),
        kind="task",
        task_name="Lab report: density",
        feedback="Units on every line, well done.",
        demonstrated_on=dt.date(2026, 9, 3),
        actor=district.actor("teacher"),
    )
    return competency


def page_for(district, login, persona, competency, **query):
    return (
        login(district.user(persona))
        .get(reverse("mastery_explanation", args=[district.sam.pk, competency.pk]), query)
        .content.decode()
    )


def test_the_student_reads_it_in_their_own_words(district, login, ratio):
    page = page_for(district, login, "student", ratio, what_if="4")
    assert "If my next score is" in page and "Show my level" in page and "your level would be" in page
    assert "The scores, oldest first" in page


@pytest.mark.parametrize("persona", ["teacher", "guardian", "principal"])
def test_anyone_else_reads_the_students_name_not_your(district, login, ratio, persona):
    page = page_for(district, login, persona, ratio, what_if="4")
    assert (
        "Show my level" not in page
        and "If my next score is" not in page
        and "your level would be" not in page
    )
    assert "If Sam Garcia's next score is" in page and "Sam Garcia's level would be" in page
    # The steps speak of "the level" and "the scores", so they read right to the student and to anyone else.
    assert "The scores, oldest first" in page and "Your scores" not in page and "Your level" not in page


def test_evidence_kinds_read_in_words_with_the_task_name_and_feedback(district, login, ratio):
    page = page_for(district, login, "guardian", ratio)
    assert "quiz_item" not in page and "Quiz item" in page
    assert "Lab report: density" in page and "Units on every line, well done." in page
    steps = page[page.index('id="steps-heading"') : page.index('id="evidence-heading"')]
    assert "Lab report: density" in steps and "Quiz item" in steps


def test_a_level_set_by_a_teacher_says_who_and_when(district, login, ratio):
    override_set(
        student=district.sam,
        competency=ratio,
        level=4.0,
        reason="Showed it in conference",
        actor=district.actor("teacher"),
    )
    page = page_for(district, login, "student", ratio)
    assert "Alice Adams set this level to 4 on" in page and "Showed it in conference" in page
    assert "A teacher set this level" not in page
