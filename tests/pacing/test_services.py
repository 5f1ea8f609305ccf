"""Pacing services: each refusal has its code, each change its audit row, and a refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from pathmaker.audit.models import AuditEvent
from pathmaker.pacing import services
from pathmaker.pacing.models import DayOff, Deadline, ExtensionRequest
from pathmaker.pacing.selectors import deadlines_of, state_of
from pathmaker.pacing.services import PacingError
from tests.pacing.conftest import TODAY, asked, days, guide, hard, master, past_hard, snapshot


def refused(code: str, call) -> None:
    before = snapshot()
    with pytest.raises(PacingError) as caught:
        call()
    assert caught.value.code == code
    assert snapshot() == before


# --- The pacing guide ---------------------------------------------------------------------------------


def test_a_teacher_sets_the_guide_and_it_is_audited(district, pacing):
    found = guide(district, pacing)
    assert [float(t.weeks) for t in found.targets.all()] == [2, 3, 3, 2, 3, 3]
    event = AuditEvent.objects.get(action="pacing.guide_set")
    assert event.detail == {
        "course": district.math.course.pk,
        "term": pacing.term.pk,
        "targets": 6,
        "weeks": "16.0",
    }
    assert event.actor == district.user("teacher")


def test_setting_the_guide_again_replaces_its_targets(district, pacing):
    guide(district, pacing)
    again = guide(district, pacing, weeks=(1, 1))
    assert [float(t.weeks) for t in again.targets.all()] == [1, 1]


@pytest.mark.parametrize(
    ("weeks", "code"),
    [
        ("none", "pacing.guide_empty"),
        ("zero", "pacing.weeks_out_of_range"),
        ("many", "pacing.weeks_out_of_range"),
        ("word", "pacing.weeks_not_a_number"),
    ],
)
def test_a_guide_with_no_or_impossible_weeks_is_refused(district, pacing, weeks, code):
    first = pacing.competencies[0].pk
    given = {"none": {}, "zero": {first: "0"}, "many": {first: "41"}, "word": {first: "two"}}[weeks]
    refused(
        code,
        lambda: services.pacing_guide_set(
            course=district.math.course, term=pacing.term, weeks=given, actor=district.actor("teacher")
        ),
    )


def test_a_teacher_of_another_course_may_not_set_its_guide(district, pacing):
    refused(
        "pacing.forbidden",
        lambda: services.pacing_guide_set(
            course=district.math.course,
            term=pacing.term,
            weeks={pacing.competencies[0].pk: 2},
            actor=district.actor("other_school_teacher"),
        ),
    )


# --- Days off -----------------------------------------------------------------------------------------


def test_a_principal_adds_a_day_off_once(district, pacing):
    day = services.day_off_add(
        school=district.north,
        on=dt.date(2026, 10, 12),
        name="Teacher workday",
        actor=district.actor("principal"),
    )
    assert AuditEvent.objects.get(action="pacing.day_off_add").object_id == str(day.pk)
    refused(
        "pacing.day_off_exists",
        lambda: services.day_off_add(
            school=district.north, on=dt.date(2026, 10, 12), name="Again", actor=district.actor("principal")
        ),
    )


def test_a_weekend_is_never_a_day_off_and_a_teacher_keeps_no_calendar(district, pacing):
    refused(
        "pacing.weekend",
        lambda: services.day_off_add(
            school=district.north,
            on=dt.date(2026, 10, 10),
            name="Saturday",
            actor=district.actor("principal"),
        ),
    )
    refused(
        "pacing.forbidden",
        lambda: services.day_off_add(
            school=district.north, on=dt.date(2026, 10, 12), name="Workday", actor=district.actor("teacher")
        ),
    )


def test_removing_a_day_off_is_audited(district, pacing):
    day = DayOff.objects.get(school=district.north, on=dt.date(2026, 9, 7))
    day_id = day.pk
    services.day_off_remove(day=day, actor=district.actor("district_admin"))
    assert not DayOff.objects.filter(pk=day_id).exists()
    assert AuditEvent.objects.filter(action="pacing.day_off_remove", object_id=str(day_id)).exists()


# --- Deadlines ----------------------------------------------------------------------------------------


def test_a_teacher_sets_a_hard_deadline_for_the_whole_section_with_one_audit_row_per_student(
    district, pacing
):
    changed = hard(district, pacing.competencies[0], days(14))
    assert sorted(d.student_id for d in changed) == sorted([district.sam.pk, district.tia.pk])
    assert all(d.kind == "hard" and d.for_whole_section for d in changed)
    assert AuditEvent.objects.filter(action="pacing.hard_deadline_set").count() == 2


def test_a_students_own_hard_date_survives_a_new_date_for_the_section(district, pacing):
    hard(district, pacing.competencies[0], days(20), student=district.sam)
    hard(district, pacing.competencies[0], days(10))
    dates = dict(Deadline.objects.values_list("student_id", "due_on"))
    assert dates == {district.sam.pk: days(20), district.tia.pk: days(10)}


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("student", "pacing.forbidden"),
        ("advisor", "pacing.forbidden"),
        ("other_school_teacher", "pacing.forbidden"),
    ],
)
def test_only_those_who_run_the_section_set_hard_deadlines(district, pacing, persona, code):
    refused(
        code,
        lambda: services.hard_deadline_set(
            section=district.math,
            competency_id=pacing.competencies[0].pk,
            due_on=days(3),
            actor=district.actor(persona),
        ),
    )


def test_a_hard_deadline_in_the_past_or_outside_the_course_is_refused(district, pacing, clock):
    refused("pacing.date_passed", lambda: hard(district, pacing.competencies[0], days(-1)))
    art_competency = pacing.competencies[0]  # a Math 7 competency: Art's course has none
    refused(
        "pacing.not_in_course",
        lambda: services.hard_deadline_set(
            section=district.art,
            competency_id=art_competency.pk,
            due_on=days(3),
            actor=district.actor("teacher"),
        ),
    )


def test_the_student_sets_and_moves_their_own_target(district, pacing):
    first = services.soft_deadline_set(
        student=district.sam,
        course=district.math.course,
        competency_id=pacing.competencies[1].pk,
        due_on=days(7),
        actor=district.actor("student"),
    )
    moved = services.soft_deadline_set(
        student=district.sam,
        course=district.math.course,
        competency_id=pacing.competencies[1].pk,
        due_on=days(9),
        actor=district.actor("student"),
    )
    assert (first.pk, moved.due_on, moved.first_due_on, moved.kind) == (moved.pk, days(9), days(7), "soft")
    events = AuditEvent.objects.filter(action="pacing.soft_deadline_set").order_by("id")
    assert [e.detail["before"] for e in events] == [None, days(7).isoformat()]


@pytest.mark.parametrize("persona", ["guardian", "teacher", "advisor"])
def test_nobody_but_the_student_sets_the_students_target(district, pacing, persona):
    refused(
        "pacing.forbidden",
        lambda: services.soft_deadline_set(
            student=district.sam,
            course=district.math.course,
            competency_id=pacing.competencies[1].pk,
            due_on=days(7),
            actor=district.actor(persona),
        ),
    )


# --- Met and missed -----------------------------------------------------------------------------------


def test_a_deadline_is_met_when_mastery_came_by_its_date_and_missed_when_it_did_not(district, pacing):
    met = past_hard(district, pacing.competencies[0], days(-5))
    missed = past_hard(district, pacing.competencies[1], days(-5))
    upcoming = hard(district, pacing.competencies[2], days(5), student=district.sam)[0]
    master(district, pacing.competencies[0], days(-8))
    master(district, pacing.competencies[1], days(-2))  # mastered, but after the date
    states = {row.deadline.pk: row.state for row in deadlines_of(district.sam, today=TODAY)}
    assert states == {met.pk: "met", missed.pk: "missed", upcoming.pk: "upcoming"}


def test_mastery_reached_by_the_date_counts_even_if_evidence_came_after_it(district, pacing):
    deadline = past_hard(district, pacing.competencies[0], days(-5))
    master(district, pacing.competencies[0], days(-8))
    master(district, pacing.competencies[0], days(-1), score="4")
    summary = deadline.competency.mastery.get(student=district.sam)
    assert summary.last_demonstrated_on == days(-1)
    assert state_of(deadline, summary, TODAY) == "met"


# --- Extensions ---------------------------------------------------------------------------------------


def test_the_student_asks_and_the_teacher_grants_a_new_date_both_audited(district, pacing):
    deadline = hard(district, pacing.competencies[0], days(3), student=district.sam)[0]
    request = asked(district, deadline)
    services.extension_decide(
        request=request, grant=True, new_due_on=days(10), actor=district.actor("co_teacher")
    )
    deadline.refresh_from_db()
    request.refresh_from_db()
    assert (deadline.due_on, deadline.first_due_on, request.status) == (days(10), days(3), "granted")
    actions = list(
        AuditEvent.objects.filter(object_type="extension_request")
        .order_by("id")
        .values_list("action", "student_id")
    )
    assert actions == [("pacing.extension_ask", district.sam.pk), ("pacing.extension_grant", district.sam.pk)]


def test_a_declined_request_needs_a_note_and_leaves_the_date(district, pacing):
    deadline = hard(district, pacing.competencies[0], days(3), student=district.sam)[0]
    request = asked(district, deadline)
    refused(
        "pacing.text_required",
        lambda: services.extension_decide(request=request, grant=False, actor=district.actor("teacher")),
    )
    services.extension_decide(
        request=request, grant=False, note="Let's meet at lunch instead", actor=district.actor("teacher")
    )
    deadline.refresh_from_db()
    assert deadline.due_on == days(3)
    assert ExtensionRequest.objects.get().status == "declined"
    assert AuditEvent.objects.filter(action="pacing.extension_decline").count() == 1


def test_extension_rules_have_their_codes(district, pacing):
    deadline = hard(district, pacing.competencies[0], days(3), student=district.sam)[0]
    soft = services.soft_deadline_set(
        student=district.sam,
        course=district.math.course,
        competency_id=pacing.competencies[1].pk,
        due_on=days(7),
        actor=district.actor("student"),
    )
    refused("pacing.not_hard", lambda: asked(district, soft))
    refused(
        "pacing.forbidden",
        lambda: services.extension_ask(deadline=deadline, reason="x", actor=district.actor("guardian")),
    )
    refused("pacing.text_required", lambda: asked(district, deadline, reason="  "))
    request = asked(district, deadline)
    refused("pacing.already_asked", lambda: asked(district, deadline))
    refused(
        "pacing.forbidden",
        lambda: services.extension_decide(
            request=request, grant=True, new_due_on=days(9), actor=district.actor("advisor")
        ),
    )
    refused(
        "pacing.not_later",
        lambda: services.extension_decide(
            request=request, grant=True, new_due_on=days(2), actor=district.actor("teacher")
        ),
    )
    services.extension_decide(
        request=request, grant=True, new_due_on=days(9), actor=district.actor("teacher")
    )
    refused(
        "pacing.already_decided",
        lambda: services.extension_decide(
            request=request, grant=True, new_due_on=days(12), actor=district.actor("teacher")
        ),
    )
