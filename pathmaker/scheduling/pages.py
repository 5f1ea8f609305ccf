"""What the flex pages and the API read, shaped for them: the plan by block and workshop with room loads,
a workshop's roster, a student's week, the availability grid. Reads only (the writes are `services.py`);
`selectors.py` holds the scheduling reads every caller shares, this module what the pages add on top.
Reasons are kept as codes and worded in the reader's language here (`words.py`), at display time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from pathmaker.access.scope import student_school_ids
from pathmaker.frameworks.models import Competency, CourseCompetency
from pathmaker.jobs.models import Job
from pathmaker.lib.bounds import row_id
from pathmaker.rostering.models import Org, Person, PersonRole, Section
from pathmaker.scheduling import selectors, words
from pathmaker.scheduling.models import (
    FlexBlock,
    FlexWeek,
    Placement,
    Room,
    Schedule,
    StudentPreference,
    Workshop,
)

# --- Setup -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    block: FlexBlock
    name: str  # the checkbox's name: a-<person>-<block>
    checked: bool


@dataclass(frozen=True)
class GridRow:
    person: Person
    cells: list[GridCell]


def availability_grid(setup: selectors.Setup) -> list[GridRow]:
    """One row per staff member of the school, one checkbox per block, ticked where they are free."""
    free = setup.available
    return [
        GridRow(
            person,
            [
                GridCell(block, f"a-{person.pk}-{block.pk}", block.pk in free.get(person.pk, ()))
                for block in setup.blocks
            ],
        )
        for person in setup.staff
    ]


@dataclass(frozen=True)
class SetupSummary:
    blocks: int
    rooms: int
    seats: int
    staff_free: int
    threshold: float


def setup_summary(school: Org) -> SetupSummary:
    setup = selectors.school_setup(school)
    rooms = [r for r in setup.rooms if r.is_active]
    return SetupSummary(
        blocks=len(setup.blocks),
        rooms=len(rooms),
        seats=sum(r.capacity for r in rooms),
        staff_free=sum(1 for blocks in setup.available.values() if blocks),
        threshold=setup.settings.threshold,
    )


def school_competencies(school: Org) -> list[Competency]:
    """The competencies of the courses taught at the school (through its active sections)."""
    course_ids = Section.objects.filter(school=school, is_active=True, course__isnull=False).values(
        "course_id"
    )
    ids = (
        CourseCompetency.objects.filter(course_id__in=course_ids)
        .order_by("competency__human_coding_scheme", "competency_id")
        .values_list("competency_id", flat=True)
    )
    return list(Competency.objects.filter(pk__in=list(ids)).order_by("human_coding_scheme", "id"))


def staff_member(school: Org, person_id: int) -> Person:
    """A staff member of the school (the only people a workshop may name as its leader)."""
    found = next((p for p in selectors.school_setup(school).staff if p.pk == person_id), None)
    if found is None:
        raise Http404("No such staff member")
    return found


def school_students(school: Org) -> list[Person]:
    return list(
        Person.objects.filter(
            pk__in=PersonRole.objects.filter(org=school, role="student", is_active=True).values("person_id"),
            is_active=True,
        ).order_by("family_name", "given_name", "id")
    )


# --- Workshops ---------------------------------------------------------------------------------------


def _workshops() -> QuerySet[Workshop]:
    return Workshop.objects.select_related("leader", "week", "week__school").prefetch_related(
        "competencies", "blocks"
    )


def workshops_of(week: FlexWeek | None) -> list[Workshop]:
    if week is None:
        return []
    return list(_workshops().filter(week=week).order_by("title", "id"))


def workshops_led_by(person_id: int, *, since: dt.date) -> list[Workshop]:
    return list(
        _workshops()
        .filter(leader_id=person_id, week__week_start__gte=since)
        .order_by("week__week_start", "title", "id")
    )


def published_placements(workshop: Workshop, block_id: int) -> list[Placement]:
    schedule = selectors.published_schedule(workshop.week)
    if schedule is None:
        return []
    return list(
        schedule.placements.filter(workshop=workshop, block_id=block_id)
        .select_related("student", "block", "workshop", "attendance")
        .order_by("student__family_name", "student__given_name", "id")
    )


@dataclass(frozen=True)
class RosterLine:
    placement: Placement
    reason: str
    mark: str  # "" until attendance is taken


@dataclass(frozen=True)
class Roster:
    schedule: Schedule | None  # the published schedule, or None before publishing
    blocks: list[tuple[FlexBlock, list[RosterLine]]]


def _mark_of(placement: Placement) -> str:
    try:
        return placement.attendance.mark
    except Placement.attendance.RelatedObjectDoesNotExist:
        return ""


def workshop_roster(workshop: Workshop) -> Roster:
    """Who is in the workshop in each block of the published week, with why and what attendance says."""
    schedule = selectors.published_schedule(workshop.week)
    if schedule is None:
        return Roster(None, [])
    placements = (
        schedule.placements.filter(workshop=workshop)
        .select_related("student", "block", "attendance", "competency")
        .order_by("block__weekday", "block__starts_at", "student__family_name", "student__given_name", "id")
    )
    by_block: dict[int, tuple[FlexBlock, list[RosterLine]]] = {}
    for p in placements:
        line = RosterLine(p, words.reason_text(p.reason_code, p.reason_values), _mark_of(p))
        by_block.setdefault(p.block_id, (p.block, []))[1].append(line)
    return Roster(schedule, list(by_block.values()))


# --- The plan ----------------------------------------------------------------------------------------


@dataclass
class Activity:
    """One workshop (or the study hall) in one block: who is there, in which room, and how full it is."""

    workshop: Workshop | None
    room: Room | None
    capacity: int | None
    lines: list[RosterLine] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Unique within a block, for the ids of its forms."""
        return str(self.workshop.pk) if self.workshop else "hall"

    @property
    def load(self) -> int:
        return len(self.lines)

    @property
    def share(self) -> int:
        """How full the room is, in percent (the bar beside the number)."""
        if not self.capacity:
            return 0
        return min(100, round(100 * self.load / self.capacity))

    @property
    def over(self) -> bool:
        return self.capacity is not None and self.load > self.capacity


