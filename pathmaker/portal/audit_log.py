"""The audit-log search page (district administrators only)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pathmaker.access.scope import require_district_admin
from pathmaker.audit.forms import AuditSearchForm
from pathmaker.audit.models import AuditEvent
from pathmaker.audit.services import audit_record
from pathmaker.rostering.models import Person


def _people_named(query: str) -> QuerySet[Person]:
    """Everyone whose names hold every word of the query, or whose username is the query."""
    words = query.split()[:5]
    match = Q()
    for word in words:
        match &= (
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_given_name__icontains=word)
            | Q(preferred_family_name__icontains=word)
        )
    return Person.objects.filter(match | Q(username__iexact=query.strip()))


def _filtered(events: QuerySet[AuditEvent], data: dict) -> QuerySet[AuditEvent]:
    if data["actor"]:
        who = data["actor"].strip()
        events = events.filter(Q(actor_username__iexact=who) | Q(actor__person__in=_people_named(who)))
    if data["student"]:
        events = events.filter(student_id__in=_people_named(data["student"]).values("pk"))
    if data["action"]:
        events = events.filter(action__startswith=data["action"])
    if data["since"]:
        events = events.filter(at__gte=_day_start(data["since"]))
    if data["until"]:
        events = events.filter(at__lt=_day_start(data["until"] + dt.timedelta(days=1)))
    return events


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _as_asked(request: HttpRequest) -> dict[str, str]:
    """The search as typed, bounded, and without NUL characters (PostgreSQL's JSON cannot hold them)."""
    return {
        key.replace("\x00", "")[:64]: value.replace("\x00", "")[:300]
        for key, value in list(request.GET.items())[:20]
    }


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require_district_admin(request.user)
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor__person")
    if form.is_valid():
        events = _filtered(events, form.cleaned_data)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    # Searching the log is itself a sensitive read.
    audit_record(actor=request.actor, action="audit.search", detail={"query": _as_asked(request)})
    query = request.GET.copy()
    query.pop("page", None)
    students = Person.objects.in_bulk({e.student_id for e in page if e.student_id})
    rows = [(event, students.get(event.student_id)) for event in page]
    return render(
        request,
        "audit/audit_log.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
