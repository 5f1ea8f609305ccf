"""JSON API v1. Every endpoint reads through pathmaker.access, exactly as the pages do."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.pagination import LimitOffsetPagination, paginate

from pathmaker.access import rules
from pathmaker.api.auth import AUTH
from pathmaker.api.schemas import EnrollmentOut, SchoolOut, SectionOut, StudentDetailOut, StudentOut
from pathmaker.audit.services import audit_student_reads
from pathmaker.rostering import selectors
from pathmaker.rostering.models import Org, Person

api = NinjaAPI(
    title="Pathmaker API",
    version="1",
    urls_namespace="api-v1",
    auth=AUTH,
    description="Read access to the district roster, under the same access rule as the web pages. "
    "Authenticate with `Authorization: Bearer <token>` (`pathmaker create-api-token`).",
)


@api.get("/schools", response=list[SchoolOut], tags=["roster"])
@paginate(LimitOffsetPagination)
def list_schools(request: HttpRequest):
    """Schools and other orgs: directory information, visible to every signed-in user."""
    return Org.objects.filter(org_type="school").order_by("name")


@api.get("/sections", response=list[SectionOut], tags=["roster"])
@paginate(LimitOffsetPagination)
def list_sections(request: HttpRequest):
    return rules.sections_visible_to(request.user).order_by("id")


@api.get("/sections/{section_id}", response=SectionOut, tags=["roster"])
def get_section(request: HttpRequest, section_id: int):
    return rules.section_for_user_or_404(request.user, section_id)


@api.get("/sections/{section_id}/enrollments", response=list[EnrollmentOut], tags=["roster"])
@paginate(LimitOffsetPagination)
def list_section_enrollments(request: HttpRequest, section_id: int):
    section = rules.section_for_user_or_404(request.user, section_id)
    return rules.enrollments_visible_to(request.user).filter(section=section).order_by("id")


@api.get("/enrollments", response=list[EnrollmentOut], tags=["roster"])
@paginate(LimitOffsetPagination)
def list_enrollments(request: HttpRequest):
    return rules.enrollments_visible_to(request.user).order_by("id")


@api.get("/students", response=list[StudentOut], tags=["students"])
@paginate(LimitOffsetPagination)
def list_students(request: HttpRequest, **kwargs):
    return _AuditedPage(request, rules.students_visible_to(request.user).order_by("id"))


@api.get("/students/{student_id}", response=StudentDetailOut, tags=["students"])
def get_student(request: HttpRequest, student_id: int):
    record = selectors.student_record_open(
        user=request.user, student_id=student_id, request=request, via="api"
    )
    student, demographics = record.student, record.demographics
    return {
        **StudentOut.from_orm(student).dict(),
        "school_ids": list(selectors.student_schools(student).values_list("id", flat=True)),
        "section_ids": list(
            rules.sections_visible_to(request.user)
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


class _AuditedPage:
    """A queryset whose sliced page is written to the audit log (one row per student returned)."""

    def __init__(self, request: HttpRequest, queryset) -> None:
        self.request = request
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        page: list[Person] = list(self.queryset[item])
        audit_student_reads(
            actor=self.request.user,
            action="student.list",
            request=self.request,
            student_ids=[p.pk for p in page],
            detail={"via": "api"},
        )
        return page
