"""The flex schedule for the demo district, through the scheduling services (the real solver, rules and audit).

The demo teacher's school (a middle school) gets five flex blocks, rooms, its staff's free blocks and a
threshold; its teachers offer intervention workshops on the demo teacher's course competencies (where the
evidence demo gave levels) and enrichment workshops; the demo student ranks two of those. Three weeks are
solved with the real CP-SAT solve and published: three weeks ago (attendance taken in every block, so the
outcomes page has levels two weeks later), this week (attendance taken in the blocks already past) and next
week. The school setup runs as the district (a system actor), attendance as each workshop's leader.
"""

from __future__ import annotations

import datetime as dt
import random

from pathmaker.accounts.models import User
from pathmaker.audit.actor import Actor
from pathmaker.demo.data.scheduling import (
    AVAILABILITY_PATTERNS,
    BLOCKS,
    ENRICHMENT,
    INTERVENTION,
    ROOMS,
    STUDENT_CHOICES,
    THRESHOLD,
)
from pathmaker.frameworks.models import Competency, CourseCompetency
from pathmaker.rostering.models import Enrollment, Org, Person
from pathmaker.scheduling import selectors, services
from pathmaker.scheduling.models import FlexAttendance, FlexBlock, Placement, Schedule, Workshop

SOLVE_SECONDS = 5.0
WEEKS_BACK = (21, 0, -7)  # days before this Monday: three weeks ago, this week, next week


def _school_of(teacher: User) -> Org:
    enrollment = (
        Enrollment.objects.filter(person=teacher.person, role="teacher", is_active=True)
        .select_related("section__school")
        .order_by("section__title", "id")
        .first()
    )
    assert enrollment is not None, "the demo teacher teaches a section"
    return enrollment.section.school


def _competencies(teacher: User) -> list[Competency]:
    """The demo teacher's course competencies that have evidence (the first four of each course)."""
    courses = (
        Enrollment.objects.filter(person=teacher.person, role="teacher", is_active=True)
        .order_by("section__title", "id")
        .values_list("section__course_id", flat=True)
    )
    found: list[Competency] = []
    for course_id in dict.fromkeys(courses):
        for link in CourseCompetency.objects.filter(course_id=course_id).select_related("competency")[:4]:
            if link.competency not in found:
                found.append(link.competency)
    return found


def _setup(school: Org, teacher: User, actor: Actor) -> tuple[list[FlexBlock], list[Person]]:
    services.flex_settings_set(school=school, threshold=THRESHOLD, study_hall_capacity=None, actor=actor)
    blocks = [
        services.flex_block_add(
            school=school, weekday=weekday, starts_at=starts_at, minutes=minutes, label=label, actor=actor
        )
        for weekday, starts_at, minutes, label in BLOCKS
    ]
    for name, seats, features in ROOMS:
        services.room_save(school=school, name=name, capacity=seats, features=features, actor=actor)
    staff = list(selectors.school_setup(school).staff)
    others = [p for p in staff if p.pk != teacher.person_id]
    services.staff_availability_set(
        school=school, person=teacher.person, block_ids=[b.pk for b in blocks], actor=actor
    )
    for i, person in enumerate(others):
        pattern = AVAILABILITY_PATTERNS[i % len(AVAILABILITY_PATTERNS)]
        services.staff_availability_set(
            school=school, person=person, block_ids=[blocks[b].pk for b in pattern], actor=actor
        )
    return blocks, others


def _offer(
    week_start: dt.date,
    school: Org,
    teacher: User,
    others: list[Person],
    competencies: list[Competency],
    actor: Actor,
) -> list[Workshop]:
    week = services.flex_week_open(school=school, week_start=week_start, actor=actor)
    offered = []
    leaders = [teacher.person, *others[:2]]
    for i, competency in enumerate(competencies[: len(INTERVENTION) * 2]):
        start, seats, required = INTERVENTION[i % len(INTERVENTION)]
        code = competency.human_coding_scheme or competency.abbreviated_statement[:40]
        offered.append(
            services.workshop_offer(
                week=week,
                title=f"{start}: {code}",
                description=competency.full_statement[:300],
                leader=leaders[i % len(leaders)] if i else teacher.person,
                capacity=seats,
                competency_ids=[competency.pk],
                required_below=required,
                priority=1 if required is not None else 2,
                actor=actor,
            )
        )
    for j, (title, description, seats, features) in enumerate(ENRICHMENT):
        leader = others[(j + 2) % len(others)] if others else teacher.person
        offered.append(
            services.workshop_offer(
                week=week,
                title=title,
                description=description,
                kind=Workshop.Kind.ENRICHMENT,
                leader=leader,
                capacity=seats,
                competency_ids=[],
                room_features=features,
                actor=actor,
            )
        )
    return offered


def _choices(student: User, workshops: list[Workshop]) -> None:
    by_title = {w.title: w for w in workshops}
    chosen = [by_title[t].pk for t in STUDENT_CHOICES if t in by_title]
    if chosen:
        week = workshops[0].week
        services.preferences_set(
            week=week, student=student.person, workshop_ids=chosen, actor=Actor.for_user(student)
        )


def _attendance(schedule: Schedule, until: dt.date, rng: random.Random) -> int:
    """Each workshop leader takes attendance in the blocks held before `until`."""
    taken = 0
    placements = (
        Placement.objects.filter(schedule=schedule, workshop__isnull=False)
        .select_related("workshop__leader", "block")
        .order_by("block__weekday", "id")
    )
    accounts = {u.person_id: u for u in User.objects.filter(person__isnull=False, is_active=True)}
    for placement in placements:
        if schedule.week.week_start + dt.timedelta(days=placement.block.weekday) >= until:
            continue
        leader = placement.workshop.leader if placement.workshop else None
        account = accounts.get(leader.pk) if leader else None
        actor = Actor.for_user(account) if account else Actor.system("demo")
        roll = rng.random()
        mark = (
            FlexAttendance.Mark.PRESENT
            if roll < 0.85
            else FlexAttendance.Mark.LATE
            if roll < 0.92
            else FlexAttendance.Mark.ABSENT
        )
        services.attendance_record(placement=placement, mark=mark, actor=actor)
        taken += 1
    return taken


def build_demo_scheduling(
    *, student: User, teacher: User, today: dt.date, seed: int = 13, **_: object
) -> int:
    """The school's flex setup and three solved, published weeks; returns the placements made."""
    district = Actor.system("demo")
    school = _school_of(teacher)
    competencies = _competencies(teacher)
    _, others = _setup(school, teacher, district)
    monday = today - dt.timedelta(days=today.weekday())
    rng = random.Random(seed)
    placed = 0
    for days_back in WEEKS_BACK:
        week_start = monday - dt.timedelta(days=days_back)
        workshops = _offer(week_start, school, teacher, others, competencies, district)
        if days_back <= 0:
            _choices(student, workshops)
        schedule = services.schedule_solve(
            school=school, week_start=week_start, actor=district, time_limit=SOLVE_SECONDS
        )
        if schedule.is_infeasible:
            continue
        services.schedule_publish(schedule=schedule, actor=district)
        placed += schedule.placements.count()
        _attendance(schedule, until=today + dt.timedelta(days=1) if days_back > 0 else today, rng=rng)
    return placed
