"""Evidence and mastery through the API, under the one access rule."""

from __future__ import annotations

import datetime as dt

import pytest

from pathmaker.audit.actor import Actor
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import FORBIDDEN, MAY_NOT_RECORD, SCORE_OFF_SCALE
from tests.api.test_api import bearer


@pytest.fixture
def ratios(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    return frameworks.competency_create(
        framework=framework, full_statement="Uses ratios", actor=Actor.system("test")
    )


def post(client, user, payload, path="/api/v1/evidence"):
    import json

    return client.post(path, json.dumps(payload), content_type="application/json", **bearer(user))


def evidence(district, competency, score, day=1, **extra):
    return {
        "student_id": district.sam.pk,
        "competency_id": competency.pk,
        "score": score,
        "demonstrated_on": (dt.date(2026, 9, 1) + dt.timedelta(days=day)).isoformat(),
        **extra,
    }


def test_a_teacher_posts_evidence_and_reads_the_explained_level(district, client, ratios):
    teacher = district.user("teacher")
    assert post(client, teacher, evidence(district, ratios, 2, 1)).status_code == 201
    assert post(client, teacher, evidence(district, ratios, 4, 2)).status_code == 201
    body = client.get(
        f"/api/v1/students/{district.sam.pk}/mastery/{ratios.pk}?what_if=4", **bearer(teacher)
    ).json()
    assert body["level"] == pytest.approx(3.3) and body["rule"]["method"] == "decaying_average"
    assert any("65%" in step["text"] for step in body["steps"])
    assert body["what_if_level"] == pytest.approx(0.65 * 4 + 0.35 * 3.3)
    listing = client.get(f"/api/v1/students/{district.sam.pk}/mastery", **bearer(teacher)).json()
    assert [row["competency_id"] for row in listing] == [ratios.pk]


@pytest.mark.parametrize("persona", ["other_school_teacher", "other_guardian", "unrostered"])
def test_a_persona_who_cannot_see_the_student_gets_404_and_nothing_is_stored(
    district, client, ratios, persona
):
    response = post(client, district.user(persona), evidence(district, ratios, 3))
    assert response.status_code == 404
    assert not Evidence.objects.exists()
    assert (
        client.get(
            f"/api/v1/students/{district.sam.pk}/mastery", **bearer(district.user(persona))
        ).status_code
        == 404
    )


def test_a_guardian_sees_the_level_but_cannot_post_evidence(district, client, ratios):
    post(client, district.user("teacher"), evidence(district, ratios, 3))
    refused = post(client, district.user("guardian"), evidence(district, ratios, 4))
    assert refused.status_code == 403
    assert refused.json() == {"code": FORBIDDEN, "field": None, "detail": MAY_NOT_RECORD}
    assert (
        client.get(
            f"/api/v1/students/{district.sam.pk}/mastery/{ratios.pk}", **bearer(district.user("guardian"))
        ).json()["level"]
        == 3.0
    )


def test_a_batch_is_stored_whole_or_not_at_all_with_each_refusal_named(district, client, ratios):
    teacher = district.user("teacher")
    batch = [
        evidence(district, ratios, 3, 1),
        evidence(district, ratios, 9, 2),
        evidence(district, ratios, 2, 3),
    ]
    response = post(client, teacher, batch, "/api/v1/evidence/batch")
    assert response.status_code == 400
    assert [(e["index"], e["code"], e["field"]) for e in response.json()] == [(1, SCORE_OFF_SCALE, "score")]
    assert "between 1 and 4" in response.json()[0]["detail"]
    assert not Evidence.objects.exists() and not MasterySummary.objects.exists()
    batch[1]["score"] = 4
    assert post(client, teacher, batch, "/api/v1/evidence/batch").status_code == 201
    assert Evidence.objects.count() == 3


def test_the_explained_level_lists_the_rubric_picks_beside_the_evidence(district, client, ratios):
    from decimal import Decimal

    from pathmaker.mastery.recording import evidence_record

    picks = [
        {"criterion_id": 1, "criterion": "Clear claim", "level_id": 3, "level": "Proficient", "value": 3.0},
        {"criterion_id": 2, "criterion": "Uses evidence", "level_id": 6, "level": "Developing", "value": 2.0},
    ]
    piece = evidence_record(
        student=district.sam,
        competency=ratios,
        score=Decimal("2.5"),
        kind="task",
        demonstrated_on=dt.date(2026, 9, 2),
        actor=district.actor("teacher"),
    )
    Evidence.objects.filter(pk=piece.pk).update(rubric_choices=picks)
    body = client.get(
        f"/api/v1/students/{district.sam.pk}/mastery/{ratios.pk}", **bearer(district.user("guardian"))
    ).json()
    assert body["evidence"][0]["rubric_choices"] == picks
