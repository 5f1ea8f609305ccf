"""The JSON API under the same access rule as the pages."""

from __future__ import annotations

import json
import re

import pytest

from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks import services as frameworks
from tests.personas import persona_table

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
SEES_SAM = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
NEVER_SEES_SAM = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
# Sam's advisor sees his record through the advisorship alone: not his classes.
SEES_MATH = ["student", "guardian", "teacher", "co_teacher", "principal", "district_admin"]
NEVER_SEES_MATH = ["advisor", *NEVER_SEES_SAM]
# Those who teach Sam or lead his school; advising, guarding or being Sam records no evidence.
RECORDS_FOR_SAM = ["teacher", "co_teacher", "principal", "district_admin"]
NEVER_RECORDS_FOR_SAM = ["student", "guardian", "advisor", *NEVER_SEES_SAM]
EVERYONE = [*SEES_SAM, *NEVER_SEES_SAM]


def a_competency():
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    return frameworks.competency_create(
        framework=framework, full_statement="Uses ratios", actor=Actor.system("test")
    )


def lists_sam(d, body) -> bool:
    return d.sam.pk in {row["id"] for row in body["items"]}


def lists_sams_enrollments(d, body) -> bool:
    return d.sam.pk in {row["person_id"] for row in body["items"] if row["role"] == "student"}


def lists_math(d, body) -> bool:
    return d.math.pk in {row["id"] for row in body["items"]}


def lists_north(d, body) -> bool:
    return d.north.pk in {row["id"] for row in body["items"]}


# GET endpoints: (url name, path, for a list: whether it lists Sam's record, the refused's status,
# personas allowed, personas refused). The allowed get a 200 (and find the record in a list); a record
# endpoint refuses with a 404, while a list answers everyone and the refused do not find the record in it.
API_READS = persona_table(
    "api reads",
    namespace="api-v1:",
    rows=[
        (
            "get_student",
            lambda d: f"/api/v1/students/{d.sam.pk}",
            None,
            404,
            SEES_SAM,
            NEVER_SEES_SAM,
        ),
        (
            "get_section",
            lambda d: f"/api/v1/sections/{d.math.pk}",
            None,
            404,
            SEES_MATH,
            NEVER_SEES_MATH,
        ),
        (
            "list_section_enrollments",
            lambda d: f"/api/v1/sections/{d.math.pk}/enrollments",
            lists_sams_enrollments,
            404,
            SEES_MATH,
            NEVER_SEES_MATH,
        ),
        ("list_students", lambda d: "/api/v1/students", lists_sam, 200, SEES_SAM, NEVER_SEES_SAM),
        ("list_sections", lambda d: "/api/v1/sections", lists_math, 200, SEES_MATH, NEVER_SEES_MATH),
        (
            "list_enrollments",
            lambda d: "/api/v1/enrollments",
            lists_sams_enrollments,
            200,
            SEES_SAM,
            NEVER_SEES_SAM,
        ),
        # Schools are directory information: every signed-in user lists them.
        ("list_schools", lambda d: "/api/v1/schools", lists_north, 200, EVERYONE, []),
        (
            "get_student_mastery",
            lambda d: f"/api/v1/students/{d.sam.pk}/mastery",
            None,
            404,
            SEES_SAM,
            NEVER_SEES_SAM,
        ),
        (
            "get_mastery_explanation",
            lambda d: f"/api/v1/students/{d.sam.pk}/mastery/{a_competency().pk}",
            None,
            404,
            SEES_SAM,
            NEVER_SEES_SAM,
        ),
    ],
)


def one_piece(district, competency, day=1):
    return {
        "student_id": district.sam.pk,
        "competency_id": competency.pk,
        "score": 3,
        "demonstrated_on": f"2026-09-{day:02}",
    }


# POST endpoints: (url name, path, the body about Sam, its status for a persona who cannot see Sam,
# personas whose write is stored, personas refused). The refused who see Sam get a 403.
API_WRITES = persona_table(
    "api writes",
    namespace="api-v1:",
    rows=[
        (
            "post_evidence",
            "/api/v1/evidence",
            one_piece,
            404,
            RECORDS_FOR_SAM,
            NEVER_RECORDS_FOR_SAM,
        ),
        (
            "post_evidence_batch",
            "/api/v1/evidence/batch",
            lambda d, c: [one_piece(d, c, 1), one_piece(d, c, 2)],
            400,  # a batch names each refused item, and an unseen student is "no such student"
            RECORDS_FOR_SAM,
            NEVER_RECORDS_FOR_SAM,
        ),
    ],
)


def bearer(user):
    return {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='test', actor=Actor.for_user(user))}"
    }


