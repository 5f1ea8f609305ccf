"""Recording, correcting and retracting evidence. Each is one transaction with one audit row, and
updates the student's mastery for that competency before it returns. It lives in mastery, above the
evidence app (the rows and who may change them), because a score is checked against the competency's
rule and its scale and the level is refreshed in the same transaction. A whole class is scored in one
transaction too: every score is saved, or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from pathmaker.access.scope import Relation
from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.evidence.access import can_record_evidence
from pathmaker.evidence.models import FEEDBACK_MAX, TASK_NAME_MAX, Evidence
from pathmaker.frameworks.models import Competency, Rubric, RubricCriterion, RubricLevel
from pathmaker.frameworks.selectors import criterion_name
from pathmaker.lib.bounds import EARLIEST_DATE, date_in_window
from pathmaker.lib.errors import DomainError
from pathmaker.lib.links import is_web_link
from pathmaker.mastery import engine
from pathmaker.mastery.rules import rule_for
from pathmaker.mastery.services import SCORE_STEP, summary_add, summary_refresh
from pathmaker.rostering.models import Person, Section


class EvidenceError(DomainError):
    """Evidence that cannot be recorded as given; the message says why, `code` which rule."""

    code = "evidence.invalid"


FORBIDDEN = "evidence.forbidden"
MAY_NOT_RECORD = "you may not record evidence for this student"
MAY_NOT_CHANGE = "you may not change evidence for this student"
SCORE_OFF_SCALE = "evidence.score_off_scale"
SCORE_TOO_PRECISE = "evidence.score_too_precise"  # more decimals than Evidence.score stores
SCORE_OR_CORRECT = "evidence.score_or_correct"
RUBRIC_OR_SCORE = "evidence.rubric_or_score"
RUBRIC_INCOMPLETE = "evidence.rubric_incomplete"
NOT_CURRENT = "evidence.not_current"
REASON_MISSING = "evidence.reason_missing"
LINK_MAX = 1000  # Evidence.link's max_length


def score_bounds(rule: engine.Rule) -> tuple[Decimal, Decimal]:
    """The lowest and highest score of the competency's scale, which its rule carries (`mastery.services.rules_for`):
    levels are per student and competency, so a competency shared by several courses keeps its home course's
    scale whatever section the evidence comes from, and this check and the engine can never disagree on it."""
    return Decimal(str(rule.scale_min)), Decimal(str(rule.scale_max))


def _check(
    *,
    student: Person,
    competency: Competency,
    score: Decimal | None,
    correct: bool | None,
    demonstrated_on: dt.date,
    kind: str,
    actor: Actor,
    section: Section | None,
    bounds: tuple[Decimal, Decimal],
    relation: Relation | None = None,
) -> None:
    if (score is None) == (correct is None):
        raise EvidenceError(
            "give either a score on the scale or correct/incorrect, not both", code=SCORE_OR_CORRECT
        )
    if kind not in Evidence.Kind.values:
        raise EvidenceError(f"{kind!r} is not a kind of evidence", code="evidence.unknown_kind", field="kind")
    if competency.is_retired:
        raise EvidenceError(
            f"{competency} is retired; record evidence against its replacement",
            code="evidence.competency_retired",
            field="competency_id",
        )
    if demonstrated_on > timezone.localdate():
        raise EvidenceError(
            "the date the student showed it cannot be in the future",
            code="evidence.date_in_future",
            field="demonstrated_on",
        )
    if not date_in_window(demonstrated_on):
        raise EvidenceError(
            f"the date the student showed it must be after {EARLIEST_DATE:%Y}",
            code="evidence.date_out_of_range",
            field="demonstrated_on",
        )
    if (
        score is not None and not score.is_finite()
    ):  # NaN compares with nothing: refuse before the range check
        raise EvidenceError("the score must be a number", code="evidence.score_not_finite", field="score")
    if score is not None:
        _check_score(score, bounds)
    # Pathmaker's own work records too: a quiz scored from its answer key (paths.services.step_quiz_submit).
    if not actor.is_system and not can_record_evidence(
        actor.user, student, self_assessment=kind == Evidence.Kind.SELF_ASSESSMENT, relation=relation
    ):
        raise EvidenceError(MAY_NOT_RECORD, code=FORBIDDEN)


def _check_words(*, task_name: str, feedback: str) -> None:
    """The task's name and the feedback fit what is stored (the API and forms pass any length)."""
    if len(task_name) > TASK_NAME_MAX:
        raise EvidenceError(
            f"the task's name is {len(task_name)} characters long; at most {TASK_NAME_MAX} fit",
            code="evidence.task_name_too_long",
            field="task_name",
        )
    if len(feedback) > FEEDBACK_MAX:
        raise EvidenceError(
            f"the feedback is {len(feedback)} characters long; at most {FEEDBACK_MAX} fit",
            code="evidence.feedback_too_long",
            field="feedback",
        )


