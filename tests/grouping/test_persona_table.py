"""Groups and rotations, persona by persona: who opens each page, takes each action and calls each endpoint,
and that everyone else gets a 404 (or a 403 from the API) and changes nothing."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.urls import reverse

from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.grouping import services
from pathmaker.grouping.models import GroupMember
from tests.grouping.conftest import TODAY, saved, snapshot
from tests.personas import assert_opens_only_for, persona_table

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
SEES_SAM = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
# Those who run Math 7: its teachers, North's principal, the district. They make and change its groups.
RUN_MATH = ["teacher", "co_teacher", "principal", "district_admin"]
NOT_RUN_MATH = ["student", "guardian", "advisor", *WRONG]
# Staff who see a student of the grouping: those who run Math 7, and Sam's advisor (who sees Sam only).
STAFF_OF_A_MEMBER = [*RUN_MATH, "advisor"]
NOT_STAFF_OF_A_MEMBER = ["student", "guardian", *WRONG]


def a_grouping(district, math) -> list[int]:
    return [saved(district, math, max_size=1).pk]


def a_group(district, math) -> list[int]:
    grouping = saved(district, math, max_size=1)
    return [grouping.pk, grouping.groups.first().pk]


def a_rotation(district, math) -> list[int]:
    import datetime as dt

    rotation = services.rotation_plan(
        section=district.math,
        competencies=[math.rp1],
        on=TODAY,
        starts_at=dt.time(9, 0),
        minutes=15,
        rotations=2,
        stations=[("teacher_led", "With me"), ("online", "Practice")],
        actor=district.actor("teacher"),
    )
    return [rotation.pk]


def ask_query(math) -> str:
    return f"?competencies={math.rp1.pk}&goal=alike&min_size=1&max_size=1"


# (url name, its arguments, a query string, personas who get the page, personas who get a 404)
GROUPING_PAGES = persona_table(
    "grouping pages",
    [
        ("grouping_list", lambda d, m: [d.math.pk], lambda m: "", RUN_MATH, NOT_RUN_MATH),
        ("grouping_new", lambda d, m: [d.math.pk], ask_query, RUN_MATH, NOT_RUN_MATH),
        ("grouping_detail", a_grouping, lambda m: "", STAFF_OF_A_MEMBER, NOT_STAFF_OF_A_MEMBER),
        ("student_groups", lambda d, m: [d.sam.pk], lambda m: "", SEES_SAM, WRONG),
        ("rotation_new", lambda d, m: [d.math.pk], lambda m: "", RUN_MATH, NOT_RUN_MATH),
        ("rotation_detail", a_rotation, lambda m: "", RUN_MATH, NOT_RUN_MATH),
    ],
)


def move_sam(district, math) -> dict:
    grouping = GroupMember.objects.get(student=district.sam).grouping
    other = grouping.groups.exclude(members__student=district.sam).first()
    return {f"student_{m.student_id}": m.group_id for m in GroupMember.objects.filter(grouping=grouping)} | {
        f"student_{district.sam.pk}": other.pk
    }


def save_form(district, math) -> dict:
    return {
        f"student_{district.sam.pk}": 0,
        f"student_{district.tia.pk}": 0,
        "on": TODAY.isoformat(),
        "purpose": "Reteach",
    }


def rotation_form(district, math) -> dict:
    return {
        "competencies": [math.rp1.pk],
        "on": TODAY.isoformat(),
        "starts_at": "09:00",
        "minutes": 15,
        "rotations": 2,
        "station_0_kind": "teacher_led",
        "station_0_name": "With me",
        "station_1_kind": "online",
        "station_1_name": "",
    }


# (url name, its arguments, a query string, the form, personas whose POST changes something, refused: 404)
GROUPING_ACTIONS = persona_table(
    "grouping actions",
    [
        ("grouping_new", lambda d, m: [d.math.pk], ask_query, save_form, RUN_MATH, NOT_RUN_MATH),
        ("grouping_move", a_grouping, lambda m: "", move_sam, RUN_MATH, NOT_RUN_MATH),
        (
            "grouping_group_update",
            a_group,
            lambda m: "",
            lambda d, m: {f"group-{GroupMember.objects.first().group_id}-name": "Tables"},
            RUN_MATH,
            NOT_RUN_MATH,
        ),
        ("grouping_delete", a_grouping, lambda m: "", lambda d, m: {}, RUN_MATH, NOT_RUN_MATH),
        ("rotation_new", lambda d, m: [d.math.pk], lambda m: "", rotation_form, RUN_MATH, NOT_RUN_MATH),
        ("rotation_delete", a_rotation, lambda m: "", lambda d, m: {}, RUN_MATH, NOT_RUN_MATH),
    ],
)


@pytest.mark.parametrize(
    ("name", "args", "query", "allowed", "refused"), GROUPING_PAGES, ids=[c[0] for c in GROUPING_PAGES]
)
def test_each_grouping_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, math, login, name, args, query, allowed, refused
):
    url = reverse(name, args=args(district, math)) + query(math)
    assert_opens_only_for(login, district, url, allowed, refused)


@pytest.mark.parametrize(
    ("name", "args", "query", "form", "allowed", "refused"),
    GROUPING_ACTIONS,
    ids=[c[0] for c in GROUPING_ACTIONS],
)
def test_each_grouping_action_is_taken_by_the_right_personas_and_refused_to_the_others(
    district, math, login, name, args, query, form, allowed, refused
):
    url = reverse(name, args=args(district, math)) + query(math)
    data = form(district, math)
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


# (url name, path, body, personas whose call succeeds, personas refused: 403 or 404)
GROUPING_API = persona_table(
    "grouping api",
    namespace="api-v1:",
    rows=[
        (
            "grouping_list_of_section",
            lambda d, m: f"/api/v1/sections/{d.math.pk}/groupings",
            None,
            RUN_MATH,
            NOT_RUN_MATH,
        ),
        (
            "grouping_create",
            lambda d, m: f"/api/v1/sections/{d.math.pk}/groupings",
            lambda d, m: {
                "competency_ids": [m.rp1.pk],
                "goal": "mixed",
                "min_size": 1,
                "max_size": 2,
                "on": TODAY.isoformat(),
            },
            RUN_MATH,
            NOT_RUN_MATH,
        ),
        (
            "grouping_read",
            lambda d, m: f"/api/v1/groupings/{a_grouping(d, m)[0]}",
            None,
            STAFF_OF_A_MEMBER,
            NOT_STAFF_OF_A_MEMBER,
        ),
        ("student_groups_read", lambda d, m: f"/api/v1/students/{d.sam.pk}/groups", None, SEES_SAM, WRONG),
    ],
)


@pytest.mark.parametrize(
    ("name", "path", "body", "allowed", "refused"), GROUPING_API, ids=[c[0] for c in GROUPING_API]
)
def test_each_grouping_endpoint_answers_the_right_personas_and_refuses_the_others(
    district, math, client, name, path, body, allowed, refused
):
    url = path(district, math)
    payload = body(district, math) if body else None
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
