"""JSON API v1. Every endpoint reads through pathmaker.access, exactly as the pages do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Status
from ninja.pagination import paginate

from pathmaker.access import scope
from pathmaker.access.records import student_record_open
from pathmaker.api.auth import AUTH
from pathmaker.api.pagination import LimitOffsetPagination
from pathmaker.api.schemas import (
    BatchError,
    EnrollmentOut,
    ErrorOut,
    EvidenceIn,
    EvidenceOut,
    ExplanationOut,
    MasteryOut,
    SchoolOut,
    SectionOut,
    StudentDetailOut,
    StudentOut,
)
from pathmaker.audit.services import audit_denied, audit_student_reads
from pathmaker.frameworks.models import Competency
from pathmaker.lib.errors import FORBIDDEN, NOT_FOUND, DomainError, family_of
from pathmaker.mastery import selectors as mastery_selectors
from pathmaker.mastery.recording import EvidenceError, evidence_record
from pathmaker.rostering import selectors
from pathmaker.rostering.models import Enrollment, Org

api = NinjaAPI(
    title="Pathmaker API",
    version="1",
    urls_namespace="api-v1",
    auth=AUTH,
    description="Read access to the district roster, under the same access rule as the web pages. "
    "Authenticate with `Authorization: Bearer <token>` (`pathmaker create-api-token`).",
)


# The one table from a domain error's code to an HTTP status: by the code's family (its last part), never
# by the message, so rewording or translating a message does not change the API (pathmaker.lib.errors).
STATUS_BY_FAMILY = {FORBIDDEN: 403, NOT_FOUND: 404}
NOT_FOUND_BODY = {"code": NOT_FOUND, "field": None, "detail": "Not Found"}


def status_of(code: str) -> int:
    return STATUS_BY_FAMILY.get(family_of(code), 400)


def error_body(error: DomainError) -> dict[str, Any]:
    return {"code": error.code, "field": error.field, "detail": str(error)}


@api.exception_handler(scope.StudentNotVisible)
def student_not_visible(request: HttpRequest, exc: scope.StudentNotVisible):
    """The API answers its own 404s, so it records a denied attempt here (pages: the audit middleware)."""
    audit_denied(
        actor=request.actor, student_id=exc.student_id, path=request.path, method=request.method or ""
    )
    return api.create_response(request, NOT_FOUND_BODY, status=404)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, NOT_FOUND_BODY, status=404)


@api.get("/schools", response=list[SchoolOut], tags=["roster"])
@paginate(LimitOffsetPagination)
def list_schools(request: HttpRequest):
    """Schools and other orgs: directory information, visible to every signed-in user."""
    return Org.objects.filter(org_type="school").order_by("name")


@api.get("/sections", response=list[SectionOut], tags=["roster"])
@paginate(LimitOffsetPagination)
def list_sections(request: HttpRequest):
    return scope.sections_visible_to(request.user).order_by("id")


@api.get("/sections/{section_id}", response=SectionOut, tags=["roster"])
def get_section(request: HttpRequest, section_id: int):
    return scope.section_for_user_or_404(request.user, section_id)


@api.get("/sections/{section_id}/enrollments", response=list[EnrollmentOut], tags=["roster"])
@paginate(LimitOffsetPagination)
def list_section_enrollments(request: HttpRequest, section_id: int):
    section = scope.section_for_user_or_404(request.user, section_id)
    enrollments = scope.enrollments_visible_to(request.user).filter(section=section).order_by("id")
    return _AuditedPage(request, enrollments, action="enrollment.list", student_ids=_enrolled_students)


@api.get("/enrollments", response=list[EnrollmentOut], tags=["roster"])
@paginate(LimitOffsetPagination)
def list_enrollments(request: HttpRequest):
    enrollments = scope.enrollments_visible_to(request.user).order_by("id")
    return _AuditedPage(request, enrollments, action="enrollment.list", student_ids=_enrolled_students)


@api.get("/students", response=list[StudentOut], tags=["students"])
@paginate(LimitOffsetPagination)
def list_students(request: HttpRequest, **kwargs):
    return _AuditedPage(request, scope.students_visible_to(request.user).order_by("id"))


@api.get("/students/{student_id}", response=StudentDetailOut, tags=["students"])
def get_student(request: HttpRequest, student_id: int):
    record = student_record_open(actor=request.actor, student_id=student_id, via="api")
    student, demographics = record.student, record.demographics
    return {
        **StudentOut.from_orm(student).dict(),
        "school_ids": list(selectors.student_schools(student).values_list("id", flat=True)),
        "section_ids": list(
            scope.sections_visible_to(request.user)
            .filter(enrollments__person=student, enrollments__role="student", enrollments__is_active=True)
            .values_list("id", flat=True)
        ),
        "guardian_ids": list(selectors.guardians_of(student).values_list("id", flat=True)),
        "demographics": None
        if demographics is None
        else {
            **{
                f: getattr(demographics, f)
                for f in (
                    "birth_date",
                    "sex",
                    "english_learner",
                    "free_reduced_lunch",
                    "iep",
                    "section_504",
                    "gifted",
                )
            },
            "race_ethnicity": demographics.race_ethnicity,
        },
    }


def _enrolled_students(page: list[Enrollment]) -> list[int]:
    """Who is in which class is a student record: the students of the page (not their teachers)."""
    return list(dict.fromkeys(e.person_id for e in page if e.role == "student"))


class _AuditedPage:
    """A queryset whose sliced page is written to the audit log (one row per student returned)."""

    def __init__(
        self,
        request: HttpRequest,
        queryset,
        *,
        action: str = "student.list",
        student_ids: Callable[[list[Any]], list[int]] = lambda page: [p.pk for p in page],
    ) -> None:
        self.request = request
        self.queryset = queryset
        self.action = action
        self.student_ids = student_ids

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        page = list(self.queryset[item])
        audit_student_reads(
            actor=self.request.actor,
            action=self.action,
            student_ids=self.student_ids(page),
            detail={"via": "api"},
        )
        return page


def _evidence_from(request: HttpRequest, item: EvidenceIn):
    relation = scope.relation_or_404(request.user, item.student_id)  # read once: the service checks its flags
    student = relation.student
    assert student is not None  # relation_or_404 raises for a student outside the scope
    competency = get_object_or_404(Competency, pk=item.competency_id)
    section = scope.section_for_user_or_404(request.user, item.section_id) if item.section_id else None
    return evidence_record(
        student=student,
        relation=relation,
        competency=competency,
        demonstrated_on=item.demonstrated_on,
        kind=item.kind,
        actor=request.actor,
        score=item.score,
        correct=item.correct,
        section=section,
        link=item.link,
        feedback=item.feedback,
        task_name=item.task_name,
    )


@api.post("/evidence", response={201: EvidenceOut, 400: ErrorOut, 403: ErrorOut}, tags=["evidence"])
def post_evidence(request: HttpRequest, item: EvidenceIn):
    """Record one piece of evidence; the student's mastery is updated before this answers."""
    try:
        return Status(201, _evidence_from(request, item))
    except EvidenceError as error:
        return Status(status_of(error.code), error_body(error))


