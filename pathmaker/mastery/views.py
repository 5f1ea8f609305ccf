"""Mastery pages: one level explained step by step (with a what-if box), the section gradebook with whole-class
scoring (on the scale or with a rubric), and the district's mastery rules and policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pathmaker.access import scope
from pathmaker.access.records import student_record_open
from pathmaker.audit.services import audit_student_reads
from pathmaker.components.text import sentence
from pathmaker.evidence.access import can_record_evidence, evidence_to_change_or_404
from pathmaker.evidence.models import FEEDBACK_MAX, TASK_NAME_MAX, Evidence
from pathmaker.frameworks.models import Competency, Framework
from pathmaker.frameworks.selectors import (
    CompetencyRubric,
    competency_rubrics,
    criterion_name,
)
from pathmaker.jobs.models import Job
from pathmaker.mastery import engine, selectors
from pathmaker.mastery.access import gradebook_section_or_404
from pathmaker.mastery.forms import METHOD_NAMES, PolicyForm, RuleForm
from pathmaker.mastery.gradebook import gradebook
from pathmaker.mastery.management.commands.explain_mastery import explanation_lines
from pathmaker.mastery.models import MasteryHistory, MasteryRule, MasterySummary
from pathmaker.mastery.preview import rule_preview
from pathmaker.mastery.recording import (
    ClassScore,
    EvidenceError,
    evidence_correct,
    evidence_record_class,
    evidence_retract,
)
from pathmaker.mastery.rules import DEFAULT_RULE, scale_levels
from pathmaker.mastery.selectors import practice_estimate, scale_bounds
from pathmaker.mastery.services import (
    MasteryError,
    flag_set,
    override_set,
    policy_set,
    rule_set,
)


def method_name(method: str) -> str:
    """A calculation method in words; a name Pathmaker does not know is shown as stored."""
    try:
        return str(METHOD_NAMES[engine.Method(method)])
    except ValueError:
        return method


@login_required
def mastery_explanation(request: HttpRequest, student_id: int, competency_id: int) -> HttpResponse:
    record = student_record_open(actor=request.actor, student_id=student_id, via="mastery-page")
    competency = get_object_or_404(Competency, pk=competency_id)
    levels = [float(value) for value, _label in scale_levels(competency)]  # the scale mastery uses
    try:
        what_if = float(request.GET["what_if"]) if request.GET.get("what_if") else None
    except ValueError:
        what_if = None
    if what_if is not None and what_if not in levels:
        what_if = None
    found = selectors.explanation(record.student, competency, what_if=what_if)
    return render(
        request,
        "mastery/explanation.html",
        {
            "student": record.student,
            "competency": competency,
            "found": found,
            "levels": levels,
            "rows": [(e, found.counts(e)) for e in found.evidence],
            "rollup": selectors.parent_progress(record.student, competency)
            if competency.children.exists()
            else None,
            "status_label": MasterySummary.Status(found.status).label,
            "history": [
                (old, method_name(old.rule_snapshot.get("method", "")))
                for old in MasteryHistory.objects.filter(student=record.student, competency=competency)[:20]
            ],
            "practice": practice_estimate(record.student.pk, competency),
            "is_self": scope.viewer_for(request.user).person_id == record.student.pk,
            "may_record": can_record_evidence(request.user, record.student)
            and scope.viewer_for(request.user).person_id != record.student.pk,
        },
    )


@dataclass(frozen=True)
class Scoring:
    """What the whole class is scored on: one competency, on the scale or with one rubric's criteria."""

    competency: Competency
    rubric: CompetencyRubric | None

    @property
    def key(self) -> str:
        return f"{self.competency.pk}:{self.rubric.rubric.pk}" if self.rubric else str(self.competency.pk)

    @property
    def label(self) -> str:
        name = f"{self.competency.human_coding_scheme} {self.competency.short_statement}".strip()
        if self.rubric is None:
            return _("%(name)s: one score on the scale") % {"name": name}
        return ngettext(
            "%(name)s: %(rubric)s (%(count)d criterion)",
            "%(name)s: %(rubric)s (%(count)d criteria)",
            len(self.rubric.criteria),
        ) % {"name": name, "rubric": self.rubric.rubric.title, "count": len(self.rubric.criteria)}


@dataclass(frozen=True)
class Choice:
    name: str
    id: str
    label: str  # for screen readers: the student and what the select scores
    options: list[tuple[str, str, bool]]  # value, text, selected


