"""The mastery engine over whole columns: every student-competency's level in one pass with NumPy.

A district recompute reads three columns, sorted by (key, order): `key`, the student-competency (an
integer); `order`, its demonstration order (anything that sorts: a date ordinal combined with the
evidence id, or a rank), strictly increasing within a key; and `score`. Each run of equal keys is a
*segment*; `starts` are the rows where segments begin and `lengths` their sizes. Every method is a
handful of whole-array operations, with no Python loop over rows or keys, and gives the same level as
`engine.level` on that key's scores (the tests check 1e-9 on random data). NaN means "not yet
determined" (the engine's None).

How each method is done, with x1..xn a segment's scores and j = 0..n-1 the position within it:
- highest, mean: `np.maximum.reduceat` and `np.add.reduceat` over the segments; most recent: the
  score at each segment's last row.
- mode: each score becomes a code (its rank among the distinct scores); `np.bincount` counts each
  (segment, code) pair and the highest code among the most frequent wins (ties to the higher level).
  When segments x distinct scores would be too large to count densely, the pairs are sorted instead.
- n_times: segment counts and sums of the scores at or above mastery.
- weighted_average: w*xn + (1-w)*(sum - xn)/(n-1), from the segment sum and last score.
- decaying_average: unrolling Dk = w*xk + (1-w)*D(k-1) gives the closed form
  Dn = (1-w)^(n-1)*x1 + sum_{k=2..n} w*(1-w)^(n-k)*xk, so each row gets the coefficient
  w*(1-w)^(n-1-j) (the first row (1-w)^(n-1)), looked up in a table of powers, and one segment sum
  finishes it.
- power_law: least squares of y = ln x on t = ln i, i = j+1, from segment sums:
  b = (n*Sty - St*Sy) / (n*Stt - St^2), ln a = (Sy - b*St)/n, level a*n^b, clamped. St and Stt depend
  only on n, so they come from cumulative tables; Sy and Sty are two segment sums. Scores below the
  rule's log floor are raised to it first (see `engine`), and one score is that score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from pathmaker.mastery.engine import Method, Rule

# Above this many (segment, distinct score) cells, mode sorts instead of counting densely (8 bytes each).
DENSE_MODE_CELLS = 50_000_000

NOT_SORTED = "rows must be sorted by key, then by demonstration order strictly increasing within a key"


@dataclass(frozen=True)
class Segments:
    """Where each key's run of rows starts, how long it is, and each row's position within it."""

    keys: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray
    position: np.ndarray  # 0 for each key's oldest score

    @property
    def last(self) -> np.ndarray:
        return self.starts + self.lengths - 1

    def per_row(self, values: np.ndarray) -> np.ndarray:
        return np.repeat(values, self.lengths)


@dataclass(frozen=True)
class Levels:
    """One entry per key, ascending: its level (NaN: not yet determined) and how many scores it has."""

    keys: np.ndarray
    level: np.ndarray
    count: np.ndarray


def sort_columns(key: np.ndarray, order: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The three columns sorted by key, then order (a stable sort, so equal orders keep their row order)."""
    index = np.lexsort((order, key))
    return key[index], order[index], score[index]


def segments(key: np.ndarray, order: np.ndarray) -> Segments:
    """The segments of sorted columns; refuses unsorted input rather than computing wrong levels."""
    rows = len(key)
    changes = key[1:] != key[:-1]
    if np.any(key[1:] < key[:-1]) or np.any(~changes & (order[1:] <= order[:-1])):
        raise ValueError(NOT_SORTED)
    starts = np.flatnonzero(np.concatenate(([True], changes))) if rows else np.zeros(0, dtype=np.int64)
    lengths = np.diff(np.append(starts, rows))
    position = np.arange(rows) - np.repeat(starts, lengths)
    return Segments(keys=key[starts], starts=starts, lengths=lengths, position=position)