@dataclass
class PlanBlock:
    block: FlexBlock
    activities: list[Activity]


@dataclass
class Plan:
    schedule: Schedule
    blocks: list[PlanBlock]
    unmet: list[str]
    relax: list[str]
    student_ids: list[int]

    @property
    def placed(self) -> int:
        return sum(a.load for b in self.blocks for a in b.activities if a.workshop is not None)


def plan_of(schedule: Schedule) -> Plan:
    """The schedule per block and workshop, with room loads, and what it could not do, in words."""
    placements = schedule.placements.select_related(
        "student", "block", "workshop", "room", "attendance"
    ).order_by(
        "block__weekday", "block__starts_at", "workshop__title", "student__family_name", "student__given_name"
    )
    blocks: dict[int, PlanBlock] = {}
    activities: dict[tuple[int, int | None], Activity] = {}
    students: set[int] = set()
    for p in placements:
        students.add(p.student_id)
        block = blocks.setdefault(p.block_id, PlanBlock(p.block, []))
        key = (p.block_id, p.workshop_id)
        activity = activities.get(key)
        if activity is None:
            capacity = _capacity(p, schedule)
            activity = Activity(p.workshop, p.room, capacity)
            activities[key] = activity
            block.activities.append(activity)
        elif activity.room is None and p.room is not None:
            activity.room = p.room
            activity.capacity = _capacity(p, schedule)
        activity.lines.append(RosterLine(p, words.reason_text(p.reason_code, p.reason_values), _mark_of(p)))
    for block in blocks.values():  # workshops first by title, the study hall last
        block.activities.sort(key=lambda a: (a.workshop is None, a.workshop.title if a.workshop else ""))
    return Plan(
        schedule,
        list(blocks.values()),
        [words.unmet_text(item) for item in schedule.unmet or []],
        [words.relax_text(item) for item in schedule.relax or []],
        sorted(students),
    )


