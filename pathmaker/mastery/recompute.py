"""Recompute every affected student's level at once, vectorized (used when a district changes a rule).

Reads the current evidence as columns (one query read in chunks straight into NumPy arrays, in
table order: sorting 40 million rows in NumPy takes under a second, far less than the database's
ORDER BY), sorts them once by (competency, student, demonstration date, id) with
`vectorized.sort_columns`, groups competencies by the rule and scale that apply to them, computes each
group's levels with `vectorized.levels`, applies teachers' overrides and students' and teachers'
open requests (as `services.summary_refresh` does), and writes the summaries with bulk statements,
a batch of competencies at a time, in one transaction. Summaries left with no evidence that counts
(all of it retracted, or self-assessments that no longer count) become "not started", as a refresh
would make them. No per-row Python or ORM work on the evidence itself beyond reading it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F, FloatField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency
from pathmaker.jobs.bulkwrite import insert_rows, update_rows
from pathmaker.mastery import engine, vectorized
from pathmaker.mastery.models import MasteryFlag, MasteryHistory, MasteryOverride, MasteryRule, MasterySummary
from pathmaker.mastery.rules import rules_for, status_of, status_shown
from pathmaker.mastery.signals import levels_recomputed

ProgressFn = Callable[[str, int, int], None]
# `running` is emptied: its sums depend on the rule, and the next change of evidence rebuilds them.
COLUMNS = [
    "level",
    "computed_level",
    "status",
    "evidence_count",
    "last_demonstrated_on",
    "rule_id",
    "rule_snapshot",
    "overridden",
    "computed_at",
    "running",
]
READ_CHUNK = 100_000  # evidence rows converted to arrays at a time
WRITE_COMPETENCIES = 20  # competencies whose summaries are read and written together


@dataclass
class EvidenceColumns:
    """The evidence that counts, one array per column, in table order."""

    competency: np.ndarray  # int32
    student: np.ndarray  # int32
    day: np.ndarray  # date ordinal, int32
    evidence_id: np.ndarray  # int64
    score: np.ndarray  # float64

    @property
    def rows(self) -> int:
        return len(self.score)


def recompute(
    *,
    competency_ids: list[int] | None = None,
    self_peer_count: bool | None = None,
    progress: ProgressFn = lambda stage, done, total: None,
) -> int:
    """Recompute the summaries of the given competencies (all when None); returns how many were written.

    `self_peer_count`: whether self- and peer-assessments count; the server's setting
    (PATHMAKER_SELF_PEER_COUNT) when not given.
    """
    counts_self_peer = settings.PATHMAKER_SELF_PEER_COUNT if self_peer_count is None else self_peer_count
    rows = Evidence.objects.filter(is_current=True, score__isnull=False)
    if not counts_self_peer:
        rows = rows.exclude(kind__in=Evidence.SELF_OR_PEER)
    if competency_ids is not None:
        rows = rows.filter(competency_id__in=competency_ids)
    progress("Reading evidence", 0, 3)
    data = _read(rows)
    affected = (
        sorted(set(competency_ids))
        if competency_ids is not None
        else sorted(
            set(MasterySummary.objects.values_list("competency_id", flat=True).distinct())
            | set(np.unique(data.competency).tolist())
        )
    )
    progress("Computing levels", 1, 3)
    found = _levels(data, affected)
    del data
    progress("Saving", 2, 3)
    written = _write(found, affected)
    levels_recomputed.send(sender=MasterySummary, competency_ids=competency_ids)
    progress("Done", 3, 3)
    return written


def _read(rows: QuerySet[Evidence]) -> EvidenceColumns:
    """The evidence as columns, read in chunks: never a Python tuple per row for the whole district at once."""
    values = (
        rows.order_by()
        .annotate(value=Cast(F("score"), FloatField()))
        .values_list("competency_id", "student_id", "demonstrated_on", "id", "value")
        .iterator(chunk_size=READ_CHUNK)
    )
    types = (np.int32, np.int32, np.int32, np.int64, np.float64)
    parts: list[list[np.ndarray]] = [[] for _ in types]
    for chunk in _chunks(values, READ_CHUNK):
        competency, student, day, evidence_id, score = zip(*chunk, strict=True)
        parts[0].append(np.array(competency, dtype=types[0]))
        parts[1].append(np.array(student, dtype=types[1]))
        parts[2].append(np.fromiter((d.toordinal() for d in day), dtype=types[2], count=len(day)))
        parts[3].append(np.array(evidence_id, dtype=types[3]))
        parts[4].append(np.array(score, dtype=types[4]))
    return EvidenceColumns(
        *(
            np.concatenate(part) if part else np.zeros(0, dtype=kind)
            for part, kind in zip(parts, types, strict=True)
        )
    )


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(items, size)):
        yield chunk


@dataclass
class Found:
    """Per (student, competency) with evidence: the level (NaN: not yet determined), count and last day."""

    competency: np.ndarray
    student: np.ndarray
    level: np.ndarray
    count: np.ndarray
    last_day: np.ndarray  # date ordinal
    rules: dict[int, tuple[MasteryRule | None, engine.Rule]]  # competency -> (stored rule, rule)


def levels_per_rule(
    data: EvidenceColumns, rules: dict[int, engine.Rule], width: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Sort the evidence once, then work out the levels of each group of competencies sharing a rule (its
    parameters include the scale's bounds and mastery level: one group per rule and scale). Yields, per
    group, the (competency * width + student) keys with their level, count and last day (date ordinal).
    The district recompute and the rule preview (`mastery/preview.py`) both count levels here."""
    # One key per (competency, student), and the demonstration order as one integer: (day, id).
    first_day, id_span = int(data.day.min()), int(data.evidence_id.max()) + 1
    key = data.competency.astype(np.int64) * width + data.student
    order = (data.day.astype(np.int64) - first_day) * id_span + data.evidence_id
    columns = vectorized.sort_columns(key, order, data.score)
    del key, order
    by_rule: dict[tuple, list[int]] = defaultdict(list)
    for pk, rule in rules.items():
        by_rule[tuple(sorted(rule.as_dict().items()))].append(pk)
    sorted_competency = columns.key // width
    for members in by_rule.values():
        rule = rules[members[0]]
        mask = np.isin(sorted_competency, members)
        if not mask.any():
            continue
        codes = columns.codes
        group = vectorized.Columns(
            columns.key[mask],
            columns.order[mask],
            columns.score[mask],
            None if codes is None else vectorized.ScoreCodes(codes.code[mask], codes.values),
        )
        try:
            levels = vectorized.levels_of(group, rule)
        except ValueError as error:
            names = ", ".join(str(pk) for pk in sorted(members))
            raise ValueError(f"{error} (competencies {names}, rule {rule.method})") from error
        ends = np.cumsum(levels.count) - 1
        yield levels.keys, levels.level, levels.count, group.order[ends] // id_span + first_day


