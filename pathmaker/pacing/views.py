"""Pacing pages: a student's deadlines and projections, a section's pacing, a course's guide, a school's days off.

Every page asks `pacing/access.py` first, so a student, section, course or school outside the viewer's
reach is a 404; an action the viewer may never take is a 404 too (its form is not offered to them).
A refusal the viewer can fix (a date that has passed) is shown: on the form of the guide and calendar
pages, as a message on the pages that hold several small forms.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathmaker.audit.services import audit_student_reads
from pathmaker.pacing import access, selectors, services
from pathmaker.pacing.forms import (
    DayOffForm,
    ExtensionAskForm,
    ExtensionDecideForm,
    GuideForm,
    HardDeadlineForm,
    SoftDeadlineForm,
)
from pathmaker.pacing.models import Deadline, PacingGuide
from pathmaker.pacing.selectors import DeadlineRow
from pathmaker.pacing.services import PacingError


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


# --- The student's page ---------------------------------------------------------------------------------


@login_required
def pacing_student(request: HttpRequest, student_id: int) -> HttpResponse:
    relation = access.student_relation_or_404(request.user, student_id)
    student = relation.student
    courses = selectors.student_pacing(student)
    audit_student_reads(actor=request.actor, action="pacing.view", student_ids=[student.pk])
    is_self = access.may_set_own_targets(relation)
    return render(
        request,
        "pacing/student.html",
        {
            "student": student,
            "courses": [
                {
                    "pacing": pacing,
                    "soft_form": SoftDeadlineForm(
                        prefix=f"soft-{pacing.course.pk}",
                        competencies=selectors.course_competencies(pacing.course),
                    )
                    if is_self
                    else None,
                    "rows": [(row, _ask_form(row) if is_self else None) for row in pacing.deadlines],
                }
                for pacing in courses
            ],
            "is_self": is_self,
        },
    )


def _ask_form(row: DeadlineRow) -> ExtensionAskForm | None:
    """The student may ask for more time on a hard deadline not yet met, once at a time."""
    if not row.is_hard or row.state == Deadline.State.MET or row.open_request is not None:
        return None
    return ExtensionAskForm(prefix=f"ask-{row.deadline.pk}")


def _student_url(student_id: int, anchor: str = "") -> str:
    url = reverse("pacing_student", args=[student_id])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_POST
def pacing_soft_set(request: HttpRequest, student_id: int, course_id: int) -> HttpResponse:
    relation = access.student_relation_or_404(request.user, student_id)
    if not access.may_set_own_targets(relation):
        raise Http404("Not found")
    course = access.course_of_student_or_404(relation, course_id)
    form = SoftDeadlineForm(
        request.POST, prefix=f"soft-{course.pk}", competencies=selectors.course_competencies(course)
    )
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.soft_deadline_set(
                student=relation.student,
                course=course,
                competency_id=form.cleaned_data["competency"],
                due_on=form.cleaned_data["due_on"],
                actor=request.actor,
            )
        except PacingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your target date is saved."))
    return redirect(_student_url(relation.student.pk, f"course-{course.pk}"))


@login_required
@require_POST
def pacing_extension_ask(request: HttpRequest, student_id: int, deadline_id: int) -> HttpResponse:
    relation = access.student_relation_or_404(request.user, student_id)
    deadline = access.deadline_of_student_or_404(relation, deadline_id)
    if not access.may_set_own_targets(relation):
        raise Http404("Not found")
    form = ExtensionAskForm(request.POST, prefix=f"ask-{deadline.pk}")
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.extension_ask(deadline=deadline, reason=form.cleaned_data["reason"], actor=request.actor)
        except PacingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your request is sent to your teacher."))
    return redirect(_student_url(relation.student.pk, f"deadline-{deadline.pk}"))


# --- The section's page ---------------------------------------------------------------------------------


@login_required
def pacing_section(request: HttpRequest, section_id: int) -> HttpResponse:
    section = access.managed_section_or_404(request.user, section_id)
    rows = selectors.section_pacing(section)
    audit_student_reads(
        actor=request.actor, action="pacing.section_view", student_ids=[r.student.pk for r in rows]
    )
    competencies = selectors.course_competencies(section.course) if section.course else []
    return render(
        request,
        "pacing/section.html",
        {
            "section": section,
            "rows": rows,
            "requests": [
                (row.student, open_row, ExtensionDecideForm(prefix=f"decide-{open_row.open_request.pk}"))
                for row in rows
                for open_row in row.open_requests
                if open_row.open_request is not None
            ],
            "deadlines": selectors.section_hard_deadlines(section),
            "term": selectors.term_for(section),
            "hard_form": HardDeadlineForm(
                prefix="hard", competencies=competencies, students=[r.student for r in rows]
            ),
            "may_edit_guide": section.course is not None
            and access.may_edit_guide(request.user, section.course),
        },
    )


@login_required
@require_POST
def pacing_hard_set(request: HttpRequest, section_id: int) -> HttpResponse:
    section = access.managed_section_or_404(request.user, section_id)
    competencies = selectors.course_competencies(section.course) if section.course else []
    students = selectors.section_students(section)
    form = HardDeadlineForm(request.POST, prefix="hard", competencies=competencies, students=students)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        student = (
            access.student_in_section_or_404(section, form.cleaned_data["student"])
            if form.cleaned_data["student"]
            else None
        )
        try:
            changed = services.hard_deadline_set(
                section=section,
                competency_id=form.cleaned_data["competency"],
                due_on=form.cleaned_data["due_on"],
                student=student,
                actor=request.actor,
            )
        except PacingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The deadline is set for %(count)s students.") % {"count": len(changed)}
            )
    return redirect(reverse("pacing_section", args=[section.pk]))


@login_required
@require_POST
def pacing_extension_decide(request: HttpRequest, section_id: int, request_id: int) -> HttpResponse:
    section = access.managed_section_or_404(request.user, section_id)
    extension = access.request_in_section_or_404(section, request_id)
    form = ExtensionDecideForm(request.POST, prefix=f"decide-{extension.pk}")
    if not form.is_valid():
        _form_errors(request, form)
    else:
        grant = form.cleaned_data["decision"] == "grant"
        try:
            services.extension_decide(
                request=extension,
                grant=grant,
                new_due_on=form.cleaned_data["new_due_on"],
                note=form.cleaned_data["note"],
                actor=request.actor,
            )
        except PacingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The extension is granted.") if grant else _("The request is declined.")
            )
    return redirect(reverse("pacing_section", args=[section.pk]) + "#requests")


# --- The course's pacing guide --------------------------------------------------------------------------


@login_required
def pacing_guide(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.guide_course_or_404(request.user, course_id)
    terms = selectors.terms_of_course(course)
    competencies = selectors.course_competencies(course)
    chosen = next(
        (t for t in terms if str(t.pk) == request.GET.get("term", "")), terms[-1] if terms else None
    )
    guide = selectors.guide_for(course, chosen)
    status = 200
    if request.method == "POST":
        form = GuideForm(request.POST, terms=terms, competencies=competencies)
        if form.is_valid():
            term = next(t for t in terms if t.pk == form.cleaned_data["term"])
            try:
                services.pacing_guide_set(course=course, term=term, weeks=form.weeks(), actor=request.actor)
            except PacingError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("The pacing guide is saved."))
                return redirect(f"{reverse('pacing_guide', args=[course.pk])}?term={term.pk}")
        status = 400
    else:
        initial: dict[str, Any] = {"term": chosen.pk if chosen else None}
        initial |= {f"weeks_{cid}": weeks for cid, weeks in selectors.target_weeks(guide).items()}
        form = GuideForm(initial=initial, terms=terms, competencies=competencies)
    return render(
        request,
        "pacing/guide.html",
        {"course": course, "form": form, "guide": guide, "term": chosen, "total": _total(guide)},
        status=status,
    )


def _total(guide: PacingGuide | None) -> float:
    return sum(selectors.target_weeks(guide).values())


# --- A school's days off --------------------------------------------------------------------------------


@login_required
def pacing_days_off(request: HttpRequest) -> HttpResponse:
    schools = access.schools_for_days_off(request.user)
    if not schools:
        raise Http404("Not found")
    school = next((s for s in schools if str(s.pk) == request.GET.get("school", "")), schools[0])
    status = 200
    form = DayOffForm()
    if request.method == "POST":
        form = DayOffForm(request.POST)
        if form.is_valid():
            try:
                services.day_off_add(
                    school=school,
                    on=form.cleaned_data["on"],
                    name=form.cleaned_data["name"],
                    actor=request.actor,
                )
            except PacingError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("The day off is added."))
                return redirect(f"{reverse('pacing_days_off')}?school={school.pk}")
        status = 400
    return render(
        request,
        "pacing/days_off.html",
        {"schools": schools, "school": school, "days": selectors.days_off_of(school.pk), "form": form},
        status=status,
    )


@login_required
@require_POST
def pacing_day_off_remove(request: HttpRequest, day_id: int) -> HttpResponse:
    day = access.day_off_or_404(request.user, day_id)
    school_id = day.school_id
    services.day_off_remove(day=day, actor=request.actor)
    messages.success(request, _("The day off is removed."))
    return redirect(f"{reverse('pacing_days_off')}?school={school_id}")
