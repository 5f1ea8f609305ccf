"""Setting goals, proposing them, steps, check-ins, responses and closing: every rule of the services."""

from __future__ import annotations

import datetime as dt

import pytest

from pathmaker.audit.models import AuditEvent
from pathmaker.goals import services
from pathmaker.goals.models import CheckIn, Goal, GoalStep
from pathmaker.goals.services import FORBIDDEN, GoalError, StepSpec
from tests.goals.conftest import (
    NOON,
    TODAY,
    access_of,
    competency,
    days,
    own_goal,
    proposed_goal,
    reflect,
    respond,
    snapshot,
)

# --- Setting and proposing a goal -----------------------------------------------------------------


def test_a_student_sets_a_goal_that_is_active_at_once(district):
    ratio = competency("Uses ratios", code="MV.M.RATIO")
    goal = own_goal(
        district,
        why="  Late labs cost me points.  ",
        steps=["Write labs in my planner", "  ", StepSpec("Ask for a lab checklist", days(5))],
        competency_ids=[ratio.pk],
    )
    goal.refresh_from_db()
    assert (goal.status, goal.accepted_at, goal.created_at) == ("active", NOON, NOON)
    assert (goal.why, goal.proposed_by, goal.proposed_by_role) == (
        "Late labs cost me points.",
        district.user("student"),
        "student",
    )
    assert goal.proposed_by_name == "Sam Garcia"
    assert [(s.position, s.text, s.due_on) for s in goal.steps.all()] == [
        (1, "Write labs in my planner", None),
        (2, "Ask for a lab checklist", days(5)),
    ]
    assert list(goal.competencies.all()) == [ratio]
    event = AuditEvent.objects.get(action="goal.create")
    assert (event.actor, event.student_id, event.object_id) == (
        district.user("student"),
        district.sam.pk,
        str(goal.pk),
    )
    assert event.detail == {
        "status": "active",
        "category": "academic",
        "steps": 2,
        "competencies": [ratio.pk],
    }


@pytest.mark.parametrize(
    ("persona", "role"), [("advisor", "advisor"), ("teacher", "teacher"), ("co_teacher", "teacher")]
)
def test_an_advisor_or_teacher_proposes_a_goal_that_waits_for_the_student(district, persona, role):
    goal = proposed_goal(district, persona, steps=["Pick two booths to visit"])
    goal.refresh_from_db()
    assert (goal.status, goal.accepted_at, goal.proposed_by_role) == ("proposed", None, role)
    assert goal.proposed_by == district.user(persona) and goal.steps.get().added_by == district.user(persona)
    assert AuditEvent.objects.get(action="goal.create").detail["status"] == "proposed"


@pytest.mark.parametrize(
    ("persona", "message"),
    [
        ("principal", "only the student, their advisors and their teachers set goals"),
        ("district_admin", "only the student, their advisors and their teachers set goals"),
        ("guardian", "only the student sets their own goals"),
    ],
)
def test_family_and_leaders_do_not_set_goals(district, persona, message):
    before = snapshot()
    with pytest.raises(GoalError, match=message):
        proposed_goal(district, persona)
    assert snapshot() == before


def test_it_refuses_a_goal_without_a_title(district):
    with pytest.raises(GoalError, match="give the goal a title") as refused:
        own_goal(district, title="   ")
    assert refused.value.field == "title" and not Goal.objects.exists()


def test_it_refuses_a_title_over_200_characters_and_says_how_long_it_is(district):
    with pytest.raises(GoalError, match="the title is 201 characters; keep it to 200 or fewer"):
        own_goal(district, title="x" * 201)
    assert own_goal(district, title="y" * 200).title == "y" * 200


def test_it_refuses_a_target_date_in_the_past_but_takes_today(district):
    with pytest.raises(GoalError, match="the target date 2026-09-30 has passed") as refused:
        own_goal(district, target=days(-1))
    assert refused.value.field == "target_date" and not Goal.objects.exists()
    assert own_goal(district, target=TODAY).target_date == TODAY