def _clean_link(link: str) -> str:
    """A link to the work is shown to adults as a link: an http(s) address only (never javascript:)."""
    link = link.strip()
    if not link:
        return ""
    if len(link) > LINK_MAX:
        raise EvidenceError(
            f"the link is {len(link)} characters long; at most {LINK_MAX} fit",
            code="evidence.link_too_long",
            field="link",
        )
    if not is_web_link(link):
        raise EvidenceError(
            "a link to the work must be a whole web address starting with http:// or https://",
            code="evidence.link_not_web",
            field="link",
        )
    return link


def _check_section(student: Person, section: Section | None) -> None:
    """Evidence names a section the student is in (an active enrollment), or none."""
    if (
        section is not None
        and not section.enrollments.filter(person=student, role="student", is_active=True).exists()
    ):
        raise EvidenceError(
            f"{student.display_name} is not enrolled in {section.title}",
            code="evidence.section_not_enrolled",
            field="section_id",
        )


def _check_score(score: Decimal, bounds: tuple[Decimal, Decimal]) -> None:
    """On the scale, and with no more decimals than are stored: the level is worked out from the value as
    stored, so a 2.996 that would become 3.00 is refused rather than counted as one and shown as the other."""
    low, high = bounds
    if not score.is_finite() or not low <= score <= high:
        raise EvidenceError(
            f"a score on this competency's scale is between {float(low):g} and {float(high):g}",
            code=SCORE_OFF_SCALE,
            field="score",
        )
    if score != score.quantize(SCORE_STEP):
        raise EvidenceError(
            "a score has at most two decimals, like 2.75", code=SCORE_TOO_PRECISE, field="score"
        )


def rubric_score(values: list[Decimal], low: Decimal, high: Decimal) -> Decimal:
    """The mean of the criterion values, kept on the scale (between its lowest and highest level), to 0.01."""
    if not values:
        raise EvidenceError("choose a level for each criterion of the rubric", code=RUBRIC_INCOMPLETE)
    mean = sum(values, Decimal(0)) / len(values)
    return min(max(mean, low), high).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _rubric_choices(competency: Competency, levels: list[RubricLevel]) -> list[dict[str, Any]]:
    """The picks as stored on the evidence, after checking that they judge this competency once each."""
    if not levels:
        raise EvidenceError("choose a level for each criterion of the rubric", code=RUBRIC_INCOMPLETE)
    seen: set[int] = set()
    rubrics = set()
    choices = []
    for level in levels:
        criterion = level.criterion
        name = criterion_name(criterion)
        if criterion.competency_id != competency.pk:
            raise EvidenceError(
                f"the criterion “{name}” does not judge {competency.human_coding_scheme or competency}",
                code="evidence.rubric_wrong_competency",
            )
        if criterion.pk in seen:
            raise EvidenceError(
                f"choose one level for “{name}”, not several", code="evidence.rubric_level_repeated"
            )
        if level.score is None:
            raise EvidenceError(
                f"the level {level.quality or level.pk} of “{name}” has no value to score with",
                code="evidence.rubric_level_unscored",
            )
        seen.add(criterion.pk)
        rubrics.add(criterion.rubric_id)
        choices.append(
            {
                "criterion_id": criterion.pk,
                "criterion": name,
                "level_id": level.pk,
                "level": level.quality or level.description[:60],
                "value": float(level.score),
            }
        )
    if len(rubrics) > 1:
        raise EvidenceError(
            "the levels come from different rubrics: score with one rubric at a time",
            code="evidence.rubric_mixed",
        )
    return choices


def _after_change(evidence: Evidence, *, added: bool = False, rule_pair: Any = None) -> None:
    if added:
        summary_add(evidence, rule_pair)  # usually folds one score into the running sums
    else:
        summary_refresh(
            student_id=evidence.student_id, competency_id=evidence.competency_id, rule_pair=rule_pair
        )