def _levels(data: EvidenceColumns, affected: list[int]) -> Found:
    rules = rules_for(list(Competency.objects.filter(pk__in=affected)))
    if not data.rows:
        empty = np.zeros(0, dtype=np.int64)
        return Found(empty, empty, np.zeros(0), empty, empty, rules)
    width = int(data.student.max()) + 1
    parts = list(levels_per_rule(data, {pk: rule for pk, (_, rule) in rules.items()}, width))
    keys, level, count, last_day = (np.concatenate([part[n] for part in parts]) for n in range(4))
    return Found(
        competency=keys // width,
        student=keys % width,
        level=level,
        count=count,
        last_day=last_day,
        rules=rules,
    )


def _write(found: Found, affected: list[int]) -> int:
    """Every affected summary, a batch of competencies at a time, in one transaction."""
    now = timezone.now()
    order = np.argsort(found.competency, kind="stable")
    competency = found.competency[order]
    written = 0
    with transaction.atomic():
        for at in range(0, len(affected), WRITE_COMPETENCIES):
            batch = affected[at : at + WRITE_COMPETENCIES]
            # `affected` and `competency` are both ascending, and every found competency is affected.
            low = np.searchsorted(competency, batch[0], side="left")
            high = np.searchsorted(competency, batch[-1], side="right")
            written += _write_batch(found, order[low:high], batch, now)
    return written


def _write_batch(found: Found, rows: np.ndarray, batch: list[int], now: dt.datetime) -> int:
    overrides = {
        (o.student_id, o.competency_id): o.level
        for o in MasteryOverride.objects.filter(is_current=True, competency_id__in=batch)
    }
    flags = {
        (f.student_id, f.competency_id): f.kind
        for f in MasteryFlag.objects.filter(is_current=True, competency_id__in=batch)
    }
    existing = {
        (s, c): (pk, level, status, snapshot, at)
        for pk, s, c, level, status, snapshot, at in MasterySummary.objects.filter(
            competency_id__in=batch
        ).values_list("id", "student_id", "competency_id", "level", "status", "rule_snapshot", "computed_at")
    }
    computed: dict[tuple[int, int], tuple[float | None, int, int | None]] = {
        (s, c): (None if math.isnan(level) else level, count, day)
        for s, c, level, count, day in zip(
            found.student[rows].tolist(),
            found.competency[rows].tolist(),
            found.level[rows].tolist(),
            found.count[rows].tolist(),
            found.last_day[rows].tolist(),
            strict=True,
        )
    }
    for pair in existing.keys() - computed.keys():  # no evidence counts any more
        computed[pair] = (None, 0, None)
    inserts, updates, history = [], [], []
    for (student_id, competency_id), (level_found, count, day) in computed.items():
        stored, rule = found.rules[competency_id]
        level = overrides.get((student_id, competency_id), level_found)
        status = status_shown(status_of(level, count, rule), flags.get((student_id, competency_id)))
        values = (
            level,
            level_found,
            status,
            count,
            None if day is None else dt.date.fromordinal(day),
            stored.pk if stored else None,
            rule.as_dict(),
            (student_id, competency_id) in overrides,
            now,
            {},
        )
        current = existing.get((student_id, competency_id))
        if current is None:
            inserts.append((student_id, competency_id, *values))
            continue
        pk, old_level, old_status, old_rule, old_at = current
        updates.append((*values, pk))
        if old_rule != values[6]:  # a different rule: keep the earlier result visible beside its rule
            history.append((student_id, competency_id, old_level, old_status, old_rule, old_at, now))
    insert_rows(MasterySummary, ["student_id", "competency_id", *COLUMNS], inserts)
    update_rows(MasterySummary, COLUMNS, updates)
    insert_rows(
        MasteryHistory,
        ["student_id", "competency_id", "level", "status", "rule_snapshot", "computed_at", "replaced_at"],
        history,
    )
    return len(inserts) + len(updates)