def _capacity(placement: Placement, schedule: Schedule) -> int | None:
    """The seats of the activity: the smaller of the workshop's and its room's; the study hall's setting."""
    if placement.workshop is None:
        return selectors.flex_settings_for(schedule.week.school).study_hall_capacity
    seats = [placement.workshop.capacity]
    if placement.room is not None:
        seats.append(placement.room.capacity)
    return min(seats)


def solve_job(user: Any, job_id: Any) -> Job | None:
    """The user's own solve job named in the address (someone else's is nobody's business)."""
    pk = row_id(job_id)
    if pk is None or not getattr(user, "is_authenticated", False):
        return None
    return Job.objects.filter(pk=pk, created_by=user, kind="scheduling_solve").first()


# --- The student's week -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekLine:
    block: FlexBlock
    day: dt.date
    placement: Placement | None
    reason: str
    mark: str


@dataclass
class StudentWeek:
    week_start: dt.date
    school: Org | None
    flex_week: FlexWeek | None
    schedule: Schedule | None  # the published one; None until then
    lines: list[WeekLine]
    enrichment: list[Workshop]
    ranks: dict[int, int]
    is_past: bool


def _flex_school(student: Person) -> Org | None:
    """The student's school that has flex blocks (the first, by name, if several do)."""
    return (
        Org.objects.filter(pk__in=student_school_ids(student), flex_blocks__isnull=False)
        .distinct()
        .order_by("name", "id")
        .first()
    )


def _default_week(school: Org, today: dt.date) -> dt.date:
    """Next week once it is published, else this week."""
    this_week = today - dt.timedelta(days=today.weekday())
    upcoming = selectors.week_for(school, this_week + dt.timedelta(days=7))
    if upcoming is not None and selectors.published_schedule(upcoming) is not None:
        return upcoming.week_start
    return this_week


def student_week(student: Person, week_start: dt.date | None, *, today: dt.date) -> StudentWeek:
    """Where the student is in each block of the week (published schedules only) and why; the week's
    enrichment workshops and the student's ranks for them."""
    school = _flex_school(student)
    if school is None:
        start = week_start or today - dt.timedelta(days=today.weekday())
        return StudentWeek(start, None, None, None, [], [], {}, start + dt.timedelta(days=4) < today)
    start = week_start or _default_week(school, today)
    week = selectors.week_for(school, start)
    schedule = selectors.published_schedule(week) if week else None
    placed = {
        p.block_id: p for p in (selectors.placements_for_student(student, week) if week and schedule else [])
    }
    lines = [
        WeekLine(
            block,
            start + dt.timedelta(days=block.weekday),
            placed.get(block.pk),
            words.reason_text(placed[block.pk].reason_code, placed[block.pk].reason_values)
            if block.pk in placed
            else "",
            _mark_of(placed[block.pk]) if block.pk in placed else "",
        )
        for block in FlexBlock.objects.filter(school=school).order_by("weekday", "starts_at", "id")
    ]
    enrichment = [w for w in workshops_of(week) if w.kind == Workshop.Kind.ENRICHMENT]
    ranks = dict(
        StudentPreference.objects.filter(student=student, workshop__week=week).values_list(
            "workshop_id", "rank"
        )
        if week
        else []
    )
    return StudentWeek(
        start, school, week, schedule, lines, enrichment, ranks, start + dt.timedelta(days=4) < today
    )


def placement_rows(schedule: Schedule) -> QuerySet[Placement]:
    """The schedule's placements for the API, in block order."""
    return schedule.placements.select_related("block", "workshop", "room", "attendance").order_by(
        "block__weekday", "block__starts_at", "student_id", "id"
    )
