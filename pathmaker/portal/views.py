"""Pages every persona sees: home, a student's page, a section's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from pathmaker.access import scope
from pathmaker.access.records import student_record_open
from pathmaker.audit.services import audit_student_reads
from pathmaker.mastery.access import may_open_gradebook
from pathmaker.mastery.selectors import (
    course_grants_credit,
    course_progress,
    current_policy,
    evaluation_inbox,
    open_requests_of,
    summaries_for,
)
from pathmaker.paths.selectors import pacing_alerts_for_advisor, pacing_alerts_for_teacher, what_next
from pathmaker.rostering import selectors
from pathmaker.rostering.models import Course, Org


@login_required
def home(request: HttpRequest) -> HttpResponse:
    viewer = scope.viewer_for(request.user)
    context: dict[str, object] = {}
    if viewer.is_district_admin:
        schools = list(selectors.schools_with_counts())
        context["district_schools"] = schools
        context["district_largest"] = max((s.student_count for s in schools), default=0)
        context["district_students"] = sum(s.student_count for s in schools)
    if viewer.is_school_leader:
        led = Org.objects.filter(pk__in=viewer.led_org_ids, org_type="school", is_active=True)
        context["led_schools"] = [selectors.school_numbers(school) for school in led]
    if viewer.is_teacher and viewer.person_id:
        context["taught_sections"] = selectors.sections_with_counts(
            scope.sections_visible_to(request.user).filter(pk__in=scope.taught_sections(viewer.person_id))
        )
        context["evaluation_inbox"] = _teacher_inbox(request)
        context["pacing_alerts"] = _pacing_alerts(request, pacing_alerts_for_teacher(request.user))
    if viewer.is_advisor:
        context["advisee_pacing_alerts"] = _pacing_alerts(request, pacing_alerts_for_advisor(request.user))
    if viewer.is_guardian or viewer.is_student:
        # Their own record and their children, not every student a staff role also lets them see.
        context["own_students"] = list(
            scope.students_visible_to(request.user)
            .filter(
                Q(pk=viewer.person_id)
                | Q(guardian_links__guardian_id=viewer.person_id, guardian_links__is_active=True)
            )
            .distinct()
            .order_by("given_name")
        )
        audit_student_reads(
            actor=request.actor,
            action="home.view",
            student_ids=[s.pk for s in context["own_students"]],
        )
        context["what_next"] = [(s, what_next(s)) for s in context["own_students"]]
    return render(request, "portal/home.html", context)


def _teacher_inbox(request: HttpRequest) -> list:
    """Students' open requests for evaluation in the teacher's sections (each student shown is audited)."""
    inbox = evaluation_inbox(request.user)
    if inbox:
        audit_student_reads(
            actor=request.actor,
            action="mastery.inbox_view",
            student_ids=sorted({item.request.student_id for item in inbox}),
        )
    return inbox


def _pacing_alerts(request: HttpRequest, alerts: list) -> list:
    """Missed hard deadlines and students off track (each student shown is audited)."""
    if alerts:
        audit_student_reads(
            actor=request.actor,
            action="pacing.alerts_view",
            student_ids=sorted({a.student.pk for a in alerts}),
        )
    return alerts


def _with_requests(summaries: list, requests: dict) -> list:
    """Each level with its open request (a teacher's note on what to revise), for the student's classes page."""
    for summary in summaries:
        summary.open_request = requests.get(summary.competency_id)
    return summaries


@login_required
def student_detail(request: HttpRequest, student_id: int) -> HttpResponse:
    record = student_record_open(actor=request.actor, student_id=student_id, via="page")
    student = record.student
    policy = current_policy()
    sections = scope.sections_visible_to(request.user).filter(
        enrollments__person=student, enrollments__role="student", enrollments__is_active=True
    )
    context = {
        "student": student,
        "schools": selectors.student_schools(student),
        "sections": selectors.sections_with_counts(sections),
        "guardians": selectors.guardians_of(student),
        "demographics": record.demographics,
        "show_demographics": record.may_see_demographics,
        "mastery": _with_requests(summaries_for(student), open_requests_of(student)),
        # Credit lines only for courses that grant credit (high school): a first grader's family gets none.
        "courses": [
            course_progress(student, course, policy=policy)
            for course in Course.objects.filter(sections__in=sections, competency_links__isnull=False)
            .distinct()
            .order_by("title")
            if course_grants_credit(course)
        ],
    }
    return render(request, "portal/student.html", context)


@login_required
def section_detail(request: HttpRequest, section_id: int) -> HttpResponse:
    section = scope.section_for_user_or_404(request.user, section_id)
    roster = list(
        scope.roster_visible_in(request.user, section)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    )
    audit_student_reads(
        actor=request.actor,
        action="section.roster_view",
        student_ids=[e.person_id for e in roster],
        detail={"section": section.pk},
    )
    return render(
        request,
        "portal/section.html",
        {
            "section": section,
            "roster": roster,
            "teachers": selectors.teachers_of(section),
            "grade_label": selectors.grade_label,
            "may_grade": may_open_gradebook(request.user, section),
        },
    )


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; send them to the static icon (no 404 per page)."""
    return redirect(static("pathmaker/favicon.ico"), permanent=True)
