"""The flex schedule through the JSON API: a school's blocks, rooms and workshops, the week's schedule with
its placements, a student's week, and attendance.

The same access rule as the pages (`scheduling/access.py`) and the same services. A refusal answers with the
error's code; its family decides the status (forbidden: 403, not found: 404, anything else: 400), as in
`pathmaker.api.views.STATUS_BY_FAMILY`, which this router cannot import (it sits below the web layer).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from pathmaker.audit.services import audit_student_reads
from pathmaker.lib.bounds import EARLIEST_DATE, LATEST_DATE, MAX_ID
from pathmaker.lib.errors import FORBIDDEN, NOT_FOUND, family_of
from pathmaker.scheduling import access, pages, selectors, services, words
from pathmaker.scheduling.errors import SchedulingError
from pathmaker.scheduling.models import FlexAttendance, Placement, Schedule, Workshop

router = Router(tags=["flex schedule"])

STATUS = {FORBIDDEN: 403, NOT_FOUND: 404}
ID = Field(..., ge=1, le=MAX_ID)


class ErrorOut(Schema):
    code: str
    field: str | None
    detail: str


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class WeekQuery(Schema):
    week: dt.date | None = Field(None, ge=EARLIEST_DATE, le=LATEST_DATE, description="Any day of the week.")


class BlockOut(Schema):
    id: int
    weekday: int
    starts_at: dt.time
    minutes: int
    label: str


class RoomOut(Schema):
    id: int
    name: str
    capacity: int
    features: list[str]
    is_active: bool


class WorkshopOut(Schema):
    id: int
    week_start: dt.date
    title: str
    description: str
    kind: str
    leader_id: int
    capacity: int
    competency_ids: list[int]
    block_ids: list[int]
    room_features: list[str]
    required_below: float | None
    priority: int


class WorkshopIn(Schema):
    week: dt.date = Field(..., ge=EARLIEST_DATE, le=LATEST_DATE, description="Any day of the week.")
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=2000)
    kind: str = Field("intervention", max_length=16)
    leader_id: int = ID
    capacity: int = Field(..., ge=1, le=500)
    competency_ids: list[int] = Field(default_factory=list, max_length=50)
    block_ids: list[int] = Field(default_factory=list, max_length=50)
    room_features: list[str] = Field(default_factory=list, max_length=10)
    required_below: float | None = Field(None, ge=0, le=10, allow_inf_nan=False)
    priority: int = Field(2, ge=1, le=3)


class PlacementOut(Schema):
    id: int
    student_id: int
    block_id: int
    workshop_id: int | None
    room_id: int | None
    competency_id: int | None
    reason_code: str
    reason_values: dict[str, Any]
    reason: str
    locked: bool
    source: str
    attendance: str | None


class ScheduleOut(Schema):
    id: int
    week_start: dt.date
    status: str
    solver_status: str
    objective: float | None
    best_bound: float | None
    gap: float | None
    seconds: float
    needs_met_share: float | None
    students_moved: int | None
    unmet: list[dict[str, Any]]
    relax: list[dict[str, Any]]
    placements: list[PlacementOut]


class WeekLineOut(Schema):
    block_id: int
    day: dt.date
    starts_at: dt.time
    minutes: int
    placement: PlacementOut | None
    workshop_title: str | None
    room: str | None


class StudentWeekOut(Schema):
    student_id: int
    week_start: dt.date
    school_id: int | None
    published: bool
    lines: list[WeekLineOut]


class AttendanceIn(Schema):
    mark: str = Field(..., max_length=8, description="present, absent or late")


class AttendanceOut(Schema):
    placement_id: int
    mark: str
    recorded_by_name: str
    at: dt.datetime


def _error(error: SchedulingError) -> Status:
    return Status(
        STATUS.get(family_of(error.code), 400),
        {"code": error.code, "field": error.field, "detail": str(error)},
    )


def _monday(day: dt.date | None, default: dt.date) -> dt.date:
    day = day or default
    return day - dt.timedelta(days=day.weekday())


def _next_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)


def _workshop(w: Workshop) -> dict[str, Any]:
    return {
        "id": w.pk,
        "week_start": w.week.week_start,
        "title": w.title,
        "description": w.description,
        "kind": w.kind,
        "leader_id": w.leader_id,
        "capacity": w.capacity,
        "competency_ids": sorted(c.pk for c in w.competencies.all()),
        "block_ids": sorted(b.pk for b in w.blocks.all()),
        "room_features": list(w.room_features or []),
        "required_below": w.required_below,
        "priority": w.priority,
    }


def _placement(p: Placement) -> dict[str, Any]:
    attendance = p.attendance if hasattr(p, "attendance") else None  # no row until it is taken
    return {
        "id": p.pk,
        "student_id": p.student_id,
        "block_id": p.block_id,
        "workshop_id": p.workshop_id,
        "room_id": p.room_id,
        "competency_id": p.competency_id,
        "reason_code": p.reason_code,
        "reason_values": dict(p.reason_values or {}),
        "reason": words.reason_text(p.reason_code, p.reason_values),
        "locked": p.locked,
        "source": p.source,
        "attendance": attendance.mark if attendance else None,
    }


@router.get("/schools/{school_id}/flex/blocks", response=list[BlockOut])
def flex_blocks(request: HttpRequest, school_id: int):
    """The school's flex blocks, in week order."""
    school = access.offer_school_or_404(request.user, school_id)
    return selectors.school_setup(school).blocks


