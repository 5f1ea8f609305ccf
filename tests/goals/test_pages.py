"""The goal pages for each persona: who opens them, who acts on them, and that everyone else gets a 404
with nothing changed, nothing of Sam's shown, and nothing logged as seen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.goals.models import CheckIn, Goal, GoalStep
from pathmaker.profiles.models import ProfileSection
from tests.goals.conftest import (
    access_of,
    competency,
    days,
    own_goal,
    proposed_goal,
    reflect,
    respond,
    snapshot,
)

READERS = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
SECRET = "My parents are splitting up"


def goal_url(name: str, goal: Goal, *extra: int) -> str:
    return reverse(name, args=[goal.student_id, goal.pk, *extra])


def refused(response, *private: str) -> bool:
    """A 404 that shows none of the student's words."""
    page = response.content.decode()
    return response.status_code == 404 and not any(text in page for text in private)


def reads_logged(user) -> int:
    return AuditEvent.objects.filter(action="goals.view", actor=user).count()


# --- The goal page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_everyone_who_sees_sams_profile_opens_his_goal_and_the_read_is_logged(district, login, persona):
    goal = own_goal(district, title="Finish every lab report", why="Labs are half my grade")
    reflect(district, goal, text="Shared reflection")
    respond(
        district, reflect(district, goal, text=SECRET, advisor_only=True), "advisor", text="Let's talk Monday"
    )
    response = login(district.user(persona)).get(goal_url("goal_detail", goal))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Finish every lab report" in page and "Labs are half my grade" in page and "Shared reflection" in page
    )
    sees = persona in ("student", "advisor")
    assert (SECRET in page) is sees and ("Let&#x27;s talk Monday" in page) is sees
    event = AuditEvent.objects.get(action="goals.view", actor=district.user(persona))
    assert (event.student_id, event.detail) == (district.sam.pk, {"goal": goal.pk})


@pytest.mark.parametrize("persona", WRONG)
def test_the_wrong_personas_get_not_found_for_the_goal_page(district, login, persona):
    goal = own_goal(district, title="Finish every lab report")
    reflect(district, goal, text="Shared reflection")
    response = login(district.user(persona)).get(goal_url("goal_detail", goal))
    assert refused(response, "Finish every lab report", "Shared reflection", "Sam Garcia")
    assert reads_logged(district.user(persona)) == 0


def test_a_goal_of_another_student_is_not_found_under_sams_address(district, login):
    omar_goal = Goal.objects.create(
        student=district.omar,
        category="personal",
        title="Omar's own goal",
        target_date=days(9),
        status="active",
        proposed_by_name="Omar Ortiz",
        proposed_by_role="student",
        created_at="2026-09-01T12:00Z",
    )
    response = login(district.user("student")).get(
        reverse("goal_detail", args=[district.sam.pk, omar_goal.pk])
    )
    assert refused(response, "Omar's own goal")


def test_logged_out_visitors_are_sent_to_log_in(district, client):
    goal = own_goal(district)
    response = client.get(goal_url("goal_detail", goal))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_family_gets_not_found_when_the_district_keeps_goals_from_families(district, login):
    ProfileSection.objects.filter(key="goals").update(family_visible=False)
    goal = own_goal(district, title="Finish every lab report")
    assert refused(
        login(district.user("guardian")).get(goal_url("goal_detail", goal)), "Finish every lab report"
    )
    assert login(district.user("student")).get(goal_url("goal_detail", goal)).status_code == 200


def test_each_persona_is_offered_only_the_forms_they_may_use(district, login):
    goal = own_goal(district, steps=["Make a checklist"])
    reflect(district, goal)
    pages = {
        p: login(district.user(p)).get(goal_url("goal_detail", goal)).content.decode()
        for p in ("student", "teacher", "guardian")
    }
    assert all(form in pages["student"] for form in ("Save check-in", "Add step", "Mark done", "Finish goal"))
    assert "Send response" not in pages["student"]
    assert "Send response" in pages["teacher"]
    assert not any(
        form in pages["teacher"] for form in ("Save check-in", "Add step", "Mark done", "Finish goal")
    )
    assert not any(
        form in pages["guardian"]
        for form in ("Save check-in", "Add step", "Mark done", "Finish goal", "Send response")
    )