def test_it_refuses_a_goal_without_a_target_date(district):
    with pytest.raises(GoalError, match="choose a target date"):
        services.goal_create(
            access=access_of(district, "student"),
            actor=district.actor("student"),
            category="habits",
            title="Sleep more",
            target_date=None,
        )


def test_it_refuses_an_unknown_category(district):
    with pytest.raises(GoalError, match="choose a category") as refused:
        own_goal(district, category="sports")
    assert refused.value.field == "category"


def test_it_refuses_a_retired_competency_naming_it(district):
    old = competency("Old habit statement", code="OLD.1", retired=True)
    before = snapshot()
    with pytest.raises(
        GoalError, match="“OLD.1 Old habit statement” is retired: choose a current competency"
    ):
        own_goal(district, competency_ids=[old.pk], steps=["A step"])
    assert snapshot() == before


def test_it_refuses_a_competency_that_does_not_exist(district):
    with pytest.raises(GoalError, match="no competency has the id 999999") as refused:
        own_goal(district, competency_ids=[999999])
    assert refused.value.field == "competencies" and not Goal.objects.exists()


def test_it_refuses_more_than_ten_competencies(district):
    many = [competency(f"Statement {i}", code=f"C.{i}").pk for i in range(11)]
    with pytest.raises(GoalError, match="choose at most 10 competencies"):
        own_goal(district, competency_ids=many)


def test_it_refuses_more_than_twenty_steps(district):
    with pytest.raises(GoalError, match="a goal has at most 20 steps") as refused:
        own_goal(district, steps=[f"Step {i}" for i in range(21)])
    assert refused.value.field == "steps" and not GoalStep.objects.exists()


def test_it_refuses_a_step_due_after_the_target_date_or_in_the_past(district):
    with pytest.raises(GoalError, match="after the goal's target date 2026-10-31"):
        own_goal(district, steps=[StepSpec("Late step", days(31))])
    with pytest.raises(GoalError, match="is due 2026-09-29, which has passed"):
        own_goal(district, steps=[StepSpec("Past step", days(-2))])
    assert not Goal.objects.exists()


def test_it_refuses_a_step_over_300_characters(district):
    with pytest.raises(GoalError, match="keep each step to 300 or fewer"):
        own_goal(district, steps=["s" * 301])


# --- Accepting and declining a proposal -----------------------------------------------------------


def test_the_student_accepts_a_proposed_goal_and_it_becomes_active(district, clock):
    goal = proposed_goal(district)
    clock.shift(dt.timedelta(hours=3))
    services.goal_accept(access=access_of(district, "student"), goal=goal, actor=district.actor("student"))
    goal.refresh_from_db()
    assert (goal.status, goal.accepted_at) == ("active", NOON + dt.timedelta(hours=3))
    assert (
        AuditEvent.objects.filter(
            action="goal.accept", student_id=district.sam.pk, actor=district.user("student")
        ).count()
        == 1
    )


@pytest.mark.parametrize("persona", ["advisor", "teacher", "guardian", "principal"])
def test_only_the_student_accepts_or_declines(district, persona):
    goal = proposed_goal(district)
    before = snapshot()
    with pytest.raises(GoalError) as forbidden:
        services.goal_accept(access=access_of(district, persona), goal=goal, actor=district.actor(persona))
    assert forbidden.value.code == FORBIDDEN
    with pytest.raises(GoalError) as forbidden:
        services.goal_decline(access=access_of(district, persona), goal=goal, actor=district.actor(persona))
    assert forbidden.value.code == FORBIDDEN
    assert snapshot() == before
    goal.refresh_from_db()
    assert goal.status == "proposed"


