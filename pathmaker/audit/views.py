"""The audit-log search page (district administrators only)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pathmaker.access.rules import require_district_admin
from pathmaker.audit.models import AuditEvent
from pathmaker.audit.services import audit_record


class AuditSearchForm(forms.Form):
    actor = forms.CharField(required=False, label="Who (username)")
    student = forms.IntegerField(required=False, min_value=1, label="Student id")
    action = forms.CharField(required=False, label="Action")
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require_district_admin(request.user)
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_username=data["actor"])
        if data["student"]:
            events = events.filter(student_id=data["student"])
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["since"]:
            events = events.filter(at__gte=_day_start(data["since"]))
        if data["until"]:
            events = events.filter(at__lt=_day_start(data["until"] + dt.timedelta(days=1)))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    # Searching the log is itself a sensitive read.
    audit_record(
        actor=request.user, action="audit.search", request=request, detail={"query": request.GET.dict()}
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})
