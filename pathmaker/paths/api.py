"""Plans and playlists through the JSON API: the same access rule (`paths/access.py`) and the same services
as the pages. A refusal answers with the error's code; its family decides the status (forbidden: 403, not
found: 404, anything else: 400), as in `pathmaker.api.views.STATUS_BY_FAMILY`, which this router cannot
import (it sits below the web layer). A student outside the caller's scope is the API's audited 404.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from pathmaker.access.scope import Relation
from pathmaker.audit.services import audit_student_reads
from pathmaker.lib.bounds import EARLIEST_DATE, LATEST_DATE, MAX_ID
from pathmaker.lib.errors import FORBIDDEN, NOT_FOUND, DomainError, family_of
from pathmaker.paths import access, selectors, services
from pathmaker.paths.models import PlaylistStep
from pathmaker.paths.services import EvidenceError, PathsError
from pathmaker.paths.words import reason_words
from pathmaker.resources.models import Resource

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


def _error(error: DomainError) -> Status:
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


PLAYLIST = "/students/{student_id}/playlists/{competency_id}"
STEP = PLAYLIST + "/steps/{step_id}"


class AddIn(Schema):
    resource_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        ..., min_length=1, max_length=services.MAX_PLAYLIST_STEPS
    )
    origin: str = Field(PlaylistStep.Origin.PICKED, max_length=12, description="picked or suggested")


class ChoiceIn(Schema):
    modality: str = Field(..., max_length=12)


class ScoreIn(Schema):
    # Evidence.score is DecimalField(max_digits=6, decimal_places=2); the service checks the scale.
    score: Decimal = Field(..., allow_inf_nan=False, ge=-9999, le=9999)
    demonstrated_on: date = Field(..., ge=EARLIEST_DATE, le=LATEST_DATE)


class QuizIn(Schema):
    answers: list[Annotated[int, Field(ge=0, le=999)] | None] = Field(
        ..., max_length=100, description="The index of each question's choice, null for none"
    )


def _step_out(relation: Relation, competency_id: int, step: PlaylistStep) -> dict[str, Any]:
    playlist = access.playlist_or_404(relation, competency_id)
    return next(s for s in _playlist(playlist)["steps"] if s["id"] == step.pk)


def _step_of(
    request: HttpRequest, student_id: int, competency_id: int, step_id: int
) -> tuple[Relation, PlaylistStep]:
    relation = access.plan_relation_or_404(request.user, student_id)
    return relation, access.step_or_404(access.playlist_or_404(relation, competency_id), step_id)


@router.post(PLAYLIST + "/resources", response={201: PlaylistOut, **ERRORS})
def post_playlist_resources(request: HttpRequest, student_id: int, competency_id: int, add: AddIn):
    """A teacher puts library resources on the student's playlist for a competency (`origin`: picked, or a
    suggestion they confirm); a resource not in the library for it is `paths.resource_not_available`."""
    relation = access.plan_relation_or_404(request.user, student_id)
    competency = access.competency_of_student_or_404(relation, competency_id)
    wanted = list(dict.fromkeys(add.resource_ids))
    found = Resource.objects.in_bulk(wanted)
    try:
        # Only to someone who builds playlists: anyone else hears the service's 403, not which ids exist.
        if len(found) != len(wanted) and access.may_build_playlists(relation):
            raise PathsError(
                "some of those resources are not in the library",
                code=services.RESOURCE_NOT_AVAILABLE,
                field="resource_ids",
            )
        playlist = services.playlist_add(
            relation=relation,
            competency=competency,
            resources=[found[pk] for pk in wanted if pk in found],
            origin=add.origin,
            actor=request.actor,
        )
    except PathsError as error:
        return _error(error)
    return Status(201, _playlist(playlist))


@router.post(PLAYLIST + "/choice", response={200: PlaylistOut, **ERRORS})
def post_playlist_choice(request: HttpRequest, student_id: int, competency_id: int, choice: ChoiceIn):
    """The student says how they want to learn it (a modality: read, watch, practise, hands_on,
    small_group, discussion)."""
    relation = access.plan_relation_or_404(request.user, student_id)
    playlist = access.playlist_or_404(relation, competency_id)
    try:
        services.playlist_choose(
            relation=relation, playlist=playlist, modality=choice.modality, actor=request.actor
        )
    except PathsError as error:
        return _error(error)
    return _playlist(access.playlist_or_404(relation, competency_id))


@router.post(STEP + "/done", response={200: StepOut, **ERRORS})
def post_step_done(request: HttpRequest, student_id: int, competency_id: int, step_id: int):
    """The student marks a step done (an assessment is finished by its score instead)."""
    relation, step = _step_of(request, student_id, competency_id, step_id)
    try:
        services.step_done(relation=relation, step=step, actor=request.actor)
    except PathsError as error:
        return _error(error)
    return _step_out(relation, competency_id, step)


@router.post(STEP + "/score", response={200: StepOut, **ERRORS})
def post_step_score(request: HttpRequest, student_id: int, competency_id: int, step_id: int, given: ScoreIn):
    """A teacher scores an assessment step: the score is recorded as evidence and the level moves now
    (a score off the competency's scale answers its `evidence.*` code)."""
    relation, step = _step_of(request, student_id, competency_id, step_id)
    try:
        services.step_score(
            relation=relation,
            step=step,
            score=given.score,
            demonstrated_on=given.demonstrated_on,
            actor=request.actor,
        )
    except (PathsError, EvidenceError) as error:
        return _error(error)
    return _step_out(relation, competency_id, step)


@router.post(STEP + "/quiz", response={200: StepOut, **ERRORS})
def post_step_quiz(request: HttpRequest, student_id: int, competency_id: int, step_id: int, quiz: QuizIn):
    """The student answers a quiz step (one choice index per question, null for none); it is scored from the
    answer key and recorded as evidence."""
    relation, step = _step_of(request, student_id, competency_id, step_id)
    try:
        services.step_quiz_submit(relation=relation, step=step, answers=quiz.answers, actor=request.actor)
    except (PathsError, EvidenceError) as error:
        return _error(error)
    return _step_out(relation, competency_id, step)


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
