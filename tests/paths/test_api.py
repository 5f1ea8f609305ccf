"""Plans and playlists through the JSON API, under the same access rule as the pages."""

from __future__ import annotations

import json

import pytest

from pathmaker.access.scope import relation_to
from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.paths import services
from pathmaker.paths.models import PlanChange, PlaylistStep
from tests.personas import persona_table

WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
SEES_SAM = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
TEACHES_SAM = ["teacher", "co_teacher", "principal", "district_admin"]


def bearer(user) -> dict[str, str]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='test', actor=Actor.for_user(user))}"
    }


def sams_playlist(district, math):
    return services.playlist_add(
        relation=relation_to(district.user("teacher"), district.sam.pk),
        competency=math.rp1,
        resources=[math.video, math.quiz],
        actor=district.actor("teacher"),
    )


# (url name, its path, personas who get a 200, personas who get a 404)
PATH_API_READS = persona_table(
    "plan and playlist api reads",
    namespace="api-v1:",
    rows=[
        ("list_plans", lambda d, m: f"/api/v1/students/{d.sam.pk}/plans", SEES_SAM, WRONG),
        ("get_plan", lambda d, m: f"/api/v1/students/{d.sam.pk}/plans/{d.math.course.pk}", SEES_SAM, WRONG),
        ("get_what_next", lambda d, m: f"/api/v1/students/{d.sam.pk}/next", SEES_SAM, WRONG),
        (
            "get_playlist",
            lambda d, m: sams_playlist(d, m) and f"/api/v1/students/{d.sam.pk}/playlists/{m.rp1.pk}",
            SEES_SAM,
            WRONG,
        ),
    ],
)

# (url name, path, body, the status of a refused persona who sees Sam, personas whose write is stored, refused)
PATH_API_WRITES = persona_table(
    "plan and playlist api writes",
    namespace="api-v1:",
    rows=[
        (
            "post_plan_move",
            lambda d, m: f"/api/v1/students/{d.sam.pk}/plans/{d.math.course.pk}/moves",
            lambda d, m: {"competency_id": m.ns1.pk, "after_id": None, "reason": "Field trip"},
            lambda: PlanChange.objects.count(),
            ["student", *TEACHES_SAM],
            ["guardian", "advisor", *WRONG],
        ),
        (
            "post_step_done",
            lambda d, m: (
                f"/api/v1/students/{d.sam.pk}/playlists/{m.rp1.pk}/steps/"
                f"{sams_playlist(d, m).steps.get(resource=m.video).pk}/done"
            ),
            lambda d, m: {},
            lambda: PlaylistStep.objects.filter(state="done").count(),
            ["student"],
            ["guardian", *TEACHES_SAM, "advisor", *WRONG],
        ),
    ],
)


@pytest.mark.parametrize(
    ("name", "path", "allowed", "refused"), PATH_API_READS, ids=[r[0] for r in PATH_API_READS]
)
def test_each_read_answers_the_right_personas_and_404s_the_others(
    district, math, client, name, path, allowed, refused
):
    url = path(district, math)
    answers = {p: client.get(url, **bearer(district.user(p))).status_code for p in allowed + refused}
    assert answers == {p: 200 if p in allowed else 404 for p in allowed + refused}


@pytest.mark.parametrize(
    ("name", "path", "body", "count", "allowed", "refused"),
    PATH_API_WRITES,
    ids=[r[0] for r in PATH_API_WRITES],
)
def test_each_write_is_stored_for_the_right_personas_only(
    district, math, client, name, path, body, count, allowed, refused
):
    url, payload = path(district, math), json.dumps(body(district, math))
    answers, stored = {}, {}
    for persona in refused + allowed:
        before = count()
        response = client.post(
            url, payload, content_type="application/json", **bearer(district.user(persona))
        )
        answers[persona], stored[persona] = response.status_code, count() > before
        if persona in allowed and name == "post_step_done":
            PlaylistStep.objects.update(state="todo")
    expected_ok = 201 if name == "post_plan_move" else 200
    assert answers == {
        p: expected_ok if p in allowed else 403 if p in SEES_SAM else 404 for p in allowed + refused
    }
    assert stored == {p: p in allowed for p in allowed + refused}


def test_a_plan_says_why_each_competency_sits_where_it_does(district, math, client):
    body = client.get(
        f"/api/v1/students/{district.sam.pk}/plans/{district.math.course.pk}",
        **bearer(district.user("student")),
    ).json()
    assert [(i["code"], i["reason"], i["ready"]) for i in body["items"][:2]] == [
        ("7.RP.1", "course_order", True),
        ("7.RP.2", "needs_first", False),
    ]
    assert body["items"][1]["reason_text"] == "Needs 7.RP.1 first."


def test_a_students_move_over_a_prerequisite_answers_its_code(district, math, client):
    response = client.post(
        f"/api/v1/students/{district.sam.pk}/plans/{district.math.course.pk}/moves",
        json.dumps({"competency_id": math.rp2.pk, "after_id": None}),
        content_type="application/json",
        **bearer(district.user("student")),
    )
    assert (response.status_code, response.json()["code"]) == (400, "paths.prerequisite_first")


def test_what_next_recommends_a_ready_competency_with_its_sentence(district, math, client):
    body = client.get(f"/api/v1/students/{district.sam.pk}/next", **bearer(district.user("guardian"))).json()
    (course,) = body["courses"]
    assert (course["competency_id"], course["reason"], course["next_step_id"]) == (
        math.rp1.pk,
        "next",
        math.rp1.pk,
    )
    assert course["sentence"].startswith("7.RP.1 is next on your plan")
    assert course["resource_id"] in {math.video.pk, math.reading.pk, math.practice.pk, math.quiz.pk}