@router.get("/schools/{school_id}/flex/rooms", response=list[RoomOut])
def flex_rooms(request: HttpRequest, school_id: int):
    """The school's rooms with their seats and features."""
    school = access.offer_school_or_404(request.user, school_id)
    return selectors.school_setup(school).rooms


@router.get("/schools/{school_id}/flex/workshops", response=list[WorkshopOut])
def flex_workshops(request: HttpRequest, school_id: int, query: Query[WeekQuery]):
    """The workshops offered in a week (next week unless `week` names another)."""
    school = access.offer_school_or_404(request.user, school_id)
    week = selectors.week_for(school, _monday(query.week, _next_monday()))
    return [_workshop(w) for w in pages.workshops_of(week)]


@router.post("/schools/{school_id}/flex/workshops", response={201: WorkshopOut, **ERRORS})
def flex_workshop_offer(request: HttpRequest, school_id: int, item: WorkshopIn):
    """Offer a workshop in a week; a teacher names themself as its leader, a leader any staff member."""
    school = access.offer_school_or_404(request.user, school_id)
    if not access.may_name_leader(request.user, school, item.leader_id):
        return Status(
            403,
            {"code": "scheduling.forbidden", "field": "leader_id", "detail": "you offer workshops you lead"},
        )
    leader = pages.staff_member(school, item.leader_id)
    try:
        week = services.flex_week_open(school=school, week_start=item.week, actor=request.actor)
        workshop = services.workshop_offer(
            week=week,
            title=item.title,
            description=item.description,
            kind=item.kind,
            leader=leader,
            capacity=item.capacity,
            competency_ids=item.competency_ids,
            room_features=item.room_features,
            block_ids=item.block_ids,
            required_below=item.required_below,
            priority=item.priority,
            actor=request.actor,
        )
    except SchedulingError as error:
        return _error(error)
    return Status(201, _workshop(workshop))


@router.get("/schools/{school_id}/flex/schedule", response={200: ScheduleOut, 404: ErrorOut})
def flex_schedule(request: HttpRequest, school_id: int, query: Query[WeekQuery]):
    """The week's latest solve (draft or published) with every placement and the solver's figures."""
    school = access.flex_school_or_404(request.user, school_id)
    week = selectors.week_for(school, _monday(query.week, _next_monday()))
    schedule: Schedule | None = selectors.latest_schedule(week) if week else None
    if schedule is None or week is None:
        return Status(
            404, {"code": "scheduling.not_found", "field": "week", "detail": "no schedule that week"}
        )
    placements = [_placement(p) for p in pages.placement_rows(schedule)]
    audit_student_reads(
        actor=request.actor,
        action="scheduling.plan_view",
        student_ids=sorted({p["student_id"] for p in placements}),
        detail={"via": "api", "schedule": schedule.pk},
    )
    return {
        "id": schedule.pk,
        "week_start": week.week_start,
        "status": schedule.status,
        "solver_status": schedule.solver_status,
        "objective": schedule.objective,
        "best_bound": schedule.best_bound,
        "gap": schedule.gap,
        "seconds": schedule.seconds,
        "needs_met_share": schedule.needs_met_share,
        "students_moved": schedule.students_moved,
        "unmet": list(schedule.unmet or []),
        "relax": list(schedule.relax or []),
        "placements": placements,
    }


@router.get("/students/{student_id}/flex-week", response=StudentWeekOut)
def flex_student_week(request: HttpRequest, student_id: int, query: Query[WeekQuery]):
    """Where the student is in each flex block of a published week, and why."""
    relation = access.student_relation_or_404(request.user, student_id)
    student = relation.student
    assert student is not None
    week_start = _monday(query.week, timezone.localdate()) if query.week else None
    week = pages.student_week(student, week_start, today=timezone.localdate())
    audit_student_reads(
        actor=request.actor, action="scheduling.week_view", student_ids=[student.pk], detail={"via": "api"}
    )
    return {
        "student_id": student.pk,
        "week_start": week.week_start,
        "school_id": week.school.pk if week.school else None,
        "published": week.schedule is not None,
        "lines": [
            {
                "block_id": line.block.pk,
                "day": line.day,
                "starts_at": line.block.starts_at,
                "minutes": line.block.minutes,
                "placement": _placement(line.placement) if line.placement else None,
                "workshop_title": line.placement.workshop.title
                if line.placement and line.placement.workshop
                else None,
                "room": line.placement.room.name if line.placement and line.placement.room else None,
            }
            for line in week.lines
        ],
    }


@router.post("/flex/placements/{placement_id}/attendance", response={200: AttendanceOut, **ERRORS})
def flex_attendance(request: HttpRequest, placement_id: int, item: AttendanceIn):
    """Record attendance for one placement of a published week (the workshop's leader, the school's leaders)."""
    placement = access.placement_for_attendance_or_404(request.user, placement_id)
    if item.mark not in FlexAttendance.Mark.values:
        return Status(
            400, {"code": "scheduling.mark_unknown", "field": "mark", "detail": "present, absent or late"}
        )
    try:
        found = services.attendance_record(placement=placement, mark=item.mark, actor=request.actor)
    except SchedulingError as error:
        return _error(error)
    return {
        "placement_id": placement.pk,
        "mark": found.mark,
        "recorded_by_name": found.recorded_by_name,
        "at": found.at,
    }
