"""Running sums that update a level in constant time when a new latest score arrives. Pure.

Every method's level is a function of a few sums over the scores in demonstration order, so a
summary can keep them and fold in one more score without re-reading history:
count, total, highest, last score, the decaying average so far, the count and total of scores at
or above mastery, the count of each score value (mode), and for the power law the sums of ln i,
(ln i)^2, ln x and ln i * ln x. A score that arrives out of order (shown before the latest one)
cannot be folded in: `add` says so and the caller recomputes from history.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from pathmaker.mastery.engine import Method, Rule, Score, clamp, in_demonstration_order


@dataclass(frozen=True)
class Running:
    count: int = 0
    total: float = 0.0
    highest: float | None = None
    last: float | None = None
    last_key: tuple[str, int] | None = None  # (ISO date, evidence id) of the latest score
    decayed: float | None = None
    at_mastery: int = 0
    at_mastery_total: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)  # score value (as text, for JSON) -> how many
    s_i: float = 0.0  # sum of ln i
    s_ii: float = 0.0  # sum of (ln i)^2
    s_x: float = 0.0  # sum of ln x (x floored at the rule's log floor)
    s_ix: float = 0.0  # sum of ln i * ln x

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_key"] = list(self.last_key) if self.last_key else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Running:
        values = dict(data)
        if values.get("last_key"):
            values["last_key"] = tuple(values["last_key"])
        return cls(**values)


def _key(score: Score) -> tuple[str, int]:
    return (score.demonstrated_on.isoformat(), score.evidence_id)


def add(running: Running, score: Score, rule: Rule) -> Running | None:
    """Fold one more score in; None if it is not after the latest one (recompute from history instead)."""
    if running.last_key is not None and _key(score) <= running.last_key:
        return None
    x = score.value
    i = running.count + 1
    log_i, log_x = math.log(i), math.log(max(x, rule.log_floor))
    counts = dict(running.counts)
    counts[repr(x)] = counts.get(repr(x), 0) + 1
    reached = x >= rule.mastery
    return replace(
        running,
        count=i,
        total=running.total + x,
        highest=x if running.highest is None else max(running.highest, x),
        last=x,
        last_key=_key(score),
        decayed=x if running.decayed is None else rule.weight * x + (1 - rule.weight) * running.decayed,
        at_mastery=running.at_mastery + reached,
        at_mastery_total=running.at_mastery_total + (x if reached else 0.0),
        counts=counts,
        s_i=running.s_i + log_i,
        s_ii=running.s_ii + log_i * log_i,
        s_x=running.s_x + log_x,
        s_ix=running.s_ix + log_i * log_x,
    )


def start(scores: list[Score], rule: Rule) -> Running:
    running = Running()
    for score in in_demonstration_order(scores):
        folded = add(running, score, rule)
        assert folded is not None  # in order by construction
        running = folded
    return running


def level(running: Running, rule: Rule) -> float | None:
    """The same level as `engine.level` on the scores folded in (tested equal for every method)."""
    n = running.count
    if n == 0:
        return None
    method = rule.method
    if method == Method.HIGHEST:
        return running.highest
    if method == Method.MOST_RECENT:
        return running.last
    if method == Method.MEAN:
        return running.total / n
    if method == Method.MODE:
        best = max(running.counts.items(), key=lambda kv: (kv[1], float(kv[0])))
        return float(best[0])
    if method == Method.N_TIMES:
        return running.at_mastery_total / running.at_mastery if running.at_mastery >= rule.n else None
    if method == Method.WEIGHTED_AVERAGE:
        if n == 1:
            return running.last
        assert running.last is not None
        return rule.weight * running.last + (1 - rule.weight) * (running.total - running.last) / (n - 1)
    if method == Method.DECAYING_AVERAGE:
        return running.decayed
    if method != Method.POWER_LAW:  # a method added to the engine must be added here too, not fall through
        raise ValueError(f"no running sums for the method {method!r}")
    if n == 1:
        return running.last
    spread = n * running.s_ii - running.s_i**2
    b = (n * running.s_ix - running.s_i * running.s_x) / spread
    a = math.exp((running.s_x - b * running.s_i) / n)
    return clamp(a * n**b, rule)