def _scorings(competencies: list[Competency]) -> list[Scoring]:
    """Each competency with each rubric that judges it (first), then on the scale alone."""
    rubrics = competency_rubrics([c.pk for c in competencies])
    return [
        scoring
        for c in competencies
        for scoring in [*(Scoring(c, r) for r in rubrics.get(c.pk, [])), Scoring(c, None)]
    ]


@dataclass(frozen=True)
class ScoreRow:
    """One student's row of the whole-class form: the selects, and the feedback written for them."""

    student: object
    fields: list[Choice]
    feedback_name: str
    feedback: str


def _scale_options(chosen: str, scale_levels: list[tuple], blank: str) -> list[tuple[str, str, bool]]:
    return [("", blank, not chosen)] + [
        (str(value), f"{value.normalize():f} {label}".strip(), _same_number(chosen, value))
        for value, label in scale_levels
    ]


def _level_options(chosen: str, criterion, blank: str) -> list[tuple[str, str, bool]]:
    return [("", blank, not chosen)] + [
        (str(level.pk), f"{level.quality} ({level.score:g})".strip(), chosen == str(level.pk))
        for level in criterion.levels.all()
    ]


def _set_all_choices(scoring: Scoring, scale_levels: list[tuple], posted) -> list[Choice]:
    """The "set all to" selects: one for the score, or one per criterion of the rubric."""
    if scoring.rubric is None:
        return [
            Choice(
                "all-score",
                "all-score",
                _("Set every student's score to"),
                _scale_options(posted.get("all-score", ""), scale_levels, _("choose a score")),
            )
        ]
    return [
        Choice(
            f"all-{c.pk}",
            f"all-{c.pk}",
            _("Set every student's level for %(criterion)s to") % {"criterion": criterion_name(c)},
            _level_options(posted.get(f"all-{c.pk}", ""), c, _("choose a level")),
        )
        for c in scoring.rubric.criteria
    ]


def _with_all_set(posted, book, scoring: Scoring):
    """What the form shows after "Set all" (the no-script way): each student's select takes the chosen value."""
    filled = posted.copy()
    for row in book.rows:
        if scoring.rubric is None:
            if posted.get("all-score"):
                filled[f"score-{row.student.pk}"] = posted["all-score"]
            continue
        for criterion in scoring.rubric.criteria:
            if posted.get(f"all-{criterion.pk}"):
                filled[f"level-{row.student.pk}-{criterion.pk}"] = posted[f"all-{criterion.pk}"]
    return filled


def _score_choices(book, scoring: Scoring, scale_levels: list[tuple], posted) -> list[ScoreRow]:
    """Per student, the selects of the whole-class form, keeping what was posted when it is shown again."""
    rows = []
    for row in book.rows:
        student = row.student
        if scoring.rubric is None:
            name = f"score-{student.pk}"
            fields = [
                Choice(
                    name,
                    name,
                    _("Score for %(student)s") % {"student": student.sort_name},
                    _scale_options(posted.get(name, ""), scale_levels, _("no score")),
                )
            ]
        else:
            fields = [
                Choice(
                    f"level-{student.pk}-{c.pk}",
                    f"level-{student.pk}-{c.pk}",
                    f"{student.sort_name}: {criterion_name(c)}",
                    _level_options(posted.get(f"level-{student.pk}-{c.pk}", ""), c, _("not scored")),
                )
                for c in scoring.rubric.criteria
            ]
        feedback_name = f"feedback-{student.pk}"
        rows.append(ScoreRow(student, fields, feedback_name, posted.get(feedback_name, "")))
    return rows


def _same_number(text: str, value: Decimal) -> bool:
    try:
        return bool(text) and Decimal(text) == value
    except InvalidOperation:
        return False


