"""Every level explains itself: the steps from the scores to the level, in words a 12-year-old can follow.

`explain(result)` returns a list of `Step`s. Each has the sentence to show (`text`), a `kind` that
pages can style by ("evidence", "rule", "arithmetic", "level"), the number the step arrives at
(`value`, if any) and the numbers it works with (`numbers`), so the API can return them as data and a
page can draw them as well as print them. The last step is always the level.

Numbers are written as people write them: 2.5, not 2.50000; intermediate results keep up to four
decimals, so a parent redoing a step with a calculator gets the same answer, and only the level is
rounded to two decimals. The arithmetic is recomputed from `engine`'s own helpers, so an explanation
can never disagree with the level it explains (the tests check that its last number is the level).

Each step is also structured: a `code` naming the sentence ("mean.divide") and its `values` (plain
numbers, lists of numbers, ISO dates), so the web layer writes it in the reader's language
(`mastery/step_words.py`) while `text` stays the English the command line prints
(`pathmaker explain-mastery`). Pure, like the engine: no Django, no clock.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pathmaker.mastery import engine
from pathmaker.mastery.engine import Method, Result, Rule, Score

EVIDENCE, RULE, ARITHMETIC, LEVEL = "evidence", "rule", "arithmetic", "level"


@dataclass(frozen=True)
class Step:
    """One sentence of an explanation, with the numbers it uses and the number it arrives at."""

    text: str
    kind: str = ARITHMETIC
    value: float | None = None
    numbers: tuple[float, ...] = ()
    code: str = ""  # which sentence, for the pages to write it in the reader's language
    values: Mapping[str, Any] = field(default_factory=dict)  # its numbers, lists and ISO dates

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "value": self.value,
            "numbers": list(self.numbers),
            "code": self.code,
            "values": dict(self.values),
        }


def number(value: float, places: int = 4) -> str:
    """2 -> "2", 2.5 -> "2.5", 2.52751 -> "2.5275": as a person writes it, never "-0"."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def percent(fraction: float) -> str:
    return f"{number(fraction * 100, 2)}%"


def day(on: date, with_year: bool) -> str:
    return f"{on:%b} {on.day}, {on.year}" if with_year else f"{on:%b} {on.day}"


def times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def explain(result: Result, *, dated: bool = True) -> list[Step]:
    """The steps from `result`'s scores to its level. `dated=False` leaves out dates (the CLI has none)."""
    steps = _evidence(result, dated) + [_rule(result.rule)]
    values = [s.value for s in result.scores]
    if not values:
        return [
            *steps,
            Step("The level is not yet determined: there are no scores yet.", LEVEL, code="level.no_scores"),
        ]
    steps += _ARITHMETIC[result.rule.method](values, result, dated)
    return [*steps, _level(result)]


def _evidence(result: Result, dated: bool) -> list[Step]:
    steps = []
    if result.as_of is not None:
        steps.append(
            Step(
                f"Only scores shown on or before {day(result.as_of, True)} count.",
                EVIDENCE,
                code="evidence.as_of",
                values={"on": result.as_of.isoformat()},
            )
        )
    if not result.scores:
        return [*steps, Step("There are no scores yet.", EVIDENCE, code="evidence.none")]
    with_year = _spans_years(result.scores)
    listed = ", ".join(_score(s, dated, with_year) for s in result.scores)
    values = tuple(s.value for s in result.scores)
    return [
        *steps,
        Step(
            f"The scores, oldest first: {listed}.",
            EVIDENCE,
            numbers=values,
            code="evidence.scores",
            values={"scores": _scores(result.scores, dated), "with_year": with_year},
        ),
    ]


def _spans_years(scores: Sequence[Score]) -> bool:
    return scores[0].demonstrated_on.year != scores[-1].demonstrated_on.year


def _scores(scores: Sequence[Score], dated: bool) -> list[dict[str, Any]]:
    """Scores as data for the pages: the value, the day (when dated) and where it came from."""
    return [
        {"value": s.value, "on": s.demonstrated_on.isoformat() if dated else None, "source": s.source or ""}
        for s in scores
    ]


