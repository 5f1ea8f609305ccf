"""What adopting a mastery rule would change, worked out before anyone adopts it.

A district's rule change recomputes every level it touches (`recompute.py`). Before an administrator
adopts one, `rule_preview` says how many levels and statuses it would change, and how the statuses
would move (so many "in progress" would become "proficient"), over the whole district.

How: the rules each competency would follow are read by adopting the rule inside a transaction that
is rolled back (so the preview follows `services.rules_for` exactly: home courses, scales, the most
specific scope); then, outside that transaction, the evidence is read with the recompute's own loader
(`recompute._read`, chunked straight into NumPy columns), levels come from the vectorized engine one
rule group at a time, statuses from array comparisons (overrides and open requests applied as the
summaries apply them, through `services.status_shown`'s rule), and the result is compared with the
stored summaries, joined on one integer key per (competency, student). No Python loop per student.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction

from pathmaker.audit.actor import Actor
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency
from pathmaker.mastery import engine
from pathmaker.mastery.models import MasteryFlag, MasteryOverride, MasterySummary
from pathmaker.mastery.recompute import READ_CHUNK, _chunks, _read, levels_per_rule
from pathmaker.mastery.rules import rules_for, self_peer_counts
from pathmaker.mastery.services import rule_set

Status = MasterySummary.Status
# Status codes for the arrays, in the order pages list statuses.
CODES = [s.value for s in Status]
NOT_STARTED, IN_PROGRESS, PROFICIENT, ADVANCED = (
    CODES.index(s) for s in (Status.NOT_STARTED, Status.IN_PROGRESS, Status.PROFICIENT, Status.ADVANCED)
)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    before: int
    after: int

    @property
    def difference(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Move:
    before: str  # status labels
    after: str
    count: int


@dataclass(frozen=True)
class RulePreview:
    competencies: int  # competencies whose levels were worked out
    levels: int  # levels looked at (a student and a competency with evidence or a stored level)
    levels_changed: int  # levels whose shown value (two decimals) would change
    statuses_changed: int
    by_status: list[StatusCount]
    moves: list[Move]  # from one status to another, most frequent first


def rules_if_adopted(
    *, rule: engine.Rule, framework: Any = None, competencies: list[Competency]
) -> dict[int, engine.Rule]:
    """The rule each competency would follow once `rule` is adopted (nothing is saved: rolled back)."""
    with transaction.atomic():
        rule_set(actor=Actor.system("preview"), rule=rule, framework=framework)
        found = {pk: found_rule for pk, (_, found_rule) in rules_for(competencies).items()}
        transaction.set_rollback(True)  # also drops the recompute job and its on_commit enqueue
    return found


def rule_preview(*, rule: engine.Rule, framework: Any = None) -> RulePreview:
    """How many levels and statuses adopting `rule` (for `framework`, or the whole district) would change."""
    competencies = list(
        Competency.objects.filter(framework=framework) if framework is not None else Competency.objects.all()
    )
    adopted = rules_if_adopted(rule=rule, framework=framework, competencies=competencies)
    ids = sorted(adopted)
    scoped = ids if framework is not None else None  # None: every competency (no long IN list)
    rows = Evidence.objects.filter(is_current=True, score__isnull=False)
    if framework is not None:
        rows = rows.filter(competency__framework=framework)
    if not self_peer_counts():
        rows = rows.exclude(kind__in=Evidence.SELF_OR_PEER)
    data = _read(rows)
    before = _stored(scoped)
    width = int(max(data.student.max(initial=0), before["student"].max(initial=0))) + 1
    before_key = before["competency"] * width + before["student"]
    keys, level, count = _levels(data, adopted, width)
    everything = np.union1d(keys, before_key)
    after_level = np.full(len(everything), np.nan)
    after_count = np.zeros(len(everything), dtype=np.int64)
    at = np.searchsorted(everything, keys)
    after_level[at], after_count[at] = level, count
    competency = everything // width
    after_level = _with_overrides(everything, after_level, scoped, width)
    after_status = _with_requests(
        everything, _statuses(competency, after_level, after_count, adopted), scoped, width
    )
    before_level = np.full(len(everything), np.nan)
    before_status = np.full(len(everything), NOT_STARTED, dtype=np.int64)
    at = np.searchsorted(everything, before_key)
    before_level[at], before_status[at] = before["level"], before["status"]
    return _summary(len(np.unique(competency)), before_level, after_level, before_status, after_status)


def _stored(ids: list[int] | None) -> dict[str, np.ndarray]:
    """The stored summaries as columns, read in chunks like the evidence."""
    rows = (
        MasterySummary.objects.all() if ids is None else MasterySummary.objects.filter(competency_id__in=ids)
    )
    values = (
        rows.order_by()
        .values_list("competency_id", "student_id", "level", "status")
        .iterator(chunk_size=READ_CHUNK)
    )
    code = {value: n for n, value in enumerate(CODES)}
    parts: dict[str, list[np.ndarray]] = {"competency": [], "student": [], "level": [], "status": []}
    for chunk in _chunks(values, READ_CHUNK):
        competency, student, level, status = zip(*chunk, strict=True)
        parts["competency"].append(np.array(competency, dtype=np.int64))
        parts["student"].append(np.array(student, dtype=np.int64))
        parts["level"].append(np.array(level, dtype=np.float64))  # None becomes NaN
        parts["status"].append(np.array([code.get(s, NOT_STARTED) for s in status], dtype=np.int64))
    return {
        name: np.concatenate(part) if part else np.zeros(0, dtype=np.float64 if name == "level" else np.int64)
        for name, part in parts.items()
    }


def _levels(data, adopted: dict[int, engine.Rule], width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (competency, student) key's level and count under the rules it would follow, one rule at a time."""
    if not data.rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=np.int64)
    parts = [
        (keys.astype(np.int64), level, count.astype(np.int64))
        for keys, level, count, _ in levels_per_rule(data, adopted, width)
    ]
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=np.int64)
    keys, level, count = (np.concatenate([part[n] for part in parts]) for n in range(3))
    order_by_key = np.argsort(keys, kind="stable")
    return keys[order_by_key], level[order_by_key], count[order_by_key]