@transaction.atomic
def evidence_record(
    *,
    student: Person,
    competency: Competency,
    demonstrated_on: dt.date,
    kind: str,
    actor: Actor,
    score: Decimal | None = None,
    correct: bool | None = None,
    section: Section | None = None,
    rubric_level: RubricLevel | None = None,
    link: str = "",
    feedback: str = "",
    corrects: Evidence | None = None,
    rubric_levels: list[RubricLevel] | None = None,
    task_name: str = "",
    relation: Relation | None = None,
) -> Evidence:
    """Record one piece of evidence. With `rubric_levels` (one level per criterion of a rubric on this
    competency) the score is their mean, kept on the scale, and the picks are stored with it.
    `relation`: the actor's relation to the student when the caller has read it already (the API reads it
    to find the student), so it is not read twice; without it, or for another student, it is read here."""
    choices: list[dict[str, Any]] = []
    rule_pair = rule_for(competency)  # read once: the score's bounds and then the level's rule
    bounds = score_bounds(rule_pair[1])
    if rubric_levels is not None:
        if score is not None or correct is not None:
            raise EvidenceError("give rubric levels or a score, not both", code=RUBRIC_OR_SCORE)
        choices = _rubric_choices(competency, rubric_levels)
        score = rubric_score([Decimal(str(c["value"])) for c in choices], *bounds)
        rubric_level = rubric_levels[0] if len(rubric_levels) == 1 else None
    task_name, feedback = task_name.strip(), feedback.strip()
    _check_words(task_name=task_name, feedback=feedback)
    link = _clean_link(link)
    if corrects is None:  # a correction keeps the section of what it corrects, even after the student left it
        _check_section(student, section)
    _check(
        student=student,
        competency=competency,
        score=score,
        correct=correct,
        demonstrated_on=demonstrated_on,
        kind=kind,
        actor=actor,
        section=section,
        bounds=bounds,
        relation=relation,
    )
    if (
        score is not None
    ):  # exactly as stored (3 becomes 3.00), so the audit row and the API echo the stored value
        score = score.quantize(SCORE_STEP)
    evidence = Evidence.objects.create(
        student=student,
        competency=competency,
        score=score,
        correct=correct,
        demonstrated_on=demonstrated_on,
        kind=kind,
        section=section,
        rubric_level=rubric_level,
        rubric_choices=choices,
        link=link,
        feedback=feedback,
        task_name=task_name,
        recorded_by=actor.user,
        recorded_at=timezone.now(),
        corrects=corrects,
    )
    audit_record(
        actor=actor,
        action="evidence.correct" if corrects else "evidence.record",
        object_type="evidence",
        object_id=str(evidence.pk),
        student_id=student.pk,
        detail={
            "competency": competency.identifier,
            "score": str(score) if score is not None else None,
            "correct": correct,
            "demonstrated_on": demonstrated_on.isoformat(),
            "corrects": corrects.pk if corrects else None,
            **({"task_name": task_name} if task_name else {}),
            **({"rubric": choices} if choices else {}),
        },
    )
    _after_change(evidence, added=corrects is None, rule_pair=rule_pair)
    return evidence


@dataclass(frozen=True)
class ClassScore:
    """One student's row of a whole-class scoring: a score on the scale, or a level id per criterion id,
    and optionally written feedback for that student.

    A row with no score and no level chosen is skipped (its feedback too).
    """

    student: Person
    score: Decimal | None = None
    picks: dict[int, int | None] = field(default_factory=dict)
    feedback: str = ""

    @property
    def is_blank(self) -> bool:
        return self.score is None and not any(v is not None for v in self.picks.values())


def rubric_criteria(rubric: Rubric, competency: Competency) -> list[RubricCriterion]:
    criteria = list(
        RubricCriterion.objects.filter(rubric=rubric, competency=competency)
        .prefetch_related("levels")
        .order_by("position", "id")
    )
    if not criteria:
        raise EvidenceError(
            f"the rubric {rubric.title} has no criterion for {competency.human_coding_scheme or competency}",
            code="evidence.rubric_not_for_competency",
        )
    return criteria


