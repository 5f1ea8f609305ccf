"""The scheduling services on North's small flex week (tests/scheduling/north_flex.py): solving from mastery,
storing reasons, locking and moving, re-solving with minimal change, publishing, attendance, the job, and
who may do each; every change leaves its audit row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from pathmaker.audit.models import AuditEvent
from pathmaker.jobs.models import Job
from pathmaker.mastery.recording import evidence_record
from pathmaker.scheduling import selectors, services
from pathmaker.scheduling.checker import violations
from pathmaker.scheduling.errors import SchedulingError
from pathmaker.scheduling.models import FlexAttendance, Placement, Schedule
from pathmaker.scheduling.problem import Run, Solution
from tests.scheduling.north_flex import NEXT_WEEK, NOON, SYSTEM, build_north_flex


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def draft(district):
    return build_north_flex(district, publish=False)


def solve_again(district, persona="principal"):
    return services.schedule_solve(
        school=district.north, week_start=NEXT_WEEK, actor=district.actor(persona), time_limit=5
    )


def lower_level(district, flex, student, score=1):
    for days in (2, 1):
        evidence_record(
            student=student,
            competency=flex.rp2,
            score=Decimal(score),
            demonstrated_on=NOON.date() - dt.timedelta(days=days),
            kind="task",
            section=district.math,
            actor=district.actor("teacher"),
        )


def test_a_solve_stores_a_draft_with_each_students_place_and_reason(district, draft):
    schedule = draft.schedule
    assert schedule.status == Schedule.Status.DRAFT
    assert schedule.solver_status == "optimal"
    assert schedule.needs_met_share == 1.0
    sam = draft.placement_of(district.sam)
    assert (sam.workshop, sam.reason_code, sam.competency) == (draft.clinic, "need", draft.rp2)
    assert sam.reason_values["competency_code"] == "7.RP.2"
    assert sam.reason_values["level"] < sam.reason_values["threshold"] == 3.0
    tia = draft.placement_of(district.tia)
    assert (tia.workshop, tia.reason_code) == (None, "study_hall")
    assert schedule.placements.count() == 2 * 2  # two students, two blocks
    event = AuditEvent.objects.get(action="scheduling.schedule_solve")
    assert event.object_id == str(schedule.pk) and event.detail["needs_met"] == 1


def test_the_stored_week_holds_every_hard_rule(district, draft):
    inputs = selectors.week_problem(draft.schedule.week)
    seats = selectors.seats_of(draft.schedule)
    runs = {
        (p.workshop_id, p.block_id, p.room_id)
        for p in draft.schedule.placements.all()
        if p.workshop_id is not None
    }
    solution = Solution(seats, tuple(Run(*run) for run in runs))
    assert violations(inputs.problem, solution) == []


def test_only_the_schools_leaders_and_the_district_solve(district, draft):
    for persona in ("teacher", "student", "other_school_teacher", "guardian"):
        with pytest.raises(SchedulingError) as refused:
            solve_again(district, persona)
        assert refused.value.code == services.FORBIDDEN
    assert solve_again(district, "district_admin").status == Schedule.Status.DRAFT


def test_a_new_solve_replaces_the_draft(district, draft):
    again = solve_again(district)
    draft.schedule.refresh_from_db()
    assert draft.schedule.status == Schedule.Status.SUPERSEDED
    assert selectors.latest_schedule(draft.schedule.week) == again


def test_publishing_shows_the_week_and_replaces_the_published_one(district, draft):
    first = services.schedule_publish(schedule=draft.schedule, actor=district.actor("principal"))
    assert first.status == Schedule.Status.PUBLISHED and first.published_by_name
    assert [p.workshop for p in selectors.placements_for_student(district.sam, first.week)] == [
        draft.clinic,
        None,
    ]
    second = services.schedule_publish(schedule=solve_again(district), actor=district.actor("principal"))
    first.refresh_from_db()
    assert (first.status, second.status) == (Schedule.Status.SUPERSEDED, Schedule.Status.PUBLISHED)
    assert AuditEvent.objects.filter(action="scheduling.schedule_publish").count() == 2
    with pytest.raises(SchedulingError) as refused:
        services.schedule_publish(schedule=second, actor=district.actor("principal"))
    assert refused.value.code == "scheduling.not_a_draft"


def test_a_leader_moves_a_student_and_the_move_is_locked_and_kept_by_a_re_solve(district, draft):
    tia = draft.placement_of(district.tia)
    moved = services.placement_move(placement=tia, workshop=draft.clinic, actor=district.actor("principal"))
    assert (moved.workshop, moved.room, moved.locked, moved.source) == (
        draft.clinic,
        draft.room,
        True,
        "manual",
    )
    event = AuditEvent.objects.get(action="scheduling.placement_move")
    assert event.student_id == district.tia.pk
    again = solve_again(district)
    kept = again.placements.get(student=district.tia, block=draft.monday)
    assert (kept.workshop, kept.locked) == (draft.clinic, True)


def test_a_move_is_refused_where_the_workshop_is_not_offered_or_full(district, draft):
    tia_tuesday = draft.placement_of(district.tia, draft.tuesday)
    with pytest.raises(SchedulingError) as refused:
        services.placement_move(
            placement=tia_tuesday, workshop=draft.clinic, actor=district.actor("principal")
        )
    assert refused.value.code == "scheduling.not_offered"
    draft.clinic.capacity = 1
    draft.clinic.save()
    with pytest.raises(SchedulingError) as refused:
        services.placement_move(
            placement=draft.placement_of(district.tia),
            workshop=draft.clinic,
            actor=district.actor("principal"),
        )
    assert refused.value.code == "scheduling.full"


def test_a_teacher_cannot_lock_or_move(district, draft):
    with pytest.raises(SchedulingError) as refused:
        services.placement_lock(
            placement=draft.placement_of(district.sam), locked=True, actor=district.actor("teacher")
        )
    assert refused.value.code == services.FORBIDDEN


def test_locking_is_audited_and_a_re_solve_keeps_the_lock(district, draft):
    sam_tuesday = draft.placement_of(district.sam, draft.tuesday)
    services.placement_lock(placement=sam_tuesday, locked=True, actor=district.actor("principal"))
    assert AuditEvent.objects.filter(action="scheduling.placement_lock", student_id=district.sam.pk).exists()
    again = solve_again(district)
    assert again.placements.get(student=district.sam, block=draft.tuesday).locked


def test_a_re_solve_after_a_level_drops_moves_only_that_student(district, draft):
    published = services.schedule_publish(schedule=draft.schedule, actor=SYSTEM)
    lower_level(district, draft, district.tia)
    again = solve_again(district)
    assert again.based_on == published
    assert again.students_moved == 1
    assert again.placements.get(student=district.tia, block=draft.monday).workshop == draft.clinic
    assert again.placements.get(student=district.sam, block=draft.monday).workshop == draft.clinic


def test_a_re_solve_settles_everyone_nothing_changed_for_unless_the_week_has_a_new_workshop(district, draft):
    published = services.schedule_publish(schedule=draft.schedule, actor=SYSTEM)
    week = published.week
    enrolled = {district.sam.pk, district.tia.pk}
    # Levels recorded in the minute before a solve count as changed (it may not have seen them)...
    assert selectors.settled_students(week, published, enrolled) == frozenset()
    # ...so say the week was solved an hour after the levels and workshops were set, and Tia's level
    # drops two hours after that.
    Schedule.objects.filter(pk=published.pk).update(solved_at=published.solved_at + dt.timedelta(hours=1))
    published.refresh_from_db()
    with time_machine.travel(published.solved_at + dt.timedelta(hours=2)):
        lower_level(district, draft, district.tia)
        assert selectors.settled_students(week, published, enrolled) == {district.sam.pk}
        services.workshop_offer(
            week=week,
            title="Drawing club",
            leader=district.user("teacher").person,
            capacity=10,
            competency_ids=[],
            kind="enrichment",
            actor=SYSTEM,
        )
        assert selectors.settled_students(week, published, enrolled) == frozenset()


def test_an_infeasible_week_is_stored_with_what_to_relax_and_cannot_be_published(district, draft):
    # The study hall holds no one, and neither block has a seat for Tia (no need, no choice).
    services.flex_settings_set(school=district.north, threshold=3.0, study_hall_capacity=0, actor=SYSTEM)
    schedule = solve_again(district)
    assert schedule.is_infeasible
    assert schedule.placements.count() == 0
    assert schedule.relax
    assert {item["code"] for item in schedule.relax} == {"study_hall_capacity"}
    assert {item["values"]["block_label"] for item in schedule.relax} <= {"Monday flex", "Tuesday flex"}
    with pytest.raises(SchedulingError) as refused:
        services.schedule_publish(schedule=schedule, actor=SYSTEM)
    assert refused.value.code == "scheduling.nothing_to_publish"


def test_the_workshops_leader_takes_attendance_on_the_published_week(district, draft):
    sam = draft.placement_of(district.sam)
    with pytest.raises(SchedulingError) as refused:
        services.attendance_record(placement=sam, mark="present", actor=district.actor("teacher"))
    assert refused.value.code == services.FORBIDDEN  # a draft: the leader has no roster yet
    services.schedule_publish(schedule=draft.schedule, actor=SYSTEM)
    sam = Placement.objects.get(pk=sam.pk)
    services.attendance_record(placement=sam, mark="late", actor=district.actor("teacher"))
    services.attendance_record(placement=sam, mark="present", actor=district.actor("teacher"))
    assert FlexAttendance.objects.get(placement=sam).mark == "present"
    assert (
        AuditEvent.objects.filter(action="scheduling.attendance_record", student_id=district.sam.pk).count()
        == 2
    )
    for persona in ("co_teacher", "student", "guardian"):
        with pytest.raises(SchedulingError):
            services.attendance_record(placement=sam, mark="absent", actor=district.actor(persona))


def test_a_long_solve_runs_as_a_job_with_its_result(district, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.schedule_solve_enqueue(
            school=district.north, week_start=NEXT_WEEK, actor=district.actor("principal"), time_limit=5
        )
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    schedule = Schedule.objects.get(pk=job.result["schedule"])
    assert schedule.status == Schedule.Status.DRAFT
    assert AuditEvent.objects.filter(action="scheduling.schedule_solve", object_id=str(schedule.pk)).exists()


def test_needs_come_from_the_latest_levels(district, draft):
    found = selectors.needs_for_week(draft.schedule.week)
    sam = found.by_student[district.sam.pk]
    assert [(n.competency, n.required) for n in sam] == [(draft.rp2.pk, False)]
    assert district.tia.pk not in found.by_student


def test_a_teacher_offers_only_workshops_they_lead(district, draft):
    alice, carol = district.user("teacher").person, district.user("co_teacher").person
    with pytest.raises(SchedulingError) as refused:
        services.workshop_offer(
            week=draft.schedule.week,
            title="Fractions",
            leader=carol,
            capacity=5,
            competency_ids=[draft.rp2.pk],
            actor=district.actor("teacher"),
        )
    assert refused.value.code == services.FORBIDDEN
    mine = services.workshop_offer(
        week=draft.schedule.week,
        title="Fractions",
        leader=alice,
        capacity=5,
        competency_ids=[draft.rp2.pk],
        actor=district.actor("teacher"),
    )
    assert AuditEvent.objects.filter(action="scheduling.workshop_offer", object_id=str(mine.pk)).exists()


def test_a_student_ranks_their_own_choices_only(district, draft):
    rows = services.preferences_set(
        week=draft.schedule.week,
        student=district.sam,
        workshop_ids=[draft.chess.pk],
        actor=district.actor("student"),
    )
    assert [(r.workshop, r.rank) for r in rows] == [(draft.chess, 1)]
    with pytest.raises(SchedulingError):
        services.preferences_set(
            week=draft.schedule.week,
            student=district.tia,
            workshop_ids=[draft.chess.pk],
            actor=district.actor("student"),
        )
