"""Conference pages: a student's conferences, one conference as the student presents it, the student's
packet editor, the adults' record form, additions to the notes and the packet as a PDF.

Every page asks the access rule for the profile's conferences part (a 404 for anyone it does not show
it to); what each viewer may change is asked of the same `ProfileAccess`. Families see, and download,
but change nothing.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathmaker.audit.services import audit_student_reads
from pathmaker.components.text import sentence
from pathmaker.conferences import selectors, services
from pathmaker.conferences.access import conference_or_404, may_plan_conference
from pathmaker.conferences.forms import AddendumForm, PacketForm, PlanForm, RecordForm
from pathmaker.conferences.models import Conference
from pathmaker.conferences.pdf import conference_packet_pdf, packet_filename
from pathmaker.profiles.access import ProfileAccess, profile_part_or_404

KIND = "conferences"


def _access(request: HttpRequest, student_id: int) -> ProfileAccess:
    return profile_part_or_404(request.user, student_id, KIND)


def _audit_read(
    request: HttpRequest, access: ProfileAccess, action: str = "conferences.view", **detail
) -> None:
    audit_student_reads(actor=request.actor, action=action, student_ids=[access.student.pk], detail=detail)


def _form_error(form: forms.Form, error: services.ConferenceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@login_required
@require_http_methods(["GET", "POST"])
def conference_list(request: HttpRequest, student_id: int) -> HttpResponse:
    access = _access(request, student_id)
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        if not may_plan_conference(access):
            raise Http404("Not found")
        if form.is_valid():
            try:
                conference = services.conference_plan(
                    access=access,
                    title=form.cleaned_data["title"],
                    scheduled_on=form.cleaned_data["scheduled_on"],
                    actor=request.actor,
                )
            except services.ConferenceError as error:
                _form_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(title)s is planned. Its packet is ready for %(name)s to edit.")
                    % {"title": conference.title, "name": access.student.display_name},
                )
                return redirect(
                    "conference_detail", student_id=access.student.pk, conference_id=conference.pk
                )
    upcoming, past = selectors.upcoming_and_past(access.student)
    _audit_read(request, access, page="list")
    return render(
        request,
        "conferences/list.html",
        {
            "student": access.student,
            "access": access,
            "upcoming": upcoming,
            "past": past,
            "form": form,
            "may_plan": may_plan_conference(access),
            "is_owner": access.is_owner,
        },
        status=400 if form.errors else 200,
    )


def _detail_context(access: ProfileAccess, conference: Conference) -> dict:
    planned = not conference.is_held
    return {
        "student": access.student,
        "access": access,
        "conference": conference,
        "packet": selectors.shown_packet(conference),
        "schools": selectors.schools_of(access.student),
        "attendees": selectors.attendees_of(conference),
        "addenda": list(conference.addenda.all()),
        "is_owner": access.is_owner,
        "may_edit": planned and access.may_write_own,
        "may_rebuild": planned and may_plan_conference(access),
        "may_record": planned and access.may_respond,
        "may_add": conference.is_held and access.may_respond,
    }


@login_required
@require_GET
def conference_detail(request: HttpRequest, student_id: int, conference_id: int) -> HttpResponse:
    access = _access(request, student_id)
    conference = conference_or_404(access, conference_id)
    _audit_read(request, access, page="conference", conference=conference.pk)
    context = _detail_context(access, conference)
    context["addendum_form"] = AddendumForm() if context["may_add"] else None
    return render(request, "conferences/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conference_packet(request: HttpRequest, student_id: int, conference_id: int) -> HttpResponse:
    """The student's packet editor: their words, and which items they will present."""
    access = _access(request, student_id)
    if not access.may_write_own:
        raise Http404("Not found")
    conference = conference_or_404(access, conference_id)
    if conference.is_held:
        messages.info(request, _("This conference was recorded: its packet is kept as it was presented."))
        return redirect("conference_detail", student_id=access.student.pk, conference_id=conference.pk)
    packet = selectors.shown_packet(conference)
    form = PacketForm(request.POST or None, initial={"opening": packet.opening, "closing": packet.closing})
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_packet_edit(
                access=access,
                conference=conference,
                opening=form.cleaned_data["opening"],
                closing=form.cleaned_data["closing"],
                included=request.POST.getlist("include"),
                shown=request.POST.getlist("shown"),
                actor=request.actor,
            )
        except services.ConferenceError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your packet was saved."))
            return redirect("conference_detail", student_id=access.student.pk, conference_id=conference.pk)
    _audit_read(request, access, page="packet", conference=conference.pk)
    return render(
        request,
        "conferences/packet_form.html",
        {
            "student": access.student,
            "access": access,
            "conference": conference,
            "packet": packet,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def conference_rebuild(request: HttpRequest, student_id: int, conference_id: int) -> HttpResponse:
    access = _access(request, student_id)
    if not may_plan_conference(access):
        raise Http404("Not found")
    conference = conference_or_404(access, conference_id)
    try:
        change = services.conference_packet_rebuild(access=access, conference=conference, actor=request.actor)
    except services.ConferenceError as error:
        messages.error(request, _("Nothing was changed. %(why)s") % {"why": sentence(error)})
    else:
        added = ngettext("%(n)d new item", "%(n)d new items", change.added) % {"n": change.added}
        removed = ngettext("%(n)d item gone", "%(n)d items gone", change.removed) % {"n": change.removed}
        messages.success(
            request,
            _(
                "The packet was refreshed from the profile (%(added)s, %(removed)s). The "
                "opening and closing words and the choices made stay."
            )
            % {"added": added, "removed": removed},
        )
    return redirect("conference_detail", student_id=access.student.pk, conference_id=conference.pk)


@login_required
@require_http_methods(["GET", "POST"])
def conference_record_view(request: HttpRequest, student_id: int, conference_id: int) -> HttpResponse:
    """An adult who works with the student records the conference once it has taken place."""
    access = _access(request, student_id)
    if not access.may_respond:
        raise Http404("Not found")
    conference = conference_or_404(access, conference_id)
    if conference.is_held:
        messages.info(request, _("This conference is already recorded; add to its notes below."))
        return redirect("conference_detail", student_id=access.student.pk, conference_id=conference.pk)
    today = timezone.localdate()
    form = RecordForm(
        request.POST or None,
        initial={
            "held_on": min(conference.scheduled_on, today),
            "attendees": selectors.suggested_attendees(access, request.user),
        },
    )
    form.fields["held_on"].widget.attrs["max"] = today.isoformat()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.conference_record(
                access=access,
                conference=conference,
                held_on=data["held_on"],
                attendees=data["attendees"],
                notes=data["notes"],
                next_steps=data["next_steps"],
                actor=request.actor,
            )
        except services.ConferenceError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The conference is recorded."))
            return redirect("conference_detail", student_id=access.student.pk, conference_id=conference.pk)
    _audit_read(request, access, page="record", conference=conference.pk)
    return render(
        request,
        "conferences/record_form.html",
        {
            "student": access.student,
            "access": access,
            "conference": conference,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def conference_addendum(request: HttpRequest, student_id: int, conference_id: int) -> HttpResponse:
    access = _access(request, student_id)
    if not access.may_respond:
        raise Http404("Not found")
    conference = conference_or_404(access, conference_id)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.conference_addendum_add(
                access=access,
                conference=conference,
                text=form.cleaned_data["text"],
                actor=request.actor,
            )
        except services.ConferenceError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your addition to the notes was saved."))
            return redirect("conference_detail", student_id=access.student.pk, conference_id=conference.pk)
    _audit_read(request, access, page="conference", conference=conference.pk)
    context = _detail_context(access, conference)
    context["addendum_form"] = form
    return render(request, "conferences/detail.html", context, status=400)


@login_required
@require_GET
def conference_pdf(request: HttpRequest, student_id: int, conference_id: int) -> FileResponse:
    access = _access(request, student_id)
    conference = conference_or_404(access, conference_id)
    pdf = conference_packet_pdf(conference)
    _audit_read(request, access, action="conferences.download", conference=conference.pk)
    response = FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=packet_filename(conference),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
