"""Sam's learner profile, persona by persona: who opens each page and who changes what, and that everyone
else gets a 404 and changes nothing. The pages' content is tested in test_pages.py."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from pathmaker.profiles.models import ProfileEntry, ProfileNote, ProfileSection, ReadinessRecord
from pathmaker.rostering.models import Advisorship
from tests.personas import assert_opens_only_for, persona_table

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
NEVER = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
STAFF = ["teacher", "co_teacher", "advisor", "principal", "district_admin"]
LEADERS = ["principal", "district_admin"]
NOT_LEADERS = ["student", "guardian", "teacher", "co_teacher", "advisor", *NEVER]
NOT_SAM = ["guardian", *STAFF, *NEVER]

# (url name, its arguments, personas who get the page, personas who get a 404)
PROFILE_PAGES = persona_table(
    "profile pages",
    [
        ("student_profile", lambda d: {"student_id": d.sam.pk}, ["student", "guardian", *STAFF], NEVER),
        ("profile_sections", lambda d: {}, LEADERS, NOT_LEADERS),
    ],
)

# (url name, its arguments, the form, personas whose POST changes something, personas whose POST gets a 404)
PROFILE_ACTIONS = persona_table(
    "profile actions",
    [
        # Sam's words are Sam's alone.
        (
            "profile_entry_write",
            lambda d: {"student_id": d.sam.pk, "key": "strengths"},
            lambda d: {"text": "I am good at drawing."},
            ["student"],
            NOT_SAM,
        ),
        (
            "profile_note_add",
            lambda d: {"student_id": d.sam.pk},
            lambda d: {"text": "Great questions in class this week."},
            STAFF,
            ["student", "guardian", *NEVER],
        ),
        (
            "profile_readiness_record",
            lambda d: {"student_id": d.sam.pk, "key": "psat"},
            lambda d: {"status": "done", "score": "1130", "completed_on": "2026-10-14"},
            ["student", *STAFF],
            ["guardian", *NEVER],
        ),
        (
            "profile_advisor_assign",
            lambda d: {"student_id": d.sam.pk},
            lambda d: {"advisor": d.user("co_teacher").person_id},
            LEADERS,
            NOT_LEADERS,
        ),
        (
            "profile_advisor_end",
            lambda d: {"student_id": d.sam.pk, "link_id": Advisorship.objects.get(student=d.sam).pk},
            lambda d: {},
            LEADERS,
            NOT_LEADERS,
        ),
        (
            "profile_sections",
            lambda d: {},
            lambda d: {"school": d.north.pk, "title": "My house team", "kind": "text"},
            LEADERS,
            NOT_LEADERS,
        ),
    ],
)


def profile_state() -> list[list]:
    return [
        list(ProfileEntry.objects.order_by("pk").values_list("pk", "text", "is_current")),
        list(ProfileNote.objects.order_by("pk").values_list("pk", "text")),
        list(ReadinessRecord.objects.order_by("pk").values_list("pk", "status", "is_current")),
        list(Advisorship.objects.order_by("pk").values_list("pk", "advisor_id", "is_active")),
        list(ProfileSection.objects.order_by("pk").values_list("pk", "key", "org_id")),
    ]


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed", "refused"), PROFILE_PAGES, ids=[c[0] for c in PROFILE_PAGES]
)
def test_each_profile_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, login, name, kwargs, allowed, refused
):
    url = reverse(name, kwargs=kwargs(district))
    assert_opens_only_for(login, district, url, allowed, refused)


@pytest.mark.parametrize(
    ("name", "kwargs", "form", "allowed", "refused"), PROFILE_ACTIONS, ids=[c[0] for c in PROFILE_ACTIONS]
)
def test_each_profile_change_is_made_by_the_right_personas_and_refused_to_the_others(
    district, login, name, kwargs, form, allowed, refused
):
    url = reverse(name, kwargs=kwargs(district))
    before = profile_state()
    answers = {
        persona: login(district.user(persona)).post(url, form(district)).status_code for persona in refused
    }
    assert answers == dict.fromkeys(refused, 404)
    assert profile_state() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, form(district))
            assert (response.status_code, profile_state() != before) == (302, True), persona
            transaction.set_rollback(True)
