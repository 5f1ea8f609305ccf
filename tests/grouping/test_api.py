"""Groups through the JSON API: the codes it refuses with, and a student's own group only."""

from __future__ import annotations

import json

from pathmaker.grouping import services
from tests.grouping.conftest import TODAY, ask, classmates, score
from tests.grouping.test_persona_table import bearer


def post(client, district, persona, body):
    return client.post(
        f"/api/v1/sections/{district.math.pk}/groupings",
        json.dumps(body),
        content_type="application/json",
        **bearer(district.user(persona)),
    )


def test_a_teacher_saves_groups_as_given_and_reads_them_back(district, math, client):
    body = {
        "competency_ids": [math.rp1.pk],
        "goal": "alike",
        "min_size": 1,
        "max_size": 1,
        "on": TODAY.isoformat(),
        "purpose": "Stations",
        "groups": [[district.tia.pk], [district.sam.pk]],
    }
    response = post(client, district, "teacher", body)
    assert response.status_code == 201
    saved = response.json()
    assert [[m["student_id"] for m in g["members"]] for g in saved["groups"]] == [
        [district.tia.pk],
        [district.sam.pk],
    ]
    again = client.get(f"/api/v1/groupings/{saved['id']}", **bearer(district.user("co_teacher"))).json()
    assert again["groups"] == saved["groups"]


def test_balancing_by_demographics_is_forbidden_to_a_teacher_with_its_code(district, math, client):
    body = {
        "competency_ids": [math.rp1.pk],
        "goal": "mixed",
        "min_size": 1,
        "max_size": 2,
        "on": TODAY.isoformat(),
        "balance": "english_learner",
    }
    refused = post(client, district, "teacher", body)
    assert refused.status_code == 403
    assert (refused.json()["code"], refused.json()["field"]) == ("grouping.forbidden", "balance")
    assert post(client, district, "principal", body).status_code == 201


def test_groups_that_leave_out_a_student_are_refused_with_their_code(district, math, client):
    body = {
        "competency_ids": [math.rp1.pk],
        "goal": "alike",
        "min_size": 1,
        "max_size": 2,
        "on": TODAY.isoformat(),
        "groups": [[district.sam.pk]],
    }
    refused = post(client, district, "teacher", body)
    assert (refused.status_code, refused.json()["code"]) == (400, "grouping.not_every_student_once")


def test_a_student_reads_only_their_own_group(district, math, client):
    amy, ben = classmates(district, 2)
    for student, value in ((district.sam, "1"), (amy, "2"), (district.tia, "3"), (ben, "4")):
        score(district, student, math.rp1, value)
    services.grouping_save(
        ask=ask(district, math, min_size=2), on=TODAY, purpose="", actor=district.actor("teacher")
    )
    found = client.get(
        f"/api/v1/students/{district.sam.pk}/groups", **bearer(district.user("student"))
    ).json()
    assert [row["members"] for row in found] == [[amy.display_name]]
    assert found[0]["reason_code"] == "alike"


def test_a_teacher_keeps_students_with_the_co_teachers_group_through_the_api(district, math, client):
    amy, ben = classmates(district, 2)
    for student, value in ((district.sam, "1"), (amy, "2"), (district.tia, "3"), (ben, "4")):
        score(district, student, math.rp1, value)
    carol = district.user("co_teacher").person
    body = {
        "competency_ids": [math.rp1.pk],
        "goal": "alike",
        "min_size": 2,
        "max_size": 2,
        "on": TODAY.isoformat(),
        "keep_with_staff_id": carol.pk,
        "keep_with_ids": [district.sam.pk, ben.pk],
    }
    response = post(client, district, "teacher", body)
    assert response.status_code == 201
    hers = [g for g in response.json()["groups"] if g["staff_id"] == carol.pk]
    assert [sorted(m["student_id"] for m in g["members"]) for g in hers] == [
        sorted([district.sam.pk, ben.pk])
    ]
    refused = post(client, district, "teacher", {**body, "keep_with_staff_id": None})
    assert refused.status_code == 400
    assert (refused.json()["code"], refused.json()["field"]) == ("grouping.no_staff", "keep_with_staff_id")
