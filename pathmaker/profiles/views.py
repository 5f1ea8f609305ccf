"""Learner profile pages: the profile itself, the student's writing, notes, advisors, readiness, and the
district's choice of sections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathmaker.access import scope
from pathmaker.audit.services import audit_student_reads
from pathmaker.components.text import sentence
from pathmaker.profiles import selectors, services
from pathmaker.profiles.access import (
    SectionEditor,
    may_assign_advisors,
    profile_access_or_404,
    profile_part_or_404,
    school_to_edit_or_404,
    section_editor_or_404,
    section_to_edit_or_404,
)
from pathmaker.profiles.models import ProfileSection, ReadinessItem
from pathmaker.profiles.parts import part_for
from pathmaker.rostering.models import Advisorship, Org, Person


def _profile_url(student_id: int, anchor: str = "") -> str:
    return reverse("student_profile", kwargs={"student_id": student_id}) + (f"#{anchor}" if anchor else "")


@login_required
def student_profile(request: HttpRequest, student_id: int) -> HttpResponse:
    access = profile_access_or_404(request.user, student_id)
    sections = selectors.sections_of(access)
    text = selectors.text_sections(access, sections)
    shown: list[dict[str, Any]] = []
    for section in sections:
        item: dict[str, Any] = {"section": section}
        if section.kind == ProfileSection.Kind.TEXT:
            item["text"] = text[section.pk]
        else:
            part = part_for(section.kind)
            if part is None:
                continue
            item["template"], item["context"] = part.template, part.context(access, request)
            if item["context"] is None:
                continue
        shown.append(item)
    audit_student_reads(actor=request.actor, action="profile.view", student_ids=[access.student.pk])
    context = {
        "student": access.student,
        "access": access,
        "shown": shown,
        "completeness": selectors.completeness(sections, text),
        "advisors": selectors.advisors_of(access.student)
        if not access.family_only or access.is_owner
        else [],
        "may_assign_advisors": may_assign_advisors(request.user, access.student),
    }
    if context["may_assign_advisors"]:
        context["staff"] = selectors.staff_of_school(access.student)
    return render(request, "profiles/profile.html", context)


@login_required
@require_POST
def profile_entry_write(request: HttpRequest, student_id: int, key: str) -> HttpResponse:
    access = profile_access_or_404(request.user, student_id)
    if not access.may_write_own:
        raise Http404("Not found")
    try:
        services.profile_entry_write(
            access=access,
            section_key=key,
            text=request.POST.get("text", ""),
            actor=request.actor,
        )
        messages.success(request, _("Saved."))
    except services.ProfileError as error:
        messages.error(request, sentence(error))
    return redirect(_profile_url(student_id, f"section-{key}"))


@login_required
@require_POST
def profile_note_add(request: HttpRequest, student_id: int) -> HttpResponse:
    access = profile_part_or_404(request.user, student_id, ProfileSection.Kind.NOTES)
    if not access.may_respond:
        raise Http404("Not found")
    try:
        services.profile_note_add(
            access=access,
            text=request.POST.get("text", ""),
            actor=request.actor,
            role=services.role_label(access, request.user),
        )
        messages.success(request, _("Note added."))
    except services.ProfileError as error:
        messages.error(request, sentence(error))
    return redirect(_profile_url(student_id, "section-notes"))


@login_required
@require_POST
def profile_advisor_assign(request: HttpRequest, student_id: int) -> HttpResponse:
    student = scope.student_for_user_or_404(request.user, student_id)
    if not may_assign_advisors(request.user, student):
        raise Http404("Not found")
    advisor = Person.objects.filter(pk=_int(request.POST.get("advisor"))).first()
    try:
        if advisor is None:
            raise services.ProfileError("choose an advisor from the list")
        services.advisor_assign(student=student, advisor=advisor, actor=request.actor)
        messages.success(
            request,
            _("%(advisor)s now advises %(student)s.")
            % {"advisor": advisor.display_name, "student": student.display_name},
        )
    except services.ProfileError as error:
        messages.error(request, sentence(error))
    return redirect(_profile_url(student_id))


@login_required
@require_POST
def profile_advisor_end(request: HttpRequest, student_id: int, link_id: int) -> HttpResponse:
    student = scope.student_for_user_or_404(request.user, student_id)
    link = Advisorship.objects.filter(pk=link_id, student=student, is_active=True).first()
    if link is None or not may_assign_advisors(request.user, student):
        raise Http404("Not found")
    services.advisor_end(link=link, actor=request.actor)
    messages.success(request, _("Advisorship ended."))
    return redirect(_profile_url(student_id))


@login_required
@require_POST
def readiness_record(request: HttpRequest, student_id: int, key: str) -> HttpResponse:
    access = profile_part_or_404(request.user, student_id, ProfileSection.Kind.READINESS)
    item = ReadinessItem.objects.filter(key=key, is_active=True).first()
    if item is None or not (access.may_write_own or access.may_respond):
        raise Http404("Not found")
    try:
        services.readiness_record(
            access=access,
            item=item,
            status=request.POST.get("status", ""),
            actor=request.actor,
            score=_decimal(request.POST.get("score", ""), "the score"),
            detail=request.POST.get("detail", ""),
            completed_on=_date(request.POST.get("completed_on", "")),
        )
        messages.success(request, _("%(item)s: saved.") % {"item": item.shown_title})
    except services.ProfileError as error:
        messages.error(request, f"{item.title}: {error}.")
    return redirect(_profile_url(student_id, "section-readiness"))


@login_required
def profile_sections(request: HttpRequest) -> HttpResponse:
    """The district's sections (district admins) and a school's own (its leaders)."""
    editor = section_editor_or_404(request.user)
    if request.method == "POST":
        _save_section(request, editor)
        return redirect("profile_sections")
    visible = (
        ProfileSection.objects.filter(org__isnull=True)
        if editor.is_district
        else ProfileSection.objects.filter(org__isnull=True, is_active=True)
    )
    context = {
        "district_sections": visible,
        "is_district_admin": editor.is_district,
        "schools": editor.schools if not editor.is_district else Org.objects.none(),
        "school_sections": ProfileSection.objects.filter(org__isnull=False).select_related("org")
        if editor.is_district
        else ProfileSection.objects.filter(org__in=editor.schools).select_related("org"),
        "kinds": ProfileSection.Kind.choices,
    }
    return render(request, "profiles/sections.html", context)


def _save_section(request: HttpRequest, editor: SectionEditor) -> None:
    post = request.POST
    section = None
    if post.get("section"):
        section = section_to_edit_or_404(editor, post.get("section"))
        if post.get("retire"):
            services.profile_section_active_set(
                actor=request.actor, section=section, active=not section.is_active
            )
            messages.success(
                request,
                (_("“%(title)s” is shown again.") if section.is_active else _("“%(title)s” is retired."))
                % {"title": section.title},
            )
            return
    school = None
    if section is None and post.get("school"):
        school = school_to_edit_or_404(editor, post.get("school"))
    title = post.get("title", "")
    try:
        services.profile_section_save(
            actor=request.actor,
            section=section,
            school=school,
            title=title,
            key=section.key if section else _slug(post.get("key") or title),
            kind=section.kind if section else post.get("kind", ProfileSection.Kind.TEXT),
            prompt=post.get("prompt", ""),
            title_es=post.get("title_es", ""),
            prompt_es=post.get("prompt_es", ""),
            required=bool(post.get("required")),
            family_visible=bool(post.get("family_visible")),
            position=_int(post.get("position")) or 100,
        )
        messages.success(request, _("“%(title)s” saved.") % {"title": title})
    except services.ProfileError as error:
        messages.error(request, sentence(error))


def _slug(text: str) -> str:
    return slugify(text).replace("-", "_")[:64]


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _decimal(value: str, what: str) -> Decimal | None:
    if not value.strip():
        return None
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        raise services.ProfileError(f"{what} must be a number, not {value!r}") from None


def _date(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise services.ProfileError(f"{value!r} is not a date (use the date picker or YYYY-MM-DD)") from None
