"""A student's levels on their page, each explained step by step with a what-if box."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.recording import evidence_record


def scored(district, scores):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    competency = frameworks.competency_create(
        framework=framework,
        full_statement="Uses ratios",
        human_coding_scheme="MV.M.RATIO",
        actor=Actor.system("test"),
    )
    for day, score in enumerate(scores):
        evidence_record(
            student=district.sam,
            competency=competency,
            score=Decimal(score),
            kind="task",
            demonstrated_on=dt.date(2026, 9, 1) + dt.timedelta(days=day),
            actor=district.actor("teacher"),
        )
    return competency


def test_the_student_page_lists_levels_across_courses_with_links_to_explanations(district, login):
    competency = scored(district, [1, 2, 3, 4])
    page = (
        login(district.user("guardian"))
        .get(reverse("student_detail", args=[district.sam.pk]))
        .content.decode()
    )
    assert "MV.M.RATIO" in page and "3.48" in page
    assert reverse("mastery_explanation", args=[district.sam.pk, competency.pk]) in page


def test_the_explanation_shows_evidence_in_order_and_the_arithmetic(district, login):
    competency = scored(district, [1, 2, 3, 4])
    page = (
        login(district.user("student"))
        .get(reverse("mastery_explanation", args=[district.sam.pk, competency.pk]))
        .content.decode()
    )
    assert "3.48" in page and "65%" in page and "Sept. 1, 2026" in page


def test_the_what_if_box_answers_for_a_next_score(district, login):
    competency = scored(district, [1, 2, 3, 4])
    page = (
        login(district.user("student"))
        .get(reverse("mastery_explanation", args=[district.sam.pk, competency.pk]), {"what_if": "4"})
        .content.decode()
    )
    assert "your level would be 3.82" in page  # 0.65 * 4 + 0.35 * 3.4775


def test_the_student_page_says_whether_course_credit_is_earned_and_why(district, login):
    competency = scored(district, [3, 3, 4])
    frameworks.course_competency_add(
        course=district.math.course, competency=competency, actor=Actor.system("test")
    )
    page = (
        login(district.user("guardian"))
        .get(reverse("student_detail", args=[district.sam.pk]))
        .content.decode()
    )
    assert (
        "Courses and credit" in page and "Credit earned" in page and "100% of competencies proficient" in page
    )
    assert "1 of 1 competency proficient (100%); 80% are needed." in page


def test_a_district_admin_tries_a_rule_on_sample_scores_before_adopting_it(district, login):
    client = login(district.user("district_admin"))
    page = client.post(
        reverse("mastery_rules"),
        {"method": "power_law", "weight": "0.65", "n": "5", "mastery": "3", "scores": "1 3 2 4", "try": "1"},
    ).content.decode()
    assert "level: 3.66" in page
    from pathmaker.mastery.models import MasteryRule

    assert not MasteryRule.objects.exists()
    preview = client.post(
        reverse("mastery_rules"),
        {"method": "mean", "weight": "0.65", "n": "5", "mastery": "3", "preview": "1"},
    )
    assert not MasteryRule.objects.exists()  # the preview adopts nothing
    client.post(
        reverse("mastery_rules"),
        {
            "method": "mean",
            "weight": "0.65",
            "n": "5",
            "mastery": "3",
            "adopt": "1",
            "confirmation": preview.context["token"],
        },
    )
    assert MasteryRule.objects.get().method == "mean"


def test_only_district_admins_open_the_rules_page(district, login):
    for persona in ("teacher", "principal", "guardian", "student"):
        assert login(district.user(persona)).get(reverse("mastery_rules")).status_code == 404


def test_a_student_asks_for_evaluation_and_a_teacher_asks_for_a_revision(district, login):
    from pathmaker.mastery.models import MasterySummary

    competency = scored(district, [2])
    url = reverse("mastery_flag", args=[district.sam.pk, competency.pk])
    login(district.user("student")).post(url, {"kind": "awaiting_evaluation", "note": "I redid problem 3"})
    assert MasterySummary.objects.get(student=district.sam).status == "awaiting_evaluation"
    login(district.user("teacher")).post(url, {"kind": "needs_revision", "note": "Label the units"})
    assert MasterySummary.objects.get(student=district.sam).status == "needs_revision"


@pytest.mark.parametrize(
    ("persona", "kind"),
    [
        ("guardian", "needs_revision"),
        ("teacher", "awaiting_evaluation"),
        ("student", "needs_revision"),
        ("other_guardian", "needs_revision"),
        ("other_school_teacher", "needs_revision"),
    ],
)
def test_the_wrong_persona_cannot_flag_a_students_work(district, login, persona, kind):
    from pathmaker.mastery.models import MasteryFlag

    competency = scored(district, [2])
    response = login(district.user(persona)).post(
        reverse("mastery_flag", args=[district.sam.pk, competency.pk]), {"kind": kind, "note": "x"}
    )
    assert response.status_code == 404 and not MasteryFlag.objects.exists()


def test_a_parent_competency_explains_itself_from_its_parts(district, login):
    framework = frameworks.framework_create(title="Portrait", description="", actor=Actor.system("test"))
    parent = frameworks.competency_create(
        framework=framework, full_statement="Collaboration", actor=Actor.system("test")
    )
    child = frameworks.competency_create(
        framework=framework,
        full_statement="Shares the work",
        parent=parent,
        human_coding_scheme="COL.1",
        actor=Actor.system("test"),
    )
    evidence_record(
        student=district.sam,
        competency=child,
        score=Decimal(3),
        kind="observation",
        demonstrated_on=dt.date(2026, 9, 2),
        actor=district.actor("teacher"),
    )
    page = login(district.user("guardian")).get(
        reverse("mastery_explanation", args=[district.sam.pk, parent.pk])
    )
    assert "From its parts" in page.content.decode() and "Proficient: every part is." in page.content.decode()


def test_a_teacher_corrects_withdraws_and_overrides_from_the_explanation_page(district, login):
    from pathmaker.evidence.models import Evidence
    from pathmaker.mastery.models import MasterySummary

    competency = scored(district, [2, 3])
    first = Evidence.objects.order_by("id").first()
    client = login(district.user("teacher"))
    client.post(reverse("evidence_correct", args=[first.pk]), {"score": "4", "reason": "Misread the rubric"})
    first.refresh_from_db()
    assert not first.is_current and first.corrected_by.score == 4
    latest = Evidence.objects.filter(is_current=True).order_by("-id").first()
    client.post(reverse("evidence_withdraw", args=[latest.pk]), {"reason": "Wrong student"})
    client.post(
        reverse("mastery_override", args=[district.sam.pk, competency.pk]),
        {"level": "3", "reason": "Showed it in conference"},
    )
    row = MasterySummary.objects.get(student=district.sam, competency=competency)
    assert (row.level, row.overridden) == (3.0, True)


@pytest.mark.parametrize(
    "persona", ["guardian", "student", "other_school_teacher", "other_guardian", "unrostered"]
)
def test_the_wrong_persona_cannot_change_evidence_or_set_a_level(district, login, persona):
    from pathmaker.evidence.models import Evidence
    from pathmaker.mastery.models import MasteryOverride

    competency = scored(district, [2])
    piece = Evidence.objects.get()
    client = login(district.user(persona))
    assert client.post(reverse("evidence_withdraw", args=[piece.pk]), {"reason": "x"}).status_code == 404
    assert (
        client.post(reverse("evidence_correct", args=[piece.pk]), {"score": "4", "reason": "x"}).status_code
        == 404
    )
    assert (
        client.post(
            reverse("mastery_override", args=[district.sam.pk, competency.pk]), {"level": "4", "reason": "x"}
        ).status_code
        == 404
    )
    piece.refresh_from_db()
    assert piece.is_current and not MasteryOverride.objects.exists()