def _score(score: Score, dated: bool, with_year: bool) -> str:
    notes = [day(score.demonstrated_on, with_year)] if dated else []
    notes += [score.source] if score.source else []
    return f"{number(score.value)} ({', '.join(notes)})" if notes else number(score.value)


_METHOD_SENTENCES: dict[Method, str] = {
    Method.HIGHEST: "Method: highest score. The level is the best score shown.",
    Method.MOST_RECENT: "Method: most recent score. The level is the last score shown.",
    Method.MEAN: "Method: mean (average). Every score counts the same.",
    Method.MODE: (
        "Method: mode. The level is the score shown most often; if two scores are tied, the higher one counts."
    ),
    Method.N_TIMES: (
        "Method: {n} times at mastery. Once there are at least {n} scores of {mastery} or higher, the level is "
        "their average; until then it is not yet determined."
    ),
    Method.WEIGHTED_AVERAGE: (
        "Method: weighted average. The latest score counts for {w} and the average of all earlier "
        "scores for {rest}."
    ),
    Method.DECAYING_AVERAGE: (
        "Method: decaying average. It starts with the first score. Each new score counts for {w} and "
        "everything before it for {rest}, so recent work matters most but earlier work still counts."
    ),
    Method.POWER_LAW: (
        "Method: power law. It draws the smooth curve that best follows the scores (learning usually "
        "grows quickly at first, then levels off) and takes where that curve is at the latest score."
    ),
}


def _rule(rule: Rule) -> Step:
    sentence = _METHOD_SENTENCES[rule.method].format(
        n=rule.n, mastery=number(rule.mastery), w=percent(rule.weight), rest=percent(1 - rule.weight)
    )
    scale = f"The scale runs from {number(rule.scale_min)} to {number(rule.scale_max)}; {number(rule.mastery)} means mastery."
    return Step(
        f"{sentence} {scale}",
        RULE,
        code="rule",
        values={
            "method": str(rule.method.value),
            "n": rule.n,
            "mastery": rule.mastery,
            "weight": rule.weight,
            "scale_min": rule.scale_min,
            "scale_max": rule.scale_max,
        },
    )


def _level(result: Result) -> Step:
    if result.level is None:
        missing = result.rule.n - len(engine.at_mastery([s.value for s in result.scores], result.rule))
        more = "1 more score" if missing == 1 else f"{missing} more scores"
        return Step(
            f"The level is not yet determined: {more} of {number(result.rule.mastery)} or higher will give one.",
            LEVEL,
            code="level.not_yet",
            values={"missing": missing, "mastery": result.rule.mastery},
        )
    rounded = f"{result.level:.2f}"
    if float(rounded) == result.level:
        return Step(
            f"Level: {rounded}.",
            LEVEL,
            value=result.level,
            code="level.exact",
            values={"level": result.level},
        )
    return Step(
        f"Level, rounded to two decimals: {rounded}.",
        LEVEL,
        value=result.level,
        code="level.rounded",
        values={"level": result.level},
    )


def _highest(values: list[float], result: Result, dated: bool) -> list[Step]:
    best = max(values)
    return [
        Step(
            f"The highest of {_list(values)} is {number(best)}.",
            value=best,
            numbers=tuple(values),
            code="highest",
            values={"scores": list(values), "best": best},
        )
    ]


def _most_recent(values: list[float], result: Result, dated: bool) -> list[Step]:
    latest = result.scores[-1]
    when = f", from {day(latest.demonstrated_on, _spans_years(result.scores))}" if dated else ""
    return [
        Step(
            f"The most recent score is {number(latest.value)}{when}.",
            value=latest.value,
            numbers=(latest.value,),
            code="most_recent",
            values={"score": latest.value, "on": latest.demonstrated_on.isoformat() if dated else None},
        )
    ]


def _mean(values: list[float], result: Result, dated: bool) -> list[Step]:
    return _average_steps(values, "all")


_OPENINGS = {
    "all": "Add them up",
    "mastered": "Their average: add them up",
    "earlier": "The earlier scores added up",
}


