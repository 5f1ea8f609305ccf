"""Sam's goals, persona by persona: who opens each goal page and who does what, and that everyone else gets
a 404 and changes nothing. What each page shows and says is tested in test_pages.py."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from tests.goals.conftest import own_goal, proposed_goal, reflect, snapshot
from tests.personas import assert_opens_only_for, persona_table

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
READERS = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
# Those who teach or advise Sam propose goals; his school's leaders and the district read them.
PROPOSERS = ["teacher", "co_teacher", "advisor"]
RESPONDERS = ["teacher", "co_teacher", "advisor", "principal", "district_admin"]
NOT_SAM = ["guardian", *RESPONDERS, *WRONG]
NOT_ADVISORS = ["student", "guardian", "teacher", "co_teacher", "principal", "district_admin", *WRONG]


def a_goal(district) -> list[int]:
    goal = own_goal(district, steps=["Make a checklist"])
    return [goal.student_id, goal.pk]


def a_proposal(district) -> list[int]:
    goal = proposed_goal(district)
    return [goal.student_id, goal.pk]


def a_step(district) -> list[int]:
    goal = own_goal(district, steps=["Make a checklist"])
    return [goal.student_id, goal.pk, goal.steps.get().pk]


def a_check_in(district) -> list[int]:
    checkin = reflect(district, own_goal(district))
    return [checkin.goal.student_id, checkin.goal_id, checkin.pk]


# (url name, its arguments, personas who get the page, personas who get a 404)
GOAL_PAGES = persona_table(
    "goal pages",
    [
        ("goal_detail", a_goal, READERS, WRONG),
        (
            "goal_new",
            lambda d: [d.sam.pk],
            ["student", *PROPOSERS],
            ["guardian", "principal", "district_admin", *WRONG],
        ),
        # The advisors' page lists one's own advisees: anyone who advises nobody gets a 404.
        ("advising", lambda d: [], ["advisor"], NOT_ADVISORS),
    ],
)

# (url name, its arguments, the form, personas whose POST changes something, personas whose POST gets a 404)
GOAL_ACTIONS = persona_table(
    "goal actions",
    [
        (
            "goal_new",
            lambda d: [d.sam.pk],
            lambda args: {"category": "academic", "title": "Read twenty books", "target_date": "2026-12-01"},
            ["student", *PROPOSERS],
            ["guardian", "principal", "district_admin", *WRONG],
        ),
        ("goal_accept", a_proposal, lambda args: {}, ["student"], NOT_SAM),
        (
            "goal_decline",
            a_proposal,
            lambda args: {"decline-reason": "I went last year"},
            ["student"],
            NOT_SAM,
        ),
        ("goal_step_add", a_goal, lambda args: {"step-text": "Ask for help"}, ["student"], NOT_SAM),
        ("goal_step_done", a_step, lambda args: {}, ["student"], NOT_SAM),
        ("goal_checkin", a_goal, lambda args: {"checkin-text": "Two labs in on time."}, ["student"], NOT_SAM),
        (
            "goal_respond",
            a_check_in,
            lambda args: {f"respond-{args[-1]}-text": "Proud of you"},
            RESPONDERS,
            ["student", "guardian", *WRONG],
        ),
        (
            "goal_close",
            a_goal,
            lambda args: {"close-outcome": "achieved", "close-reflection": "Every lab in on time."},
            ["student"],
            NOT_SAM,
        ),
    ],
)


@pytest.mark.parametrize(("name", "args", "allowed", "refused"), GOAL_PAGES, ids=[c[0] for c in GOAL_PAGES])
def test_each_goal_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, login, name, args, allowed, refused
):
    url = reverse(name, args=args(district))
    assert_opens_only_for(login, district, url, allowed, refused)


@pytest.mark.parametrize(
    ("name", "args", "form", "allowed", "refused"), GOAL_ACTIONS, ids=[c[0] for c in GOAL_ACTIONS]
)
def test_each_goal_action_is_taken_by_the_right_personas_and_refused_to_the_others(
    district, login, name, args, form, allowed, refused
):
    arguments = args(district)
    url, data = reverse(name, args=arguments), form(arguments)
    before = snapshot()
    answers = {persona: login(district.user(persona)).post(url, data).status_code for persona in refused}
    assert answers == dict.fromkeys(refused, 404)
    assert snapshot() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, data)
            assert (response.status_code, snapshot() != before) == (302, True), persona
            transaction.set_rollback(True)
