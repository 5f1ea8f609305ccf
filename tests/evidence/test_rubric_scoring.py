"""Scoring a whole class with a rubric: one level per criterion, the score their mean, all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.models import RubricLevel
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import EvidenceError, evidence_record, rubric_score

LEVELS = [(1.0, "Beginning", ""), (2.0, "Developing", ""), (3.0, "Proficient", ""), (4.0, "Advanced", "")]
DAY = "2026-09-03"


@pytest.fixture
def argument(district):
    """A course competency judged by a two-criterion rubric, and a second one judged by nothing."""
    framework = frameworks.framework_create(title="Writing", description="", actor=Actor.system("test"))
    claim = frameworks.competency_create(
        framework=framework,
        full_statement="Writes an argument",
        human_coding_scheme="W.ARG",
        actor=Actor.system("test"),
    )
    plain = frameworks.competency_create(
        framework=framework,
        full_statement="Spells correctly",
        human_coding_scheme="W.SP",
        actor=Actor.system("test"),
    )
    for competency in (claim, plain):
        frameworks.course_competency_add(
            course=district.math.course, competency=competency, actor=Actor.system("test")
        )
    rubric = frameworks.rubric_create(
        title="Argument rubric",
        framework=framework,
        actor=Actor.system("test"),
        criteria=[
            frameworks.CriterionSpec("Clear claim", claim, LEVELS),
            frameworks.CriterionSpec("Uses evidence", claim, LEVELS),
        ],
    )
    return claim, plain, rubric


def level(rubric, criterion: str, quality: str) -> RubricLevel:
    return RubricLevel.objects.get(
        criterion__rubric=rubric, criterion__description=criterion, quality=quality
    )


def gradebook(district):
    return reverse("section_gradebook", args=[district.math.pk])


def picks(district, rubric, student, **chosen):
    """POST fields for one student's row: criterion (as clear_claim) -> level quality ('' leaves it blank)."""
    fields = {}
    for key, quality in chosen.items():
        criterion = rubric.criteria.get(description=key.replace("_", " ").capitalize())
        picked = criterion.levels.get(quality=quality).pk if quality else ""
        fields[f"level-{student.pk}-{criterion.pk}"] = str(picked)
    return fields


def post_class(client, district, argument, rows: dict):
    claim, _, rubric = argument
    data = {"competency": claim.pk, "rubric": rubric.pk, "demonstrated_on": DAY, "kind": "task"}
    for fields in rows.values():
        data.update(fields)
    return client.post(gradebook(district), data, follow=True)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([3, 2], "2.50"),  # the example in the issue
        ([3, 3, 2], "2.67"),  # rounded to the hundredth the evidence keeps
        ([4, 4], "4.00"),
        ([0, 1], "1.00"),  # a rubric level below the scale is kept on the scale
        ([5, 4], "4.00"),  # and above it
    ],
)
def test_the_score_is_the_mean_of_the_criterion_levels_kept_on_the_scale(values, expected):
    assert rubric_score([Decimal(v) for v in values], Decimal(1), Decimal(4)) == Decimal(expected)


def test_a_rubric_score_stores_each_pick_and_counts_like_any_score(district, argument):
    claim, _, rubric = argument
    evidence = evidence_record(
        student=district.sam,
        competency=claim,
        kind="task",
        demonstrated_on=dt.date(2026, 9, 3),
        actor=district.actor("teacher"),
        rubric_levels=[
            level(rubric, "Clear claim", "Proficient"),
            level(rubric, "Uses evidence", "Developing"),
        ],
    )
    assert (
        evidence.score == Decimal("2.50") and evidence.rubric_level is None
    )  # two criteria: no single level
    assert [(c["criterion"], c["level"], c["value"]) for c in evidence.rubric_choices] == [
        ("Clear claim", "Proficient", 3.0),
        ("Uses evidence", "Developing", 2.0),
    ]
    assert MasterySummary.objects.get(student=district.sam, competency=claim).level == 2.5
    audit = AuditEvent.objects.get(action="evidence.record", object_id=str(evidence.pk))
    assert [c["level"] for c in audit.detail["rubric"]] == ["Proficient", "Developing"]