def levels(key: np.ndarray, order: np.ndarray, score: np.ndarray, rule: Rule) -> Levels:
    """Every key's level under `rule`, from columns sorted by (key, order)."""
    key, order, score = np.asarray(key), np.asarray(order), np.asarray(score, dtype=np.float64)
    if not len(key) == len(order) == len(score):
        raise ValueError("key, order and score must have the same length")
    seg = segments(key, order)
    if len(score) and not (rule.scale_min <= score.min() and score.max() <= rule.scale_max):
        raise ValueError(f"some scores are off the scale {rule.scale_min:g}-{rule.scale_max:g}")
    if np.isnan(score).any():
        raise ValueError("some scores are missing (NaN)")
    level = _METHODS[rule.method](score, seg, rule) if len(score) else np.zeros(0)
    return Levels(keys=seg.keys, level=level, count=seg.lengths)


def _highest(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    return np.maximum.reduceat(score, seg.starts)


def _most_recent(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    return score[seg.last]


def _mean(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    return np.add.reduceat(score, seg.starts) / seg.lengths


def _mode(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    distinct, code = np.unique(score, return_inverse=True)
    width = len(distinct)
    segment = np.repeat(np.arange(len(seg.starts)), seg.lengths)
    cell = segment * width + code
    if len(seg.starts) * width <= DENSE_MODE_CELLS:
        counts = np.bincount(cell, minlength=len(seg.starts) * width).reshape(-1, width)
        # argmax takes the first maximum; reversed columns make that the highest score among ties.
        return distinct[width - 1 - np.argmax(counts[:, ::-1], axis=1)]
    cells, counts = np.unique(cell, return_counts=True)
    cell_segment, cell_code = cells // width, cells % width
    # Within a segment, the best cell has the largest (count, code): one number orders both.
    rank = counts * width + cell_code
    first = np.flatnonzero(np.concatenate(([True], cell_segment[1:] != cell_segment[:-1])))
    best = np.maximum.reduceat(rank, first)
    return distinct[best % width]


def _n_times(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    at_mastery = score >= rule.mastery
    count = np.add.reduceat(at_mastery.astype(np.int64), seg.starts)
    total = np.add.reduceat(np.where(at_mastery, score, 0.0), seg.starts)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(count >= rule.n, total / count, np.nan)


def _weighted_average(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    total, latest = np.add.reduceat(score, seg.starts), score[seg.last]
    with np.errstate(divide="ignore", invalid="ignore"):
        earlier = (total - latest) / (seg.lengths - 1)
    return np.where(seg.lengths == 1, latest, rule.weight * latest + (1 - rule.weight) * earlier)


def _decaying_average(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    w = rule.weight
    keep = (1 - w) ** np.arange(seg.lengths.max())  # keep[e] = (1-w)^e; 0.0**0 is 1, so w = 1 works
    newer = seg.per_row(seg.lengths) - 1 - seg.position  # how many scores came after this one
    coefficient = keep[newer] * np.where(seg.position == 0, 1.0, w)
    return np.add.reduceat(coefficient * score, seg.starts)


def _power_law(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    longest = int(seg.lengths.max())
    ln_i = np.log(np.arange(1, longest + 1, dtype=np.float64))
    # Sums of ln i and (ln i)^2 over i = 1..n depend only on n: cumulative tables, indexed by n - 1.
    sum_t, sum_tt = np.cumsum(ln_i)[seg.lengths - 1], np.cumsum(ln_i * ln_i)[seg.lengths - 1]
    y = np.log(np.maximum(score, rule.log_floor))
    sum_y = np.add.reduceat(y, seg.starts)
    sum_ty = np.add.reduceat(ln_i[seg.position] * y, seg.starts)
    n = seg.lengths.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        b = (n * sum_ty - sum_t * sum_y) / (n * sum_tt - sum_t * sum_t)
        ln_a = (sum_y - b * sum_t) / n
        estimate = np.exp(ln_a + b * ln_i[seg.lengths - 1])
    fitted = np.clip(estimate, rule.scale_min, rule.scale_max)
    return np.where(seg.lengths == 1, score[seg.last], fitted)


_METHODS: dict[Method, Callable[[np.ndarray, Segments, Rule], np.ndarray]] = {
    Method.HIGHEST: _highest,
    Method.MOST_RECENT: _most_recent,
    Method.MEAN: _mean,
    Method.MODE: _mode,
    Method.N_TIMES: _n_times,
    Method.WEIGHTED_AVERAGE: _weighted_average,
    Method.DECAYING_AVERAGE: _decaying_average,
    Method.POWER_LAW: _power_law,
}