def test_a_proposal_shows_accept_and_decline_to_the_student_only(district, login):
    goal = proposed_goal(district)
    student = login(district.user("student")).get(goal_url("goal_detail", goal)).content.decode()
    assert "Accept this goal" in student and "Decline this goal" in student
    assert "Proposed by Ada Okafor (advisor)" in student
    advisor = login(district.user("advisor")).get(goal_url("goal_detail", goal)).content.decode()
    assert "Accept this goal" not in advisor and "has not accepted this goal yet" in advisor
    assert "Add step" in advisor  # the proposer plans steps until the student accepts


# --- A new goal ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("student", "Set a goal"),
        ("advisor", "Propose a goal for Sam Garcia"),
        ("teacher", "Propose a goal for Sam Garcia"),
        ("co_teacher", "Propose a goal for Sam Garcia"),
    ],
)
def test_the_new_goal_page_opens_for_the_student_and_for_those_who_propose(district, login, persona, heading):
    ratio = competency("Uses ratios and rates", code="MV.M.RATIO")
    frameworks.course_competency_add(
        course=district.math.course, competency=ratio, actor=Actor.system("test")
    )
    page = login(district.user(persona)).get(reverse("goal_new", args=[district.sam.pk]))
    assert page.status_code == 200
    assert heading in page.content.decode() and "MV.M.RATIO Uses ratios and rates" in page.content.decode()
    assert AuditEvent.objects.get(action="goals.view", actor=district.user(persona)).detail == {
        "page": "new goal"
    }


@pytest.mark.parametrize("persona", ["guardian", "principal", "district_admin", *WRONG])
def test_others_get_not_found_for_the_new_goal_page_and_cannot_post_one(district, login, persona):
    client = login(district.user(persona))
    assert refused(client.get(reverse("goal_new", args=[district.sam.pk])), "Sam Garcia")
    response = client.post(
        reverse("goal_new", args=[district.sam.pk]),
        {"category": "academic", "title": "Sneaky goal", "target_date": days(5).isoformat()},
    )
    assert refused(response, "Sam Garcia") and not Goal.objects.exists()


def test_the_student_sets_a_goal_with_steps_and_competencies(district, login):
    ratio = competency("Uses ratios and rates", code="MV.M.RATIO")
    frameworks.course_competency_add(
        course=district.math.course, competency=ratio, actor=Actor.system("test")
    )
    response = login(district.user("student")).post(
        reverse("goal_new", args=[district.sam.pk]),
        {
            "category": "academic",
            "title": "Raise my ratio level",
            "why": "Science uses it",
            "target_date": days(40).isoformat(),
            "steps": "- Redo the practice set\n\n  Ask at flex time  \n",
            "competencies": [str(ratio.pk)],
        },
    )
    goal = Goal.objects.get()
    assert response.status_code == 302 and response["Location"] == goal_url("goal_detail", goal)
    assert (goal.status, goal.title, goal.why, goal.target_date) == (
        "active",
        "Raise my ratio level",
        "Science uses it",
        days(40),
    )
    assert [s.text for s in goal.steps.all()] == ["Redo the practice set", "Ask at flex time"]
    assert list(goal.competencies.all()) == [ratio]
    assert AuditEvent.objects.filter(action="goal.create", actor=district.user("student")).count() == 1


def test_the_advisor_proposes_a_goal_from_the_new_goal_page(district, login):
    response = login(district.user("advisor")).post(
        reverse("goal_new", args=[district.sam.pk]),
        {"category": "college_career", "title": "Visit the career fair", "target_date": days(14).isoformat()},
    )
    goal = Goal.objects.get()
    assert response.status_code == 302 and (goal.status, goal.proposed_by_role) == ("proposed", "advisor")


