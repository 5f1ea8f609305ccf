"""Mastery pages: one level explained step by step, with a what-if box."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pathmaker.access import rules
from pathmaker.audit.services import audit_student_reads
from pathmaker.evidence.models import Evidence
from pathmaker.evidence.services import EvidenceError, evidence_correct, evidence_record, evidence_retract
from pathmaker.frameworks.models import Competency, Framework
from pathmaker.frameworks.selectors import effective_scale
from pathmaker.jobs.models import Job
from pathmaker.mastery import engine, selectors
from pathmaker.mastery.gradebook import gradebook
from pathmaker.mastery.management.commands.explain_mastery import explanation_lines
from pathmaker.mastery.models import MasteryHistory, MasteryRule, MasterySummary
from pathmaker.mastery.services import (
    DEFAULT_RULE,
    MasteryError,
    flag_set,
    override_set,
    practice_estimate,
    rule_set,
)
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
        "rollup": selectors.parent_progress(record.student, competency) if competency.children.exists() else None,
        "status_label": MasterySummary.Status(found.status).label,
        "history": MasteryHistory.objects.filter(student=record.student, competency=competency)[:20],
        "practice": practice_estimate(record.student.pk, competency),
        "is_self": rules.viewer_for(request.user).person_id == record.student.pk,
        "may_record": rules.can_record_evidence(request.user, record.student)
        and rules.viewer_for(request.user).person_id != record.student.pk,
    })


@login_required
def section_gradebook(request: HttpRequest, section_id: int) -> HttpResponse:
    section = rules.gradebook_section_or_404(request.user, section_id)
    students = [e.person for e in rules.roster_visible_in(request.user, section).select_related("person")
                .order_by("person__family_name", "person__given_name")]
    explain_url = reverse("mastery_explanation", args=[1111111, 2222222]).replace(
        "1111111", "{student}").replace("2222222", "{competency}")
    book = gradebook(section, students, today=timezone.localdate(), show=request.GET.get("show", ""),
                     explain_url=explain_url)
    if request.method == "POST":
        return _quick_score(request, section, book)
    audit_student_reads(actor=request.user, action="gradebook.view", request=request,
                        student_ids=[row.student.pk for row in book.rows], detail={"section": section.pk})
    first = book.competencies[0] if book.competencies else None
    scale = effective_scale(first, course_id=section.course_id) if first else None
    return render(request, "mastery/gradebook.html", {
        "book": book, "show": request.GET.get("show", ""), "today": timezone.localdate().isoformat(),
        "scale_levels": list(scale.levels.values_list("value", "label")) if scale else [(v, "") for v in (1, 2, 3, 4)],
        "kinds": Evidence.Kind.choices,
    })


def _quick_score(request: HttpRequest, section, book) -> HttpResponse:
    """Score the whole class on one competency at once: all the scores are saved, or none."""
    competency = next((c for c in book.competencies if str(c.pk) == request.POST.get("competency")), None)
    try:
        day = dt.date.fromisoformat(request.POST.get("demonstrated_on", ""))
    except ValueError:
        day = None
    if competency is None or day is None:
        messages.error(request, "Choose a competency of this course and the date the class showed it.")
        return redirect("section_gradebook", section_id=section.pk)
    kind = request.POST.get("kind", Evidence.Kind.TASK)
    scored = [(row.student, request.POST.get(f"score-{row.student.pk}", "")) for row in book.rows]
    try:
        with transaction.atomic():
            saved = 0
            for student, value in scored:
                if value:
                    evidence_record(student=student, competency=competency, score=Decimal(value), kind=kind,
                                    demonstrated_on=day, section=section, recorded_by=request.user,
                                    request=request)
                    saved += 1
    except (EvidenceError, InvalidOperation) as error:
        messages.error(request, f"Nothing was saved: {error}.")
    else:
        messages.success(request, f"Saved {saved} score(s) on {competency.human_coding_scheme or competency}.")
    return redirect("section_gradebook", section_id=section.pk)


class RuleForm(forms.Form):
    method = forms.ChoiceField(choices=[(m.value, m.value.replace("_", " ")) for m in engine.Method])
    weight = forms.FloatField(initial=0.65, min_value=0, max_value=1,
                              help_text="Weighted and decaying averages: what the newest score counts for.")
    n = forms.IntegerField(initial=5, min_value=1, label="n", help_text="n times at mastery: scores needed.")
    mastery = forms.FloatField(initial=3.0, label="Mastery level")
    framework = forms.ModelChoiceField(queryset=Framework.objects.order_by("title"), required=False,
                                       help_text="Leave empty for the whole district.")
    scores = forms.CharField(required=False, label="Try it on these scores (oldest first)",
                             help_text="For example: 1 2 3 4")

    def rule(self) -> engine.Rule:
        data = self.cleaned_data
        try:
            return engine.Rule(method=data["method"], weight=data["weight"], n=data["n"], mastery=data["mastery"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_scores(self) -> list[float]:
        try:
            return [float(part) for part in self.cleaned_data["scores"].replace(",", " ").split()]
        except ValueError:
            raise forms.ValidationError("Write the scores as numbers separated by spaces, like 1 2 3 4.") from None


@login_required
def mastery_rules(request: HttpRequest) -> HttpResponse:
    """District administrators try a rule on sample scores, then adopt it (everyone affected is recomputed)."""
    rules.require_district_admin(request.user)
    form = RuleForm(request.POST or None)
    trial = None
    if request.method == "POST" and form.is_valid():
        try:
            rule = form.rule()
        except forms.ValidationError as error:
            form.add_error(None, error)
        else:
            if "adopt" in request.POST:
                rule_set(actor=request.user, rule=rule, framework=form.cleaned_data["framework"])
                messages.success(request, "The rule was adopted; levels are being recomputed in the background.")
                return redirect("mastery_rules")
            scores = form.cleaned_data["scores"]
            if scores:
                try:
                    trial = explanation_lines(scores, rule)
                except ValueError as error:
                    form.add_error("scores", str(error))
    current = MasteryRule.objects.select_related("framework", "course", "competency", "created_by")
    jobs = Job.objects.filter(kind="mastery_recompute").order_by("-created_at")[:5]
    return render(request, "mastery/rules.html", {"form": form, "trial": trial, "rules": current[:50],
                                                  "jobs": jobs, "default": DEFAULT_RULE})


@login_required
@require_POST
def mastery_flag(request: HttpRequest, student_id: int, competency_id: int) -> HttpResponse:
    """A student asks for evaluation; a teacher asks for a revision (with what to revise)."""
    record = student_record_open(user=request.user, student_id=student_id, request=request, via="mastery-flag")
    competency = get_object_or_404(Competency, pk=competency_id)
    kind = request.POST.get("kind", "")
    is_self = rules.viewer_for(request.user).person_id == record.student.pk
    allowed = (kind == "awaiting_evaluation" and is_self) or (
        kind == "needs_revision" and not is_self and rules.can_record_evidence(request.user, record.student))
    if not allowed:
        raise Http404("No such request")
    try:
        flag_set(student=record.student, competency=competency, kind=kind, note=request.POST.get("note", ""),
                 by=request.user)
    except MasteryError as error:
        messages.error(request, f"Nothing was sent: {error}.")
    else:
        messages.success(request, "Your teacher will see the request." if is_self else "The student will see it.")
    return redirect("mastery_explanation", student_id=record.student.pk, competency_id=competency.pk)


def _back(evidence_or_pair) -> HttpResponse:
    student_id, competency_id = evidence_or_pair
    return redirect("mastery_explanation", student_id=student_id, competency_id=competency_id)


@login_required
@require_POST
def evidence_withdraw(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = rules.evidence_to_change_or_404(request.user, evidence_id)
    try:
        evidence_retract(evidence=evidence, by=request.user, reason=request.POST.get("reason", ""), request=request)
    except EvidenceError as error:
        messages.error(request, f"Nothing was changed: {error}.")
    else:
        messages.success(request, "The evidence was withdrawn; it stays in the history.")
    return _back((evidence.student_id, evidence.competency_id))


@login_required
@require_POST
def evidence_correct_view(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = rules.evidence_to_change_or_404(request.user, evidence_id)
    try:
        evidence_correct(evidence=evidence, recorded_by=request.user, reason=request.POST.get("reason", ""),
                         score=Decimal(request.POST.get("score", "")), request=request)
    except (EvidenceError, InvalidOperation) as error:
        messages.error(request, f"Nothing was changed: {error or 'choose a score'}.")
    else:
        messages.success(request, "The score was corrected; the old one stays in the history.")
    return _back((evidence.student_id, evidence.competency_id))


@login_required
@require_POST
def mastery_override(request: HttpRequest, student_id: int, competency_id: int) -> HttpResponse:
    record = student_record_open(user=request.user, student_id=student_id, request=request, via="mastery-override")
    if not rules.can_record_evidence(request.user, record.student) or \
            rules.viewer_for(request.user).person_id == record.student.pk:
        raise Http404("No such student")
    competency = get_object_or_404(Competency, pk=competency_id)
    try:
        override_set(student=record.student, competency=competency, level=float(request.POST.get("level", "")),
                     reason=request.POST.get("reason", ""), by=request.user)
    except (MasteryError, ValueError) as error:
        messages.error(request, f"Nothing was changed: {error}.")
    else:
        messages.success(request, "The level was set; the evidence and the computed level stay visible.")
    return _back((record.student.pk, competency.pk))