@api.post(
    "/evidence/batch",
    response={201: list[EvidenceOut], 400: list[BatchError], 403: list[BatchError]},
    tags=["evidence"],
)
def post_evidence_batch(request: HttpRequest, items: list[EvidenceIn]):
    """Record many pieces at once: all of them, or (if any is refused) none, with each refusal's index."""
    errors: list[dict] = []
    try:
        with transaction.atomic():
            saved = []
            for index, item in enumerate(items):
                try:
                    saved.append(_evidence_from(request, item))
                except EvidenceError as error:
                    errors.append({"index": index, **error_body(error)})
                except Http404:
                    errors.append({"index": index, **NOT_FOUND_BODY, "detail": "No such student or section"})
            if errors:
                raise _RollBack
    except _RollBack:
        forbidden = all(status_of(e["code"]) == 403 for e in errors)
        return Status(403 if forbidden else 400, errors)
    return Status(201, saved)


class _RollBack(Exception):
    """Undo a batch in which any item was refused."""


def _mastery_row(summary) -> dict:
    competency = summary.competency
    return {
        "competency_id": competency.pk,
        "competency_code": competency.human_coding_scheme,
        "competency": competency.full_statement,
        "level": summary.level,
        "computed_level": summary.computed_level,
        "status": summary.status,
        "evidence_count": summary.evidence_count,
        "overridden": summary.overridden,
        "rule": summary.rule_snapshot,
    }


@api.get("/students/{student_id}/mastery", response=list[MasteryOut], tags=["mastery"])
def get_student_mastery(request: HttpRequest, student_id: int):
    record = student_record_open(actor=request.actor, student_id=student_id, via="api-mastery")
    return [_mastery_row(s) for s in mastery_selectors.summaries_for(record.student)]


@api.get(
    "/students/{student_id}/mastery/{competency_id}",
    response={200: ExplanationOut, 422: ErrorOut},
    tags=["mastery"],
)
def get_mastery_explanation(
    request: HttpRequest,
    student_id: int,
    competency_id: int,
    what_if: float | None = Query(None, allow_inf_nan=False),
):
    """The level with every step of its arithmetic; `?what_if=4` answers "if my next score is 4?"."""
    record = student_record_open(actor=request.actor, student_id=student_id, via="api-mastery")
    competency = get_object_or_404(Competency, pk=competency_id)
    try:
        found = mastery_selectors.explanation(record.student, competency, what_if=what_if)
    except ValueError as off_scale:  # the engine names the scale a what-if score must be on
        return Status(
            422, {"code": "mastery.what_if_off_scale", "field": "what_if", "detail": str(off_scale)}
        )
    return {
        "competency_id": competency.pk,
        "level": found.level,
        "status": found.status,
        "rule": found.result.rule.as_dict(),
        "steps": [{"text": s.text, "kind": s.kind, "value": s.value} for s in found.steps],
        "evidence": found.evidence,
        "override": None
        if found.override is None
        else {"level": found.override.level, "reason": found.override.reason},
        "what_if_score": found.what_if_score,
        "what_if_level": found.what_if.level if found.what_if else None,
    }


api.add_router("/", "pathmaker.pacing.api.router")  # pacing: deadlines, projections, extensions
api.add_router("/", "pathmaker.resources.api.router")  # the resource library: search, detail, add, rate
api.add_router("/", "pathmaker.paths.api.router")  # plans, playlists and "what next"
api.add_router("/", "pathmaker.grouping.api.router")  # groups from mastery, a student's own groups
api.add_router("/", "pathmaker.scheduling.api.router")  # the flex schedule: blocks, rooms, workshops, weeks
api.add_router("/", "pathmaker.reports.api.router")  # reports: subgroup tables, suppressed and audited