def test_a_goal_is_accepted_once(district):
    goal = proposed_goal(district)
    services.goal_accept(access=access_of(district, "student"), goal=goal, actor=district.actor("student"))
    with pytest.raises(GoalError, match="this goal is active, not waiting to be accepted"):
        services.goal_accept(
            access=access_of(district, "student"), goal=goal, actor=district.actor("student")
        )
    with pytest.raises(GoalError, match="this goal is active, not waiting to be accepted"):
        services.goal_decline(
            access=access_of(district, "student"), goal=goal, actor=district.actor("student")
        )
    with pytest.raises(GoalError, match="this goal is active"):
        services.goal_accept(
            access=access_of(district, "student"), goal=own_goal(district), actor=district.actor("student")
        )


def test_a_proposal_whose_target_date_passed_cannot_be_accepted(district, clock):
    goal = proposed_goal(district, target=days(2))
    clock.shift(dt.timedelta(days=3))
    with pytest.raises(GoalError, match="has passed; ask Ada Okafor for a new date, or decline the goal"):
        services.goal_accept(
            access=access_of(district, "student"), goal=goal, actor=district.actor("student")
        )
    goal.refresh_from_db()
    assert goal.status == "proposed"


def test_the_student_declines_a_proposal_with_a_reason(district):
    goal = proposed_goal(district)
    services.goal_decline(
        access=access_of(district, "student"),
        goal=goal,
        actor=district.actor("student"),
        reason=" I already went last year. ",
    )
    goal.refresh_from_db()
    assert (goal.status, goal.closed_at, goal.closing_reflection) == (
        "set_aside",
        NOON,
        "I already went last year.",
    )
    assert goal.was_declined and goal.accepted_at is None
    assert AuditEvent.objects.get(action="goal.decline").detail == {"reason_given": True}


def test_a_goal_of_another_student_is_refused(district):
    goal = own_goal(district)
    omar = access_of(district, "other_student", district.omar)
    with pytest.raises(GoalError, match="that goal belongs to another student"):
        services.goal_checkin(access=omar, goal=goal, actor=district.actor("other_student"), text="Mine now")
    assert not CheckIn.objects.exists()


# --- Steps ------------------------------------------------------------------------------------------


def test_the_student_adds_steps_in_order_and_ticks_them_off(district, clock):
    goal = own_goal(district, steps=["First"])
    me = access_of(district, "student")
    second = services.goal_step_add(
        access=me, goal=goal, actor=district.actor("student"), text=" Second ", due_on=days(10)
    )
    assert (second.position, second.text, second.due_on) == (2, "Second", days(10))
    clock.shift(dt.timedelta(days=2))
    done = services.goal_step_done(access=me, step=second, actor=district.actor("student"))
    assert done.done_on == days(2)
    assert GoalStep.objects.get(pk=second.pk).done_on == days(2)
    with pytest.raises(GoalError, match="the step “Second” was already done on 2026-10-03"):
        services.goal_step_done(access=me, step=second, actor=district.actor("student"))
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="goal.step").order_by("id")] == [
        "goal.step_add",
        "goal.step_done",
    ]


def test_a_step_cannot_be_due_after_the_goals_target(district):
    goal = own_goal(district, target=days(10))
    with pytest.raises(GoalError, match="after the goal's target date") as refused:
        services.goal_step_add(
            access=access_of(district, "student"),
            goal=goal,
            actor=district.actor("student"),
            text="Too late",
            due_on=days(11),
        )
    assert refused.value.field == "due_on" and not GoalStep.objects.exists()


def test_the_proposer_plans_steps_until_the_student_accepts(district):
    goal = proposed_goal(district)
    ada = access_of(district, "advisor")
    step = services.goal_step_add(
        access=ada, goal=goal, actor=district.actor("advisor"), text="Bring questions"
    )
    assert step.added_by_name == "Ada Okafor"
    services.goal_step_done(access=ada, step=step, actor=district.actor("advisor"))
    services.goal_accept(access=access_of(district, "student"), goal=goal, actor=district.actor("student"))
    with pytest.raises(GoalError) as forbidden:
        services.goal_step_add(access=ada, goal=goal, actor=district.actor("advisor"), text="One more")
    assert forbidden.value.code == FORBIDDEN
    assert goal.steps.count() == 1


