"""Reads of mastery for pages and the API: levels with their explanation, and what-if answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from pathmaker.access import scope
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency, CourseCompetency, ProficiencyScale
from pathmaker.mastery import bkt, engine, rollup
from pathmaker.mastery.explain import Step, explain
from pathmaker.mastery.models import (
    KnowledgeTracing,
    MasteryFlag,
    MasteryOverride,
    MasteryPolicy,
    MasterySummary,
)
from pathmaker.mastery.rules import rule_for, scores_of, status_of, status_shown
from pathmaker.rostering.models import Course, Enrollment, Person, Section


@dataclass(frozen=True)
class Explanation:
    competency: Competency
    result: engine.Result
    steps: list[Step]
    evidence: list[Evidence]  # every current piece, including those that do not count
    override: MasteryOverride | None
    status: str
    what_if: engine.Result | None
    what_if_score: float | None
    self_peer_counts: bool = False  # the district's policy when this was worked out
    request: MasteryFlag | None = None  # the open request (evaluation or revision), with its note

    def counts(self, evidence: Evidence) -> bool:
        """Whether this piece of evidence counts toward the level (all evidence is shown)."""
        return counts_toward_mastery(evidence, self_peer=self.self_peer_counts)

    @property
    def level(self) -> float | None:
        return self.override.level if self.override else self.result.level


def current_policy() -> MasteryPolicy:
    """The district's mastery policy in force (the server's settings until the district sets one)."""
    return MasteryPolicy.objects.current()


def policies() -> list[MasteryPolicy]:
    """Every policy the district has set, newest first."""
    return list(MasteryPolicy.objects.select_related("created_by")[:50])


def summaries_for(student: Person) -> list[MasterySummary]:
    """Every competency the student has worked on, in every course and year (not stuck in one course)."""
    return list(
        MasterySummary.objects.filter(student=student)
        .select_related("competency__framework")
        .order_by("competency__framework__title", "competency__human_coding_scheme", "competency_id")
    )


def explanation(
    student: Person, competency: Competency, *, what_if: float | None = None, today: dt.date | None = None
) -> Explanation:
    _, rule = rule_for(competency)
    self_peer = current_policy().self_peer_count
    evidence = list(
        Evidence.objects.filter(student=student, competency=competency, is_current=True)
        .select_related("recorded_by")
        .order_by("demonstrated_on", "id")
    )
    scores = _named(scores_of(student.pk, competency.pk, self_peer=self_peer), evidence)
    result = engine.level(scores, rule)
    override = (
        MasteryOverride.objects.filter(student=student, competency=competency, is_current=True)
        .select_related("by")
        .first()
    )
    request = open_request(student, competency)
    hypothetical = None
    if what_if is not None:
        latest = scores[-1].demonstrated_on if scores else None
        on = max(filter(None, (today or timezone.localdate(), latest)))
        hypothetical = engine.what_if(scores, rule, what_if, on)
    level = override.level if override else result.level
    status = status_shown(status_of(level, len(scores), rule), request.kind if request else None)
    return Explanation(
        competency,
        result,
        explain(result),
        evidence,
        override,
        status,
        hypothetical,
        what_if,
        self_peer,
        request,
    )


def evidence_name(evidence: Evidence) -> str:
    """What a piece of evidence is, in words: its task's name, else its kind (never a raw value like quiz_item)."""
    return evidence.task_name or str(evidence.get_kind_display())


def _named(scores: list[engine.Score], evidence: list[Evidence]) -> list[engine.Score]:
    """The scores with their evidence's name in words, for the explanation's list of scores."""
    names = {e.pk: evidence_name(e) for e in evidence}
    return [dataclasses.replace(s, source=names.get(s.evidence_id, s.source)) for s in scores]


def open_request(student: Person, competency: Competency) -> MasteryFlag | None:
    """The request waiting on someone for this level (a student's for evaluation, a teacher's for a revision)."""
    return (
        MasteryFlag.objects.filter(student=student, competency=competency, is_current=True)
        .select_related("by")
        .first()
    )


def open_requests_of(student: Person) -> dict[int, MasteryFlag]:
    """A student's open requests by competency id, with their notes, for the pages that list their levels."""
    return {
        flag.competency_id: flag
        for flag in MasteryFlag.objects.filter(student=student, is_current=True)
        .select_related("by")
        .order_by("at", "id")
    }


@dataclass(frozen=True)
class InboxItem:
    """A student's open request for evaluation, in one of the teacher's sections."""

    request: MasteryFlag
    section: Section


