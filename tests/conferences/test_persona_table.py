"""Sam's conferences, persona by persona: who opens each page and who plans, edits and records them, and that
everyone else gets a 404 and changes nothing. What each page shows is tested in test_pages.py."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from pathmaker.conferences.models import Conference, ConferenceAddendum
from pathmaker.profiles.parts import PacketItem
from tests.conferences.conftest import TODAY, plan, record
from tests.personas import assert_opens_only_for, persona_table

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
NEVER = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
STAFF = ["teacher", "co_teacher", "advisor", "principal", "district_admin"]
NOT_SAM = ["guardian", *STAFF, *NEVER]
NOT_STAFF = ["student", "guardian", *NEVER]


def planned(district, fake_parts) -> dict:
    return {"student_id": district.sam.pk, "conference_id": plan(district).pk}


def held(district, fake_parts) -> dict:
    return {"student_id": district.sam.pk, "conference_id": record(district, plan(district, day=TODAY)).pk}


def planned_with_a_new_goal(district, fake_parts) -> dict:
    arguments = planned(district, fake_parts)
    fake_parts.goals.append(PacketItem("Learn to swim", "", "goal-3"))
    return arguments


# (url name, its arguments, personas who get the page, personas who get a 404)
CONFERENCE_PAGES = persona_table(
    "conference pages",
    [
        (
            "conference_list",
            lambda d, parts: {"student_id": d.sam.pk},
            ["student", "guardian", *STAFF],
            NEVER,
        ),
        ("conference_detail", held, ["student", "guardian", *STAFF], NEVER),
        ("conference_pdf", held, ["student", "guardian", *STAFF], NEVER),
        ("conference_packet", planned, ["student"], NOT_SAM),
        ("conference_record", planned, STAFF, NOT_STAFF),
    ],
)

# (url name, its arguments, the form, personas whose POST changes something, personas whose POST gets a 404)
CONFERENCE_ACTIONS = persona_table(
    "conference actions",
    [
        (
            "conference_list",
            lambda d, parts: {"student_id": d.sam.pk},
            {"title": "Winter conference", "scheduled_on": "2026-12-10"},
            ["student", *STAFF],
            ["guardian", *NEVER],
        ),
        (
            "conference_packet",
            planned,
            {"opening": "Welcome, everyone.", "closing": "", "include": []},
            ["student"],
            NOT_SAM,
        ),
        ("conference_rebuild", planned_with_a_new_goal, {}, ["student", *STAFF], ["guardian", *NEVER]),
        (
            "conference_record",
            planned,
            {
                "held_on": TODAY.isoformat(),
                "attendees": "Sam Garcia | student\nGina Garcia | guardian",
                "notes": "Sam presented.",
                "next_steps": "Read every evening\n",
            },
            STAFF,
            NOT_STAFF,
        ),
        ("conference_addendum", held, {"text": "Called home: going well."}, STAFF, NOT_STAFF),
    ],
)


def conference_state() -> list[list]:
    return [
        list(Conference.objects.order_by("pk").values_list("pk", "status", "packet", "notes")),
        list(ConferenceAddendum.objects.order_by("pk").values_list("pk", "text")),
    ]


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed", "refused"), CONFERENCE_PAGES, ids=[c[0] for c in CONFERENCE_PAGES]
)
def test_each_conference_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, login, fake_parts, name, kwargs, allowed, refused
):
    url = reverse(name, kwargs=kwargs(district, fake_parts))
    assert_opens_only_for(login, district, url, allowed, refused)


@pytest.mark.parametrize(
    ("name", "kwargs", "form", "allowed", "refused"),
    CONFERENCE_ACTIONS,
    ids=[c[0] for c in CONFERENCE_ACTIONS],
)
def test_each_conference_change_is_made_by_the_right_personas_and_refused_to_the_others(
    district, login, fake_parts, name, kwargs, form, allowed, refused
):
    url = reverse(name, kwargs=kwargs(district, fake_parts))
    before = conference_state()
    answers = {persona: login(district.user(persona)).post(url, form).status_code for persona in refused}
    assert answers == dict.fromkeys(refused, 404)
    assert conference_state() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, form)
            assert (response.status_code, conference_state() != before) == (302, True), persona
            transaction.set_rollback(True)