@pytest.mark.parametrize("persona", ["teacher", "guardian", "principal", "district_admin"])
def test_other_adults_do_not_plan_a_students_steps(district, persona):
    proposal, active = proposed_goal(district), own_goal(district, steps=["Mine"])
    before = snapshot()
    for goal in (proposal, active):
        with pytest.raises(GoalError) as forbidden:
            services.goal_step_add(
                access=access_of(district, persona),
                goal=goal,
                actor=district.actor(persona),
                text="Adult step",
            )
        assert forbidden.value.code == FORBIDDEN
    with pytest.raises(GoalError) as forbidden:
        services.goal_step_done(
            access=access_of(district, persona), step=active.steps.get(), actor=district.actor(persona)
        )
    assert forbidden.value.code == FORBIDDEN
    assert snapshot() == before


def test_a_closed_goal_takes_no_new_steps(district):
    goal = own_goal(district, steps=["Open step"])
    me = access_of(district, "student")
    services.goal_close(
        access=me, goal=goal, actor=district.actor("student"), outcome="achieved", reflection="Done!"
    )
    with pytest.raises(GoalError, match="this goal is achieved: it takes no new steps"):
        services.goal_step_add(access=me, goal=goal, actor=district.actor("student"), text="Later")
    with pytest.raises(GoalError, match="its steps are settled"):
        services.goal_step_done(access=me, step=goal.steps.get(), actor=district.actor("student"))


# --- Check-ins and responses --------------------------------------------------------------------------


def test_the_student_checks_in_with_how_it_is_going(district):
    goal = own_goal(district)
    checkin = reflect(district, goal, text="  Better this week.  ", progress=3)
    checkin.refresh_from_db()
    assert (checkin.text, checkin.progress, checkin.advisor_only, checkin.author_role) == (
        "Better this week.",
        3,
        False,
        "student",
    )
    assert (checkin.author_name, checkin.responds_to, checkin.created_at) == ("Sam Garcia", None, NOON)
    assert AuditEvent.objects.get(action="goal.checkin").detail == {
        "goal": goal.pk,
        "progress": 3,
        "advisor_only": False,
    }


def test_a_check_in_needs_words_and_a_rating_from_1_to_4(district):
    goal = own_goal(district)
    with pytest.raises(GoalError, match="write your check-in first") as refused:
        reflect(district, goal, text="   ")
    assert refused.value.field == "text"
    with pytest.raises(GoalError, match="from 1 \\(stuck\\) to 4 \\(going great\\)") as refused:
        reflect(district, goal, progress=5)
    assert refused.value.field == "progress"
    with pytest.raises(GoalError, match="keep it to 4000 or fewer"):
        reflect(district, goal, text="w" * 4001)
    assert not CheckIn.objects.exists()


def test_check_ins_are_on_active_goals_only(district):
    with pytest.raises(GoalError, match="this goal is proposed: check in on an active goal"):
        reflect(district, proposed_goal(district))


@pytest.mark.parametrize("persona", ["advisor", "teacher", "guardian"])
def test_only_the_student_checks_in(district, persona):
    goal = own_goal(district)
    with pytest.raises(GoalError) as forbidden:
        services.goal_checkin(
            access=access_of(district, persona), goal=goal, actor=district.actor(persona), text="Hi"
        )
    assert forbidden.value.code == FORBIDDEN
    assert not CheckIn.objects.exists()


def test_a_check_in_is_never_edited_in_place(district):
    checkin = reflect(district, own_goal(district))
    checkin.text = "Rewritten history"
    with pytest.raises(ValueError, match="never edited in place"):
        checkin.save()
    assert CheckIn.objects.get().text == "Two labs in on time this week."


