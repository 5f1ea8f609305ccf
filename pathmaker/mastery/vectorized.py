"""The mastery engine over whole columns: every student-competency's level in one pass with NumPy.

A district recompute reads three columns: `key`, the student-competency (an integer); `order`, its
demonstration order (anything that sorts: a date ordinal combined with the evidence id, or a rank),
strictly increasing within a key; and `score`. `sort_columns` puts them in (key, order) order and
`levels` computes every key's level from sorted columns; `district_levels` does both (or, for the
methods that do not depend on the order, neither: see there). Each run of equal keys is a *segment*;
`starts` are the rows where segments begin and `lengths` their sizes. Every method is a handful of
whole-array operations, with no Python loop over rows or keys, and gives the same level as
`engine.level` on that key's scores (the tests check 1e-9 on random data). NaN means "not yet
determined" (the engine's None).

Sorting. A district's scores take few distinct values (1-4 in halves: seven), so each score gets a
small *code*, its rank among them (`ScoreCodes`, checked exactly against every score), and key, order
and code are packed into one int64 per row, key in the high bits. Sorting those integers
(`ndarray.sort`, SIMD on current CPUs) sorts the rows by key, then order, and carries each score
along, so there is no permutation to compute or apply: the columns are read back from the sorted
integers. When the scores have too many distinct values, or the three do not fit in 63 bits, key and
order are packed without the code and `np.argsort` gives the permutation; when even those do not fit,
`np.lexsort`.

How each method is done, with x1..xn a segment's scores and j = 0..n-1 the position within it:
- highest, mean: `np.maximum.reduceat` and `np.add.reduceat` over the segments (`district_levels`
  does them without sorting); most recent: the score at each segment's last row.
- mode: each score's rank among the distinct scores (the code, when the sort made one); `np.bincount`
  counts each (segment, rank) pair and, scanning the ranks from the lowest score up, the first count
  that is at least the best so far wins (ties go to the higher level). When segments x distinct
  scores would be too many cells to count densely, the pairs are sorted instead.
- n_times: segment counts and sums of the scores at or above mastery (also without a sort).
- weighted_average: w*xn + (1-w)*(sum - xn)/(n-1), from the segment sum and last score.
- decaying_average: unrolling Dk = w*xk + (1-w)*D(k-1) gives the closed form
  Dn = (1-w)^(n-1)*x1 + sum_{k=2..n} w*(1-w)^(n-k)*xk. Each row gets w*(1-w)^e, e the number of scores
  after it, looked up in a table of powers (no logarithms: exact powers, and w = 0 or 1 work), one
  segment sum adds them up, and the first row's coefficient is corrected by (1-w)^n*x1 (its
  (1-w)^(n-1) minus the w*(1-w)^(n-1) it was given).
- power_law: least squares of y = ln x on t = ln i, i = j+1, from segment sums:
  b = (n*Sty - St*Sy) / (n*Stt - St^2), ln a = (Sy - b*St)/n, level a*n^b, clamped. St and Stt depend
  only on n, so they come from cumulative tables; Sy and Sty are two segment sums. Scores below the
  rule's log floor are raised to it first (see `engine`), and one score is that score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from pathmaker.mastery.engine import Method, Rule

# Above this many (segment, distinct score) cells, mode sorts instead of counting densely (8 bytes each).
DENSE_MODE_CELLS = 64_000_000
# Scores are coded for the packed sort when they take at most this many distinct values.
MOST_CODES = 1 << 12
# The distinct scores are first looked for in every k-th row, about this many rows (then checked on all).
CODE_SAMPLE_ROWS = 1 << 20
# The table from a score's shifted bit pattern to its code has at most this many entries.
CODE_TABLE_SIZE = 1 << 16

# Methods whose level does not depend on the order of the scores, and when keys are dense enough for a table
# indexed by key (at most this many slots per row, or this many whatever the rows).
ORDER_FREE = frozenset({Method.HIGHEST, Method.MEAN, Method.N_TIMES})
DENSE_SLOTS_PER_ROW = 4
DENSE_SLOTS_ANYWAY = 1 << 16

NOT_SORTED = "rows must be sorted by key, then by demonstration order strictly increasing within a key"


@dataclass(frozen=True)
class ScoreCodes:
    """Each row's score as its rank among the distinct scores: `values[code[row]] == score[row]`, exactly.

    Finding the rank without a search: the scores' floating-point bit patterns, shifted right by the
    number of bits that still keeps the distinct scores apart, are small integers; a table indexed by
    them gives the rank. Every row is then checked (`values[code] == score`), so a score that was not
    among the distinct scores found can never be miscoded.
    """

    code: np.ndarray  # int64 rank, 0 <= code < len(values)
    values: np.ndarray  # the distinct scores, ascending, as float64

    @property
    def bits(self) -> int:
        return max((len(self.values) - 1).bit_length(), 1)

    @classmethod
    def of(cls, score: np.ndarray, *, most: int = MOST_CODES) -> ScoreCodes | None:
        """The codes of `score` (float32 or float64), or None when it has more than `most` distinct values."""
        if score.dtype not in (np.float32, np.float64) or not len(score):
            return None
        step = max(len(score) // CODE_SAMPLE_ROWS, 1)
        for candidates in (score[::step], score):  # a sample first; every row if the sample missed a value
            distinct = np.unique(candidates)
            if len(distinct) > most or np.isnan(distinct).any():
                return None
            found = cls._coded(score, distinct)
            if found is not None:
                return found
        return None

    @classmethod
    def _coded(cls, score: np.ndarray, distinct: np.ndarray) -> ScoreCodes | None:
        unsigned: type[np.unsignedinteger[Any]] = np.uint32 if score.dtype == np.float32 else np.uint64
        patterns = distinct.view(unsigned)
        best: tuple[int, int, int] | None = None  # (table size, shift, low)
        for shift in range(8 * patterns.itemsize - 1, -1, -1):
            shifted = patterns >> unsigned(shift)
            if len(np.unique(shifted)) == len(patterns):
                low = int(shifted.min())
                size = int(shifted.max()) - low + 1
                if best is None or size < best[0]:
                    best = (size, shift, low)
        if best is None or best[0] > CODE_TABLE_SIZE:
            return None
        size, shift, low = best
        rank = np.full(size, len(distinct), dtype=np.int64)  # no score: the NaN after the last value
        rank[((patterns >> unsigned(shift)) - unsigned(low)).astype(np.int64)] = np.arange(len(distinct))
        bits = score.view(unsigned)
        slot = bits >> unsigned(shift)
        slot -= unsigned(low)  # a score below every distinct score found wraps round to a huge slot
        if int(slot.max()) >= size:
            return None
        code = rank[slot]
        del slot
        values = np.append(distinct.astype(np.float64), np.nan)
        below = unsigned((1 << shift) - 1)  # the bits the shift drops
        if not (patterns & below).any():
            # The distinct scores have none of those bits: a row is its slot's score exactly when it has
            # none either and its slot is one of theirs (not the NaN).
            if (bits & below).any() or int(code.max()) == len(distinct):
                return None
        elif not np.array_equal(values[code], score):  # a score the sample missed
            return None
        return cls(code=code, values=values[:-1])


@dataclass(frozen=True)
class Columns:
    """Columns sorted by (key, order), with the scores' codes when the sort produced them."""

    key: np.ndarray
    order: np.ndarray
    score: np.ndarray
    codes: ScoreCodes | None = None


