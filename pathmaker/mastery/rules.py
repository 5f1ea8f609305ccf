"""The rules and scales in force: which mastery rule and proficiency scale apply to a competency, the
scores that count toward it, and the status a level means. Reads only; `mastery.services` writes.

Order of precedence for a rule: the competency's own, its home course's, its framework's, the
district's. A scale: the competency's own, its home course's, its framework's, the default.

Every evidence write needs its competency's rule and the policy, which change rarely: `rule_for` and
`self_peer_counts` keep what they read in this process for as long as the rules stamp
(`models.RulesStamp`, changed by database triggers with any change to those tables) is the same, and
read the stamp first, in one small query, so no process uses rules older than those committed when it
asked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import F, Q

from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency, CourseCompetency, ProficiencyScale, ScaleAssignment
from pathmaker.mastery import engine
from pathmaker.mastery.models import (
    MasteryPolicy,
    MasteryRule,
    MasterySummary,
    RulesStamp,
)

DEFAULT_RULE = engine.Rule(method=engine.Method.DECAYING_AVERAGE)

T = TypeVar("T")
KEPT_MAX = 10_000  # competencies' rules kept per stamp in one process (a district has a few thousand)


@dataclass
class _Kept:
    """What this process read while the rules stamp was `stamp`."""

    stamp: int | None = None
    found: dict[tuple[Any, ...], Any] = field(default_factory=dict)


_kept = _Kept()


def rules_stamp() -> int | None:
    """The rules stamp now (None: no stamp row, as after a test database is flushed; nothing is kept)."""
    return next(iter(RulesStamp.objects.filter(pk=RulesStamp.ONE).values_list("stamp", flat=True)), None)


def _kept_or_read(stamp: int | None, key: tuple[Any, ...], read: Callable[[], T]) -> T:
    """`read()` once per stamp and key. Read after the stamp, so what is kept under a stamp is at least as
    new as the stamp; a stamp never comes back, so nothing kept is used after a change (or a rollback)."""
    global _kept
    if stamp is None:
        return read()
    kept = _kept
    if kept.stamp != stamp:
        kept = _kept = _Kept(stamp)  # threads swap the whole object: an entry is never under the wrong stamp
    key = (*key, tuple(settings.PATHMAKER_DEFAULT_SCALE_RANGE), settings.PATHMAKER_SELF_PEER_COUNT)
    if key in kept.found:
        return kept.found[key]
    value = read()
    if len(kept.found) < KEPT_MAX:
        kept.found[key] = value
    return value


def forget_rules() -> None:
    """Drop what this process keeps (the next read goes to the database, as in a new process)."""
    global _kept
    _kept = _Kept()


def self_peer_counts() -> bool:
    """Whether self- and peer-assessments count toward mastery now (the district's policy)."""
    return _kept_or_read(
        rules_stamp(), ("self_peer",), lambda: MasteryPolicy.objects.current().self_peer_count
    )


@dataclass(frozen=True)
class Scale:
    """The bounds of a competency's proficiency scale and the level that means mastery (engine floats)."""

    low: float
    high: float
    mastery: float


def _default_scale() -> Scale:
    low, high = (float(v) for v in settings.PATHMAKER_DEFAULT_SCALE_RANGE)
    return Scale(low, high, min(max(DEFAULT_RULE.mastery, low), high))


def _scale_of(scale: ProficiencyScale | None) -> Scale:
    values = [float(level.value) for level in scale.levels.all()] if scale is not None else []
    if not values:
        return _default_scale()
    low, high = min(values), max(values)
    return Scale(low, high, min(max(float(scale.mastery_value), low), high))  # type: ignore[union-attr]


def home_courses(competency_ids: list[int]) -> dict[int, int]:
    """Each competency's home course: the first course the district aligned it to (a school's own additions
    count only when no district course has it). Levels are per student and competency, so when several
    courses share a competency, the rule and scale of its home course apply in all of them."""
    homes: dict[int, int] = {}
    links = (
        CourseCompetency.objects.filter(competency_id__in=competency_ids)
        .order_by(F("added_by_school").asc(nulls_first=True), "created_at", "id")
        .values_list("competency_id", "course_id")
    )
    for competency_id, course_id in links:
        homes.setdefault(competency_id, course_id)
    return homes


def _most_specific(
    competency: Competency, home: int | None, by_target: dict[tuple[str, int | None], Any]
) -> Any:
    """Competency, then home course, then framework, then the district (`None` target)."""
    for target in (
        ("competency", competency.pk),
        ("course", home),
        ("framework", competency.framework_id),
        ("district", None),
    ):
        if (target[0] == "course" and home is None) or target not in by_target:
            continue
        return by_target[target]
    return None


def assigned_scales(
    competencies: list[Competency], homes: dict[int, int] | None = None
) -> dict[int, ProficiencyScale | None]:
    """Each competency's proficiency scale (as `frameworks.selectors.effective_scale`, the course being its
    home course; None: the default scale), levels prefetched, in a few queries for any number of them."""
    homes = home_courses([c.pk for c in competencies]) if homes is None else homes
    assignments = (
        ScaleAssignment.objects.filter(
            Q(competency__in=competencies)
            | Q(course_id__in=set(homes.values()))
            | Q(framework_id__in={c.framework_id for c in competencies})
        )
        .select_related("scale")
        .prefetch_related("scale__levels")
    )
    by_target: dict[tuple[str, int | None], Any] = {}
    for a in assignments:
        kind = "competency" if a.competency_id else "course" if a.course_id else "framework"
        by_target[(kind, a.competency_id or a.course_id or a.framework_id)] = a.scale
    return {c.pk: _most_specific(c, homes.get(c.pk), by_target) for c in competencies}


def scales_for(competencies: list[Competency], homes: dict[int, int] | None = None) -> dict[int, Scale]:
    """Each competency's scale bounds and mastery level."""
    return {pk: _scale_of(scale) for pk, scale in assigned_scales(competencies, homes).items()}


def scale_for(competency: Competency) -> Scale:
    """The scale evidence and levels of this competency are on."""
    return scales_for([competency])[competency.pk]


def scale_levels(competency: Competency) -> list[tuple[Decimal, str]]:
    """The levels of the competency's scale with their labels, lowest first (the default scale's whole
    numbers, unlabelled, when it has none): what score and what-if choices offer."""
    scale = assigned_scales([competency])[competency.pk]
    if scale is not None and scale.levels.all():
        return sorted((level.value, level.label) for level in scale.levels.all())
    low, high = (int(v) for v in settings.PATHMAKER_DEFAULT_SCALE_RANGE)
    return [(Decimal(v), "") for v in range(low, high + 1)]


def rules_for(competencies: list[Competency]) -> dict[int, tuple[MasteryRule | None, engine.Rule]]:
    """For each competency, the most specific current rule (the competency's, its home course's, its
    framework's, the district's), with the bounds and mastery level of the competency's scale: the rule
    says how to combine scores, the scale what they mean, so one district rule serves every scale."""
    homes = home_courses([c.pk for c in competencies])
    scales = scales_for(competencies, homes)
    current = MasteryRule.objects.filter(is_current=True).filter(
        Q(competency__in=competencies)
        | Q(course_id__in=set(homes.values()))
        | Q(framework_id__in={c.framework_id for c in competencies})
        | Q(competency__isnull=True, course__isnull=True, framework__isnull=True)
    )
    by_target: dict[tuple[str, int | None], MasteryRule] = {}
    for stored in current:  # newest first (the model's ordering): keep the newest per scope
        kind = (
            "competency"
            if stored.competency_id
            else "course"
            if stored.course_id
            else "framework"
            if stored.framework_id
            else "district"
        )
        by_target.setdefault((kind, stored.competency_id or stored.course_id or stored.framework_id), stored)
    found = {}
    for c in competencies:
        stored = _most_specific(c, homes.get(c.pk), by_target)
        scale = scales[c.pk]
        base = engine.Rule.from_dict(stored.parameters) if stored is not None else DEFAULT_RULE
        found[c.pk] = (
            stored,
            dataclasses.replace(base, scale_min=scale.low, scale_max=scale.high, mastery=scale.mastery),
        )
    return found


def rule_for(competency: Competency) -> tuple[MasteryRule | None, engine.Rule]:
    """The rule for one competency, on its scale (see `rules_for`), kept while the rules stamp stands."""
    if competency.pk is None:  # not saved: nothing to key it by
        return rules_for([competency])[competency.pk]
    return _kept_or_read(
        rules_stamp(),
        ("rule", competency.pk, competency.framework_id),
        lambda: rules_for([competency])[competency.pk],
    )


def scores_of(student_id: int, competency_id: int, *, self_peer: bool | None = None) -> list[engine.Score]:
    """The evidence that counts, as engine scores in demonstration order (`self_peer`: the policy's answer,
    read when not given)."""
    rows = Evidence.objects.filter(
        student_id=student_id, competency_id=competency_id, is_current=True, score__isnull=False
    )
    if not (self_peer_counts() if self_peer is None else self_peer):
        rows = rows.exclude(kind__in=Evidence.SELF_OR_PEER)
    return [
        engine.Score(float(score), day, pk, kind)
        for pk, score, day, kind in rows.order_by("demonstrated_on", "id").values_list(
            "id", "score", "demonstrated_on", "kind"
        )
        if score is not None  # always (score__isnull=False above); says so to the type checker
    ]


def scores_by_pair(
    student_ids: Iterable[int], competency_ids: Iterable[int]
) -> dict[tuple[int, int], list[engine.Score]]:
    """`scores_of` for many students and competencies in one query, by (student, competency): for pages
    that work out levels as they stood on earlier days (outcomes of groups and workshops, playlists)."""
    rows = Evidence.objects.filter(
        student_id__in=list(student_ids),
        competency_id__in=list(competency_ids),
        is_current=True,
        score__isnull=False,
    )
    if not self_peer_counts():
        rows = rows.exclude(kind__in=Evidence.SELF_OR_PEER)
    found: dict[tuple[int, int], list[engine.Score]] = {}
    for pk, student_id, competency_id, score, on, kind in rows.order_by("demonstrated_on", "id").values_list(
        "id", "student_id", "competency_id", "score", "demonstrated_on", "kind"
    ):
        if score is not None:  # always (score__isnull=False above); says so to the type checker
            found.setdefault((student_id, competency_id), []).append(engine.Score(float(score), on, pk, kind))
    return found


def status_of(level: float | None, count: int, rule: engine.Rule) -> str:
    if count == 0:
        return MasterySummary.Status.NOT_STARTED
    if level is None or level < rule.mastery:
        return MasterySummary.Status.IN_PROGRESS
    return MasterySummary.Status.ADVANCED if level >= rule.scale_max else MasterySummary.Status.PROFICIENT


def status_shown(status: str, request_kind: str | None) -> str:
    """The status every page shows: an open request (awaiting evaluation, needs revision) replaces the
    computed status unless the level is already proficient or advanced. Summaries, the recompute and the
    explanation page all decide it here, so the level box and the gradebook never disagree."""
    if request_kind and status not in (MasterySummary.Status.PROFICIENT, MasterySummary.Status.ADVANCED):
        return request_kind
    return status
