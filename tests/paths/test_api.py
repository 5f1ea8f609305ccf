"""Plans and playlists through the JSON API, under the same access rule as the pages."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from pathmaker.access.scope import relation_to
from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.evidence.models import Evidence
from pathmaker.paths import services
from pathmaker.paths.models import PlanChange, Playlist, PlaylistStep
from tests.personas import persona_table

WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
SEES_SAM = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
TEACHES_SAM = ["teacher", "co_teacher", "principal", "district_admin"]
NOT_TEACHING_SAM = ["student", "guardian", "advisor", *WRONG]
# A write that makes something new answers 201; one that changes what is there, 200.
CREATED = {"post_plan_move", "post_playlist_resources"}


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


def a_quiz_step(district, math) -> int:
    return sams_playlist(district, math).steps.get(resource=math.quiz).pk


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
        (
            "post_playlist_resources",
            lambda d, m: f"/api/v1/students/{d.sam.pk}/playlists/{m.rp1.pk}/resources",
            lambda d, m: {"resource_ids": [m.reading.pk, m.practice.pk], "origin": "picked"},
            lambda: PlaylistStep.objects.count(),
            TEACHES_SAM,
            NOT_TEACHING_SAM,
        ),
        (
            "post_playlist_choice",
            lambda d, m: sams_playlist(d, m) and f"/api/v1/students/{d.sam.pk}/playlists/{m.rp1.pk}/choice",
            lambda d, m: {"modality": "watch"},
            lambda: Playlist.objects.exclude(chosen_modality="").count(),
            ["student"],
            ["guardian", *TEACHES_SAM, "advisor", *WRONG],
        ),
        (
            "post_step_score",
            lambda d, m: f"/api/v1/students/{d.sam.pk}/playlists/{m.rp1.pk}/steps/{a_quiz_step(d, m)}/score",
            lambda d, m: {"score": "3", "demonstrated_on": "2026-09-30"},
            lambda: Evidence.objects.count(),
            TEACHES_SAM,
            NOT_TEACHING_SAM,
        ),
        (
            "post_step_quiz",
            lambda d, m: f"/api/v1/students/{d.sam.pk}/playlists/{m.rp1.pk}/steps/{a_quiz_step(d, m)}/quiz",
            lambda d, m: {"answers": [0, 1]},
            lambda: Evidence.objects.count(),
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
        with transaction.atomic():  # each persona starts from the same state
            before = count()
            response = client.post(
                url, payload, content_type="application/json", **bearer(district.user(persona))
            )
            answers[persona], stored[persona] = response.status_code, count() > before
            transaction.set_rollback(True)
    ok = 201 if name in CREATED else 200
    assert answers == {p: ok if p in allowed else 403 if p in SEES_SAM else 404 for p in allowed + refused}
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


def post(client, district, persona: str, path: str, body: dict):
    return client.post(
        f"/api/v1/students/{district.sam.pk}/playlists/{path}",
        json.dumps(body),
        content_type="application/json",
        **bearer(district.user(persona)),
    )


def test_a_quiz_answered_through_the_api_is_scored_into_evidence(district, math, client):
    step = a_quiz_step(district, math)
    body = post(client, district, "student", f"{math.rp1.pk}/steps/{step}/quiz", {"answers": [0, 1]}).json()
    assert (body["state"], body["evidence_id"] is not None) == ("scored", True)
    assert Evidence.objects.get(pk=body["evidence_id"]).score == 4


def test_each_refused_playlist_write_answers_its_code(district, math, client):
    quiz = a_quiz_step(district, math)
    video = PlaylistStep.objects.get(resource=math.video).pk
    answers = [
        post(client, district, persona, path, body)
        for persona, path, body in (
            ("teacher", f"{math.rp1.pk}/resources", {"resource_ids": [math.video.pk]}),
            ("teacher", f"{math.rp1.pk}/resources", {"resource_ids": [999_999]}),
            ("student", f"{math.rp1.pk}/choice", {"modality": "juggling"}),
            (
                "teacher",
                f"{math.rp1.pk}/steps/{video}/score",
                {"score": "3", "demonstrated_on": "2026-09-30"},
            ),
            ("teacher", f"{math.rp1.pk}/steps/{quiz}/score", {"score": "9", "demonstrated_on": "2026-09-30"}),
            ("student", f"{math.rp1.pk}/steps/{quiz}/quiz", {"answers": [0]}),
            ("student", f"{math.rp1.pk}/steps/{quiz}/done", {}),
        )
    ]
    assert [(r.status_code, r.json()["code"]) for r in answers] == [
        (400, "paths.already_on_playlist"),
        (400, "paths.resource_not_available"),
        (400, "paths.unknown_modality"),
        (400, "paths.not_an_assessment"),
        (400, "evidence.score_off_scale"),
        (400, "paths.invalid"),
        (400, "paths.not_an_assessment"),
    ]
    assert Evidence.objects.count() == 0
