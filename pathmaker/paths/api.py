"""Plans and playlists through the JSON API: the same access rule (`paths/access.py`) and the same services
as the pages. A refusal answers with the error's code; its family decides the status (forbidden: 403, not
found: 404, anything else: 400), as in `pathmaker.api.views.STATUS_BY_FAMILY`, which this router cannot
import (it sits below the web layer). A student outside the caller's scope is the API's audited 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from pathmaker.audit.services import audit_student_reads
from pathmaker.lib.bounds import MAX_ID
from pathmaker.lib.errors import FORBIDDEN, NOT_FOUND, family_of
from pathmaker.paths import access, selectors, services
from pathmaker.paths.services import PathsError
from pathmaker.paths.words import reason_words

router = Router(tags=["paths"])

STATUS = {FORBIDDEN: 403, NOT_FOUND: 404}


class ErrorOut(Schema):
    code: str
    field: str | None
    detail: str


class PlanItemOut(Schema):
    competency_id: int
    code: str
    statement: str
    status: str
    reason: str  # course_order, needs_first, needed_for, teacher_moved, student_chose
    reason_text: str
    names: list[int]
    note: str
    ready: bool
    waiting_on: list[int]


class PlanOut(Schema):
    course_id: int
    title: str
    mastered: list[int]
    items: list[PlanItemOut]


class MoveIn(Schema):
    competency_id: int = Field(..., ge=1, le=MAX_ID)
    after_id: int | None = Field(None, ge=1, le=MAX_ID)
    reason: str = Field("", max_length=services.MAX_REASON_CHARS)


class MoveOut(Schema):
    id: int
    competency_id: int
    after_id: int | None
    by_role: str
    reason: str


class StepOut(Schema):
    id: int
    resource_id: int
    title: str
    kind: str
    modality: str
    origin: str
    state: str
    skip_reason: str
    evidence_id: int | None


class PlaylistOut(Schema):
    competency_id: int
    chosen_modality: str
    steps: list[StepOut]


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _error(error: PathsError) -> Status:
    return Status(
        STATUS.get(family_of(error.code), 400),
        {"code": error.code, "field": error.field, "detail": str(error)},
    )


def _plan(view: selectors.PlanView, own: bool) -> dict[str, Any]:
    return {
        "course_id": view.course.pk,
        "title": view.course.title,
        "mastered": [c.pk for c in view.mastered],
        "items": [
            {
                "competency_id": line.competency.pk,
                "code": line.competency.human_coding_scheme,
                "statement": line.competency.full_statement,
                "status": line.status,
                "reason": str(line.item.reason),
                "reason_text": reason_words(line.item.reason, line.names, line.item.note, own=own),
                "names": list(line.item.detail),
                "note": line.item.note,
                "ready": line.item.ready,
                "waiting_on": list(line.item.waiting_on),
            }
            for line in view.lines
        ],
    }


@router.get("/students/{student_id}/plans", response=list[PlanOut])
def list_plans(request: HttpRequest, student_id: int):
    """Every plan of a student (one per course with competencies), each in order with its reasons."""
    relation = access.plan_relation_or_404(request.user, student_id)
    audit_student_reads(
        actor=request.actor, action="paths.plans_view", student_ids=[student_id], detail={"via": "api"}
    )
    return [
        _plan(selectors.plan_view(relation.student, c), relation.is_self)
        for c in selectors.courses_of(relation.student)
    ]


@router.get("/students/{student_id}/plans/{course_id}", response=PlanOut)
def get_plan(request: HttpRequest, student_id: int, course_id: int):
    relation = access.plan_relation_or_404(request.user, student_id)
    course = access.course_of_student_or_404(relation, course_id)
    audit_student_reads(
        actor=request.actor,
        action="paths.plan_view",
        student_ids=[student_id],
        detail={"via": "api", "course": course.pk},
    )
    return _plan(selectors.plan_view(relation.student, course), relation.is_self)


@router.post("/students/{student_id}/plans/{course_id}/moves", response={201: MoveOut, **ERRORS})
def post_plan_move(request: HttpRequest, student_id: int, course_id: int, move: MoveIn):
    """Move a competency to just after another (`after_id` null: first). The student moves within the
    prerequisites (`paths.prerequisite_first`); a teacher gives a `reason`."""
    relation = access.plan_relation_or_404(request.user, student_id)
    course = access.course_of_student_or_404(relation, course_id)
    try:
        change = services.plan_move(
            relation=relation,
            course=course,
            competency_id=move.competency_id,
            after_id=move.after_id,
            reason=move.reason,
            actor=request.actor,
        )
    except PathsError as error:
        return _error(error)
    return Status(
        201,
        {
            "id": change.pk,
            "competency_id": change.competency_id,
            "after_id": change.after_id,
            "by_role": change.by_role,
            "reason": change.reason,
        },
    )


def _playlist(playlist) -> dict[str, Any]:
    return {
        "competency_id": playlist.competency_id,
        "chosen_modality": playlist.chosen_modality,
        "steps": [
            {
                "id": s.pk,
                "resource_id": s.resource_id,
                "title": s.resource.title,
                "kind": s.resource.kind,
                "modality": s.resource.modality,
                "origin": s.origin,
                "state": s.state,
                "skip_reason": s.skip_reason,
                "evidence_id": s.evidence_id,
            }
            for s in selectors.steps_of(playlist)
        ],
    }


@router.get("/students/{student_id}/playlists/{competency_id}", response=PlaylistOut)
def get_playlist(request: HttpRequest, student_id: int, competency_id: int):
    relation = access.plan_relation_or_404(request.user, student_id)
    playlist = access.playlist_or_404(relation, competency_id)
    audit_student_reads(
        actor=request.actor,
        action="paths.playlist_view",
        student_ids=[student_id],
        detail={"via": "api", "competency": competency_id},
    )
    return _playlist(playlist)


@router.post(
    "/students/{student_id}/playlists/{competency_id}/steps/{step_id}/done", response={200: StepOut, **ERRORS}
)
def post_step_done(request: HttpRequest, student_id: int, competency_id: int, step_id: int):
    """The student marks a step done (an assessment is finished by its score instead)."""
    relation = access.plan_relation_or_404(request.user, student_id)
    step = access.step_or_404(access.playlist_or_404(relation, competency_id), step_id)
    try:
        services.step_done(relation=relation, step=step, actor=request.actor)
    except PathsError as error:
        return _error(error)
    playlist = access.playlist_or_404(relation, competency_id)
    return next(s for s in _playlist(playlist)["steps"] if s["id"] == step.pk)


class DueOut(Schema):
    competency_id: int
    due_on: date
    kind: str
    state: str


class CourseNextOut(Schema):
    course_id: int
    title: str
    next_step_id: int | None
    competency_id: int | None
    reason: str | None  # revise, overdue, due, next
    resource_id: int | None
    why_resource: str | None  # interest, modality, playlist, library
    sentence: str


class WhatNextOut(Schema):
    due_soon: list[DueOut]
    revise: list[int]
    courses: list[CourseNextOut]


@router.get("/students/{student_id}/next", response=WhatNextOut)
def get_what_next(request: HttpRequest, student_id: int):
    """What is due soon, what to revise, and per course the next step and one recommendation with its
    one-sentence reason (never a competency whose prerequisites are not mastered)."""
    relation = access.plan_relation_or_404(request.user, student_id)
    audit_student_reads(
        actor=request.actor, action="paths.next_view", student_ids=[student_id], detail={"via": "api"}
    )
    found = selectors.what_next(relation.student)
    return {
        "due_soon": [
            {
                "competency_id": row.deadline.competency_id,
                "due_on": row.deadline.due_on,
                "kind": row.deadline.kind,
                "state": row.state,
            }
            for row in found.due_soon
        ],
        "revise": [flag.competency_id for flag in found.revise],
        "courses": [
            {
                "course_id": c.course.pk,
                "title": c.course.title,
                "next_step_id": c.next_step.pk if c.next_step else None,
                "competency_id": c.recommendation.competency if c.recommendation else None,
                "reason": c.recommendation.reason if c.recommendation else None,
                "resource_id": c.recommendation.resource if c.recommendation else None,
                "why_resource": c.recommendation.why_resource if c.recommendation else None,
                "sentence": c.sentence,
            }
            for c in found.courses
        ],
    }