def test_with_a_single_criterion_the_rubric_level_is_kept_too(district, argument):
    _, plain, _ = argument
    rubric = frameworks.rubric_create(
        title="Spelling",
        framework=None,
        actor=Actor.system("test"),
        criteria=[frameworks.CriterionSpec("Spelling", plain, LEVELS)],
    )
    chosen = RubricLevel.objects.get(criterion__rubric=rubric, quality="Advanced")
    evidence = evidence_record(
        student=district.sam,
        competency=plain,
        kind="task",
        demonstrated_on=dt.date(2026, 9, 3),
        actor=district.actor("teacher"),
        rubric_levels=[chosen],
    )
    assert (evidence.score, evidence.rubric_level) == (Decimal("4.00"), chosen)


def test_levels_for_another_competency_twice_the_same_criterion_or_with_a_score_are_refused(
    district, argument
):
    claim, plain, rubric = argument
    teacher = district.user("teacher")
    common = {
        "student": district.sam,
        "kind": "task",
        "demonstrated_on": dt.date(2026, 9, 3),
        "actor": Actor.for_user(teacher),
    }
    with pytest.raises(EvidenceError, match="“Clear claim” does not judge W.SP"):
        evidence_record(
            competency=plain, rubric_levels=[level(rubric, "Clear claim", "Proficient")], **common
        )
    with pytest.raises(EvidenceError, match="one level for “Clear claim”"):
        evidence_record(
            competency=claim,
            rubric_levels=[
                level(rubric, "Clear claim", "Proficient"),
                level(rubric, "Clear claim", "Advanced"),
            ],
            **common,
        )
    with pytest.raises(EvidenceError, match="not both"):
        evidence_record(
            competency=claim,
            score=Decimal(3),
            rubric_levels=[level(rubric, "Clear claim", "Proficient")],
            **common,
        )
    assert not Evidence.objects.exists()


def test_the_gradebook_offers_the_rubric_with_a_labelled_select_per_criterion(district, login, argument):
    claim, plain, rubric = argument
    page = login(district.user("teacher")).get(gradebook(district), {"score": f"{claim.pk}:{rubric.pk}"})
    text = page.content.decode()
    assert "W.ARG Writes an argument: Argument rubric (2 criteria)" in text  # the rubric is offered
    assert "W.SP Spells correctly: one score on the scale" in text  # the other competency has none
    for student in (district.sam, district.tia):
        for criterion in rubric.criteria.all():
            field = f"level-{student.pk}-{criterion.pk}"
            assert (
                f'<label for="{field}" class="visually-hidden">{student.sort_name}: {criterion.description}</label>'
                in text
            )
            assert f'<select name="{field}" id="{field}">' in text
    assert "Proficient (3)" in text and "Developing (2)" in text


def test_a_teacher_scores_the_class_with_the_rubric_and_blank_students_are_skipped(district, login, argument):
    claim, _, rubric = argument
    client = login(district.user("teacher"))
    response = post_class(
        client,
        district,
        argument,
        {
            "sam": picks(
                district, rubric, district.sam, clear_claim="Proficient", uses_evidence="Developing"
            ),
            "tia": picks(district, rubric, district.tia, clear_claim="", uses_evidence=""),
        },
    )
    assert "Saved 1 score on W.ARG." in response.content.decode()
    evidence = Evidence.objects.get()
    assert (evidence.student, evidence.score, evidence.section) == (
        district.sam,
        Decimal("2.50"),
        district.math,
    )
    assert evidence.recorded_by == district.user("teacher") and len(evidence.rubric_choices) == 2
    assert response.redirect_chain[-1][0].endswith(f"?score={claim.pk}%3A{rubric.pk}")  # stays on the rubric
    assert AuditEvent.objects.filter(action="evidence.record", student_id=district.sam.pk).count() == 1
    assert not AuditEvent.objects.filter(action="evidence.record", student_id=district.tia.pk).exists()


