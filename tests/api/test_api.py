"""The JSON API under the same access rule as the pages."""

from __future__ import annotations

import re

import pytest

from pathmaker.accounts.services import api_token_create
from pathmaker.audit.models import AuditEvent

# (url name, path, personas who get the record, personas who get a 404)
API_CASES = [
    (
        "get_student",
        lambda d: f"/api/v1/students/{d.sam.pk}",
        ["student", "guardian", "teacher", "co_teacher", "principal", "district_admin"],
        ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"],
    ),
    (
        "get_section",
        lambda d: f"/api/v1/sections/{d.math.pk}",
        ["teacher", "co_teacher", "principal", "district_admin", "student", "guardian"],
        ["other_school_teacher", "other_guardian", "other_student", "unrostered"],
    ),
    (
        "list_section_enrollments",
        lambda d: f"/api/v1/sections/{d.math.pk}/enrollments",
        ["teacher", "principal", "district_admin"],
        ["other_school_teacher", "other_guardian", "unrostered"],
    ),
    ("list_students", lambda d: "/api/v1/students", [], []),
    ("list_sections", lambda d: "/api/v1/sections", [], []),
    ("list_enrollments", lambda d: "/api/v1/enrollments", [], []),
    ("list_schools", lambda d: "/api/v1/schools", [], []),
    # Evidence and mastery: persona tests in tests/api/test_mastery_api.py
    ("post_evidence", lambda d: "/api/v1/evidence", [], []),
    ("post_evidence_batch", lambda d: "/api/v1/evidence/batch", [], []),
    (
        "get_student_mastery",
        lambda d: f"/api/v1/students/{d.sam.pk}/mastery",
        ["student", "guardian", "teacher", "principal", "district_admin"],
        ["other_student", "other_guardian", "other_school_teacher", "unrostered"],
    ),
    ("get_mastery_explanation", lambda d: "", [], []),
]


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='test')}"}


@pytest.mark.parametrize(
    ("name", "path", "allowed", "refused"),
    [c for c in API_CASES if c[2]],
    ids=[c[0] for c in API_CASES if c[2]],
)
def test_each_record_endpoint_answers_the_right_personas_and_404s_the_wrong_ones(
    district, client, name, path, allowed, refused
):
    url = path(district)
    for persona in allowed:
        assert client.get(url, **bearer(district.user(persona))).status_code == 200, persona
    for persona in refused:
        response = client.get(url, **bearer(district.user(persona)))
        assert response.status_code == 404, persona
        assert b"Garcia" not in response.content


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