def _picked_levels(row: ClassScore, criteria: list[RubricCriterion]) -> list[RubricLevel]:
    levels = []
    for criterion in criteria:
        picked = row.picks.get(criterion.pk)
        name = criterion_name(criterion)
        if picked is None:
            raise EvidenceError(
                f"choose a level for “{name}” too, or leave the whole row blank", code=RUBRIC_INCOMPLETE
            )
        level = next((lv for lv in criterion.levels.all() if lv.pk == picked and lv.score is not None), None)
        if level is None:
            raise EvidenceError(f"“{name}” has no such level", code="evidence.rubric_level_unknown")
        levels.append(level)
    unknown = {k for k, v in row.picks.items() if v is not None} - {c.pk for c in criteria}
    if unknown:
        raise EvidenceError(
            "a level was chosen for a criterion that is not part of this rubric",
            code="evidence.rubric_criterion_unknown",
        )
    return levels


@transaction.atomic
def evidence_record_class(
    *,
    section: Section,
    competency: Competency,
    demonstrated_on: dt.date,
    kind: str,
    actor: Actor,
    rows: list[ClassScore],
    rubric: Rubric | None = None,
    task_name: str = "",
) -> list[Evidence]:
    """Score a whole class on one competency: on the scale, or with a rubric's criteria (the score is the
    mean of the levels picked), every piece named after the same task. All or nothing: the first bad row
    refuses the class, naming the student."""
    _check_words(task_name=task_name.strip(), feedback="")
    criteria = rubric_criteria(rubric, competency) if rubric is not None else []
    saved = []
    for row in rows:
        if row.is_blank:
            continue
        try:
            if rubric is None:
                if row.picks:
                    raise EvidenceError("give a score on the scale, not rubric levels", code=RUBRIC_OR_SCORE)
                evidence = evidence_record(
                    student=row.student,
                    competency=competency,
                    score=row.score,
                    kind=kind,
                    demonstrated_on=demonstrated_on,
                    section=section,
                    actor=actor,
                    task_name=task_name,
                    feedback=row.feedback,
                )
            else:
                if row.score is not None:
                    raise EvidenceError(
                        "choose a level for each criterion, not a score", code=RUBRIC_OR_SCORE
                    )
                evidence = evidence_record(
                    student=row.student,
                    competency=competency,
                    rubric_levels=_picked_levels(row, criteria),
                    kind=kind,
                    demonstrated_on=demonstrated_on,
                    section=section,
                    actor=actor,
                    task_name=task_name,
                    feedback=row.feedback,
                )
        except EvidenceError as error:
            raise EvidenceError(
                f"{row.student.display_name}: {error}", code=error.code, field=error.field
            ) from None
        saved.append(evidence)
    return saved


@transaction.atomic
def evidence_correct(
    *,
    evidence: Evidence,
    actor: Actor,
    reason: str,
    score: Decimal | None = None,
    correct: bool | None = None,
    demonstrated_on: dt.date | None = None,
) -> Evidence:
    """A correction is a new row; the old one stays in history, no longer current."""
    if not evidence.is_current:
        raise EvidenceError("only current evidence can be corrected", code=NOT_CURRENT)
    if not reason.strip():
        raise EvidenceError("say why the evidence is corrected", code=REASON_MISSING, field="reason")
    if score is None and correct is None:
        score, correct = evidence.score, evidence.correct
    Evidence.objects.filter(pk=evidence.pk).update(is_current=False, retraction_reason=f"Corrected: {reason}")
    return evidence_record(
        student=evidence.student,
        competency=evidence.competency,
        kind=evidence.kind,
        actor=actor,
        demonstrated_on=demonstrated_on or evidence.demonstrated_on,
        score=score,
        correct=correct,
        section=evidence.section,
        rubric_level=None,
        link=evidence.link,
        feedback=evidence.feedback,
        task_name=evidence.task_name,
        corrects=evidence,
    )


@transaction.atomic
def evidence_retract(*, evidence: Evidence, actor: Actor, reason: str) -> None:
    if not evidence.is_current:
        raise EvidenceError("this evidence is already withdrawn or corrected", code=NOT_CURRENT)
    if not reason.strip():
        raise EvidenceError("say why the evidence is withdrawn", code=REASON_MISSING, field="reason")
    if not can_record_evidence(actor.user, evidence.student):
        raise EvidenceError(MAY_NOT_CHANGE, code=FORBIDDEN)
    Evidence.objects.filter(pk=evidence.pk).update(
        is_current=False,
        retracted_at=timezone.now(),
        retracted_by=actor.user,
        retraction_reason=reason,
    )
    audit_record(
        actor=actor,
        action="evidence.retract",
        object_type="evidence",
        object_id=str(evidence.pk),
        student_id=evidence.student_id,
        detail={"reason": reason},
    )
    _after_change(evidence)
