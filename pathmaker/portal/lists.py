"""The leaders' lists: a school's (or the district's) students, sections and teachers, searchable by name.

Each list reads through `portal.selectors` (built on the access rule) and shows 50 rows a page; the
students list writes one audit row per student shown, as every page that shows students does.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from pathmaker.access import scope
from pathmaker.audit.services import audit_student_reads
from pathmaker.portal import selectors
from pathmaker.rostering.selectors import grade_label

PAGE_SIZE = 50


class ListSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Name"))
    school = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("School"))

    def __init__(self, *args: Any, schools: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", _("All my schools")), *schools]


def _search(request: HttpRequest) -> tuple[ListSearchForm, str, int | None]:
    schools = [(s.pk, s.name) for s in selectors.schools_led_by(request.user)]
    form = ListSearchForm(request.GET or None, schools=schools)
    if form.is_valid():
        return form, form.cleaned_data["q"], form.cleaned_data["school"]
    return form, "", None  # an unknown school or an over-long name: the whole list, with the form's error


def _page(request: HttpRequest, rows: Any) -> tuple[Page, str]:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@login_required
def leader_students(request: HttpRequest) -> HttpResponse:
    scope.require_leader(request.user)
    form, query, school = _search(request)
    page, rest = _page(request, selectors.leader_students(request.user, query=query, school_id=school))
    shown = list(page.object_list)
    audit_student_reads(
        actor=request.actor,
        action="student.list",
        student_ids=[s.pk for s in shown],
        detail={"via": "leader_list"},
    )
    schools = selectors.schools_of(shown, role="student")
    rows = [
        (
            s,
            schools.get(s.pk, []),
            ", ".join(grade_label(g.strip()) for g in s.grades.split(",") if g.strip()),
        )
        for s in shown
    ]
    return render(
        request, "portal/leader_students.html", {"form": form, "page": page, "rows": rows, "query": rest}
    )


@login_required
def leader_sections(request: HttpRequest) -> HttpResponse:
    scope.require_leader(request.user)
    form, query, school = _search(request)
    page, rest = _page(request, selectors.leader_sections(request.user, query=query, school_id=school))
    shown = list(page.object_list)
    teachers = selectors.teachers_by_section(shown)
    rows = [(section, teachers.get(section.pk, [])) for section in shown]
    return render(
        request, "portal/leader_sections.html", {"form": form, "page": page, "rows": rows, "query": rest}
    )


@login_required
def leader_teachers(request: HttpRequest) -> HttpResponse:
    scope.require_leader(request.user)
    form, query, school = _search(request)
    page, rest = _page(request, selectors.leader_teachers(request.user, query=query, school_id=school))
    shown = list(page.object_list)
    sections = selectors.sections_by_teacher(request.user, shown, school_id=school)
    schools = selectors.schools_of(shown, role="teacher")
    rows = [(teacher, schools.get(teacher.pk, []), sections.get(teacher.pk, [])) for teacher in shown]
    return render(
        request, "portal/leader_teachers.html", {"form": form, "page": page, "rows": rows, "query": rest}
    )