def test_a_refused_goal_comes_back_with_the_reason_and_what_was_typed(district, login):
    client = login(district.user("student"))
    response = client.post(
        reverse("goal_new", args=[district.sam.pk]),
        {
            "category": "habits",
            "title": "Sleep by ten",
            "target_date": days(-3).isoformat(),
            "steps": "Phone away",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and not Goal.objects.exists()
    assert "the target date 2026-09-28 has passed; choose today or a later date" in page
    assert 'href="#id_target_date"' in page and "Sleep by ten" in page and "Phone away" in page
    response = client.post(reverse("goal_new", args=[district.sam.pk]), {"category": "habits", "title": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not Goal.objects.exists()


def test_a_retired_competency_is_refused_on_the_page(district, login):
    old = competency("Old statement", code="OLD.1", retired=True)
    response = login(district.user("student")).post(
        reverse("goal_new", args=[district.sam.pk]),
        {
            "category": "academic",
            "title": "A goal",
            "target_date": days(4).isoformat(),
            "competencies": [str(old.pk)],
        },
    )
    assert (
        response.status_code == 400 and "is retired: choose a current competency" in response.content.decode()
    )
    assert not Goal.objects.exists()


def test_searching_for_a_competency_keeps_what_was_typed_and_saves_nothing(district, login):
    wanted = competency("Explains ideas clearly to an audience", code="MV.POG.1.1")
    chosen = competency("Sets goals and plans the steps", code="MV.POG.5.1")
    response = login(district.user("student")).post(
        reverse("goal_new", args=[district.sam.pk]),
        {
            "category": "personal",
            "title": "Speak up in class",
            "target_date": days(20).isoformat(),
            "competencies": [str(chosen.pk)],
            "search": "audience",
            "search_go": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Goal.objects.exists()
    assert "1 competency matches “audience”" in page
    assert f'value="{wanted.pk}"' in page and "Speak up in class" in page
    assert f'value="{chosen.pk}"' in page and "checked" in page.split(f'value="{chosen.pk}"')[1].split(">")[0]
    assert "Please fix:" not in page  # searching is not an error


# --- Accepting and declining ---------------------------------------------------------------------------


def test_the_student_accepts_a_proposal(district, login):
    goal = proposed_goal(district)
    response = login(district.user("student")).post(goal_url("goal_accept", goal))
    goal.refresh_from_db()
    assert response.status_code == 302 and goal.status == "active"
    assert AuditEvent.objects.filter(action="goal.accept", actor=district.user("student")).count() == 1


def test_accepting_twice_says_why_it_cannot(district, login):
    goal = proposed_goal(district)
    client = login(district.user("student"))
    client.post(goal_url("goal_accept", goal))
    page = client.post(goal_url("goal_accept", goal), follow=True).content.decode()
    assert "this goal is active, not waiting to be accepted" in page
    assert AuditEvent.objects.filter(action="goal.accept").count() == 1


def test_the_student_declines_a_proposal_with_a_reason(district, login):
    goal = proposed_goal(district)
    response = login(district.user("student")).post(
        goal_url("goal_decline", goal), {"decline-reason": "I went last year"}
    )
    goal.refresh_from_db()
    assert response.status_code == 302 and (goal.status, goal.closing_reflection) == (
        "set_aside",
        "I went last year",
    )


@pytest.mark.parametrize("persona", ["guardian", "advisor", "teacher", *WRONG])
def test_only_the_student_accepts_or_declines_on_the_pages(district, login, persona):
    goal = proposed_goal(district, title="Visit the career fair")
    client, before = login(district.user(persona)), snapshot()
    assert refused(client.post(goal_url("goal_accept", goal)), "Visit the career fair")
    assert refused(
        client.post(goal_url("goal_decline", goal), {"decline-reason": "no"}), "Visit the career fair"
    )
    goal.refresh_from_db()
    assert goal.status == "proposed" and snapshot() == before


# --- Steps ----------------------------------------------------------------------------------------------


def test_the_student_adds_a_step_and_marks_it_done(district, login):
    goal = own_goal(district)
    client = login(district.user("student"))
    response = client.post(
        goal_url("goal_step_add", goal), {"step-text": "Make a checklist", "step-due_on": days(3).isoformat()}
    )
    step = GoalStep.objects.get()
    assert response.status_code == 302 and (step.text, step.due_on) == ("Make a checklist", days(3))
    assert client.post(goal_url("goal_step_done", goal, step.pk)).status_code == 302
    step.refresh_from_db()
    assert step.done_on == days(0)


def test_a_step_that_is_refused_comes_back_on_the_form(district, login):
    goal = own_goal(district, target=days(10))
    response = login(district.user("student")).post(
        goal_url("goal_step_add", goal), {"step-text": "Too late", "step-due_on": days(11).isoformat()}
    )
    assert response.status_code == 400 and "after the goal&#x27;s target date" in response.content.decode()
    assert not GoalStep.objects.exists()


def test_the_proposer_adds_a_step_to_their_proposal(district, login):
    goal = proposed_goal(district)
    response = login(district.user("advisor")).post(
        goal_url("goal_step_add", goal), {"step-text": "Bring a friend"}
    )
    assert response.status_code == 302 and GoalStep.objects.get().added_by == district.user("advisor")


@pytest.mark.parametrize("persona", ["guardian", "teacher", "principal", *WRONG])
def test_others_cannot_add_or_tick_off_steps(district, login, persona):
    goal = own_goal(district, title="Finish every lab report", steps=["Make a checklist"])
    step = goal.steps.get()
    client, before = login(district.user(persona)), snapshot()
    assert refused(
        client.post(goal_url("goal_step_add", goal), {"step-text": "Adult step"}), "Make a checklist"
    )
    assert refused(client.post(goal_url("goal_step_done", goal, step.pk)), "Make a checklist")
    assert snapshot() == before


def test_a_step_of_another_goal_is_not_found(district, login):
    goal, other = own_goal(district), own_goal(district, title="Other", steps=["Elsewhere"])
    response = login(district.user("student")).post(goal_url("goal_step_done", goal, other.steps.get().pk))
    assert response.status_code == 404 and not GoalStep.objects.filter(done_on__isnull=False).exists()


# --- Check-ins and responses -------------------------------------------------------------------------


def test_the_student_checks_in_privately_for_the_advisor(district, login):
    goal = own_goal(district)
    response = login(district.user("student")).post(
        goal_url("goal_checkin", goal),
        {"checkin-progress": "2", "checkin-text": SECRET, "checkin-advisor_only": "on"},
    )
    checkin = CheckIn.objects.get()
    assert response.status_code == 302 and (checkin.progress, checkin.advisor_only, checkin.text) == (
        2,
        True,
        SECRET,
    )
    assert SECRET not in login(district.user("teacher")).get(goal_url("goal_detail", goal)).content.decode()


def test_an_empty_check_in_comes_back_with_the_reason(district, login):
    goal = own_goal(district)
    response = login(district.user("student")).post(goal_url("goal_checkin", goal), {"checkin-text": " "})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("persona", ["guardian", "teacher", "advisor", *WRONG])
def test_only_the_student_checks_in_on_the_pages(district, login, persona):
    goal = own_goal(district, title="Finish every lab report")
    response = login(district.user(persona)).post(goal_url("goal_checkin", goal), {"checkin-text": "Hello"})
    assert refused(response, "Finish every lab report") and not CheckIn.objects.exists()


@pytest.mark.parametrize("persona", ["teacher", "advisor", "principal"])
def test_an_adult_responds_to_a_check_in(district, login, persona):
    checkin = reflect(district, own_goal(district))
    response = login(district.user(persona)).post(
        goal_url("goal_respond", checkin.goal, checkin.pk), {f"respond-{checkin.pk}-text": "Proud of you"}
    )
    answer = CheckIn.objects.get(responds_to=checkin)
    assert response.status_code == 302 and (answer.text, answer.author) == (
        "Proud of you",
        district.user(persona),
    )
    page = login(district.user("student")).get(goal_url("goal_detail", checkin.goal)).content.decode()
    assert f"{district.user(persona).person.display_name} ({answer.author_role}) responded on" in page


@pytest.mark.parametrize("persona", ["student", "guardian", *WRONG])
def test_the_student_family_and_strangers_cannot_respond(district, login, persona):
    checkin = reflect(district, own_goal(district), text="Shared reflection")
    response = login(district.user(persona)).post(
        goal_url("goal_respond", checkin.goal, checkin.pk), {f"respond-{checkin.pk}-text": "x"}
    )
    assert refused(response, "Shared reflection") and CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "status"), [("teacher", 404), ("principal", 404), ("district_admin", 404), ("advisor", 302)]
)
def test_only_advisors_respond_to_an_advisor_only_check_in(district, login, persona, status):
    private = reflect(district, own_goal(district), text=SECRET, advisor_only=True)
    response = login(district.user(persona)).post(
        goal_url("goal_respond", private.goal, private.pk), {f"respond-{private.pk}-text": "Noted"}
    )
    assert response.status_code == status and SECRET not in response.content.decode()
    assert CheckIn.objects.filter(responds_to=private).count() == (1 if status == 302 else 0)


def test_an_empty_response_comes_back_on_its_form(district, login):
    checkin = reflect(district, own_goal(district))
    response = login(district.user("teacher")).post(
        goal_url("goal_respond", checkin.goal, checkin.pk), {f"respond-{checkin.pk}-text": ""}
    )
    assert (
        response.status_code == 400
        and f'id="id_respond-{checkin.pk}-text_error"' in response.content.decode()
    )
    assert CheckIn.objects.count() == 1


# --- Closing --------------------------------------------------------------------------------------------


def test_the_student_marks_a_goal_achieved(district, login):
    goal = own_goal(district)
    response = login(district.user("student")).post(
        goal_url("goal_close", goal),
        {"close-outcome": "achieved", "close-reflection": "Sunday planning worked"},
    )
    goal.refresh_from_db()
    assert response.status_code == 302 and (goal.status, goal.closing_reflection) == (
        "achieved",
        "Sunday planning worked",
    )


def test_closing_without_a_reflection_is_refused(district, login):
    goal = own_goal(district)
    response = login(district.user("student")).post(
        goal_url("goal_close", goal), {"close-outcome": "achieved"}
    )
    goal.refresh_from_db()
    assert response.status_code == 400 and goal.status == "active"


@pytest.mark.parametrize("persona", ["guardian", "advisor", "teacher", *WRONG])
def test_only_the_student_closes_a_goal_on_the_pages(district, login, persona):
    goal = own_goal(district, title="Finish every lab report")
    response = login(district.user(persona)).post(
        goal_url("goal_close", goal), {"close-outcome": "achieved", "close-reflection": "x"}
    )
    goal.refresh_from_db()
    assert refused(response, "Finish every lab report") and goal.status == "active" and goal.closed_at is None


def test_every_action_is_post_only(district, login):
    goal = own_goal(district)
    client = login(district.user("student"))
    assert client.get(goal_url("goal_accept", goal)).status_code == 405
    assert client.get(goal_url("goal_close", goal)).status_code == 405


# --- The advisor's page -----------------------------------------------------------------------------


def test_the_advisor_sees_advisees_with_overdue_and_stalled_goals(district, login, clock):
    import datetime as dt

    overdue = own_goal(district, title="Turn in homework on time", target=days(4))
    fine = own_goal(district, title="Read four books", target=days(80))
    proposed_goal(district)
    clock.shift(dt.timedelta(days=22))
    reflect(district, fine)
    response = login(district.user("advisor")).get(reverse("advising"))
    page = response.content.decode()
    assert response.status_code == 200 and "Sam Garcia" in page
    assert goal_url("goal_detail", overdue) in page and "Target date Oct. 5, 2026 has passed" in page
    # The fine goal is neither overdue nor stalled: it is listed only for its check-in waiting for a reply.
    assert "No check-in for 22 days" in page and f'{goal_url("goal_detail", fine)}"' not in page
    assert reverse("student_profile", kwargs={"student_id": district.sam.pk}) in page
    assert (
        'role="img"' in page
        and "Sam Garcia: 1 on track, 1 needing attention, 1 waiting for acceptance." in page
    )
    event = AuditEvent.objects.get(action="goals.view", actor=district.user("advisor"))
    assert (event.student_id, event.detail) == (district.sam.pk, {"page": "advising"})


@pytest.mark.parametrize(
    "persona", ["student", "guardian", "teacher", "co_teacher", "principal", "district_admin", *WRONG]
)
def test_anyone_who_advises_nobody_gets_not_found_for_the_advisors_page(district, login, persona):
    own_goal(district, title="Turn in homework on time", target=days(1))
    response = login(district.user(persona)).get(reverse("advising"))
    assert refused(response, "Turn in homework on time", "Sam Garcia")
    assert reads_logged(district.user(persona)) == 0


def test_an_advisor_whose_advisorships_ended_gets_not_found(district, login):
    from pathmaker.rostering.models import Advisorship

    Advisorship.objects.update(is_active=False)
    assert login(district.user("advisor")).get(reverse("advising")).status_code == 404


def test_the_home_page_links_advisors_to_their_advisees(district, login):
    assert reverse("advising") in login(district.user("advisor")).get(reverse("home")).content.decode()
    assert reverse("advising") not in login(district.user("teacher")).get(reverse("home")).content.decode()


def test_access_helper_matches_the_pages(district):
    # The tests above lean on these flags; if the rule changes, this says which assumption broke.
    assert access_of(district, "co_teacher").is_teacher and access_of(district, "advisor").is_advisor
    assert access_of(district, "guardian").family_only and not access_of(district, "principal").is_teacher