@dataclass(frozen=True)
class Segments:
    """Where each key's run of rows starts and how long it is; each row's position is worked out on demand."""

    keys: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray

    @property
    def rows(self) -> int:
        return int(self.starts[-1] + self.lengths[-1]) if len(self.starts) else 0

    @property
    def last(self) -> np.ndarray:
        return self.starts + self.lengths - 1

    def per_row(self, values: np.ndarray) -> np.ndarray:
        return np.repeat(values, self.lengths)

    @cached_property
    def position(self) -> np.ndarray:
        """0 for each key's oldest score, 1 for the next..."""
        position = np.arange(self.rows, dtype=np.int64)
        position -= self.per_row(self.starts)
        return position

    def after(self) -> np.ndarray:
        """For each row, how many scores of its key came after it."""
        newer = self.per_row(self.last)
        newer -= np.arange(self.rows, dtype=newer.dtype)
        return newer

    def index(self) -> np.ndarray:
        """For each row, its segment's number (0, 1, ...)."""
        return self.per_row(np.arange(len(self.starts), dtype=np.int64))


@dataclass(frozen=True)
class Levels:
    """One entry per key, ascending: its level (NaN: not yet determined) and how many scores it has."""

    keys: np.ndarray
    level: np.ndarray
    count: np.ndarray


