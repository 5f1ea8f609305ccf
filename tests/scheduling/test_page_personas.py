"""The flex pages and the flex API, persona by persona: who opens each page and takes each action, and that
everyone else gets a 404 and changes nothing. What the pages show is tested in test_flex_pages.py.

North (tests/conftest.py) runs a flex week (tests/scheduling/north_flex.py): Alice leads the ratios clinic
Sam is placed in, Carol the chess club; Pat leads North; Dana is the district.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.scheduling import services
from pathmaker.scheduling.models import (
    FlexAttendance,
    FlexBlock,
    FlexSettings,
    Placement,
    Requirement,
    Room,
    Schedule,
    StaffAvailability,
    StudentPreference,
    Workshop,
)
from tests.personas import assert_opens_only_for, persona_table
from tests.scheduling.north_flex import NEXT_WEEK, NOON, build_north_flex

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
LEADERS = ["principal", "district_admin"]
NOT_LEADERS = [
    "student",
    "other_student",
    "guardian",
    "other_guardian",
    "teacher",
    "co_teacher",
    "other_school_teacher",
    "teacher_parent",
    "advisor",
    "unrostered",
]
# Staff at North (a teacher role there) and those who lead it: they offer workshops at North.
NORTH_STAFF = ["teacher", "co_teacher", "teacher_parent", "advisor", *LEADERS]
NOT_NORTH_STAFF = [
    "student",
    "other_student",
    "guardian",
    "other_guardian",
    "other_school_teacher",
    "unrostered",
]
# Staff anywhere (Dave teaches at South): they have a "my workshops" page.
STAFF = [*NORTH_STAFF, "other_school_teacher"]
NOT_STAFF = ["student", "other_student", "guardian", "other_guardian", "unrostered"]
# The clinic's leader (Alice) and North's leaders.
CLINIC = ["teacher", *LEADERS]
NOT_CLINIC = [
    "student",
    "other_student",
    "guardian",
    "other_guardian",
    "co_teacher",
    "other_school_teacher",
    "teacher_parent",
    "advisor",
    "unrostered",
]
SEES_SAM = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
NOT_SAM = ["guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin", *WRONG]

WEEK = f"?week={NEXT_WEEK.isoformat()}"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def flex(district):
    return build_north_flex(district)


def a_free_block(d) -> FlexBlock:
    """A block nobody is placed in yet (one with published placements stays, for their history)."""
    return services.flex_block_add(
        school=d.north, weekday=4, starts_at=dt.time(13, 0), minutes=45, actor=Actor.system("test")
    )


def a_new_draft(d) -> Schedule:
    """A second solve of the published week: a draft to publish in its place."""
    return services.schedule_solve(
        school=d.north, week_start=NEXT_WEEK, actor=Actor.system("test"), time_limit=5
    )


def _north(d, f):
    return [d.north.pk]


FLEX_PAGES = persona_table(
    "flex pages",
    [
        ("flex_home", lambda d, f: [], LEADERS, NOT_LEADERS),
        ("flex_plan", _north, LEADERS, NOT_LEADERS),
        ("flex_setup", _north, LEADERS, NOT_LEADERS),
        ("flex_outcomes", _north, LEADERS, NOT_LEADERS),
        ("flex_workshops", _north, NORTH_STAFF, NOT_NORTH_STAFF),
        ("flex_teaching", lambda d, f: [], STAFF, NOT_STAFF),
        ("flex_workshop", lambda d, f: [f.clinic.pk], CLINIC, NOT_CLINIC),
        ("flex_week", lambda d, f: [d.sam.pk], SEES_SAM, WRONG),
    ],
)


def _person_of(d, persona):
    return d.user(persona).person_id


# (url name, its arguments, the form (for the persona posting), personas whose POST changes something,
# personas whose POST gets a 404)
FLEX_ACTIONS = persona_table(
    "flex actions",
    [
        ("flex_settings_save", _north, lambda d, f, p: {"threshold": "2.5"}, LEADERS, NOT_LEADERS),
        (
            "flex_block_add",
            _north,
            lambda d, f, p: {"block-weekday": "2", "block-starts_at": "13:00", "block-minutes": "40"},
            LEADERS,
            NOT_LEADERS,
        ),
        (
            "flex_block_remove",
            lambda d, f: [d.north.pk, a_free_block(d).pk],
            lambda d, f, p: {},
            LEADERS,
            NOT_LEADERS,
        ),
        (
            "flex_room_add",
            _north,
            lambda d, f, p: {"room-name": "Lab", "room-capacity": "24", "room-features": "lab bench"},
            LEADERS,
            NOT_LEADERS,
        ),
        (
            "flex_room_save",
            lambda d, f: [d.north.pk, f.room.pk],
            lambda d, f, p: {f"room-{f.room.pk}-name": "Room 1A", f"room-{f.room.pk}-capacity": "22"},
            LEADERS,
            NOT_LEADERS,
        ),
        (
            "flex_availability_save",
            _north,
            lambda d, f, p: {f"a-{_person_of(d, 'co_teacher')}-{f.tuesday.pk}": "1"},
            LEADERS,
            NOT_LEADERS,
        ),
        ("flex_solve", _north, lambda d, f, p: {"week": NEXT_WEEK.isoformat()}, LEADERS, NOT_LEADERS),
        (
            "flex_placement_lock",
            lambda d, f: [f.placement_of(d.sam).pk],
            lambda d, f, p: {"locked": "1"},
            LEADERS,
            NOT_LEADERS,
        ),
        ("flex_publish", lambda d, f: [a_new_draft(d).pk], lambda d, f, p: {}, LEADERS, NOT_LEADERS),
        (
            "flex_placement_move",
            lambda d, f: [f.schedule.pk],
            lambda d, f, p: {"placement": str(f.placement_of(d.tia).pk), "workshop": str(f.clinic.pk)},
            LEADERS,
            NOT_LEADERS,
        ),
        (
            "flex_workshops",
            _north,
            lambda d, f, p: {
                "title": "Fractions help",
                "kind": "intervention",
                "competencies": [str(f.rp2.pk)],
                "leader": str(
                    _person_of(d, "teacher") if p in ("principal", "district_admin") else _person_of(d, p)
                ),
                "capacity": "8",
                "priority": "2",
            },
            NORTH_STAFF,
            NOT_NORTH_STAFF,
        ),
        (
            "flex_workshop_withdraw",
            lambda d, f: [f.chess.pk],
            lambda d, f, p: {},
            ["co_teacher", *LEADERS],
            [
                "student",
                "other_student",
                "guardian",
                "other_guardian",
                "teacher",
                "other_school_teacher",
                "teacher_parent",
                "advisor",
                "unrostered",
            ],
        ),
        (
            "flex_requirement_add",
            lambda d, f: [f.clinic.pk],
            lambda d, f, p: {"require-student": str(d.tia.pk), "require-note": "Missed the quiz"},
            CLINIC,
            NOT_CLINIC,
        ),
        (
            "flex_attendance",
            lambda d, f: [f.clinic.pk, f.monday.pk],
            lambda d, f, p: {f"mark-{f.placement_of(d.sam).pk}": "present"},
            CLINIC,
            NOT_CLINIC,
        ),
        (
            "flex_preferences",
            lambda d, f: [d.sam.pk],
            lambda d, f, p: {f"pref-rank_{f.chess.pk}": "1"},
            ["student"],
            NOT_SAM,
        ),
    ],
)

WRITES = (
    FlexSettings,
    FlexBlock,
    Room,
    StaffAvailability,
    Workshop,
    Requirement,
    StudentPreference,
    Schedule,
    Placement,
    FlexAttendance,
)


def snapshot() -> tuple:
    """Everything a flex action may write, to show a refusal changed nothing."""
    return (
        *(model.objects.count() for model in WRITES),
        FlexSettings.objects.filter(threshold=2.5).count(),
        Room.objects.filter(name="Room 1A").count(),
        Placement.objects.filter(locked=True).count(),
        AuditEvent.objects.filter(action__startswith="scheduling.").exclude(action__endswith="_view").count(),
    )


@pytest.mark.parametrize(("name", "args", "allowed", "refused"), FLEX_PAGES, ids=[c[0] for c in FLEX_PAGES])
def test_each_flex_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, flex, login, name, args, allowed, refused
):
    url = reverse(name, args=args(district, flex)) + (WEEK if name != "flex_home" else "")
    assert_opens_only_for(login, district, url, allowed, refused)


@pytest.mark.parametrize(
    ("name", "args", "form", "allowed", "refused"), FLEX_ACTIONS, ids=[c[0] for c in FLEX_ACTIONS]
)
def test_each_flex_action_is_taken_by_the_right_personas_and_refused_to_the_others(
    district, flex, login, name, args, form, allowed, refused
):
    url = reverse(name, args=args(district, flex)) + WEEK
    before = snapshot()
    answers = {
        persona: login(district.user(persona)).post(url, form(district, flex, persona)).status_code
        for persona in refused
    }
    assert answers == dict.fromkeys(refused, 404)
    assert snapshot() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, form(district, flex, persona))
            assert (response.status_code, snapshot() != before) == (302, True), persona
            transaction.set_rollback(True)


# --- The API ----------------------------------------------------------------------------------------------


def bearer(user) -> dict[str, str]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='test', actor=Actor.for_user(user))}"
    }


FLEX_API_READS = persona_table(
    "flex api reads",
    namespace="api-v1:",
    rows=[
        (
            "flex_blocks",
            lambda d, f: f"/api/v1/schools/{d.north.pk}/flex/blocks",
            NORTH_STAFF,
            NOT_NORTH_STAFF,
        ),
        ("flex_rooms", lambda d, f: f"/api/v1/schools/{d.north.pk}/flex/rooms", NORTH_STAFF, NOT_NORTH_STAFF),
        (
            "flex_workshops",
            lambda d, f: f"/api/v1/schools/{d.north.pk}/flex/workshops{WEEK}",
            NORTH_STAFF,
            NOT_NORTH_STAFF,
        ),
        (
            "flex_schedule",
            lambda d, f: f"/api/v1/schools/{d.north.pk}/flex/schedule{WEEK}",
            LEADERS,
            NOT_LEADERS,
        ),
        ("flex_student_week", lambda d, f: f"/api/v1/students/{d.sam.pk}/flex-week{WEEK}", SEES_SAM, WRONG),
    ],
)

FLEX_API_WRITES = persona_table(
    "flex api writes",
    namespace="api-v1:",
    rows=[
        (
            "flex_attendance",
            lambda d, f: f"/api/v1/flex/placements/{f.placement_of(d.sam).pk}/attendance",
            lambda d, f, p: {"mark": "late"},
            CLINIC,
            NOT_CLINIC,
        ),
        (
            "flex_workshop_offer",
            lambda d, f: f"/api/v1/schools/{d.north.pk}/flex/workshops",
            lambda d, f, p: {
                "week": NEXT_WEEK.isoformat(),
                "title": "Fractions help",
                "leader_id": _person_of(d, "teacher")
                if p in LEADERS
                else _person_of(d, p) or _person_of(d, "teacher"),
                "capacity": 8,
                "competency_ids": [f.rp2.pk],
            },
            NORTH_STAFF,
            NOT_NORTH_STAFF,
        ),
    ],
)
# A write that makes something new answers 201; one that changes what is there, 200.
CREATED = {"flex_workshop_offer"}


@pytest.mark.parametrize(
    ("name", "path", "allowed", "refused"), FLEX_API_READS, ids=[c[0] for c in FLEX_API_READS]
)
def test_each_flex_endpoint_answers_the_right_personas_and_404s_the_others(
    district, flex, client, name, path, allowed, refused
):
    url = path(district, flex)
    answers = {p: client.get(url, **bearer(district.user(p))).status_code for p in [*allowed, *refused]}
    assert answers == {p: 200 if p in allowed else 404 for p in [*allowed, *refused]}


@pytest.mark.parametrize(
    ("name", "path", "body", "allowed", "refused"), FLEX_API_WRITES, ids=[c[0] for c in FLEX_API_WRITES]
)
def test_each_flex_api_write_is_taken_by_the_right_personas_and_refused_to_the_others(
    district, flex, client, name, path, body, allowed, refused
):
    url = path(district, flex)
    before = snapshot()
    for persona in refused:
        response = client.post(
            url,
            body(district, flex, persona),
            content_type="application/json",
            **bearer(district.user(persona)),
        )
        assert response.status_code == 404, persona
    assert snapshot() == before
    for persona in allowed:
        with transaction.atomic():
            response = client.post(
                url,
                body(district, flex, persona),
                content_type="application/json",
                **bearer(district.user(persona)),
            )
            assert response.status_code == (201 if name in CREATED else 200), (persona, response.content)
            transaction.set_rollback(True)


def test_a_week_before_any_flex_week_is_still_a_page_for_sam(district, flex, login):
    url = (
        reverse("flex_week", args=[district.sam.pk])
        + f"?week={(NEXT_WEEK - dt.timedelta(days=28)).isoformat()}"
    )
    assert login(district.user("student")).get(url).status_code == 200
