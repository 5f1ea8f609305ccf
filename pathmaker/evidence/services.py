"""Recording, correcting and retracting evidence. Each is one transaction with one audit row, and
updates the student's mastery for that competency before it returns. A whole class is scored in one
transaction too: every score is saved, or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from pathmaker.access import rules
from pathmaker.audit.services import audit_record
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency, Rubric, RubricCriterion, RubricLevel
from pathmaker.frameworks.selectors import criterion_name, effective_scale
from pathmaker.mastery.services import summary_add, summary_refresh
from pathmaker.rostering.models import Person, Section


class EvidenceError(Exception):
    """Evidence that cannot be recorded as given; the message says why."""


def score_range(competency: Competency, section: Section | None) -> tuple[Decimal, Decimal]:
    scale = effective_scale(competency, course_id=section.course_id if section else None)
    if scale is None:
        low, high = settings.PATHMAKER_DEFAULT_SCALE_RANGE
        return Decimal(str(low)), Decimal(str(high))
    values = [level.value for level in scale.levels.all()]
    return min(values), max(values)


def _check(*, student: Person, competency: Competency, score: Decimal | None, correct: bool | None,
           demonstrated_on: dt.date, kind: str, recorded_by: Any, section: Section | None) -> None:
    if (score is None) == (correct is None):
        raise EvidenceError("give either a score on the scale or correct/incorrect, not both")
    if kind not in Evidence.Kind.values:
        raise EvidenceError(f"{kind!r} is not a kind of evidence")
    if competency.is_retired:
        raise EvidenceError(f"{competency} is retired; record evidence against its replacement")
    if demonstrated_on > timezone.localdate():
        raise EvidenceError("the date the student showed it cannot be in the future")
    if score is not None:
        low, high = score_range(competency, section)
        if not low <= score <= high:
            raise EvidenceError(f"a score on this competency's scale is between {float(low):g} and {float(high):g}")
    if not rules.can_record_evidence(recorded_by, student, self_assessment=kind == Evidence.Kind.SELF_ASSESSMENT):
        raise EvidenceError("you may not record evidence for this student")


def rubric_score(values: list[Decimal], low: Decimal, high: Decimal) -> Decimal:
    """The mean of the criterion values, kept on the scale (between its lowest and highest level), to 0.01."""
    if not values:
        raise EvidenceError("choose a level for each criterion of the rubric")
    mean = sum(values, Decimal(0)) / len(values)
    return min(max(mean, low), high).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _rubric_choices(competency: Competency, levels: list[RubricLevel]) -> list[dict[str, Any]]:
    """The picks as stored on the evidence, after checking that they judge this competency once each."""
    if not levels:
        raise EvidenceError("choose a level for each criterion of the rubric")
    seen: set[int] = set()
    rubrics = set()
    choices = []
    for level in levels:
        criterion = level.criterion
        name = criterion_name(criterion)
        if criterion.competency_id != competency.pk:
            raise EvidenceError(f"the criterion “{name}” does not judge {competency.human_coding_scheme or competency}")
        if criterion.pk in seen:
            raise EvidenceError(f"choose one level for “{name}”, not several")
        if level.score is None:
            raise EvidenceError(f"the level {level.quality or level.pk} of “{name}” has no value to score with")
        seen.add(criterion.pk)
        rubrics.add(criterion.rubric_id)
        choices.append({"criterion_id": criterion.pk, "criterion": name, "level_id": level.pk,
                        "level": level.quality or level.description[:60], "value": float(level.score)})
    if len(rubrics) > 1:
        raise EvidenceError("the levels come from different rubrics: score with one rubric at a time")
    return choices


def _after_change(evidence: Evidence, *, added: bool = False) -> None:
    if added:
        summary_add(evidence)  # usually folds one score into the running sums
    else:
        summary_refresh(student_id=evidence.student_id, competency_id=evidence.competency_id)


@transaction.atomic
def evidence_record(*, student: Person, competency: Competency, demonstrated_on: dt.date, kind: str,
                    recorded_by: Any, score: Decimal | None = None, correct: bool | None = None,
                    section: Section | None = None, rubric_level: RubricLevel | None = None, link: str = "",
                    feedback: str = "", request: HttpRequest | None = None, corrects: Evidence | None = None,
                    rubric_levels: list[RubricLevel] | None = None) -> Evidence:
    """Record one piece of evidence. With `rubric_levels` (one level per criterion of a rubric on this
    competency) the score is their mean, kept on the scale, and the picks are stored with it."""
    choices: list[dict[str, Any]] = []
    if rubric_levels is not None:
        if score is not None or correct is not None:
            raise EvidenceError("give rubric levels or a score, not both")
        choices = _rubric_choices(competency, rubric_levels)
        score = rubric_score([Decimal(str(c["value"])) for c in choices], *score_range(competency, section))
        rubric_level = rubric_levels[0] if len(rubric_levels) == 1 else None
    _check(student=student, competency=competency, score=score, correct=correct, demonstrated_on=demonstrated_on,
           kind=kind, recorded_by=recorded_by, section=section)
    evidence = Evidence.objects.create(
        student=student, competency=competency, score=score, correct=correct, demonstrated_on=demonstrated_on,
        kind=kind, section=section, rubric_level=rubric_level, rubric_choices=choices, link=link, feedback=feedback,
        recorded_by=recorded_by if getattr(recorded_by, "pk", None) else None, recorded_at=timezone.now(),
        corrects=corrects)
    audit_record(actor=recorded_by, action="evidence.correct" if corrects else "evidence.record",
                 object_type="evidence", object_id=str(evidence.pk), student_id=student.pk, request=request,
                 detail={"competency": competency.identifier, "score": str(score) if score is not None else None,
                         "correct": correct, "demonstrated_on": demonstrated_on.isoformat(),
                         "corrects": corrects.pk if corrects else None,
                         **({"rubric": choices} if choices else {})})
    _after_change(evidence, added=corrects is None)
    return evidence


@dataclass(frozen=True)
class ClassScore:
    """One student's row of a whole-class scoring: a score on the scale, or a level id per criterion id.

    A row with no score and no level chosen is skipped.
    """

    student: Person
    score: Decimal | None = None
    picks: dict[int, int | None] = field(default_factory=dict)

    @property
    def is_blank(self) -> bool:
        return self.score is None and not any(v is not None for v in self.picks.values())


def rubric_criteria(rubric: Rubric, competency: Competency) -> list[RubricCriterion]:
    criteria = list(RubricCriterion.objects.filter(rubric=rubric, competency=competency)
                    .prefetch_related("levels").order_by("position", "id"))
    if not criteria:
        raise EvidenceError(f"the rubric {rubric.title} has no criterion for "
                            f"{competency.human_coding_scheme or competency}")
    return criteria


def _picked_levels(row: ClassScore, criteria: list[RubricCriterion]) -> list[RubricLevel]:
    levels = []
    for criterion in criteria:
        picked = row.picks.get(criterion.pk)
        name = criterion_name(criterion)
        if picked is None:
            raise EvidenceError(f"choose a level for “{name}” too, or leave the whole row blank")
        level = next((lv for lv in criterion.levels.all() if lv.pk == picked and lv.score is not None), None)
        if level is None:
            raise EvidenceError(f"“{name}” has no such level")
        levels.append(level)
    unknown = {k for k, v in row.picks.items() if v is not None} - {c.pk for c in criteria}
    if unknown:
        raise EvidenceError("a level was chosen for a criterion that is not part of this rubric")
    return levels


@transaction.atomic
def evidence_record_class(*, section: Section, competency: Competency, demonstrated_on: dt.date, kind: str,
                          recorded_by: Any, rows: list[ClassScore], rubric: Rubric | None = None,
                          request: HttpRequest | None = None) -> list[Evidence]:
    """Score a whole class on one competency: on the scale, or with a rubric's criteria (the score is the
    mean of the levels picked). All or nothing: the first bad row refuses the class, naming the student."""
    criteria = rubric_criteria(rubric, competency) if rubric is not None else []
    saved = []
    for row in rows:
        if row.is_blank:
            continue
        try:
            if rubric is None:
                if row.picks:
                    raise EvidenceError("give a score on the scale, not rubric levels")
                evidence = evidence_record(student=row.student, competency=competency, score=row.score,
                                           kind=kind, demonstrated_on=demonstrated_on, section=section,
                                           recorded_by=recorded_by, request=request)
            else:
                if row.score is not None:
                    raise EvidenceError("choose a level for each criterion, not a score")
                evidence = evidence_record(student=row.student, competency=competency,
                                           rubric_levels=_picked_levels(row, criteria), kind=kind,
                                           demonstrated_on=demonstrated_on, section=section,
                                           recorded_by=recorded_by, request=request)
        except EvidenceError as error:
            raise EvidenceError(f"{row.student.display_name}: {error}") from None
        saved.append(evidence)
    return saved


@transaction.atomic
def evidence_correct(*, evidence: Evidence, recorded_by: Any, reason: str, score: Decimal | None = None,
                     correct: bool | None = None, demonstrated_on: dt.date | None = None,
                     request: HttpRequest | None = None) -> Evidence:
    """A correction is a new row; the old one stays in history, no longer current."""
    if not evidence.is_current:
        raise EvidenceError("only current evidence can be corrected")
    if not reason.strip():
        raise EvidenceError("say why the evidence is corrected")
    if score is None and correct is None:
        score, correct = evidence.score, evidence.correct
    Evidence.objects.filter(pk=evidence.pk).update(is_current=False, retraction_reason=f"Corrected: {reason}")
    return evidence_record(
        student=evidence.student, competency=evidence.competency, kind=evidence.kind, recorded_by=recorded_by,
        demonstrated_on=demonstrated_on or evidence.demonstrated_on, score=score, correct=correct,
        section=evidence.section, rubric_level=None, link=evidence.link, feedback=evidence.feedback,
        request=request, corrects=evidence)


@transaction.atomic
def evidence_retract(*, evidence: Evidence, by: Any, reason: str, request: HttpRequest | None = None) -> None:
    if not evidence.is_current:
        raise EvidenceError("this evidence is already withdrawn or corrected")
    if not reason.strip():
        raise EvidenceError("say why the evidence is withdrawn")
    if not rules.can_record_evidence(by, evidence.student):
        raise EvidenceError("you may not change evidence for this student")
    Evidence.objects.filter(pk=evidence.pk).update(is_current=False, retracted_at=timezone.now(),
                                                   retracted_by=by if getattr(by, "pk", None) else None,
                                                   retraction_reason=reason)
    audit_record(actor=by, action="evidence.retract", object_type="evidence", object_id=str(evidence.pk),
                 student_id=evidence.student_id, request=request, detail={"reason": reason})
    _after_change(evidence)