def _span_bits(values: np.ndarray) -> tuple[int, int]:
    """The smallest value and how many bits the values take once it is subtracted."""
    low, high = int(values.min()), int(values.max())
    return low, max((high - low).bit_length(), 1)


def sort_columns(key: np.ndarray, order: np.ndarray, score: np.ndarray) -> Columns:
    """The three columns sorted by key, then order (rows with equal key and order stay next to each other)."""
    key, order, score = np.asarray(key), np.asarray(order), np.asarray(score)
    if not len(key) == len(order) == len(score):
        raise ValueError("key, order and score must have the same length")
    if not len(key):
        return Columns(key, order, score.astype(np.float64))
    if not (np.issubdtype(key.dtype, np.integer) and np.issubdtype(order.dtype, np.integer)):
        index = np.lexsort((order, key))
        return Columns(key[index], order[index], score[index].astype(np.float64))
    key_low, key_bits = _span_bits(key)
    order_low, order_bits = _span_bits(order)
    spare = 63 - key_bits - order_bits
    if spare < 0 or max(abs(key_low), abs(order_low)) >= 1 << 62:
        index = np.lexsort((order, key))
        return Columns(key[index], order[index], score[index].astype(np.float64))
    codes = (
        None
        if spare < 1
        else ScoreCodes.of(
            score if score.dtype in (np.float32, np.float64) else score.astype(np.float64),
            most=min(MOST_CODES, 1 << spare),
        )
    )
    code_bits = codes.bits if codes is not None else 0
    # One int64 per row: (key - key_low) << (order_bits + code_bits) | (order - order_low) << code_bits | code.
    # A low of 0 (or one that saves no bit) is not subtracted: one pass fewer.
    if key_low < 0 or int(key.max()).bit_length() > key_bits:
        packed = key.astype(np.int64)
        packed -= key_low
        packed <<= order_bits + code_bits
    else:
        key_low = 0
        packed = np.left_shift(key, order_bits + code_bits, dtype=np.int64)
    if order_low < 0 or int(order.max()).bit_length() > order_bits:
        shifted = order.astype(np.int64)
        shifted -= order_low
        shifted <<= code_bits
    else:
        order_low = 0
        shifted = np.left_shift(order, code_bits, dtype=np.int64)
    packed |= shifted
    del shifted
    if codes is None:  # the permutation, then each column through it
        index = np.argsort(packed)
        return Columns(key[index], order[index], score[index].astype(np.float64))
    packed |= codes.code
    packed.sort()
    code = packed & ((1 << code_bits) - 1)
    sorted_order = packed >> code_bits
    sorted_order &= (1 << order_bits) - 1
    if order_low:
        sorted_order += order_low
    packed >>= order_bits + code_bits
    if key_low:
        packed += key_low
    return Columns(
        key=packed,
        order=sorted_order,
        score=codes.values[code],
        codes=ScoreCodes(code=code, values=codes.values),
    )


def segments(key: np.ndarray, order: np.ndarray) -> Segments:
    """The segments of sorted columns; refuses unsorted input rather than computing wrong levels."""
    rows = len(key)
    changes = key[1:] != key[:-1]
    if np.any(key[1:] < key[:-1]):
        raise ValueError(NOT_SORTED)
    same_key_not_after = order[1:] <= order[:-1]
    same_key_not_after &= ~changes
    if same_key_not_after.any():
        raise ValueError(NOT_SORTED)
    del same_key_not_after
    starts = np.flatnonzero(np.concatenate(([True], changes))) if rows else np.zeros(0, dtype=np.int64)
    lengths = np.diff(np.append(starts, rows))
    return Segments(keys=key[starts], starts=starts, lengths=lengths)


