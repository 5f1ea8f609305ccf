"""Pacing through the JSON API: a student's deadlines and projections, targets, hard deadlines, extensions.

The same access rule as the pages (`pacing/access.py`) and the same services. A refusal answers with the
error's code; its family decides the status (forbidden: 403, not found: 404, anything else: 400), as
in `pathmaker.api.views.STATUS_BY_FAMILY`, which this router cannot import (it sits below the web layer).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from pathmaker.audit.services import audit_student_reads
from pathmaker.lib.bounds import EARLIEST_DATE, LATEST_DATE, MAX_ID
from pathmaker.lib.errors import FORBIDDEN, NOT_FOUND, family_of
from pathmaker.pacing import access, selectors, services
from pathmaker.pacing.selectors import CoursePacing, DeadlineRow
from pathmaker.pacing.services import PacingError

router = Router(tags=["pacing"])

STATUS = {FORBIDDEN: 403, NOT_FOUND: 404}
ID = Field(..., ge=1, le=MAX_ID)
DAY = Field(..., ge=EARLIEST_DATE, le=LATEST_DATE)


class ErrorOut(Schema):
    code: str
    field: str | None
    detail: str


class StepOut(Schema):
    code: str
    text: str
    values: dict[str, Any]


class ProjectionOut(Schema):
    status: str
    source: str | None
    remaining: int | None
    school_days_left: int | None
    school_days_needed: int | None
    finish_on: date | None
    term_end: date | None
    steps: list[StepOut]


class DeadlineOut(Schema):
    id: int
    course_id: int
    section_id: int
    competency_id: int
    kind: str
    due_on: date
    first_due_on: date
    state: str
    open_request_id: int | None


class CourseOut(Schema):
    course_id: int
    section_id: int
    title: str
    projection: ProjectionOut
    deadlines: list[DeadlineOut]


class TargetIn(Schema):
    course_id: int = ID
    competency_id: int = ID
    due_on: date = DAY


class HardIn(Schema):
    competency_id: int = ID
    due_on: date = DAY
    student_id: int | None = Field(None, ge=1, le=MAX_ID)


class AskIn(Schema):
    reason: str = Field(..., max_length=services.MAX_TEXT_CHARS)


class DecisionIn(Schema):
    grant: bool
    new_due_on: date | None = Field(None, ge=EARLIEST_DATE, le=LATEST_DATE)
    note: str = Field("", max_length=services.MAX_TEXT_CHARS)


class RequestOut(Schema):
    id: int
    deadline_id: int
    status: str
    new_due_on: date | None
    note: str


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _error(error: PacingError) -> Status:
    return Status(
        STATUS.get(family_of(error.code), 400),
        {"code": error.code, "field": error.field, "detail": str(error)},
    )


def _deadline(row: DeadlineRow) -> dict[str, Any]:
    d = row.deadline
    return {
        "id": d.pk,
        "course_id": d.course_id,
        "section_id": d.section_id,
        "competency_id": d.competency_id,
        "kind": d.kind,
        "due_on": d.due_on,
        "first_due_on": d.first_due_on,
        "state": row.state,
        "open_request_id": row.open_request.pk if row.open_request else None,
    }


def _course(pacing: CoursePacing) -> dict[str, Any]:
    found = pacing.projection.projection
    return {
        "course_id": pacing.course.pk,
        "section_id": pacing.section.pk,
        "title": pacing.course.title,
        "projection": {
            "status": pacing.projection.status,
            "source": found.source if found else None,
            "remaining": found.remaining if found else None,
            "school_days_left": found.days_left if found else None,
            "school_days_needed": found.days_needed if found else None,
            "finish_on": found.finish_on if found else None,
            "term_end": found.term_end if found else None,
            "steps": [
                {"code": s.code, "text": s.text, "values": dict(s.values)}
                for s in (found.steps if found else ())
            ],
        },
        "deadlines": [_deadline(row) for row in pacing.deadlines],
    }


@router.get("/students/{student_id}/pacing", response=list[CourseOut])
def pacing_of_student(request: HttpRequest, student_id: int):
    """Each of the student's courses: the on-track projection with its arithmetic, and the deadlines."""
    relation = access.student_relation_or_404(request.user, student_id)
    courses = selectors.student_pacing(relation.student)
    audit_student_reads(
        actor=request.actor, action="pacing.view", student_ids=[relation.student.pk], detail={"via": "api"}
    )
    return [_course(pacing) for pacing in courses]


@router.post("/students/{student_id}/targets", response={201: DeadlineOut, **ERRORS})
def pacing_target_set(request: HttpRequest, student_id: int, item: TargetIn):
    """The student sets their own target date for one competency of a course they are in."""
    relation = access.student_relation_or_404(request.user, student_id)
    course = access.course_of_student_or_404(relation, item.course_id)
    try:
        deadline = services.soft_deadline_set(
            student=relation.student,
            course=course,
            competency_id=item.competency_id,
            due_on=item.due_on,
            actor=request.actor,
        )
    except PacingError as error:
        return _error(error)
    return Status(201, _deadline(selectors.deadline_rows([deadline])[0]))


@router.post("/sections/{section_id}/deadlines", response={201: list[DeadlineOut], **ERRORS})
def pacing_hard_deadline_set(request: HttpRequest, section_id: int, item: HardIn):
    """A hard deadline for the whole section, or for one of its students (`student_id`)."""
    section = access.managed_section_or_404(request.user, section_id)
    student = access.student_in_section_or_404(section, item.student_id) if item.student_id else None
    try:
        changed = services.hard_deadline_set(
            section=section,
            competency_id=item.competency_id,
            due_on=item.due_on,
            student=student,
            actor=request.actor,
        )
    except PacingError as error:
        return _error(error)
    return Status(201, [_deadline(row) for row in selectors.deadline_rows(changed)])


@router.post(
    "/students/{student_id}/deadlines/{deadline_id}/extension-requests", response={201: RequestOut, **ERRORS}
)
def pacing_extension_ask(request: HttpRequest, student_id: int, deadline_id: int, item: AskIn):
    relation = access.student_relation_or_404(request.user, student_id)
    deadline = access.deadline_of_student_or_404(relation, deadline_id)
    try:
        asked = services.extension_ask(deadline=deadline, reason=item.reason, actor=request.actor)
    except PacingError as error:
        return _error(error)
    return Status(201, _request(asked))


@router.post("/extension-requests/{request_id}/decision", response={200: RequestOut, **ERRORS})
def pacing_extension_decide(request: HttpRequest, request_id: int, item: DecisionIn):
    extension = access.request_for_user_or_404(request.user, request_id)
    try:
        decided = services.extension_decide(
            request=extension,
            grant=item.grant,
            new_due_on=item.new_due_on,
            note=item.note,
            actor=request.actor,
        )
    except PacingError as error:
        return _error(error)
    return Status(200, _request(decided))


def _request(extension: Any) -> dict[str, Any]:
    return {
        "id": extension.pk,
        "deadline_id": extension.deadline_id,
        "status": extension.status,
        "new_due_on": extension.new_due_on,
        "note": extension.note,
    }