def _pairs_keys(queryset, width: int) -> tuple[np.ndarray, list]:
    rows = list(queryset)
    keys = np.array([c * width + s for c, s, _ in rows], dtype=np.int64)
    return keys, [value for _, _, value in rows]


def _with_overrides(keys: np.ndarray, level: np.ndarray, ids: list[int] | None, width: int) -> np.ndarray:
    """A teacher's override stays the level whatever the rule (as the summaries keep it)."""
    overrides = MasteryOverride.objects.filter(is_current=True)
    if ids is not None:
        overrides = overrides.filter(competency_id__in=ids)
    found, values = _pairs_keys(overrides.values_list("competency_id", "student_id", "level"), width)
    at = np.searchsorted(keys, found)
    inside = (at < len(keys)) & (keys[np.minimum(at, len(keys) - 1)] == found) if len(keys) else at < 0
    level = level.copy()
    level[at[inside]] = np.array(values, dtype=np.float64)[inside]
    return level


def _statuses(
    competency: np.ndarray, level: np.ndarray, count: np.ndarray, adopted: dict[int, engine.Rule]
) -> np.ndarray:
    """`services.status_of`, over arrays: the mastery level and top of each competency's scale by lookup."""
    ids = np.array(sorted(adopted), dtype=np.int64)
    mastery = np.array([adopted[pk].mastery for pk in ids.tolist()])
    top = np.array([adopted[pk].scale_max for pk in ids.tolist()])
    at = np.clip(np.searchsorted(ids, competency), 0, max(len(ids) - 1, 0))
    with np.errstate(invalid="ignore"):
        below = np.isnan(level) | (level < mastery[at]) if len(ids) else np.ones(len(level), dtype=bool)
        status = (
            np.where(below, IN_PROGRESS, np.where(level >= top[at], ADVANCED, PROFICIENT))
            if len(ids)
            else np.full(len(level), IN_PROGRESS)
        )
    return np.where(count == 0, NOT_STARTED, status).astype(np.int64)


def _with_requests(keys: np.ndarray, status: np.ndarray, ids: list[int] | None, width: int) -> np.ndarray:
    """An open request replaces the status unless the level is proficient or advanced (`status_shown`)."""
    flags = MasteryFlag.objects.filter(is_current=True)
    if ids is not None:
        flags = flags.filter(competency_id__in=ids)
    found, kinds = _pairs_keys(flags.values_list("competency_id", "student_id", "kind"), width)
    if not len(found) or not len(keys):
        return status
    at = np.minimum(np.searchsorted(keys, found), len(keys) - 1)
    inside = keys[at] == found
    codes = np.array([CODES.index(kind) for kind in kinds], dtype=np.int64)
    status = status.copy()
    replace = inside & ~np.isin(status[at], (PROFICIENT, ADVANCED))
    status[at[replace]] = codes[replace]
    return status


def _summary(
    competencies: int,
    before_level: np.ndarray,
    after_level: np.ndarray,
    before_status: np.ndarray,
    after_status: np.ndarray,
) -> RulePreview:
    shown_before, shown_after = np.round(before_level, 2), np.round(after_level, 2)
    same_level = (shown_before == shown_after) | (np.isnan(shown_before) & np.isnan(shown_after))
    moved = before_status != after_status
    labels = [str(s.label) for s in Status]
    kinds = len(CODES)
    before_counts = np.bincount(before_status, minlength=kinds)
    after_counts = np.bincount(after_status, minlength=kinds)
    pairs, counts = np.unique(before_status[moved] * kinds + after_status[moved], return_counts=True)
    moves = sorted(
        (
            Move(labels[p // kinds], labels[p % kinds], int(c))
            for p, c in zip(pairs.tolist(), counts.tolist(), strict=True)
        ),
        key=lambda m: (-m.count, m.before, m.after),
    )
    return RulePreview(
        competencies=competencies,
        levels=len(before_status),
        levels_changed=int((~same_level).sum()),
        statuses_changed=int(moved.sum()),
        by_status=[
            StatusCount(CODES[n], labels[n], int(before_counts[n]), int(after_counts[n]))
            for n in range(kinds)
        ],
        moves=moves,
    )
