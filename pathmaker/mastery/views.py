"""Mastery pages: one level explained step by step, with a what-if box."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from pathmaker.frameworks.models import Competency
from pathmaker.frameworks.selectors import effective_scale
from pathmaker.mastery import selectors
from pathmaker.mastery.models import MasterySummary
from pathmaker.rostering.selectors import student_record_open


@login_required
def mastery_explanation(request: HttpRequest, student_id: int, competency_id: int) -> HttpResponse:
    record = student_record_open(user=request.user, student_id=student_id, request=request, via="mastery-page")
    competency = get_object_or_404(Competency, pk=competency_id)
    scale = effective_scale(competency)
    levels = [float(v) for v in scale.levels.values_list("value", flat=True)] if scale else [1.0, 2.0, 3.0, 4.0]
    try:
        what_if = float(request.GET["what_if"]) if request.GET.get("what_if") else None
    except ValueError:
        what_if = None
    if what_if is not None and what_if not in levels:
        what_if = None
    found = selectors.explanation(record.student, competency, what_if=what_if)
    return render(request, "mastery/explanation.html", {
        "student": record.student, "competency": competency, "found": found, "levels": levels,
        "rows": [(e, selectors.counts_toward_mastery(e)) for e in found.evidence],
        "status_label": MasterySummary.Status(found.status).label,
    })
