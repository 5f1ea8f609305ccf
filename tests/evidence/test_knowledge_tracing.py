"""Correct/incorrect practice: knowledge tracing fitted on the district's own data, shown beside the level."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.selectors import practice_estimate
from pathmaker.mastery.services import knowledge_tracing_fit
from tests import factories as f


@pytest.fixture
def practice(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    competency = frameworks.competency_create(
        framework=framework, full_statement="Adds fractions", actor=Actor.system("test")
    )
    rng = random.Random(4)
    rows = []
    for n in range(40):
        student = district.sam if n == 0 else f.person(f"Kid{n}", "Practice", grades="07")
        known = rng.random() < 0.3
        for day in range(8):
            known = known or rng.random() < 0.2
            correct = (rng.random() > 0.1) if known else (rng.random() < 0.2)
            rows.append(
                Evidence(
                    student=student,
                    competency=competency,
                    correct=correct,
                    kind="quiz_item",
                    demonstrated_on=dt.date(2026, 9, 1) + dt.timedelta(days=day),
                    recorded_at=f.NOW,
                )
            )
    Evidence.objects.bulk_create(rows)
    return competency


def test_knowledge_tracing_is_fitted_on_the_districts_practice(practice):
    fitted = knowledge_tracing_fit(competency=practice)
    assert fitted.students == 40 and fitted.responses == 320
    assert 0.05 < fitted.learn < 0.5 and fitted.guess < 0.5 and fitted.slip < 0.5


def test_too_little_practice_keeps_the_defaults(district):
    framework = frameworks.framework_create(title="M", description="", actor=Actor.system("test"))
    competency = frameworks.competency_create(
        framework=framework, full_statement="x", actor=Actor.system("test")
    )
    assert knowledge_tracing_fit(competency=competency) is None


def test_right_answers_raise_the_chance_of_mastery(practice, district):
    knowledge_tracing_fit(competency=practice)
    trace, _, fitted = practice_estimate(district.sam.pk, practice)
    assert fitted and len(trace.p_mastery) == 8
    Evidence.objects.filter(student=district.sam).update(correct=True)
    better, _, _ = practice_estimate(district.sam.pk, practice)
    assert better.p_mastery[-1] > 0.9


def test_the_explanation_page_shows_the_practice_estimate(practice, district, login):
    knowledge_tracing_fit(competency=practice)
    page = login(district.user("teacher")).get(
        reverse("mastery_explanation", args=[district.sam.pk, practice.pk])
    )
    text = page.content.decode()
    assert "From 8 practice answers, the chance this skill is mastered is" in text
    assert "fitted on the district" in text
