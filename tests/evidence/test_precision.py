"""One precision from input to storage to summary: scores have at most the two decimals the table stores,
and a teacher's override stays on the competency's scale."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery import selectors
from pathmaker.mastery.models import MasteryOverride, MasterySummary
from pathmaker.mastery.recording import SCORE_TOO_PRECISE, EvidenceError, evidence_correct, evidence_record
from pathmaker.mastery.services import LEVEL_TOO_PRECISE, MasteryError, override_set
from tests.api.test_api import bearer

SEP = dt.date(2026, 9, 1)


@pytest.fixture
def ratios(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    competency = frameworks.competency_create(
        framework=framework, full_statement="Uses ratios", actor=Actor.system("test")
    )
    frameworks.course_competency_add(
        course=district.math.course, competency=competency, actor=Actor.system("test")
    )
    return competency


def record(district, competency, score, day=1):
    return evidence_record(
        student=district.sam,
        competency=competency,
        score=Decimal(score),
        kind="task",
        demonstrated_on=SEP + dt.timedelta(days=day),
        actor=district.actor("teacher"),
    )


@pytest.mark.parametrize("score", ["2.996", "2.001", "3.005", "1.0000001"])
def test_it_refuses_a_score_with_more_decimals_than_are_stored(district, ratios, score):
    with pytest.raises(EvidenceError) as refused:
        record(district, ratios, score)
    assert (refused.value.code, refused.value.field) == (SCORE_TOO_PRECISE, "score")
    assert not Evidence.objects.exists() and not MasterySummary.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.record").exists()


def test_the_summary_the_explanation_and_the_table_agree_on_a_two_decimal_score(district, ratios):
    record(district, ratios, "2.99", 1)
    piece = record(district, ratios, "3.00", 2)
    assert piece.score == Decimal("3.00") and str(piece.score) == "3.00"
    stored = Evidence.objects.get(pk=piece.pk).score
    summary = MasterySummary.objects.get(student=district.sam, competency=ratios)
    found = selectors.explanation(district.sam, ratios)
    assert summary.level == pytest.approx(found.level, abs=1e-12) and summary.status == found.status
    assert found.result.scores[-1].value == float(stored)
    assert AuditEvent.objects.filter(action="evidence.record").order_by("id").last().detail["score"] == "3.00"


def test_a_correction_with_too_many_decimals_changes_nothing(district, ratios):
    piece = record(district, ratios, "2")
    with pytest.raises(EvidenceError) as refused:
        evidence_correct(
            evidence=piece, actor=district.actor("teacher"), reason="Typo", score=Decimal("2.996")
        )
    assert refused.value.code == SCORE_TOO_PRECISE
    piece.refresh_from_db()
    assert piece.is_current and Evidence.objects.count() == 1


def test_the_api_refuses_too_many_decimals_and_echoes_what_was_stored(district, client, ratios):
    teacher = district.user("teacher")
    body = {"student_id": district.sam.pk, "competency_id": ratios.pk, "demonstrated_on": "2026-09-02"}
    refused = client.post(
        "/api/v1/evidence",
        json.dumps({**body, "score": 2.996}),
        content_type="application/json",
        **bearer(teacher),
    )
    assert refused.status_code == 400
    assert (refused.json()["code"], refused.json()["field"]) == (SCORE_TOO_PRECISE, "score")
    assert not Evidence.objects.exists()
    for bad in ("NaN", "Infinity", "-Infinity", "1E+30"):
        response = client.post(
            "/api/v1/evidence",
            json.dumps({**body, "score": bad}),
            content_type="application/json",
            **bearer(teacher),
        )
        assert response.status_code in (400, 422), bad
    saved = client.post(
        "/api/v1/evidence",
        json.dumps({**body, "score": "2.5"}),
        content_type="application/json",
        **bearer(teacher),
    )
    assert saved.status_code == 201
    assert Decimal(str(saved.json()["score"])) == Evidence.objects.get().score == Decimal("2.50")


@pytest.mark.parametrize(
    "level", ["99", "-7", "4.01", "0.99", "2.996", "nan", "inf", "-inf", "NaN", "", "three"]
)
def test_the_override_form_refuses_a_level_off_the_scale_without_a_server_error(
    district, ratios, login, level
):
    record(district, ratios, "2")
    response = login(district.user("teacher")).post(
        reverse("mastery_override", args=[district.sam.pk, ratios.pk]),
        {"level": level, "reason": "Conference"},
    )
    assert response.status_code == 302
    assert not MasteryOverride.objects.exists()
    assert MasterySummary.objects.get(student=district.sam, competency=ratios).overridden is False


def test_an_override_with_more_decimals_than_a_score_is_refused_with_its_code(district, ratios):
    with pytest.raises(MasteryError) as refused:
        override_set(
            student=district.sam,
            competency=ratios,
            level=2.996,
            reason="Conference",
            actor=district.actor("teacher"),
        )
    assert (refused.value.code, refused.value.field) == (LEVEL_TOO_PRECISE, "level")
    override_set(
        student=district.sam,
        competency=ratios,
        level=2.75,
        reason="Conference",
        actor=district.actor("teacher"),
    )
    assert MasteryOverride.objects.get().level == 2.75
