"""Reads of mastery for pages and the API: levels with their explanation, and what-if answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency, CourseCompetency
from pathmaker.mastery import engine, rollup
from pathmaker.mastery.explain import Step, explain
from pathmaker.mastery.models import MasteryOverride, MasteryPolicy, MasterySummary
from pathmaker.mastery.services import rule_for, scores_of, status_of
from pathmaker.rostering.models import Course, Person


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
    return list(MasterySummary.objects.filter(student=student).select_related("competency__framework")
                .order_by("competency__framework__title", "competency__human_coding_scheme", "competency_id"))


def explanation(student: Person, competency: Competency, *, what_if: float | None = None,
                today: dt.date | None = None) -> Explanation:
    _, rule = rule_for(competency)
    self_peer = current_policy().self_peer_count
    scores = scores_of(student.pk, competency.pk, self_peer=self_peer)
    result = engine.level(scores, rule)
    override = MasteryOverride.objects.filter(student=student, competency=competency, is_current=True).first()
    evidence = list(Evidence.objects.filter(student=student, competency=competency, is_current=True)
                    .select_related("recorded_by").order_by("demonstrated_on", "id"))
    hypothetical = None
    if what_if is not None:
        latest = scores[-1].demonstrated_on if scores else None
        on = max(filter(None, (today or timezone.localdate(), latest)))
        hypothetical = engine.what_if(scores, rule, what_if, on)
    level = override.level if override else result.level
    return Explanation(competency, result, explain(result), evidence, override,
                       status_of(level, len(scores), rule), hypothetical, what_if, self_peer)


def counts_toward_mastery(evidence: Evidence, *, self_peer: bool | None = None) -> bool:
    """`self_peer`: the policy's answer, read when not given."""
    if evidence.score is None:
        return False  # correct/incorrect practice feeds knowledge tracing, not the scale level
    if self_peer is None:
        self_peer = current_policy().self_peer_count
    return self_peer or evidence.kind not in Evidence.SELF_OR_PEER


def _parts(student: Person, competencies: list[Competency]) -> list[rollup.Part]:
    summaries = {s.competency_id: s for s in MasterySummary.objects.filter(student=student,
                                                                          competency__in=competencies)}
    ready = (MasterySummary.Status.PROFICIENT, MasterySummary.Status.ADVANCED)
    return [rollup.Part(c.human_coding_scheme or c.short_statement,
                        summaries[c.pk].level if c.pk in summaries else None,
                        c.pk in summaries and summaries[c.pk].status in ready) for c in competencies]


def parent_progress(student: Person, parent: Competency) -> rollup.Rollup:
    return rollup.parent_all_children(_parts(student, list(parent.children.filter(is_retired=False))))


@dataclass(frozen=True)
class CourseProgress:
    course: Course
    parts: list[rollup.Part]
    credit: rollup.Credit


def course_progress(student: Person, course: Course, *, policy: MasteryPolicy | None = None) -> CourseProgress:
    """Credit is worked out on each read, with the district's policy in force (`policy`, read when not given)."""
    competencies = [link.competency for link in CourseCompetency.objects.filter(course=course)
                    .select_related("competency")]
    parts = _parts(student, competencies)
    rule = (policy or current_policy()).credit_rule
    return CourseProgress(course, parts, rollup.course_credit(parts, rule))