def _average_steps(values: Sequence[float], which: str) -> list[Step]:
    # The same sums as the engine's (math.fsum), so the explanation arrives at exactly its level.
    total = math.fsum(values)
    mean = total / len(values)
    if len(values) == 1:
        return [
            Step(
                f"There is only one, so the average is {number(mean)}.",
                value=mean,
                numbers=tuple(values),
                code="average.one",
                values={"mean": mean},
            )
        ]
    return [
        Step(
            f"{_OPENINGS[which]}: {' + '.join(number(v) for v in values)} = {number(total)}.",
            value=total,
            numbers=tuple(values),
            code=f"sum.{which}",
            values={"scores": list(values), "total": total},
        ),
        Step(
            f"Divide by how many there are ({len(values)}): {number(total)} ÷ {len(values)} = {number(mean)}.",
            value=mean,
            numbers=(total, len(values)),
            code="average.divide",
            values={"total": total, "count": len(values), "mean": mean},
        ),
    ]


def _mode(values: list[float], result: Result, dated: bool) -> list[Step]:
    winner, counts = engine.mode_with_counts(values)
    by_count = sorted(counts.items(), key=lambda item: (-item[1], -item[0]))
    tally = ", ".join(f"{number(value)} {times(count)}" for value, count in by_count)
    steps = [
        Step(
            f"How often each score appears: {tally}.",
            numbers=tuple(v for v, _ in by_count),
            code="mode.tally",
            values={"tally": [[v, c] for v, c in by_count]},
        )
    ]
    tied = sorted((v for v, c in counts.items() if c == counts[winner]), reverse=True)
    if len(tied) > 1:
        steps.append(
            Step(
                f"{_list(sorted(tied))} each appear {times(counts[winner])}; the highest of them, {number(winner)}, counts.",
                value=winner,
                numbers=tuple(tied),
                code="mode.tie",
                values={"tied": sorted(tied), "count": counts[winner], "winner": winner},
            )
        )
    else:
        steps.append(
            Step(
                f"{number(winner)} appears most often.",
                value=winner,
                numbers=(winner,),
                code="mode.winner",
                values={"winner": winner},
            )
        )
    return steps


def _n_times(values: list[float], result: Result, dated: bool) -> list[Step]:
    rule = result.rule
    mastered = [s for s in result.scores if s.value >= rule.mastery]
    with_year = _spans_years(result.scores)
    listed = ", ".join(_score(s, dated, with_year) for s in mastered) or "none yet"
    count = Step(
        f"Scores of {number(rule.mastery)} or higher: {listed}. That is {len(mastered)} of the {rule.n} needed.",
        value=len(mastered),
        numbers=tuple(s.value for s in mastered),
        code="n_times.count",
        values={
            "mastery": rule.mastery,
            "scores": _scores(mastered, dated),
            "with_year": with_year,
            "count": len(mastered),
            "n": rule.n,
        },
    )
    if len(mastered) < rule.n:
        return [count]
    return [count, *_average_steps([s.value for s in mastered], "mastered")]


def _weighted_average(values: list[float], result: Result, dated: bool) -> list[Step]:
    if len(values) == 1:
        return [_only_one(values[0])]
    w, latest, earlier = result.rule.weight, values[-1], values[:-1]
    steps = _average_steps(earlier, "earlier")
    average = steps[-1].value
    assert average is not None
    level = w * latest + (1 - w) * average
    steps.append(
        Step(
            f"{number(w)} × the latest score plus {number(1 - w)} × that average: "
            f"{number(w)} × {number(latest)} + {number(1 - w)} × {number(average)} = "
            f"{number(w * latest)} + {number((1 - w) * average)} = {number(level)}.",
            value=level,
            numbers=(w, latest, 1 - w, average),
            code="weighted",
            values={
                "w": w,
                "latest": latest,
                "rest": 1 - w,
                "average": average,
                "first": w * latest,
                "second": (1 - w) * average,
                "level": level,
            },
        )
    )
    return steps


def _only_one(value: float) -> Step:
    return Step(
        f"With only one score, the level is that score: {number(value)}.",
        value=value,
        code="one_score",
        values={"score": value},
    )