def levels(
    key: np.ndarray, order: np.ndarray, score: np.ndarray, rule: Rule, *, codes: ScoreCodes | None = None
) -> Levels:
    """Every key's level under `rule`, from columns sorted by (key, order); `codes` speed up mode."""
    key, order, score = np.asarray(key), np.asarray(order), np.asarray(score, dtype=np.float64)
    if not len(key) == len(order) == len(score):
        raise ValueError("key, order and score must have the same length")
    seg = segments(key, order)
    _check_scores(score, rule)
    if not len(score):
        return Levels(keys=seg.keys, level=np.zeros(0), count=seg.lengths)
    if rule.method == Method.MODE:
        level = _mode(score, seg, codes)
    else:
        level = _METHODS[rule.method](score, seg, rule)
    return Levels(keys=seg.keys, level=level, count=seg.lengths)


def _check_scores(score: np.ndarray, rule: Rule) -> None:
    if np.isnan(score).any():
        raise ValueError("some scores are missing (NaN)")
    if len(score) and not (rule.scale_min <= score.min() and score.max() <= rule.scale_max):
        raise ValueError(f"some scores are off the scale {rule.scale_min:g}-{rule.scale_max:g}")


def levels_of(columns: Columns, rule: Rule) -> Levels:
    return levels(columns.key, columns.order, columns.score, rule, codes=columns.codes)


def district_levels(key: np.ndarray, order: np.ndarray, score: np.ndarray, rule: Rule) -> Levels:
    """A whole recompute from columns in any row order: every key's level.

    Highest, mean and n times do not depend on the order of the scores: when the keys are dense enough
    for a table indexed by key, they are summed or maximised straight into it (`np.bincount`,
    `np.maximum.at`) with no sort. Every other method, or sparse keys, sorts first (`sort_columns`).
    Either way each key gets `engine.level` of its scores; without a sort, rows repeating a (key, order)
    pair are not looked for (each row counts, as the engine counts it).
    """
    key, order, score = np.asarray(key), np.asarray(order), np.asarray(score)
    if not len(key) == len(order) == len(score):
        raise ValueError("key, order and score must have the same length")
    if not needs_sort(key, rule):
        low = int(key.min())
        return _order_free(key, low, int(key.max()) - low + 1, score, rule)
    return levels_of(sort_columns(key, order, score), rule)


def needs_sort(key: np.ndarray, rule: Rule) -> bool:
    """Whether `district_levels` sorts these keys for this rule (the order matters, or the keys are sparse)."""
    key = np.asarray(key)
    if rule.method not in ORDER_FREE or not len(key) or not np.issubdtype(key.dtype, np.integer):
        return True
    return int(key.max()) - int(key.min()) >= DENSE_SLOTS_PER_ROW * len(key) + DENSE_SLOTS_ANYWAY


def _order_free(key: np.ndarray, low: int, span: int, score: np.ndarray, rule: Rule) -> Levels:
    """Highest, mean or n times through a table with one slot per key value (keys `low` .. `low + span - 1`)."""
    slot = key.astype(np.intp) if low == 0 else (key - low).astype(np.intp)
    if score.dtype not in (np.float32, np.float64):
        score = score.astype(np.float64)
    _check_scores(score, rule)
    counts = np.bincount(slot, minlength=span)
    present = np.flatnonzero(counts)
    count = counts[present]
    if rule.method == Method.HIGHEST:  # in the scores' own precision: a maximum is one of them, exactly
        best = np.full(span, -np.inf, dtype=score.dtype)
        np.maximum.at(best, slot, score)  # the same dtypes throughout: NumPy's fast path
        level = best[present].astype(np.float64)
    elif rule.method == Method.MEAN:
        level = np.bincount(slot, weights=score, minlength=span)[present] / count
    else:  # n times
        at_mastery = score >= rule.mastery
        reached = np.bincount(slot, weights=at_mastery, minlength=span)[present]
        total = np.bincount(slot, weights=np.where(at_mastery, score, 0.0), minlength=span)[present]
        with np.errstate(divide="ignore", invalid="ignore"):
            level = np.where(reached >= rule.n, total / reached, np.nan)
    return Levels(keys=present.astype(np.int64) + low, level=level, count=count)