def evaluation_inbox(user: Any, *, limit: int = 50) -> list[InboxItem]:
    """Open evaluation requests from students in the sections this user teaches, on their courses'
    competencies, oldest first (they have waited longest)."""
    viewer = scope.viewer_for(user)
    if viewer.person_id is None or not viewer.is_teacher:
        return []
    taught = scope.sections_visible_to(user).filter(pk__in=scope.taught_sections(viewer.person_id))
    enrolled = Enrollment.objects.filter(
        section__in=taught, role="student", is_active=True, person__in=scope.students_visible_to(user)
    ).select_related("section")
    sections_of: dict[int, list[Section]] = {}
    for enrollment in enrolled.order_by("section__title", "section_id"):
        sections_of.setdefault(enrollment.person_id, []).append(enrollment.section)
    course_competencies: dict[int | None, set[int]] = {}  # a section with no course (None) has none
    for course_id, competency_id in CourseCompetency.objects.filter(
        course_id__in={s.course_id for group in sections_of.values() for s in group}
    ).values_list("course_id", "competency_id"):
        course_competencies.setdefault(course_id, set()).add(competency_id)
    items = []
    for flag in (
        MasteryFlag.objects.filter(
            is_current=True, kind=MasteryFlag.Kind.AWAITING_EVALUATION, student_id__in=list(sections_of)
        )
        .select_related("student", "competency", "by")
        .order_by("at", "id")
    ):
        section = next(
            (
                s
                for s in sections_of[flag.student_id]
                if flag.competency_id in course_competencies.get(s.course_id, ())
            ),
            None,
        )
        if section is not None:
            items.append(InboxItem(flag, section))
    return items[:limit]


def counts_toward_mastery(evidence: Evidence, *, self_peer: bool | None = None) -> bool:
    """`self_peer`: the policy's answer, read when not given."""
    if evidence.score is None:
        return False  # correct/incorrect practice feeds knowledge tracing, not the scale level
    if self_peer is None:
        self_peer = current_policy().self_peer_count
    return self_peer or evidence.kind not in Evidence.SELF_OR_PEER


def _parts(student: Person, competencies: list[Competency]) -> list[rollup.Part]:
    summaries = {
        s.competency_id: s
        for s in MasterySummary.objects.filter(student=student, competency__in=competencies)
    }
    ready = (MasterySummary.Status.PROFICIENT, MasterySummary.Status.ADVANCED)
    return [
        rollup.Part(
            c.human_coding_scheme or c.short_statement,
            summaries[c.pk].level if c.pk in summaries else None,
            c.pk in summaries and summaries[c.pk].status in ready,
        )
        for c in competencies
    ]


def parent_progress(student: Person, parent: Competency) -> rollup.Rollup:
    return rollup.parent_all_children(_parts(student, list(parent.children.filter(is_retired=False))))


@dataclass(frozen=True)
class CourseProgress:
    course: Course
    parts: list[rollup.Part]
    credit: rollup.Credit


def course_progress(
    student: Person, course: Course, *, policy: MasteryPolicy | None = None
) -> CourseProgress:
    """Credit is worked out on each read, with the district's policy in force (`policy`, read when not given)."""
    competencies = [
        link.competency
        for link in CourseCompetency.objects.filter(course=course).select_related("competency")
    ]
    parts = _parts(student, competencies)
    rule = (policy or current_policy()).credit_rule
    return CourseProgress(course, parts, rollup.course_credit(parts, rule))


def course_grants_credit(course: Course) -> bool:
    """A course grants credit when it is for a grade from `PATHMAKER_CREDIT_FROM_GRADE` up (high school, by
    default; a middle school's Algebra I for grade 8 does not). A course the roster gives no grades keeps
    its credit line: nothing says it grants none."""
    named = [part.strip() for part in course.grades.split(",") if part.strip()]
    if not named:
        return True
    return any(grade.isdigit() and int(grade) >= settings.PATHMAKER_CREDIT_FROM_GRADE for grade in named)


def scale_bounds() -> tuple[Decimal, Decimal]:
    """The lowest and highest level on the district's scales (the default range when there is none)."""
    values = [
        v
        for scale in ProficiencyScale.objects.prefetch_related("levels")
        for v in (level.value for level in scale.levels.all())
    ]
    if not values:
        low, high = settings.PATHMAKER_DEFAULT_SCALE_RANGE
        return Decimal(str(low)), Decimal(str(high))
    return min(values), max(values)


def practice_estimate(student_id: int, competency: Competency) -> tuple[bkt.Trace, bkt.Params, bool] | None:
    """The chance the student has mastered the competency, from their correct/incorrect practice (or None)."""
    responses = [
        correct
        for correct in Evidence.objects.filter(
            student_id=student_id, competency=competency, is_current=True, correct__isnull=False
        )
        .order_by("demonstrated_on", "id")
        .values_list("correct", flat=True)
        if correct is not None  # always (correct__isnull=False above); says so to the type checker
    ]
    if not responses:
        return None
    fitted = KnowledgeTracing.objects.filter(competency=competency).first()
    params = (
        bkt.Params(fitted.prior, fitted.learn, fitted.guess, fitted.slip)
        if fitted
        else bkt.Params(prior=0.3, learn=0.15, guess=0.2, slip=0.1)
    )
    return bkt.trace(responses, params), params, fitted is not None
