"""Reads of mastery for pages and the API: levels with their explanation, and what-if answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency
from pathmaker.mastery import engine
from pathmaker.mastery.explain import Step, explain
from pathmaker.mastery.models import MasteryOverride, MasterySummary
from pathmaker.mastery.services import rule_for, scores_of, status_of
from pathmaker.rostering.models import Person


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

    @property
    def level(self) -> float | None:
        return self.override.level if self.override else self.result.level


def summaries_for(student: Person) -> list[MasterySummary]:
    """Every competency the student has worked on, in every course and year (not stuck in one course)."""
    return list(MasterySummary.objects.filter(student=student).select_related("competency__framework")
                .order_by("competency__framework__title", "competency__human_coding_scheme", "competency_id"))


def explanation(student: Person, competency: Competency, *, what_if: float | None = None,
                today: dt.date | None = None) -> Explanation:
    _, rule = rule_for(competency)
    scores = scores_of(student.pk, competency.pk)
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
                       status_of(level, len(scores), rule), hypothetical, what_if)


def counts_toward_mastery(evidence: Evidence) -> bool:
    if evidence.score is None:
        return False  # correct/incorrect practice feeds knowledge tracing, not the scale level
    return settings.PATHMAKER_SELF_PEER_COUNT or evidence.kind not in Evidence.SELF_OR_PEER