def test_one_unfinished_row_refuses_the_whole_class_naming_the_student_and_the_criterion(
    district, login, argument
):
    _, _, rubric = argument
    client = login(district.user("teacher"))
    response = post_class(
        client,
        district,
        argument,
        {
            "sam": picks(
                district, rubric, district.sam, clear_claim="Proficient", uses_evidence="Developing"
            ),
            "tia": picks(district, rubric, district.tia, clear_claim="Advanced", uses_evidence=""),
        },
    )
    text = response.content.decode()
    assert "Nothing was saved: Tia Tran: choose a level for “Uses evidence” too" in text
    assert not Evidence.objects.exists() and not MasterySummary.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.record").exists()
    kept = level(rubric, "Clear claim", "Advanced")  # the teacher's picks are still on the form
    assert f'<option value="{kept.pk}" selected>' in text


def test_a_level_of_another_criterion_refuses_the_whole_class(district, login, argument):
    _, _, rubric = argument
    client = login(district.user("teacher"))
    sam = picks(district, rubric, district.sam, clear_claim="Proficient", uses_evidence="Developing")
    tia = picks(district, rubric, district.tia, clear_claim="Proficient", uses_evidence="Developing")
    evidence_field = next(
        name for name in tia if name.endswith(str(level(rubric, "Uses evidence", "Developing").criterion_id))
    )
    tia[evidence_field] = str(level(rubric, "Clear claim", "Advanced").pk)  # a level of the other criterion
    text = post_class(client, district, argument, {"sam": sam, "tia": tia}).content.decode()
    assert "Nothing was saved: Tia Tran: “Uses evidence” has no such level" in text
    assert not Evidence.objects.exists()


def test_the_explanation_shows_the_picks_beside_the_evidence(district, login, argument):
    claim, _, rubric = argument
    post_class(
        login(district.user("teacher")),
        district,
        argument,
        {"sam": picks(district, rubric, district.sam, clear_claim="Proficient", uses_evidence="Developing")},
    )
    for persona in ("teacher", "student", "guardian"):
        page = login(district.user(persona)).get(
            reverse("mastery_explanation", args=[district.sam.pk, claim.pk])
        )
        assert "Clear claim: Proficient (3); Uses evidence: Developing (2) → 2.5" in page.content.decode()


def test_the_scale_is_still_offered_for_a_competency_with_a_rubric(district, login, argument):
    claim, _, _ = argument
    client = login(district.user("teacher"))
    client.post(
        gradebook(district),
        {"competency": claim.pk, "demonstrated_on": DAY, "kind": "task", f"score-{district.sam.pk}": "3"},
    )
    evidence = Evidence.objects.get()
    assert (evidence.score, evidence.rubric_choices) == (Decimal(3), [])


@pytest.mark.parametrize(
    "persona",
    [
        "student",
        "other_student",
        "guardian",
        "other_guardian",
        "advisor",
        "other_school_teacher",
        "teacher_parent",
        "unrostered",
    ],
)
def test_the_wrong_persona_cannot_score_the_class_with_a_rubric(district, login, argument, persona):
    _, _, rubric = argument
    response = post_class(
        login(district.user(persona)),
        district,
        argument,
        {"sam": picks(district, rubric, district.sam, clear_claim="Advanced", uses_evidence="Advanced")},
    )
    assert response.status_code == 404
    assert "Garcia" not in response.content.decode() and "Argument rubric" not in response.content.decode()
    assert not Evidence.objects.exists() and not MasterySummary.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["evidence.record", "gradebook.view"]).exists()