@pytest.mark.parametrize(
    ("name", "path", "lists", "refused_status", "allowed", "refused"),
    API_READS,
    ids=[c[0] for c in API_READS],
)
def test_each_read_endpoint_answers_the_right_personas_and_refuses_the_wrong_ones(
    district, client, name, path, lists, refused_status, allowed, refused
):
    url = path(district)
    answers, leaks = {}, []
    for persona in allowed + refused:
        response = client.get(url, **bearer(district.user(persona)))
        found = lists(district, response.json()) if lists and response.status_code == 200 else None
        answers[persona] = (response.status_code, found)
        if persona in refused and refused_status == 404 and b"Garcia" in response.content:
            leaks.append(persona)
    expected = {persona: (200, True if lists else None) for persona in allowed} | {
        persona: (refused_status, False if refused_status == 200 else None) for persona in refused
    }
    assert answers == expected
    assert leaks == []


@pytest.mark.parametrize(
    ("name", "path", "body", "unseen", "allowed", "refused"), API_WRITES, ids=[c[0] for c in API_WRITES]
)
def test_each_write_endpoint_stores_for_the_right_personas_and_nothing_for_the_wrong_ones(
    district, client, name, path, body, unseen, allowed, refused
):
    payload = json.dumps(body(district, a_competency()))
    answers, stored = {}, {}
    for persona in allowed + refused:
        before = Evidence.objects.count()
        response = client.post(
            path, payload, content_type="application/json", **bearer(district.user(persona))
        )
        answers[persona], stored[persona] = response.status_code, Evidence.objects.count() > before
    assert answers == {
        persona: 201 if persona in allowed else 403 if persona in SEES_SAM else unseen
        for persona in allowed + refused
    }
    assert stored == {persona: persona in allowed for persona in allowed + refused}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/students",
        "/api/v1/sections",
        "/api/v1/enrollments",
        "/api/v1/schools",
        "/api/v1/openapi.json",
    ],
)
def test_every_endpoint_refuses_a_request_without_a_token(district, client, path):
    if path.endswith("openapi.json"):
        assert client.get(path).status_code == 200  # the API's description is public; its data is not
        return
    assert client.get(path).status_code == 401


def test_a_revoked_or_made_up_token_is_refused(district, client):
    assert client.get("/api/v1/students", HTTP_AUTHORIZATION="Bearer pm_not-a-token").status_code == 401


def names(response):
    return {row["given_name"] for row in response.json()["items"]}


def test_the_student_list_is_scoped_per_persona(district, client):
    def listed(persona):
        return names(client.get("/api/v1/students", **bearer(district.user(persona))))

    assert listed("teacher") == {"Sam", "Tia"}
    assert listed("guardian") == {"Sam"}
    assert listed("other_school_teacher") == {"Omar"}
    assert listed("district_admin") == {"Sam", "Tia", "Omar"}
    assert listed("unrostered") == set()


def test_listing_students_audits_each_student_returned(district, client):
    client.get("/api/v1/students", **bearer(district.user("teacher")))
    assert set(AuditEvent.objects.filter(action="student.list").values_list("student_id", flat=True)) == {
        district.sam.pk,
        district.tia.pk,
    }


def test_the_section_list_is_scoped_per_persona(district, client):
    def listed(persona):
        return {
            row["title"]
            for row in client.get("/api/v1/sections", **bearer(district.user(persona))).json()["items"]
        }

    assert listed("teacher") == {"Math 7", "Art"}
    assert listed("other_school_teacher") == {"Science 7"}
    assert listed("guardian") == {"Math 7", "Art"}


def test_a_guardian_gets_no_classmates_from_the_enrollment_list(district, client):
    rows = client.get("/api/v1/enrollments", **bearer(district.user("guardian"))).json()["items"]
    students = {r["person_id"] for r in rows if r["role"] == "student"}
    assert students == {district.sam.pk}


def test_student_detail_includes_demographics_only_for_allowed_roles(district, client):
    url = f"/api/v1/students/{district.sam.pk}"
    assert (
        client.get(url, **bearer(district.user("principal"))).json()["demographics"]["english_learner"]
        is True
    )
    assert client.get(url, **bearer(district.user("teacher"))).json()["demographics"] is None


def test_a_signed_in_browser_session_also_reads_the_api(district, login):
    assert login(district.user("teacher")).get(f"/api/v1/students/{district.sam.pk}").status_code == 200


def test_the_openapi_document_lists_every_endpoint(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/students",
        "/api/v1/students/{student_id}",
        "/api/v1/sections",
        "/api/v1/schools",
        "/api/v1/enrollments",
        "/api/v1/sections/{section_id}/enrollments",
    } <= set(paths)


def test_the_api_docs_load_nothing_from_a_cdn(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger" in page.lower()
    assert not re.search(r"""(src|href)=["']https?://""", page)


def test_the_api_root_is_only_an_address_and_answers_404(district, client):
    assert client.get("/api/v1/", **bearer(district.user("district_admin"))).status_code == 404
