"""Reading goals: who sees an advisor-only reflection, and which goals are overdue or stalled."""

from __future__ import annotations

import datetime as dt

import pytest

from pathmaker.goals import access as goal_access
from pathmaker.goals import selectors, services
from pathmaker.goals.models import CheckIn, Goal
from pathmaker.goals.services import StepSpec
from tests.goals.conftest import TODAY, access_of, days, own_goal, proposed_goal, reflect, respond

SEES_ADVISOR_ONLY = {
    "student": True,
    "advisor": True,
    "teacher": False,
    "co_teacher": False,
    "principal": False,
    "district_admin": False,
    "guardian": False,
}


def texts(cards) -> set[str]:
    return {
        c.text for card in cards for thread in card.threads for c in [thread.reflection, *thread.responses]
    }


@pytest.mark.parametrize(("persona", "sees"), SEES_ADVISOR_ONLY.items())
def test_advisor_only_reflections_and_their_responses_reach_the_student_and_advisors_alone(
    district, persona, sees
):
    goal = own_goal(district)
    shared = reflect(district, goal, text="Shared with everyone")
    respond(district, shared, "teacher", text="Teacher answers the shared one")
    private = reflect(district, goal, text="Only for my advisor", advisor_only=True)
    respond(district, private, "advisor", text="Advisor answers the private one")
    access = access_of(district, persona)
    assert access.sees_advisor_only is sees
    seen = texts(selectors.goals_for(access))
    assert {"Shared with everyone", "Teacher answers the shared one"} <= seen
    private_texts = {"Only for my advisor", "Advisor answers the private one"}
    assert (private_texts <= seen) is sees and seen.isdisjoint(private_texts) is not sees
    visible = selectors.visible_checkins(access)
    assert visible.filter(pk=private.pk).exists() is sees
    assert visible.filter(pk=shared.pk).exists()


def test_the_checkin_lookup_treats_a_hidden_reflection_as_missing(district):
    from django.http import Http404

    private = reflect(district, own_goal(district), advisor_only=True)
    with pytest.raises(Http404):
        goal_access.checkin_or_404(access_of(district, "teacher"), private.goal_id, private.pk)
    assert goal_access.checkin_or_404(access_of(district, "advisor"), private.goal_id, private.pk) == private


def test_threads_are_newest_first_with_responses_in_order(district, clock):
    goal = own_goal(district)
    first = reflect(district, goal, text="First")
    clock.shift(dt.timedelta(days=1))
    second = reflect(district, goal, text="Second")
    respond(district, first, "teacher", text="Late answer to the first")
    clock.shift(dt.timedelta(hours=1))
    respond(district, first, "advisor", text="Another answer")
    card = goal_access.goal_card_or_404(access_of(district, "student"), goal.pk)
    assert [t.reflection for t in card.threads] == [second, first]
    assert [r.text for r in card.threads[1].responses] == ["Late answer to the first", "Another answer"]
    assert card.last_thread.reflection == second


def test_goals_are_listed_proposed_then_active_by_target_then_closed(district):
    later = own_goal(district, title="Later", target=days(40))
    sooner = own_goal(district, title="Sooner", target=days(10))
    proposal = proposed_goal(district)
    done = own_goal(district, title="Done")
    services.goal_close(
        access=access_of(district, "student"),
        goal=done,
        actor=district.actor("student"),
        outcome="achieved",
        reflection="Yes",
    )
    cards = selectors.goals_for(access_of(district, "guardian"))
    assert [c.goal for c in cards] == [proposal, sooner, later, done]
    assert [c.goal for c in selectors.goals_for(access_of(district, "guardian"), statuses=["active"])] == [
        sooner,
        later,
    ]


def test_a_card_counts_steps_done(district, clock):
    goal = own_goal(district, steps=["One", "Two", StepSpec("Three", days(3))])
    services.goal_step_done(
        access=access_of(district, "student"),
        step=goal.steps.get(position=1),
        actor=district.actor("student"),
    )
    card = goal_access.goal_card_or_404(access_of(district, "student"), goal.pk)
    assert (card.steps_done, card.steps_total, card.is_overdue) == (1, 3, False)
    clock.shift(dt.timedelta(days=4))
    card = goal_access.goal_card_or_404(access_of(district, "student"), goal.pk)
    assert [s.text for s in card.missed_steps] == ["Three"] and card.is_overdue


# --- Overdue and stalled --------------------------------------------------------------------------


def test_a_goal_is_overdue_when_its_target_date_passes(district, clock):
    goal = own_goal(district, target=days(5))
    assert selectors.needs_attention([district.sam], days(5)).overdue == []
    clock.shift(dt.timedelta(days=6))
    [flagged] = selectors.needs_attention([district.sam], days(6)).overdue
    assert (flagged.goal, flagged.target_passed, flagged.missed_step_due) == (goal, True, None)


