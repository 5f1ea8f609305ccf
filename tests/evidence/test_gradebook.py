"""The teacher gradebook: levels by competency, readiness from prerequisites, and scoring a whole class."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.recording import evidence_record


@pytest.fixture
def course_competencies(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    ratio = frameworks.competency_create(
        framework=framework, full_statement="Ratios", human_coding_scheme="R", actor=Actor.system("test")
    )
    proportion = frameworks.competency_create(
        framework=framework, full_statement="Proportions", human_coding_scheme="P", actor=Actor.system("test")
    )
    frameworks.association_create(
        origin=ratio, destination=proportion, association_type="precedes", actor=Actor.system("test")
    )
    for competency in (ratio, proportion):
        frameworks.course_competency_add(
            course=district.math.course, competency=competency, actor=Actor.system("test")
        )
    return ratio, proportion


def test_the_gradebook_shows_levels_and_who_is_not_yet_ready(district, login, course_competencies):
    ratio, _ = course_competencies
    evidence_record(
        student=district.sam,
        competency=ratio,
        score=Decimal(4),
        kind="task",
        demonstrated_on=dt.date(2026, 9, 2),
        actor=district.actor("teacher"),
    )
    client = login(district.user("teacher"))
    page = client.get(reverse("section_gradebook", args=[district.math.pk])).content.decode()
    assert "Garcia, Sam" in page and "4.00" in page and "not yet ready" in page
    not_ready = client.get(reverse("section_gradebook", args=[district.math.pk]), {"show": "not_ready"})
    text = not_ready.content.decode()
    assert "Tran, Tia" in text and "Garcia, Sam" not in text  # Sam is proficient on the prerequisite
    assert AuditEvent.objects.filter(action="gradebook.view").exists()


def test_a_teacher_scores_the_whole_class_at_once(district, login, course_competencies):
    ratio, _ = course_competencies
    client = login(district.user("teacher"))
    client.post(
        reverse("section_gradebook", args=[district.math.pk]),
        {
            "competency": ratio.pk,
            "demonstrated_on": "2026-09-03",
            "kind": "task",
            f"score-{district.sam.pk}": "3",
            f"score-{district.tia.pk}": "2",
        },
    )
    assert sorted(Evidence.objects.values_list("score", flat=True)) == [Decimal(2), Decimal(3)]


def test_one_bad_score_saves_none_of_the_class(district, login, course_competencies):
    ratio, _ = course_competencies
    client = login(district.user("teacher"))
    response = client.post(
        reverse("section_gradebook", args=[district.math.pk]),
        {
            "competency": ratio.pk,
            "demonstrated_on": "2026-09-03",
            "kind": "task",
            f"score-{district.sam.pk}": "3",
            f"score-{district.tia.pk}": "9",
        },
        follow=True,
    )
    assert "Nothing was saved" in response.content.decode()
    assert not Evidence.objects.exists()
