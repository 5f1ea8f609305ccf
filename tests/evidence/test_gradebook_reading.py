"""The gradebook reads well by keyboard and touch: statements in a visible key (not a hover tooltip),
status by colour and words with a legend and counts, "not yet ready" only where it applies and naming
the prerequisite; whole-class scoring with "set all", a task name and feedback; rubric descriptors."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.evidence.models import FEEDBACK_MAX, TASK_NAME_MAX, Evidence
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.recording import EvidenceError, evidence_record
from tests.api.test_api import bearer

DAY = "2026-09-03"


@pytest.fixture
def course(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    ratio = frameworks.competency_create(
        framework=framework,
        full_statement="Understands ratio concepts",
        human_coding_scheme="R",
        actor=Actor.system("test"),
    )
    proportion = frameworks.competency_create(
        framework=framework,
        full_statement="Solves proportions",
        human_coding_scheme="P",
        actor=Actor.system("test"),
    )
    frameworks.association_create(
        origin=ratio, destination=proportion, association_type="precedes", actor=Actor.system("test")
    )
    for competency in (ratio, proportion):
        frameworks.course_competency_add(
            course=district.math.course, competency=competency, actor=Actor.system("test")
        )
    return ratio, proportion


def score(district, student, competency, value, day=2):
    evidence_record(
        student=student,
        competency=competency,
        score=Decimal(value),
        kind="task",
        demonstrated_on=dt.date(2026, 9, day),
        actor=district.actor("teacher"),
    )


def book(district, login, **query):
    return login(district.user("teacher")).get(reverse("section_gradebook", args=[district.math.pk]), query)


def test_each_statement_is_in_a_visible_key_the_column_heading_links_to(district, login, course):
    ratio, _ = course
    page = book(district, login).content.decode()
    assert "<abbr" not in page and 'title="Understands ratio concepts"' not in page
    assert f'href="#competency-{ratio.pk}"' in page
    assert f'id="competency-{ratio.pk}"' in page and "Understands ratio concepts" in page


def test_status_is_shown_in_words_with_a_legend_and_counts_per_competency(district, login, course):
    ratio, proportion = course
    score(district, district.sam, ratio, 3)
    response = book(district, login)
    page = response.content.decode()
    assert 'class="status-legend"' in page
    for label in (
        "Not started",
        "In progress",
        "Awaiting evaluation",
        "Needs revision",
        "Proficient",
        "Advanced",
    ):
        assert label in page
    counts = {
        column.competency: {c.status: c.count for c in column.counts}
        for column in response.context["book"].columns
    }
    assert counts[ratio]["proficient"] == 1 and counts[ratio]["not_started"] == 1
    assert counts[proportion]["not_started"] == 2
    assert 'class="status-cell status-proficient"' in page


def test_not_yet_ready_names_the_missing_prerequisite_and_skips_proficient_cells(district, login, course):
    ratio, proportion = course
    score(district, district.sam, proportion, 3)  # Sam is proficient on P without R
    rows = {row.student: row for row in book(district, login).context["book"].rows}
    sam_cell, tia_cell = rows[district.sam].cells[1], rows[district.tia].cells[1]
    assert not sam_cell.not_ready
    assert tia_cell.not_ready and tia_cell.missing == [ratio] and tia_cell.missing_codes == "R"
    page = book(district, login).content.decode()
    assert "not yet ready: needs R" in page
    assert page.count("not yet ready: needs R") == 1


def test_set_all_without_javascript_fills_every_row_and_saves_nothing(district, login, course):
    ratio, _ = course
    response = login(district.user("teacher")).post(
        reverse("section_gradebook", args=[district.math.pk]),
        {
            "competency": ratio.pk,
            "demonstrated_on": DAY,
            "kind": "task",
            "all-score": "3",
            "set_all": "1",
            "task_name": "Quiz 3",
        },
    )
    assert response.status_code == 200 and not Evidence.objects.exists()
    rows = response.context["score_rows"]
    assert all(next(v for v, _t, chosen in row.fields[0].options if chosen) == "3" for row in rows)
    assert 'value="Quiz 3"' in response.content.decode()


def test_the_class_is_saved_with_its_task_name_and_each_students_feedback(district, login, course):
    ratio, _ = course
    login(district.user("teacher")).post(
        reverse("section_gradebook", args=[district.math.pk]),
        {
            "competency": ratio.pk,
            "demonstrated_on": DAY,
            "kind": "task",
            "task_name": "Quiz 3",
            f"score-{district.sam.pk}": "3",
            f"feedback-{district.sam.pk}": "Show the units.",
            f"score-{district.tia.pk}": "2",
        },
    )
    saved = {e.student: e for e in Evidence.objects.all()}
    assert saved[district.sam].task_name == saved[district.tia].task_name == "Quiz 3"
    assert saved[district.sam].feedback == "Show the units." and saved[district.tia].feedback == ""


def test_a_task_name_too_long_saves_none_of_the_class(district, login, course):
    ratio, _ = course
    response = login(district.user("teacher")).post(
        reverse("section_gradebook", args=[district.math.pk]),
        {
            "competency": ratio.pk,
            "demonstrated_on": DAY,
            "kind": "task",
            "task_name": "x" * (TASK_NAME_MAX + 1),
            f"score-{district.sam.pk}": "3",
        },
    )
    assert "Nothing was saved" in response.content.decode() and not Evidence.objects.exists()


def test_the_rubric_shows_what_each_level_means(district, login, course):
    ratio, _ = course
    rubric = frameworks.rubric_create(
        title="Ratio rubric",
        framework=ratio.framework,
        actor=Actor.system("test"),
        criteria=[
            frameworks.CriterionSpec(
                "Sets up the ratio",
                ratio,
                [
                    (1.0, "Beginning", "Writes the numbers in any order"),
                    (3.0, "Proficient", "Orders them part to whole"),
                ],
            )
        ],
    )
    page = book(district, login, score=f"{ratio.pk}:{rubric.pk}").content.decode()
    assert "What each level means" in page
    assert "Writes the numbers in any order" in page and "Orders them part to whole" in page


def test_the_service_refuses_a_task_name_or_feedback_too_long(district, course):
    ratio, _ = course
    for words in ({"task_name": "x" * (TASK_NAME_MAX + 1)}, {"feedback": "x" * (FEEDBACK_MAX + 1)}):
        with pytest.raises(EvidenceError):
            evidence_record(
                student=district.sam,
                competency=ratio,
                score=Decimal(3),
                kind="task",
                demonstrated_on=dt.date(2026, 9, 2),
                actor=district.actor("teacher"),
                **words,
            )
    assert not Evidence.objects.exists()


def _post_api(client, user, payload):
    return client.post(
        "/api/v1/evidence", json.dumps(payload), content_type="application/json", **bearer(user)
    )


def test_the_api_takes_a_task_name_and_feedback(district, client, course):
    ratio, _ = course
    response = _post_api(
        client,
        district.user("teacher"),
        {
            "student_id": district.sam.pk,
            "competency_id": ratio.pk,
            "score": 3,
            "demonstrated_on": DAY,
            "task_name": "Quiz 3",
            "feedback": "Good.",
        },
    )
    assert response.status_code == 201 and response.json()["task_name"] == "Quiz 3"
    assert Evidence.objects.get().feedback == "Good."


@pytest.mark.parametrize("field", ["task_name", "feedback"])
def test_the_api_refuses_words_too_long_and_stores_nothing(district, client, course, field):
    ratio, _ = course
    limit = TASK_NAME_MAX if field == "task_name" else FEEDBACK_MAX
    response = _post_api(
        client,
        district.user("teacher"),
        {
            "student_id": district.sam.pk,
            "competency_id": ratio.pk,
            "score": 3,
            "demonstrated_on": DAY,
            field: "x" * (limit + 1),
        },
    )
    assert response.status_code in (400, 422) and not Evidence.objects.exists()