@pytest.mark.parametrize(
    ("persona", "role"),
    [
        ("teacher", "teacher"),
        ("advisor", "advisor"),
        ("principal", "school leader"),
        ("district_admin", "district"),
    ],
)
def test_an_adult_who_works_with_the_student_responds_signed_with_their_role(district, persona, role):
    checkin = reflect(district, own_goal(district))
    response = respond(district, checkin, persona, text=" Nice work. ")
    assert (response.responds_to, response.author_role, response.text) == (checkin, role, "Nice work.")
    assert (
        response.author == district.user(persona) and response.progress is None and not response.advisor_only
    )
    assert AuditEvent.objects.get(action="goal.respond").detail == {
        "goal": checkin.goal_id,
        "responds_to": checkin.pk,
    }


@pytest.mark.parametrize("persona", ["student", "guardian"])
def test_the_student_and_family_do_not_respond(district, persona):
    checkin = reflect(district, own_goal(district))
    with pytest.raises(GoalError) as forbidden:
        respond(district, checkin, persona)
    assert forbidden.value.code == FORBIDDEN
    assert CheckIn.objects.count() == 1


def test_a_response_answers_a_reflection_not_another_response(district):
    response = respond(district, reflect(district, own_goal(district)), "teacher")
    with pytest.raises(GoalError, match="respond to the student's check-in, not to another response"):
        respond(district, response, "advisor")


@pytest.mark.parametrize("persona", ["teacher", "co_teacher", "principal", "district_admin"])
def test_only_advisors_respond_to_an_advisor_only_reflection(district, persona):
    private = reflect(district, own_goal(district), text="Things at home are hard.", advisor_only=True)
    with pytest.raises(GoalError, match="there is no such check-in on this goal"):
        respond(district, private, persona)
    assert respond(district, private, "advisor").responds_to == private
    assert CheckIn.objects.count() == 2


def test_an_empty_response_is_refused(district):
    with pytest.raises(GoalError, match="write your response first"):
        respond(district, reflect(district, own_goal(district)), "teacher", text=" ")


# --- Closing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["achieved", "set_aside"])
def test_the_student_closes_a_goal_with_a_reflection(district, outcome):
    goal = own_goal(district)
    services.goal_close(
        access=access_of(district, "student"),
        goal=goal,
        actor=district.actor("student"),
        outcome=outcome,
        reflection=" Planning on Sundays worked. ",
    )
    goal.refresh_from_db()
    assert (goal.status, goal.closed_at, goal.closing_reflection) == (
        outcome,
        NOON,
        "Planning on Sundays worked.",
    )
    assert not goal.was_declined
    assert AuditEvent.objects.get(action="goal.close").detail == {"outcome": outcome}


def test_closing_needs_an_outcome_and_a_reflection_and_an_active_goal(district):
    goal, me = own_goal(district), access_of(district, "student")
    with pytest.raises(GoalError, match="choose whether the goal was achieved or set aside"):
        services.goal_close(
            access=me, goal=goal, actor=district.actor("student"), outcome="active", reflection="x"
        )
    with pytest.raises(GoalError, match="write a closing reflection first"):
        services.goal_close(
            access=me, goal=goal, actor=district.actor("student"), outcome="achieved", reflection=""
        )
    with pytest.raises(GoalError, match="this goal is proposed: only an active goal is closed"):
        services.goal_close(
            access=me,
            goal=proposed_goal(district),
            actor=district.actor("student"),
            outcome="achieved",
            reflection="x",
        )
    assert not Goal.objects.filter(closed_at__isnull=False).exists()


@pytest.mark.parametrize("persona", ["advisor", "teacher", "guardian", "district_admin"])
def test_only_the_student_closes_their_goal(district, persona):
    goal = own_goal(district)
    with pytest.raises(GoalError) as forbidden:
        services.goal_close(
            access=access_of(district, persona),
            goal=goal,
            actor=district.actor(persona),
            outcome="achieved",
            reflection="Done",
        )
    assert forbidden.value.code == FORBIDDEN
    goal.refresh_from_db()
    assert goal.status == "active" and goal.closed_at is None
