"""Recording, correcting and retracting evidence. Each is one transaction with one audit row, and
updates the student's mastery for that competency before it returns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from pathmaker.access import rules
from pathmaker.audit.services import audit_record
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency, RubricLevel
from pathmaker.frameworks.selectors import effective_scale
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


def _after_change(evidence: Evidence, *, added: bool = False) -> None:
    if added:
        summary_add(evidence)  # usually folds one score into the running sums
    else:
        summary_refresh(student_id=evidence.student_id, competency_id=evidence.competency_id)


@transaction.atomic
def evidence_record(*, student: Person, competency: Competency, demonstrated_on: dt.date, kind: str,
                    recorded_by: Any, score: Decimal | None = None, correct: bool | None = None,
                    section: Section | None = None, rubric_level: RubricLevel | None = None, link: str = "",
                    feedback: str = "", request: HttpRequest | None = None, corrects: Evidence | None = None
                    ) -> Evidence:
    _check(student=student, competency=competency, score=score, correct=correct, demonstrated_on=demonstrated_on,
           kind=kind, recorded_by=recorded_by, section=section)
    evidence = Evidence.objects.create(
        student=student, competency=competency, score=score, correct=correct, demonstrated_on=demonstrated_on,
        kind=kind, section=section, rubric_level=rubric_level, link=link, feedback=feedback,
        recorded_by=recorded_by if getattr(recorded_by, "pk", None) else None, recorded_at=timezone.now(),
        corrects=corrects)
    audit_record(actor=recorded_by, action="evidence.correct" if corrects else "evidence.record",
                 object_type="evidence", object_id=str(evidence.pk), student_id=student.pk, request=request,
                 detail={"competency": competency.identifier, "score": str(score) if score is not None else None,
                         "correct": correct, "demonstrated_on": demonstrated_on.isoformat(),
                         "corrects": corrects.pk if corrects else None})
    _after_change(evidence, added=corrects is None)
    return evidence


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
