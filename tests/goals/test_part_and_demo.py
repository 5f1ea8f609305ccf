"""The goals part of the profile, its conference packet offer, and the demo's goals."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from pathmaker.demo.goals import build_demo_goals
from pathmaker.goals import selectors, services
from pathmaker.goals.models import CheckIn, Goal
from pathmaker.goals.profile_part import packet, part_context
from pathmaker.goals.services import StepSpec
from pathmaker.profiles.parts import packet_sections, part_for, render_text
from tests.goals.conftest import TODAY, access_of, days, own_goal, proposed_goal, reflect, respond

SECRET = "My parents are splitting up"


def render_part(district, persona: str) -> str:
    request = RequestFactory().get("/")
    request.user = district.user(persona)
    access = access_of(district, persona)
    return render_to_string("goals/part.html", {"ctx": part_context(access, request)}, request=request)


def test_the_goals_part_is_registered_for_the_profile():
    part = part_for("goals")
    assert part is not None and part.template == "goals/part.html"
    assert part.context is part_context and part.packet is packet


def test_the_student_sees_open_goals_with_progress_last_check_in_and_who_responded(district):
    goal = own_goal(district, title="Finish every lab report", steps=["Checklist", "Planner"])
    services.goal_step_done(
        access=access_of(district, "student"), step=goal.steps.first(), actor=district.actor("student")
    )
    respond(
        district,
        reflect(district, goal, text="Two labs in on time", progress=3),
        "teacher",
        text="I noticed!",
    )
    proposed_goal(district, title="Visit the career fair")
    html = render_part(district, "student")
    assert (
        "Finish every lab report" in html
        and "1 of 2 steps done" in html
        and '<progress max="2" value="1"' in html
    )
    assert "Two labs in on time" in html and "On track" in html
    assert "Alice Adams (teacher) responded:" in html and "I noticed!" in html
    assert "Visit the career fair" in html and "by Ada Okafor (advisor)" in html and ">Accept<" in html
    assert "Set a new goal" in html
    assert "<h2" not in html and "<h1" not in html  # the profile page prints the section's heading


def test_the_family_sees_goals_but_not_advisor_only_reflections(district):
    goal = own_goal(district, title="Finish every lab report")
    reflect(district, goal, text="Shared words")
    reflect(district, goal, text=SECRET, advisor_only=True)
    family = render_part(district, "guardian")
    assert "Finish every lab report" in family and "Shared words" in family and SECRET not in family
    assert "Set a new goal" not in family and "Propose a goal" not in family and ">Accept<" not in family
    assert SECRET in render_part(district, "advisor") and SECRET not in render_part(district, "teacher")
    assert "Propose a goal for Sam Garcia" in render_part(district, "advisor")


def test_closed_goals_are_listed_apart_with_declined_ones_marked(district):
    done = own_goal(district, title="Read four books")
    services.goal_close(
        access=access_of(district, "student"),
        goal=done,
        actor=district.actor("student"),
        outcome="achieved",
        reflection="Yes",
    )
    services.goal_decline(
        access=access_of(district, "student"),
        goal=proposed_goal(district, title="Not for me"),
        actor=district.actor("student"),
    )
    context = part_context(access_of(district, "student"), None)
    assert context["open"] == [] and {c.goal.title for c in context["closed"]} == {
        "Read four books",
        "Not for me",
    }
    html = render_part(district, "student")
    assert "2 earlier goals" in html and "Declined" in html and "Achieved" in html


def test_the_packet_offers_active_and_achieved_goals_never_an_advisor_only_reflection(district, clock):
    active = own_goal(
        district,
        title="Finish every lab report",
        why="Labs are half my grade",
        steps=["Checklist", StepSpec("Planner", days(5))],
    )
    reflect(district, active, text="Shared words", progress=3)
    clock.shift(dt.timedelta(hours=1))
    reflect(district, active, text=SECRET, advisor_only=True)
    achieved = own_goal(district, title="Read four books")
    services.goal_close(
        access=access_of(district, "student"),
        goal=achieved,
        actor=district.actor("student"),
        outcome="achieved",
        reflection="Reading before bed worked",
    )
    proposed_goal(district, title="Visit the career fair")
    set_aside = own_goal(district, title="Dropped goal")
    services.goal_close(
        access=access_of(district, "student"),
        goal=set_aside,
        actor=district.actor("student"),
        outcome="set_aside",
        reflection="Not now",
    )
    for persona in ("student", "advisor", "guardian"):
        section = packet(access_of(district, persona))
        assert section.kind == "goals" and [i.key for i in section.items] == [
            f"goal-{active.pk}",
            f"goal-{achieved.pk}",
        ]
        assert [render_text(i.title) for i in section.items] == [
            "Finish every lab report",
            "Achieved: Read four books",
        ]
        first = render_text(section.items[0].detail)
        assert "Academic goal · target" in first and "Why it matters: Labs are half my grade" in first
        assert "Steps (0 of 2 done):" in first and "- Planner (to do)" in first
        assert "Latest reflection" in first and "on track): Shared words" in first and SECRET not in first
        assert "Looking back: Reading before bed worked" in render_text(section.items[1].detail)
        assert SECRET not in json.dumps(section.items[0].detail)
    assert "goals" in [s.kind for s in packet_sections(access_of(district, "student"))]


def test_the_demo_builds_a_rich_autumn_of_goals(district):
    student, advisor, teacher = (district.user(p) for p in ("student", "advisor", "teacher"))
    math, habits, reading, career = build_demo_goals(
        student=student, advisor=advisor, teacher=teacher, today=TODAY
    )
    for goal in (math, habits, reading, career):
        goal.refresh_from_db()
    assert [g.status for g in (math, habits, reading, career)] == ["active", "active", "achieved", "proposed"]
    assert len({g.category for g in (math, habits, reading, career)}) == 4
    assert career.proposed_by == advisor and career.accepted_at is None
    attention = selectors.needs_attention([district.sam], TODAY)
    assert [f.goal for f in attention.overdue] == [habits] and [f.goal for f in attention.stalled] == [habits]
    assert attention.stalled[0].quiet_days == 25
    private = CheckIn.objects.get(advisor_only=True)
    assert private.goal == habits and private.responses.get().author == advisor
    assert CheckIn.objects.filter(responds_to__isnull=False, author=teacher).exists()
    assert all(c.created_at.date() < TODAY for c in CheckIn.objects.all())
    assert math.steps.filter(done_on__isnull=False).count() == 2 and reading.closed_at.date() < TODAY
    assert SECRET not in str(packet(access_of(district, "guardian")))
    assert "little brother" not in str(packet(access_of(district, "student")))
    [row] = selectors.advising_rows(advisor.person_id, TODAY)
    assert (row.active, row.proposed, row.flagged_count) == (2, 1, 1)


def test_the_demo_says_plainly_when_the_advisor_does_not_advise_the_student(district):
    from pathmaker.rostering.models import Advisorship

    Advisorship.objects.update(is_active=False)
    advisor = district.user("advisor")
    with pytest.raises(RuntimeError, match="the advisor must advise them"):
        build_demo_goals(
            student=district.user("student"), advisor=advisor, teacher=district.user("teacher"), today=TODAY
        )
    assert not Goal.objects.exists()


def test_the_profile_page_shows_the_goals_part_to_the_student_and_family(district, login, monkeypatch):
    from django.urls import reverse

    from pathmaker.profiles import parts

    monkeypatch.setattr(
        parts, "_PARTS", {"goals": part_for("goals")}
    )  # only this app's part, not the others'
    goal = own_goal(district, title="Finish every lab report")
    reflect(district, goal, text=SECRET, advisor_only=True)
    url = reverse("student_profile", kwargs={"student_id": district.sam.pk})
    mine = login(district.user("student")).get(url).content.decode()
    assert "Finish every lab report" in mine and "Set a new goal" in mine and SECRET in mine
    family = login(district.user("guardian")).get(url).content.decode()
    assert "Finish every lab report" in family and SECRET not in family