@login_required
def section_gradebook(request: HttpRequest, section_id: int) -> HttpResponse:
    section = gradebook_section_or_404(request.user, section_id)
    students = [
        e.person
        for e in scope.roster_visible_in(request.user, section)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    ]
    explain_url = (
        reverse("mastery_explanation", args=[1111111, 2222222])
        .replace("1111111", "{student}")
        .replace("2222222", "{competency}")
    )
    show = request.GET.get("show", "")
    book = gradebook(section, students, today=timezone.localdate(), show=show, explain_url=explain_url)
    scorings = _scorings(book.competencies)
    if request.method == "POST":  # the form names the competency, and the rubric when it scores with one
        wanted = ":".join(filter(None, (request.POST.get("competency", ""), request.POST.get("rubric", ""))))
    else:
        wanted = request.GET.get("score", "")
    scoring = next((s for s in scorings if s.key == wanted), scorings[0] if scorings else None)
    error = ""
    posted = request.POST if request.method == "POST" else {}
    setting_all = "set_all" in posted
    if request.method == "POST":
        if scoring is None or scoring.key != wanted:
            messages.error(request, _("Choose a competency of this course to score."))
            return redirect("section_gradebook", section_id=section.pk)
        if setting_all:  # nothing is saved: the form comes back filled in, to check and save
            posted = _with_all_set(posted, book, scoring)
        else:
            error = _quick_score(request, section, book, scoring)
        if not error and not setting_all:
            query = urlencode({"score": scoring.key, **({"show": show} if show else {})})
            return redirect(f"{reverse('section_gradebook', args=[section.pk])}?{query}")
    audit_student_reads(
        actor=request.actor,
        action="gradebook.view",
        student_ids=[row.student.pk for row in book.rows],
        detail={"section": section.pk},
    )
    # The competency's own scale (its home course's), the one evidence is checked against.
    levels_offered = scale_levels(scoring.competency) if scoring else []
    return render(
        request,
        "mastery/gradebook.html",
        {
            "book": book,
            "show": show,
            "today": timezone.localdate().isoformat(),
            "scorings": scorings,
            "scoring": scoring,
            "quick_error": error,
            "set_all_done": setting_all,
            "criteria": [(criterion_name(c), c) for c in scoring.rubric.criteria]
            if scoring and scoring.rubric
            else [],
            "score_rows": _score_choices(book, scoring, levels_offered, posted) if scoring else [],
            "set_all": _set_all_choices(scoring, levels_offered, posted) if scoring else [],
            "kinds": Evidence.Kind.choices,
            "kind": posted.get("kind", Evidence.Kind.TASK),
            "shown_on": posted.get("demonstrated_on", timezone.localdate().isoformat()),
            "task_name": posted.get("task_name", ""),
            "task_name_max": TASK_NAME_MAX,
            "feedback_max": FEEDBACK_MAX,
            "statuses": MasterySummary.Status.choices,
        },
    )


def _quick_score(request: HttpRequest, section, book, scoring: Scoring) -> str:
    """Score the whole class on one competency at once: all the scores are saved, or none.

    Returns what went wrong (shown with the form, the choices kept), or "" when the scores were saved.
    """
    try:
        day = dt.date.fromisoformat(request.POST.get("demonstrated_on", ""))
    except ValueError:
        return _("Nothing was saved: choose the date the class showed it.")
    rows = []
    for row in book.rows:
        student = row.student
        feedback = request.POST.get(f"feedback-{student.pk}", "")
        if scoring.rubric is None:
            raw = request.POST.get(f"score-{student.pk}", "").strip()
            try:
                score = Decimal(raw) if raw else None
            except InvalidOperation:
                score = Decimal("NaN")
            if score is not None and not score.is_finite():
                return _("Nothing was saved: %(student)s: %(raw)s is not a score.") % {
                    "student": student.display_name,
                    "raw": raw,
                }
            rows.append(ClassScore(student, score=score, feedback=feedback))
        else:
            rows.append(
                ClassScore(
                    student,
                    feedback=feedback,
                    picks={
                        c.pk: _level_id(request.POST.get(f"level-{student.pk}-{c.pk}", ""))
                        for c in scoring.rubric.criteria
                    },
                )
            )
    try:
        saved = evidence_record_class(
            section=section,
            competency=scoring.competency,
            demonstrated_on=day,
            kind=request.POST.get("kind", Evidence.Kind.TASK),
            actor=request.actor,
            rows=rows,
            rubric=scoring.rubric.rubric if scoring.rubric else None,
            task_name=request.POST.get("task_name", ""),
        )
    except EvidenceError as error:
        return _("Nothing was saved: %(error)s.") % {"error": error}
    if not saved:
        return _("Nothing was saved: no student has a score yet.")
    messages.success(
        request,
        ngettext(
            "Saved %(count)d score on %(competency)s.",
            "Saved %(count)d scores on %(competency)s.",
            len(saved),
        )
        % {"count": len(saved), "competency": scoring.competency.human_coding_scheme or scoring.competency},
    )
    return ""


def _level_id(raw: str) -> int | None:
    """A posted level: None when left blank; 0 (no level has it) when it is not an id."""
    raw = raw.strip()
    if not raw:
        return None
    return int(raw) if raw.isdigit() and len(raw) < 19 else 0


