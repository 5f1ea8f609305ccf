"""Recompute every affected student's level at once, vectorized (used when a district changes a rule).

Reads the current evidence as columns (one query, ordered by student, competency, demonstration
date and id), groups competencies by the rule that applies to them, computes each group's levels
with `vectorized.levels`, applies teachers' overrides, and writes the summaries with bulk statements.
No per-row Python or ORM work on the evidence itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pathmaker.bulkwrite import insert_rows, update_rows
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency
from pathmaker.mastery import engine, vectorized
from pathmaker.mastery.models import MasteryHistory, MasteryOverride, MasterySummary
from pathmaker.mastery.services import rule_for, status_of

ProgressFn = Callable[[str, int, int], None]
# `running` is emptied: its sums depend on the rule, and the next change of evidence rebuilds them.
COLUMNS = ["level", "computed_level", "status", "evidence_count", "last_demonstrated_on", "rule_id", "rule_snapshot",
           "overridden", "computed_at", "running"]


def recompute(*, competency_ids: list[int] | None = None,
              progress: ProgressFn = lambda stage, done, total: None) -> int:
    """Recompute the summaries of the given competencies (all when None); returns how many were written."""
    rows = Evidence.objects.filter(is_current=True, score__isnull=False)
    if not settings.PATHMAKER_SELF_PEER_COUNT:
        rows = rows.exclude(kind__in=Evidence.SELF_OR_PEER)
    if competency_ids is not None:
        rows = rows.filter(competency_id__in=competency_ids)
    progress("Reading evidence", 0, 3)
    data = list(rows.order_by("competency_id", "student_id", "demonstrated_on", "id").values_list(
        "competency_id", "student_id", "demonstrated_on", "id", "score"))
    if not data:
        return 0
    competency = np.fromiter((r[0] for r in data), dtype=np.int64, count=len(data))
    student = np.fromiter((r[1] for r in data), dtype=np.int64, count=len(data))
    day = np.fromiter((r[2].toordinal() for r in data), dtype=np.int64, count=len(data))
    evidence_id = np.fromiter((r[3] for r in data), dtype=np.int64, count=len(data))
    score = np.fromiter((float(r[4]) for r in data), dtype=np.float64, count=len(data))
    last_day: dict[tuple[int, int], int] = {}
    del data
    # One key per (competency, student); rows already sorted by it and by demonstration order.
    width = int(student.max()) + 1
    key = competency * width + student
    order = day * (int(evidence_id.max()) + 1) + evidence_id
    progress("Computing levels", 1, 3)
    by_rule: dict[tuple, list[int]] = defaultdict(list)
    rules: dict[tuple, tuple] = {}
    for competency_obj in Competency.objects.filter(pk__in=np.unique(competency).tolist()):
        stored, rule = rule_for(competency_obj)
        signature = tuple(sorted(rule.as_dict().items()))
        by_rule[signature].append(competency_obj.pk)
        rules[signature] = (stored, rule)
    results: dict[tuple[int, int], tuple[float | None, int, object, engine.Rule]] = {}
    for signature, members in by_rule.items():
        stored, rule = rules[signature]
        mask = np.isin(competency, members)
        found = vectorized.levels(key[mask], order[mask], score[mask], rule)
        ends = np.searchsorted(key[mask], found.keys, side="right") - 1
        last = day[mask][ends]
        for k, level, count, last_ordinal in zip(found.keys.tolist(), found.level.tolist(), found.count.tolist(),
                                                 last.tolist(), strict=True):
            pair = (k % width, k // width)  # (student, competency)
            results[pair] = (None if np.isnan(level) else level, count, stored, rule)
            last_day[pair] = last_ordinal
    progress("Saving", 2, 3)
    written = _write(results, last_day)
    progress("Done", 3, 3)
    return written


def _write(results: dict, last_day: dict) -> int:
    import datetime as dt

    overrides = {(o.student_id, o.competency_id): o.level for o in MasteryOverride.objects.filter(is_current=True)}
    existing = {(s, c): (pk, level, status, snapshot, at) for pk, s, c, level, status, snapshot, at in
                MasterySummary.objects.values_list("id", "student_id", "competency_id", "level", "status",
                                                   "rule_snapshot", "computed_at")}
    now = timezone.now()
    inserts, updates, history = [], [], []
    for (student_id, competency_id), (computed, count, stored, rule) in results.items():
        level = overrides.get((student_id, competency_id), computed)
        values = (level, computed, status_of(level, count, rule), count,
                  dt.date.fromordinal(last_day[(student_id, competency_id)]), stored.pk if stored else None,
                  rule.as_dict(), (student_id, competency_id) in overrides, now, {})
        current = existing.get((student_id, competency_id))
        if current is None:
            inserts.append((student_id, competency_id, *values))
            continue
        pk, old_level, old_status, old_rule, old_at = current
        updates.append((*values, pk))
        if old_rule != values[6]:  # a different rule: keep the earlier result visible beside its rule
            history.append((student_id, competency_id, old_level, old_status, old_rule, old_at, now))
    with transaction.atomic():
        insert_rows(MasterySummary, ["student_id", "competency_id", *COLUMNS], inserts)
        update_rows(MasterySummary, COLUMNS, updates)
        insert_rows(MasteryHistory, ["student_id", "competency_id", "level", "status", "rule_snapshot",
                                     "computed_at", "replaced_at"], history)
    return len(inserts) + len(updates)
