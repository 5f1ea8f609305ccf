"""The mastery engine: a student's scores on one competency, and the district's rule, give a level.

Vocabulary
- A *score* is one piece of evidence on the competency's scale (usually 1-4), with the date the student
  *demonstrated* it. Scores are always put in demonstration order: by that date, never by when a teacher
  typed the score in, with the evidence id breaking ties between scores shown on the same day (so the
  order is stable, and a what-if score is placed after everything already recorded that day).
- A *rule* is the calculation method and its parameters (weight, n, mastery level, scale). The rule
  that produced a result is stored beside it (`Rule.as_dict()`), so a level shown months later can
  still be explained, and a district that changes its rule can recompute and compare.
- A *level* is a number on the scale, or None: "not yet determined" (no scores yet, or too few scores
  at mastery for "n times").

Methods, with x1..xn the scores in demonstration order and w the weight (default 0.65):
- highest: max(x1..xn).
- most_recent: xn.
- mean: (x1 + ... + xn) / n.
- mode: the score that occurs most often; a tie goes to the higher score.
- n_times (Canvas "n number of times"): the scores at or above the mastery level are counted; once
  there are at least n of them, the level is their mean; until then it is not yet determined.
- weighted_average (what Canvas long called "decaying average"): w*xn + (1-w)*mean(x1..x(n-1));
  with one score, that score.
- decaying_average (recursive; JumpRope, Otus, Canvas's newer method): D1 = x1,
  Dk = w*xk + (1-w)*D(k-1); the level is Dn.
- power_law (Marzano, JumpRope): a least-squares fit of ln x = ln a + b ln i over i = 1..n, reported
  as the curve's value at the latest score, a*n^b, clamped to [scale_min, scale_max]; with one score,
  that score. Learning tends to grow fast and then level off, which this curve follows.

Zero scores and the power law. The power law takes logarithms, and ln 0 does not exist. Before the
fit (and only for this method) every score below `Rule.log_floor` (default 0.5) is raised to it. Why
0.5 and not a tiny epsilon: ln 0.01 = -4.6, so one zero among 3s would outweigh all of them (3, 3, 0, 3
would come out at 0.28), while 0.5, half of the lowest non-zero level, treats a zero as "well below
1" (3, 3, 0, 3 gives 1.42; the power law is meant to react strongly to a recent dip, as the published
2, 4, 1, 3 -> 2.16 shows). Why not scale_min: on a 0-4 scale scale_min is the zero itself. One
consequence, said in the explanation: a student whose every score is 0 (with two or more scores) gets
0.5 from the power law. On the usual 1-4 scale no score is below the floor and nothing changes. The
floor is part of the rule, so it is stored with every result.

Scores outside the rule's scale are refused (ValueError): the clamp and the floor assume on-scale input,
and a district whose scale changed must recompute, not silently mix scales.

Pure: functions of (scores, rule, as_of) with no clock, no database, no Django and no randomness, so
the same code runs row by row in a request; `vectorized.py` computes the same levels over whole
districts and is tested against this module.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any


class Method(StrEnum):
    """The calculation methods; the values are the names the CLI, the API and stored rules use."""

    HIGHEST = "highest"
    MOST_RECENT = "most_recent"
    MEAN = "mean"
    MODE = "mode"
    N_TIMES = "n_times"
    WEIGHTED_AVERAGE = "weighted_average"
    DECAYING_AVERAGE = "decaying_average"
    POWER_LAW = "power_law"


@dataclass(frozen=True)
class Score:
    """One score on the scale, demonstrated on a date; `evidence_id` orders scores shown the same day."""

    value: float
    demonstrated_on: date
    evidence_id: int = 0
    source: str = ""  # what the evidence was ("Quiz 3"), for explanations

    @property
    def order_key(self) -> tuple[date, int]:
        return (self.demonstrated_on, self.evidence_id)


@dataclass(frozen=True)
class Rule:
    """A calculation method with its parameters. Only the parameters the method uses affect its level."""

    method: Method
    weight: float = 0.65  # weighted_average, decaying_average: what the newest score counts for
    n: int = 5  # n_times: scores at or above mastery needed (Canvas's default is 5)
    mastery: float = 3.0  # the level that means "mastered"
    scale_min: float = 1.0
    scale_max: float = 4.0
    log_floor: float = 0.5  # power_law: scores below this are raised to it before taking logs

    def __post_init__(self) -> None:
        # Stored rules come back as strings; a frozen dataclass needs object.__setattr__ to normalise.
        object.__setattr__(self, "method", Method(self.method))
        if not 0.0 <= self.weight <= 1.0:
            raise ValueError(f"weight must be between 0 and 1, not {self.weight}")
        if self.n < 1:
            raise ValueError(f"n must be at least 1, not {self.n}")
        if not self.scale_min < self.scale_max:
            raise ValueError(
                f"the scale's minimum ({self.scale_min}) must be below its maximum ({self.scale_max})"
            )
        if not self.scale_min <= self.mastery <= self.scale_max:
            raise ValueError(
                f"mastery ({self.mastery}) must be on the scale {self.scale_min}-{self.scale_max}"
            )
        if not self.log_floor > 0.0:
            raise ValueError(f"log_floor must be above 0, not {self.log_floor}")

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, to store beside each result."""
        return {**asdict(self), "method": str(self.method)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rule:
        """The inverse of `as_dict`; missing parameters take their defaults, unknown ones are refused."""
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown rule parameters: {', '.join(sorted(unknown))}")
        return cls(**data)


@dataclass(frozen=True)
class Result:
    """A level (None: not yet determined), the rule that produced it and the scores it used, in order."""

    level: float | None
    rule: Rule
    scores: tuple[Score, ...]
    as_of: date | None = None

    @property
    def determined(self) -> bool:
        return self.level is not None

    @property
    def mastered(self) -> bool:
        return self.level is not None and self.level >= self.rule.mastery

    def display(self) -> str:
        """The level as pages and the CLI show it: two decimals, or "not yet determined"."""
        return "not yet determined" if self.level is None else f"{self.level:.2f}"


def in_demonstration_order(scores: Iterable[Score]) -> tuple[Score, ...]:
    return tuple(sorted(scores, key=lambda score: score.order_key))


def level(scores: Iterable[Score], rule: Rule, *, as_of: date | None = None) -> Result:
    """The level the rule gives these scores; with `as_of`, only scores demonstrated on or before it count."""
    used = in_demonstration_order(s for s in scores if as_of is None or s.demonstrated_on <= as_of)
    values = [s.value for s in used]
    check_on_scale(values, rule)
    return Result(level=level_of_values(values, rule), rule=rule, scores=used, as_of=as_of)


def what_if(scores: Iterable[Score], rule: Rule, next_score: float, on: date) -> Result:
    """The level after one more score, `next_score`, demonstrated `on` that date ("if my next score is 4...").

    The hypothetical score comes after every score already recorded on that date; a date before the
    latest score places it where it belongs in demonstration order.
    """
    existing = tuple(scores)
    after_the_rest = max((s.evidence_id for s in existing), default=0) + 1
    return level((*existing, Score(next_score, on, after_the_rest, source="what if")), rule)


def in_given_order(values: Iterable[float]) -> tuple[Score, ...]:
    """Scores without dates (the CLI, quick checks): taken as demonstrated in the order given."""
    return tuple(Score(value, date.min, evidence_id=i) for i, value in enumerate(values, start=1))


def check_on_scale(values: Sequence[float], rule: Rule) -> None:
    for value in values:
        if not rule.scale_min <= value <= rule.scale_max:  # also refuses NaN
            raise ValueError(f"score {value:g} is off the scale {rule.scale_min:g}-{rule.scale_max:g}")


def level_of_values(values: Sequence[float], rule: Rule) -> float | None:
    """The level of scores already in demonstration order (the arithmetic only, no dates)."""
    if not values:
        return None
    return _METHODS[rule.method](values, rule)


def _highest(values: Sequence[float], rule: Rule) -> float:
    return max(values)


def _most_recent(values: Sequence[float], rule: Rule) -> float:
    return values[-1]


def _mean(values: Sequence[float], rule: Rule) -> float:
    return math.fsum(values) / len(values)


def _mode(values: Sequence[float], rule: Rule) -> float:
    return mode_with_counts(values)[0]


def mode_with_counts(values: Sequence[float]) -> tuple[float, Counter[float]]:
    """The most frequent value (ties to the higher value) and how often each value occurs."""
    counts = Counter(values)
    return max(counts, key=lambda value: (counts[value], value)), counts


def at_mastery(values: Sequence[float], rule: Rule) -> list[float]:
    return [v for v in values if v >= rule.mastery]


def _n_times(values: Sequence[float], rule: Rule) -> float | None:
    mastered = at_mastery(values, rule)
    return math.fsum(mastered) / len(mastered) if len(mastered) >= rule.n else None


def _weighted_average(values: Sequence[float], rule: Rule) -> float:
    if len(values) == 1:
        return values[0]
    earlier = math.fsum(values[:-1]) / (len(values) - 1)
    return rule.weight * values[-1] + (1 - rule.weight) * earlier


def decaying_steps(values: Sequence[float], rule: Rule) -> list[float]:
    """D1..Dn: the running decaying average after each score (the explanation shows every one)."""
    running = [values[0]]
    for value in values[1:]:
        running.append(rule.weight * value + (1 - rule.weight) * running[-1])
    return running


def _decaying_average(values: Sequence[float], rule: Rule) -> float:
    return decaying_steps(values, rule)[-1]


@dataclass(frozen=True)
class PowerLawFit:
    """The curve a * i^b that best follows the (floored) scores, and its value at the latest score."""

    a: float
    b: float
    estimate: float  # a * n^b before clamping

    def at(self, i: int) -> float:
        return self.a * math.pow(i, self.b)


def power_law_fit(values: Sequence[float], rule: Rule) -> PowerLawFit:
    """Least squares of ln x = ln a + b ln i, i = 1..n, on the scores raised to `rule.log_floor`. Needs n >= 2."""
    count = len(values)
    log_i = [math.log(i) for i in range(1, count + 1)]
    log_x = [math.log(max(v, rule.log_floor)) for v in values]
    mean_i, mean_x = math.fsum(log_i) / count, math.fsum(log_x) / count
    spread = math.fsum((li - mean_i) ** 2 for li in log_i)
    b = math.fsum((li - mean_i) * (lx - mean_x) for li, lx in zip(log_i, log_x, strict=True)) / spread
    a = math.exp(mean_x - b * mean_i)
    return PowerLawFit(a=a, b=b, estimate=a * math.pow(count, b))


def clamp(value: float, rule: Rule) -> float:
    return min(max(value, rule.scale_min), rule.scale_max)


def _power_law(values: Sequence[float], rule: Rule) -> float:
    if len(values) == 1:
        return values[0]
    return clamp(power_law_fit(values, rule).estimate, rule)


_METHODS: dict[Method, Callable[[Sequence[float], Rule], float | None]] = {
    Method.HIGHEST: _highest,
    Method.MOST_RECENT: _most_recent,
    Method.MEAN: _mean,
    Method.MODE: _mode,
    Method.N_TIMES: _n_times,
    Method.WEIGHTED_AVERAGE: _weighted_average,
    Method.DECAYING_AVERAGE: _decaying_average,
    Method.POWER_LAW: _power_law,
}