def _policy_form(data=None) -> PolicyForm:
    current = selectors.current_policy()
    return PolicyForm(
        data,
        prefix="policy",
        initial={
            "self_peer_count": current.self_peer_count,
            "credit_min_share": f"{current.credit_min_share.normalize():f}",
            "credit_floor": f"{current.credit_floor.normalize():f}",
        },
    )


ADOPT_SALT = "pathmaker.mastery.rule-adopt"
ADOPT_MAX_AGE = 3600  # seconds a preview's confirmation stays good for
ADOPT_CONFIRMATION_INVALID = (
    "adopt_token_invalid"  # shown on the confirm page when the confirmation is missing or stale
)


def _rule_in_force(framework: Framework | None) -> MasteryRule | None:
    """The current rule of exactly this scope (a framework's, or the district's)."""
    owner = {"framework": framework} if framework is not None else {"framework__isnull": True}
    return MasteryRule.objects.filter(
        is_current=True, course__isnull=True, competency__isnull=True, **owner
    ).first()


def _rule_initial() -> dict[str, object]:
    """The rule form starts from the district's rule in force (the default until one is adopted)."""
    stored = _rule_in_force(None)
    rule = engine.Rule.from_dict(stored.parameters) if stored is not None else DEFAULT_RULE
    return {"method": str(rule.method), "weight": rule.weight, "n": rule.n, "mastery": rule.mastery}


def _adopt_payload(rule: engine.Rule, framework: Framework | None) -> dict[str, object]:
    """What a confirmation vouches for: this rule, this scope, replacing the rule in force when previewed."""
    in_force = _rule_in_force(framework)
    return {
        "rule": rule.as_dict(),
        "framework": framework.pk if framework else None,
        "replaces": in_force.pk if in_force else None,
    }


def _adopt_confirmed(token: str, rule: engine.Rule, framework: Framework | None) -> bool:
    """A confirmation from the preview page, recent, for the same rule and scope, with nothing adopted since."""
    try:
        vouched = signing.loads(token, salt=ADOPT_SALT, max_age=ADOPT_MAX_AGE)
    except signing.BadSignature:  # also an expired one
        return False
    return vouched == _adopt_payload(rule, framework)


def _rule_confirm(
    request: HttpRequest, form: RuleForm, rule: engine.Rule, *, refused: bool = False
) -> HttpResponse:
    """The confirm step: what adopting would change, and the only button that adopts."""
    framework = form.cleaned_data["framework"]
    return render(
        request,
        "mastery/rule_confirm.html",
        {
            "form": form,
            "rule": rule,
            "method_label": method_name(rule.method),
            "framework": framework,
            "preview": rule_preview(rule=rule, framework=framework),
            "token": signing.dumps(_adopt_payload(rule, framework), salt=ADOPT_SALT),
            "refused": refused,
            "refused_code": ADOPT_CONFIRMATION_INVALID if refused else "",
        },
        status=409 if refused else 200,
    )


@login_required
def mastery_rules(request: HttpRequest) -> HttpResponse:
    """District administrators try a rule on sample scores, then adopt it (everyone affected is recomputed),
    and set the district's mastery policy (what counts, and what earns course credit)."""
    scope.require_district_admin(request.user)
    is_policy = request.method == "POST" and request.POST.get("form") == "policy"
    form = RuleForm(
        request.POST if request.method == "POST" and not is_policy else None, initial=_rule_initial()
    )
    policy_form = _policy_form(request.POST if is_policy else None)
    trial = None
    if is_policy and policy_form.is_valid():
        data = policy_form.cleaned_data
        try:
            adopted = policy_set(
                actor=request.actor,
                self_peer_count=data["self_peer_count"],
                credit_min_share=data["credit_min_share"],
                credit_floor=data["credit_floor"],
            )
        except MasteryError as error:
            policy_form.add_error(error.field, sentence(error))
        else:
            messages.success(
                request,
                _(
                    "The district's mastery policy is now version %(version)d. Credit follows "
                    "it at once; any levels it changes are being recomputed in the background."
                )
                % {"version": adopted.version},
            )
            return redirect("mastery_rules")
    elif request.method == "POST" and not is_policy and form.is_valid():
        try:
            rule = form.rule()
        except forms.ValidationError as error:
            form.add_error(None, error)
        else:
            framework = form.cleaned_data["framework"]
            if "adopt" in request.POST:
                if not _adopt_confirmed(request.POST.get("confirmation", ""), rule, framework):
                    return _rule_confirm(request, form, rule, refused=True)  # nothing changes without it
                rule_set(actor=request.actor, rule=rule, framework=framework)
                messages.success(
                    request, _("The rule was adopted; levels are being recomputed in the background.")
                )
                return redirect("mastery_rules")
            if "preview" in request.POST:
                return _rule_confirm(request, form, rule)
            scores = form.cleaned_data["scores"]
            if scores:
                try:
                    trial = explanation_lines(scores, rule)
                except ValueError as error:
                    form.add_error("scores", str(error))
    current = [
        (stored, method_name(stored.method))
        for stored in MasteryRule.objects.select_related("framework", "course", "competency", "created_by")[
            :50
        ]
    ]
    jobs = Job.objects.filter(kind="mastery_recompute").order_by("-created_at")[:5]
    low, high = scale_bounds()
    return render(
        request,
        "mastery/rules.html",
        {
            "form": form,
            "trial": trial,
            "rules": current,
            "jobs": jobs,
            "default": DEFAULT_RULE,
            "default_method": method_name(DEFAULT_RULE.method),
            "policy_form": policy_form,
            "policy": selectors.current_policy(),
            "policies": selectors.policies(),
            "scale_low": low,
            "scale_high": high,
        },
    )


