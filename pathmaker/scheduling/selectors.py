"""Reads for the flex schedule: a school's set-up, a week's needs and solver inputs, schedules and rosters.

`week_problem` is the one place the database becomes a `problem.Problem` (and `needs_for_week` the one
place mastery summaries become needs): the service, the job and the pages all read through them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from pathmaker.mastery.models import MasterySummary
from pathmaker.rostering.models import Enrollment, Org, Person, PersonRole
from pathmaker.scheduling import needs, problem
from pathmaker.scheduling.models import (
    FlexBlock,
    FlexSettings,
    FlexWeek,
    Placement,
    Requirement,
    Room,
    Schedule,
    StaffAvailability,
    StudentPreference,
    Workshop,
)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def flex_settings_for(school: Org) -> FlexSettings:
    """The school's settings, or the defaults (unsaved) when its leaders have not set any."""
    found = FlexSettings.objects.filter(school=school).first()
    return found or FlexSettings(school=school, updated_at=timezone.now())


def school_student_ids(school: Org) -> list[int]:
    """The school's active students: a student role at the school, or a student enrollment there."""
    by_role = PersonRole.objects.filter(org=school, role="student", is_active=True).values("person_id")
    by_enrollment = Enrollment.objects.filter(
        school=school, role="student", is_active=True, section__is_active=True
    ).values("person_id")
    return list(
        Person.objects.filter(Q(pk__in=by_role) | Q(pk__in=by_enrollment), is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def school_staff(school: Org) -> list[Person]:
    """Who may lead a workshop: the school's teachers and aides."""
    ids = PersonRole.objects.filter(org=school, role__in=("teacher", "aide"), is_active=True).values(
        "person_id"
    )
    return list(Person.objects.filter(pk__in=ids, is_active=True).order_by("family_name", "given_name", "pk"))


@dataclass(frozen=True)
class Setup:
    blocks: list[FlexBlock]
    rooms: list[Room]
    staff: list[Person]
    available: dict[int, set[int]]  # person -> blocks
    settings: FlexSettings


def school_setup(school: Org) -> Setup:
    blocks = list(FlexBlock.objects.filter(school=school))
    available: dict[int, set[int]] = defaultdict(set)
    for person_id, block_id in StaffAvailability.objects.filter(block__school=school).values_list(
        "person_id", "block_id"
    ):
        available[person_id].add(block_id)
    return Setup(
        blocks=blocks,
        rooms=list(Room.objects.filter(school=school, is_active=True)),
        staff=school_staff(school),
        available=dict(available),
        settings=flex_settings_for(school),
    )


def week_for(school: Org, week_start: dt.date) -> FlexWeek | None:
    return FlexWeek.objects.filter(school=school, week_start=monday_of(week_start)).first()


def published_schedule(week: FlexWeek) -> Schedule | None:
    return Schedule.objects.filter(week=week, status=Schedule.Status.PUBLISHED).first()


def latest_schedule(week: FlexWeek) -> Schedule | None:
    """The newest solve of the week (a draft, or the published one if nothing newer)."""
    return (
        Schedule.objects.filter(week=week)
        .exclude(status=Schedule.Status.SUPERSEDED)
        .order_by("-solved_at", "-id")
        .first()
    )


def workshops_of(week: FlexWeek) -> list[Workshop]:
    return list(
        Workshop.objects.filter(week=week).select_related("leader").prefetch_related("competencies", "blocks")
    )


def needs_for_week(
    week: FlexWeek, *, student_ids: list[int] | None = None, today: dt.date | None = None
) -> needs.Needs:
    """Each student's needs from their latest levels (`needs.student_needs`), with the week's requirements."""
    school_settings = flex_settings_for(week.school)
    ids = student_ids if student_ids is not None else school_student_ids(week.school)
    rows = MasterySummary.objects.filter(student_id__in=ids, level__isnull=False).values_list(
        "student_id", "competency_id", "level", "last_demonstrated_on"
    )
    workshops = workshops_of(week)
    required_below = [
        needs.RequiredBelow(w.pk, frozenset(c.pk for c in w.competencies.all()), w.required_below, w.priority)
        for w in workshops
        if w.required_below is not None
    ]
    teacher = [
        needs.TeacherRequirement(r.student_id, r.workshop_id, r.priority)
        for r in Requirement.objects.filter(workshop__week=week, student_id__in=ids)
    ]
    return needs.student_needs(
        (needs.Level(s, c, level, seen) for s, c, level, seen in rows),
        threshold=school_settings.threshold,
        today=today or timezone.localdate(),
        recency_days=school_settings.recency_days,
        floor=float(settings.PATHMAKER_DEFAULT_SCALE_RANGE[0]),
        required_below=required_below,
        teacher_requirements=teacher,
    )


def seats_of(schedule: Schedule | None, *, locked_only: bool = False) -> tuple[problem.Seat, ...]:
    if schedule is None:
        return ()
    rows = Placement.objects.filter(schedule=schedule)
    if locked_only:
        rows = rows.filter(locked=True)
    return tuple(
        problem.Seat(s, b, w, r)
        for s, b, w, r in rows.values_list("student_id", "block_id", "workshop_id", "room_id")
    )


@dataclass(frozen=True)
class WeekInputs:
    problem: problem.Problem
    needs: needs.Needs
    based_on: Schedule | None


def _read_from(schedule: Schedule) -> dt.datetime:
    """A moment before the solve read its inputs: its stored time less its solving time and a minute."""
    return schedule.solved_at - dt.timedelta(seconds=(schedule.seconds or 0) + 60)


def changed_since(week: FlexWeek, schedule: Schedule) -> set[int]:
    """The students something a placement is decided from has changed for since `schedule` was solved: a
    level on any competency, a requirement set, a choice made (the rest are settled on a re-solve).

    Counted from before the solve began reading (its stored time less its solving time and a minute's
    margin): a change made while it solved is a change it may not have seen. Counting a student as
    changed who was not only gives them the ordinary weight for staying put."""
    moment = _read_from(schedule)
    return (
        set(MasterySummary.objects.filter(computed_at__gte=moment).values_list("student_id", flat=True))
        | set(
            Requirement.objects.filter(workshop__week=week, set_at__gte=moment).values_list(
                "student_id", flat=True
            )
        )
        | set(
            StudentPreference.objects.filter(workshop__week=week, created_at__gte=moment).values_list(
                "student_id", flat=True
            )
        )
    )


def settled_students(week: FlexWeek, published: Schedule | None, enrolled: set[int]) -> frozenset[int]:
    """On a re-solve, the students whose published seats stand unless a requirement needs them: everyone
    nothing has changed for. None when the week has a workshop the published week did not know of (a new
    offer is open to every student, so the re-solve weighs moves as it would on any week)."""
    if (
        published is None
        or Workshop.objects.filter(week=week, created_at__gte=_read_from(published)).exists()
    ):
        return frozenset()
    return frozenset(enrolled - changed_since(week, published))


def week_problem(week: FlexWeek, *, today: dt.date | None = None) -> WeekInputs:
    """The solver's inputs for the week: the school's set-up, the students' needs, requirements and
    preferences, the locked placements of the latest draft or published schedule, and the published
    schedule itself (a re-solve changes it as little as it can)."""
    school = week.school
    setup = school_setup(school)
    student_ids = school_student_ids(school)
    found = needs_for_week(week, student_ids=student_ids, today=today)
    workshops = workshops_of(week)
    preferences: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for sid, wid, rank in StudentPreference.objects.filter(workshop__week=week).values_list(
        "student_id", "workshop_id", "rank"
    ):
        preferences[sid].append((wid, rank))
    students = tuple(
        problem.Student(
            sid,
            needs=tuple(problem.Need(n.competency, n.weight) for n in found.by_student.get(sid, [])),
            required=tuple(
                problem.Required(r.workshop, r.priority, r.competency)
                for r in found.requirements.get(sid, [])
            ),
            preferences=tuple(sorted(preferences.get(sid, []), key=lambda p: p[1])),
        )
        for sid in student_ids
    )
    published = published_schedule(week)
    latest = latest_schedule(week)
    block_ids = {b.pk for b in setup.blocks}
    enrolled = set(student_ids)
    return WeekInputs(
        problem=problem.Problem(
            blocks=tuple(problem.Block(b.pk, str(b)) for b in setup.blocks),
            rooms=tuple(problem.Room(r.pk, r.capacity, frozenset(r.features or [])) for r in setup.rooms),
            workshops=tuple(
                problem.Workshop(
                    w.pk,
                    w.leader_id,
                    w.capacity,
                    frozenset(c.pk for c in w.competencies.all()),
                    frozenset(w.room_features or []),
                    frozenset(b.pk for b in w.blocks.all()) or None,
                    w.title,
                )
                for w in workshops
            ),
            availability=frozenset(
                (person, block)
                for person, blocks in setup.available.items()
                for block in blocks
                if block in block_ids
            ),
            students=students,
            locked=tuple(s for s in seats_of(latest, locked_only=True) if s.student in enrolled),
            previous=tuple(s for s in seats_of(published) if s.student in enrolled),
            settled=settled_students(week, published, enrolled),
            study_hall_capacity=setup.settings.study_hall_capacity,
        ),
        needs=found,
        based_on=published,
    )


def student_needs(week: FlexWeek) -> needs.Needs:
    """The week's needs of every student of the school (for the pages: what each student needs and why)."""
    return needs_for_week(week)


def placements_for_student(student: Person, week: FlexWeek) -> list[Placement]:
    """Where the student is in each block of the week's published schedule (none before it is published)."""
    return list(
        Placement.objects.filter(
            student=student, schedule__week=week, schedule__status=Schedule.Status.PUBLISHED
        )
        .select_related("block", "workshop", "workshop__leader", "room", "competency")
        .order_by("block__weekday", "block__starts_at")
    )


def weeks_for_student(student: Person) -> list[FlexWeek]:
    """The weeks with a published schedule placing the student, newest first."""
    return list(
        FlexWeek.objects.filter(
            schedules__status=Schedule.Status.PUBLISHED, schedules__placements__student=student
        )
        .distinct()
        .order_by("-week_start")
    )


@dataclass(frozen=True)
class Roster:
    block: FlexBlock
    workshop: Workshop
    room: Room | None
    placements: list[Placement]


def rosters_for_leader(person_id: int, schedule: Schedule) -> list[Roster]:
    """The leader's workshops in the schedule, block by block, each with its students and their reasons."""
    rows = (
        Placement.objects.filter(schedule=schedule, workshop__leader_id=person_id)
        .select_related("block", "workshop", "room", "student", "competency", "attendance")
        .order_by("block__weekday", "block__starts_at", "workshop__title", "student__family_name")
    )
    grouped: dict[tuple[int, int], list[Placement]] = defaultdict(list)
    for placement in rows:
        assert placement.workshop_id is not None
        grouped[placement.block_id, placement.workshop_id].append(placement)
    return [
        Roster(found[0].block, found[0].workshop, found[0].room, found)  # type: ignore[arg-type]
        for found in grouped.values()
    ]


@dataclass(frozen=True)
class Overview:
    schedule: Schedule
    loads: list[dict[str, Any]]  # block, workshop, room, students, seats
    study_hall: dict[int, int]  # block -> students
    unmet_by_code: dict[str, int]


def schedule_overview(schedule: Schedule) -> Overview:
    """Per block: each workshop's room and load against its seats, the study hall's count, and the unmet
    needs counted by their reason."""
    counts: dict[tuple[int, int | None, int | None], int] = defaultdict(int)
    for row in Placement.objects.filter(schedule=schedule).values_list("block_id", "workshop_id", "room_id"):
        counts[row] += 1
    workshops = {w.pk: w for w in Workshop.objects.filter(week=schedule.week)}
    rooms = {r.pk: r for r in Room.objects.filter(school=schedule.week.school)}
    blocks = {b.pk: b for b in FlexBlock.objects.filter(school=schedule.week.school)}
    loads = []
    hall: dict[int, int] = defaultdict(int)
    for (block_id, workshop_id, room_id), n in sorted(
        counts.items(), key=lambda item: (item[0][0], item[0][1] or 0)
    ):
        if workshop_id is None:
            hall[block_id] += n
            continue
        room = rooms.get(room_id) if room_id else None
        workshop = workshops[workshop_id]
        seats = min(workshop.capacity, room.capacity) if room else workshop.capacity
        loads.append(
            {"block": blocks.get(block_id), "workshop": workshop, "room": room, "students": n, "seats": seats}
        )
    unmet: dict[str, int] = defaultdict(int)
    for item in schedule.unmet or []:
        unmet[str(item.get("code", ""))] += 1
    return Overview(schedule, loads, dict(hall), dict(unmet))