def test_a_goal_is_overdue_when_a_step_not_done_is_past_due(district, clock):
    goal = own_goal(
        district,
        steps=[StepSpec("Done early", days(2)), StepSpec("Missed", days(3)), StepSpec("Later", days(20))],
    )
    services.goal_step_done(
        access=access_of(district, "student"),
        step=goal.steps.get(position=1),
        actor=district.actor("student"),
    )
    clock.shift(dt.timedelta(days=4))
    [flagged] = selectors.needs_attention([district.sam.pk], days(4)).overdue
    assert (flagged.goal, flagged.target_passed, flagged.missed_step_due) == (goal, False, days(3))


def test_only_active_goals_are_overdue_or_stalled(district, clock):
    proposal = proposed_goal(district, target=days(2))
    closed = own_goal(district, target=days(2))
    services.goal_close(
        access=access_of(district, "student"),
        goal=closed,
        actor=district.actor("student"),
        outcome="set_aside",
        reflection="Changed my mind",
    )
    assert proposal.status == "proposed"
    clock.shift(dt.timedelta(days=60))
    attention = selectors.needs_attention([district.sam], days(60))
    assert (attention.overdue, attention.stalled) == ([], [])


def test_a_goal_stalls_after_21_days_without_a_check_in_counting_from_when_it_became_active(district, clock):
    goal = own_goal(district, target=days(90))
    clock.shift(dt.timedelta(days=20))
    assert selectors.needs_attention([district.sam], days(20)).stalled == []
    clock.shift(dt.timedelta(days=1))
    [flagged] = selectors.needs_attention([district.sam], days(21)).stalled
    assert (flagged.goal, flagged.quiet_days) == (goal, 21)
    assert selectors.needs_attention([district.sam], days(21)).overdue == []


def test_a_proposed_goal_counts_from_its_acceptance_not_its_proposal(district, clock):
    goal = proposed_goal(district, target=days(90))
    clock.shift(dt.timedelta(days=15))
    services.goal_accept(access=access_of(district, "student"), goal=goal, actor=district.actor("student"))
    clock.shift(dt.timedelta(days=15))
    assert selectors.needs_attention([district.sam], days(30)).stalled == []
    assert [f.quiet_days for f in selectors.needs_attention([district.sam], days(36)).stalled] == [21]


def test_the_students_own_check_in_restarts_the_count_but_an_adults_response_does_not(district, clock):
    goal = own_goal(district, target=days(90))
    clock.shift(dt.timedelta(days=10))
    checkin = reflect(district, goal, advisor_only=True)  # private check-ins count too
    clock.shift(dt.timedelta(days=19))
    respond(district, checkin, "advisor")
    clock.shift(dt.timedelta(days=1))
    assert selectors.needs_attention([district.sam], days(30)).stalled == []
    clock.shift(dt.timedelta(days=1))
    [flagged] = selectors.needs_attention([district.sam], days(31)).stalled
    assert flagged.quiet_days == 21


def test_the_stall_threshold_comes_from_the_setting(district, clock, settings):
    settings.PATHMAKER_GOAL_STALLED_DAYS = 7
    goal = own_goal(district, target=days(90))
    clock.shift(dt.timedelta(days=7))
    assert [f.goal for f in selectors.needs_attention([district.sam], days(7)).stalled] == [goal]


def test_a_late_evening_check_in_counts_on_its_local_date(district, clock):
    goal = own_goal(district, target=days(90))
    # 23:30 in New York on 1 October is 03:30 UTC on 2 October.
    clock.move_to(dt.datetime(2026, 10, 2, 3, 30, tzinfo=dt.UTC))
    reflect(district, goal)
    assert [f.quiet_days for f in selectors.needs_attention([district.sam], days(21)).stalled] == [21]


def test_needs_attention_looks_only_at_the_students_asked_about(district):
    tia_goal = Goal.objects.create(
        student=district.tia,
        category="academic",
        title="Tia's goal",
        target_date=TODAY - dt.timedelta(days=3),
        status="active",
        proposed_by_name="Tia Tran",
        proposed_by_role="student",
        created_at=dt.datetime(2026, 8, 1, tzinfo=dt.UTC),
        accepted_at=dt.datetime(2026, 8, 1, tzinfo=dt.UTC),
    )
    assert selectors.needs_attention([district.sam], TODAY).overdue == []
    both = selectors.needs_attention([district.sam, district.tia], TODAY)
    assert [f.goal for f in both.overdue] == [tia_goal] and [f.goal for f in both.stalled] == [tia_goal]
    assert both.for_student(district.sam.pk).overdue == []


def test_the_advisors_rows_count_each_advisees_goals(district, clock):
    own_goal(district, target=days(3))
    own_goal(district, title="On track", target=days(80))
    proposed_goal(district)
    clock.shift(dt.timedelta(days=5))
    reflect(district, Goal.objects.get(title="On track"))
    [row] = selectors.advising_rows(district.user("advisor").person_id, days(5))
    assert (row.student, row.active, row.proposed, row.flagged_count, row.on_track) == (
        district.sam,
        2,
        1,
        1,
        1,
    )
    assert selectors.advising_rows(district.user("teacher").person_id, days(5)) == []


def test_check_ins_hidden_from_others_are_still_stored(district):
    reflect(district, own_goal(district), advisor_only=True)
    assert CheckIn.objects.filter(advisor_only=True).count() == 1
    assert selectors.goals_for(access_of(district, "principal"))[0].threads == []