@login_required
@require_POST
def mastery_flag(request: HttpRequest, student_id: int, competency_id: int) -> HttpResponse:
    """A student asks for evaluation; a teacher asks for a revision (with what to revise)."""
    record = student_record_open(actor=request.actor, student_id=student_id, via="mastery-flag")
    competency = get_object_or_404(Competency, pk=competency_id)
    kind = request.POST.get("kind", "")
    is_self = scope.viewer_for(request.user).person_id == record.student.pk
    allowed = (kind == "awaiting_evaluation" and is_self) or (
        kind == "needs_revision" and not is_self and can_record_evidence(request.user, record.student)
    )
    if not allowed:
        raise Http404("No such request")
    try:
        flag_set(
            student=record.student,
            competency=competency,
            kind=kind,
            note=request.POST.get("note", ""),
            actor=request.actor,
        )
    except MasteryError as error:
        messages.error(request, _("Nothing was sent: %(error)s.") % {"error": error})
    else:
        messages.success(
            request,
            _("Your teacher will see your request and your note on their home page.")
            if is_self
            else _("%(name)s will see what to revise on this page and their classes page.")
            % {"name": record.student.display_name},
        )
    return redirect("mastery_explanation", student_id=record.student.pk, competency_id=competency.pk)


def _back(evidence_or_pair) -> HttpResponse:
    student_id, competency_id = evidence_or_pair
    return redirect("mastery_explanation", student_id=student_id, competency_id=competency_id)


@login_required
@require_POST
def evidence_withdraw(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = evidence_to_change_or_404(request.user, evidence_id)
    try:
        evidence_retract(evidence=evidence, actor=request.actor, reason=request.POST.get("reason", ""))
    except EvidenceError as error:
        messages.error(request, f"Nothing was changed: {error}.")
    else:
        messages.success(request, _("The evidence was withdrawn; it stays in the history."))
    return _back((evidence.student_id, evidence.competency_id))


@login_required
@require_POST
def evidence_correct_view(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = evidence_to_change_or_404(request.user, evidence_id)
    try:
        evidence_correct(
            evidence=evidence,
            actor=request.actor,
            reason=request.POST.get("reason", ""),
            score=Decimal(request.POST.get("score", "")),
        )
    except (EvidenceError, InvalidOperation) as error:
        messages.error(request, f"Nothing was changed: {error or 'choose a score'}.")
    else:
        messages.success(request, _("The score was corrected; the old one stays in the history."))
    return _back((evidence.student_id, evidence.competency_id))


@login_required
@require_POST
def mastery_override(request: HttpRequest, student_id: int, competency_id: int) -> HttpResponse:
    record = student_record_open(actor=request.actor, student_id=student_id, via="mastery-override")
    if (
        not can_record_evidence(request.user, record.student)
        or scope.viewer_for(request.user).person_id == record.student.pk
    ):
        raise Http404("No such student")
    competency = get_object_or_404(Competency, pk=competency_id)
    try:
        override_set(
            student=record.student,
            competency=competency,
            level=float(request.POST.get("level", "")),
            reason=request.POST.get("reason", ""),
            actor=request.actor,
        )
    except (MasteryError, ValueError) as error:
        messages.error(request, f"Nothing was changed: {error}.")
    else:
        messages.success(request, _("The level was set; the evidence and the computed level stay visible."))
    return _back((record.student.pk, competency.pk))