def _highest(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    return np.maximum.reduceat(score, seg.starts)


def _most_recent(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    return score[seg.last]


def _mean(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    return np.add.reduceat(score, seg.starts) / seg.lengths


def _mode(score: np.ndarray, seg: Segments, codes: ScoreCodes | None) -> np.ndarray:
    if codes is not None and len(codes.code) == len(score):
        distinct, rank = codes.values, codes.code
    else:
        distinct, rank = np.unique(score, return_inverse=True)
    width, count = len(distinct), len(seg.starts)
    cell = seg.index()
    cell *= width
    cell += rank
    del rank
    if count * width <= DENSE_MODE_CELLS:
        counts = np.bincount(cell, minlength=count * width).reshape(count, width)
        del cell
        best, most = np.zeros(count, dtype=np.int64), counts[:, 0].copy()
        for column in range(1, width):  # from the lowest score up: a tie goes to the higher score
            at_least = counts[:, column] >= most
            best[at_least] = column
            np.maximum(most, counts[:, column], out=most)
        return distinct[best]
    cells, counts = np.unique(cell, return_counts=True)
    cell_segment, cell_code = cells // width, cells % width
    # Within a segment, the best cell has the largest (count, code): one number orders both.
    ranked = counts * width + cell_code
    first = np.flatnonzero(np.concatenate(([True], cell_segment[1:] != cell_segment[:-1])))
    best = np.maximum.reduceat(ranked, first)
    return distinct[best % width]


def _n_times(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    at_mastery = score >= rule.mastery
    count = np.add.reduceat(at_mastery, seg.starts, dtype=np.int64)
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
    keep = (1 - w) ** np.arange(int(seg.lengths.max()) + 1)  # keep[e] = (1-w)^e; 0.0**0 is 1, so w = 1 works
    weighted = (w * keep)[seg.after()]
    weighted *= score
    first = score[seg.starts]
    return np.add.reduceat(weighted, seg.starts) + keep[seg.lengths] * first


def _power_law(score: np.ndarray, seg: Segments, rule: Rule) -> np.ndarray:
    longest = int(seg.lengths.max())
    ln_i = np.log(np.arange(1, longest + 1, dtype=np.float64))
    # Sums of ln i and (ln i)^2 over i = 1..n depend only on n: cumulative tables, indexed by n - 1.
    sum_t, sum_tt = np.cumsum(ln_i)[seg.lengths - 1], np.cumsum(ln_i * ln_i)[seg.lengths - 1]
    y = np.maximum(score, rule.log_floor)
    np.log(y, out=y)
    sum_y = np.add.reduceat(y, seg.starts)
    y *= ln_i[seg.position]
    sum_ty = np.add.reduceat(y, seg.starts)
    del y
    n = seg.lengths.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        b = (n * sum_ty - sum_t * sum_y) / (n * sum_tt - sum_t * sum_t)
        ln_a = (sum_y - b * sum_t) / n
        estimate = np.exp(ln_a + b * ln_i[seg.lengths - 1])
    fitted = np.clip(estimate, rule.scale_min, rule.scale_max)
    return np.where(seg.lengths == 1, score[seg.last], fitted)


_METHODS: dict[Method, Callable[[np.ndarray, Segments, Rule], np.ndarray]] = {
    Method.HIGHEST: _highest,
    Method.MOST_RECENT: _most_recent,
    Method.MEAN: _mean,
    Method.N_TIMES: _n_times,
    Method.WEIGHTED_AVERAGE: _weighted_average,
    Method.DECAYING_AVERAGE: _decaying_average,
    Method.POWER_LAW: _power_law,
}