def _decaying_average(values: list[float], result: Result, dated: bool) -> list[Step]:
    w = result.rule.weight
    running = engine.decaying_steps(values, result.rule)
    steps = [
        Step(
            f"Start with the first score: {number(values[0])}.",
            value=running[0],
            numbers=(values[0],),
            code="decaying.start",
            values={"score": values[0]},
        )
    ]
    with_year = _spans_years(result.scores)
    for score, before, after in zip(result.scores[1:], running, running[1:], strict=False):
        steps.append(
            Step(
                f"Then {_score(score, dated, with_year)}: {number(w)} × {number(score.value)} + "
                f"{number(1 - w)} × {number(before)} = {number(after)}.",
                value=after,
                numbers=(w, score.value, 1 - w, before),
                code="decaying.then",
                values={
                    "score": _scores([score], dated)[0],
                    "with_year": with_year,
                    "w": w,
                    "rest": 1 - w,
                    "before": before,
                    "after": after,
                },
            )
        )
    return steps


def _power_law(values: list[float], result: Result, dated: bool) -> list[Step]:
    rule = result.rule
    if len(values) == 1:
        return [_only_one(values[0])]
    steps = []
    floored = sorted({v for v in values if v < rule.log_floor})
    if floored:
        below = (
            "every 0" if floored == [0] else f"every score below {number(rule.log_floor)} ({_list(floored)})"
        )
        steps.append(
            Step(
                f"This method works with logarithms, which cannot use 0, so here {below} counts as "
                f"{number(rule.log_floor)}.",
                value=rule.log_floor,
                numbers=tuple(floored),
                code="power.floor",
                values={"floor": rule.log_floor, "floored": floored},
            )
        )
    fit = engine.power_law_fit(values, rule)
    steps.append(
        Step(
            f"The curve that best follows the scores is a × (score number)^b with a = {number(fit.a)} and "
            f"b = {number(fit.b)} (found by least squares on logarithms: ln(score) = ln a + b × ln(score number)).",
            numbers=(fit.a, fit.b),
            code="power.fit",
            values={"a": fit.a, "b": fit.b},
        )
    )
    along = ", ".join(
        f"#{i}: {number(fit.at(i), 2)} (score {number(v)})" for i, v in enumerate(values, start=1)
    )
    steps.append(
        Step(
            f"Where the curve is at each score: {along}.",
            numbers=tuple(fit.at(i) for i in range(1, len(values) + 1)),
            code="power.along",
            values={"points": [[i, fit.at(i), v] for i, v in enumerate(values, start=1)]},
        )
    )
    n = len(values)
    steps.append(
        Step(
            f"At the latest score, number {n}: {number(fit.a)} × {n}^{number(fit.b)} = {number(fit.estimate)}.",
            value=fit.estimate,
            numbers=(fit.a, n, fit.b),
            code="power.at",
            values={"n": n, "a": fit.a, "b": fit.b, "estimate": fit.estimate},
        )
    )
    if fit.estimate > rule.scale_max:
        steps.append(
            Step(
                f"That is above the top of the scale, so it becomes {number(rule.scale_max)}.",
                value=rule.scale_max,
                code="clamp.above",
                values={"limit": rule.scale_max},
            )
        )
    elif fit.estimate < rule.scale_min:
        steps.append(
            Step(
                f"That is below the bottom of the scale, so it becomes {number(rule.scale_min)}.",
                value=rule.scale_min,
                code="clamp.below",
                values={"limit": rule.scale_min},
            )
        )
    return steps


def _list(values: Sequence[float]) -> str:
    words = [number(v) for v in values]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


_ARITHMETIC = {
    Method.HIGHEST: _highest,
    Method.MOST_RECENT: _most_recent,
    Method.MEAN: _mean,
    Method.MODE: _mode,
    Method.N_TIMES: _n_times,
    Method.WEIGHTED_AVERAGE: _weighted_average,
    Method.DECAYING_AVERAGE: _decaying_average,
    Method.POWER_LAW: _power_law,
}
