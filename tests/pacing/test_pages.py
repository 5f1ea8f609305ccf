"""Pacing, persona by persona: who opens each page and endpoint, who acts, and that everyone else gets a 404
(or a 403 through the API for someone who sees Sam but may not act) and changes nothing."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.urls import reverse

from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.pacing.models import DayOff
from tests.pacing.conftest import asked, days, hard, snapshot
from tests.personas import assert_opens_only_for, persona_table

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
READERS = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
# Those who run Math 7: its teachers, North's principal, the district.
RUN_MATH = ["teacher", "co_teacher", "principal", "district_admin"]
NOT_RUN_MATH = ["student", "guardian", "advisor", *WRONG]
NOT_SAM = ["guardian", *RUN_MATH, "advisor", *WRONG]
LEADERS = ["principal", "district_admin"]
NOT_LEADERS = ["student", "guardian", "teacher", "co_teacher", "advisor", *WRONG]


def sams_deadline(d, p) -> list[int]:
    return [d.sam.pk, hard(d, p.competencies[0], days(3), student=d.sam)[0].pk]


def sams_request(d, p) -> list[int]:
    deadline = hard(d, p.competencies[0], days(3), student=d.sam)[0]
    return [d.math.pk, asked(d, deadline).pk]


def a_day_off(d, p) -> list[int]:
    return [DayOff.objects.filter(school=d.north).first().pk]


# (url name, its arguments, personas who get the page, personas who get a 404)
PACING_PAGES = persona_table(
    "pacing pages",
    [
        ("pacing_student", lambda d, p: [d.sam.pk], READERS, WRONG),
        ("pacing_section", lambda d, p: [d.math.pk], RUN_MATH, NOT_RUN_MATH),
        ("pacing_guide", lambda d, p: [d.math.course.pk], RUN_MATH, NOT_RUN_MATH),
        ("pacing_days_off", lambda d, p: [], LEADERS, NOT_LEADERS),
    ],
)

# (url name, its arguments, the form, personas whose POST changes something, personas whose POST gets a 404)
PACING_ACTIONS = persona_table(
    "pacing actions",
    [
        (
            "pacing_soft_set",
            lambda d, p: [d.sam.pk, d.math.course.pk],
            lambda d, p, args: {
                f"soft-{args[1]}-competency": p.competencies[1].pk,
                f"soft-{args[1]}-due_on": days(9).isoformat(),
            },
            ["student"],
            NOT_SAM,
        ),
        (
            "pacing_extension_ask",
            sams_deadline,
            lambda d, p, args: {f"ask-{args[1]}-reason": "I was out sick"},
            ["student"],
            NOT_SAM,
        ),
        (
            "pacing_hard_set",
            lambda d, p: [d.math.pk],
            lambda d, p, args: {"hard-competency": p.competencies[2].pk, "hard-due_on": days(12).isoformat()},
            RUN_MATH,
            NOT_RUN_MATH,
        ),
        (
            "pacing_extension_decide",
            sams_request,
            lambda d, p, args: {
                f"decide-{args[1]}-decision": "grant",
                f"decide-{args[1]}-new_due_on": days(10).isoformat(),
            },
            RUN_MATH,
            NOT_RUN_MATH,
        ),
        (
            "pacing_guide",
            lambda d, p: [d.math.course.pk],
            lambda d, p, args: {"term": p.term.pk, **{f"weeks_{c.pk}": "2" for c in p.competencies}},
            RUN_MATH,
            NOT_RUN_MATH,
        ),
        (
            "pacing_days_off",
            lambda d, p: [],
            lambda d, p, args: {"on": "2026-10-12", "name": "Teacher workday"},
            LEADERS,
            NOT_LEADERS,
        ),
        ("pacing_day_off_remove", a_day_off, lambda d, p, args: {}, LEADERS, NOT_LEADERS),
    ],
)


@pytest.mark.parametrize(
    ("name", "args", "allowed", "refused"), PACING_PAGES, ids=[c[0] for c in PACING_PAGES]
)
def test_each_pacing_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, pacing, login, name, args, allowed, refused
):
    hard(district, pacing.competencies[0], days(3))
    url = reverse(name, args=args(district, pacing))
    assert_opens_only_for(login, district, url, allowed, refused)


@pytest.mark.parametrize(
    ("name", "args", "form", "allowed", "refused"), PACING_ACTIONS, ids=[c[0] for c in PACING_ACTIONS]
)
def test_each_pacing_action_is_taken_by_the_right_personas_and_refused_to_the_others(
    district, pacing, login, name, args, form, allowed, refused
):
    arguments = args(district, pacing)
    url, data = reverse(name, args=arguments), form(district, pacing, arguments)
    before = snapshot()
    answers = {persona: login(district.user(persona)).post(url, data).status_code for persona in refused}
    assert answers == dict.fromkeys(refused, 404)
    assert snapshot() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, data)
            assert (response.status_code, snapshot() != before) == (302, True), persona
            transaction.set_rollback(True)


# --- The API ------------------------------------------------------------------------------------------


def bearer(user) -> dict[str, str]:
    token = api_token_create(user=user, name="test", actor=Actor.for_user(user))
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


# (url name, path, body, personas whose call succeeds, personas refused: 403 when they see Sam, else 404)
PACING_API = persona_table(
    "pacing api",
    namespace="api-v1:",
    rows=[
        ("pacing_of_student", lambda d, p: f"/api/v1/students/{d.sam.pk}/pacing", None, READERS, WRONG),
        (
            "pacing_target_set",
            lambda d, p: f"/api/v1/students/{d.sam.pk}/targets",
            lambda d, p: {
                "course_id": d.math.course.pk,
                "competency_id": p.competencies[1].pk,
                "due_on": days(9).isoformat(),
            },
            ["student"],
            NOT_SAM,
        ),
        (
            "pacing_hard_deadline_set",
            lambda d, p: f"/api/v1/sections/{d.math.pk}/deadlines",
            lambda d, p: {"competency_id": p.competencies[2].pk, "due_on": days(12).isoformat()},
            RUN_MATH,
            NOT_RUN_MATH,
        ),
        (
            "pacing_extension_ask",
            lambda d, p: "/api/v1/students/{}/deadlines/{}/extension-requests".format(*sams_deadline(d, p)),
            lambda d, p: {"reason": "I was out sick"},
            ["student"],
            NOT_SAM,
        ),
        (
            "pacing_extension_decide",
            lambda d, p: f"/api/v1/extension-requests/{sams_request(d, p)[1]}/decision",
            lambda d, p: {"grant": True, "new_due_on": days(10).isoformat()},
            RUN_MATH,
            NOT_RUN_MATH,
        ),
    ],
)


@pytest.mark.parametrize(
    ("name", "path", "body", "allowed", "refused"), PACING_API, ids=[c[0] for c in PACING_API]
)
def test_each_pacing_endpoint_answers_the_right_personas_and_refuses_the_others(
    district, pacing, client, name, path, body, allowed, refused
):
    url = path(district, pacing)
    payload = body(district, pacing) if body else None
    before = snapshot()

    def call(persona):
        headers = bearer(district.user(persona))
        if payload is None:
            return client.get(url, **headers)
        return client.post(url, json.dumps(payload), content_type="application/json", **headers)

    answers = {persona: call(persona).status_code for persona in refused}
    assert all(status in (403, 404) for status in answers.values()), answers
    assert {p for p, status in answers.items() if status == 404} >= set(WRONG)
    assert snapshot() == before
    for persona in allowed:
        with transaction.atomic():
            status = call(persona).status_code
            assert status in (200, 201), (persona, status)
            transaction.set_rollback(True)
