"""The steps of an explanation in the reader's language (the web layer of `mastery/explain.py`).

`explain.py` is pure and gives each step a `code` and its `values`; this module writes them with gettext,
the reader's number format and the district's calendar (pathmaker.components.display). A step without a code, or
with one this module does not know, is shown as its English `text`, never as an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pathmaker.components import display
from pathmaker.mastery.explain import Step
from pathmaker.mastery.rollup import Credit, Rollup

Values = Mapping[str, Any]


def _n(value: Any) -> str:
    """Intermediate numbers keep up to four decimals, as in the English text (a parent can redo them)."""
    return display.number(value, 4)


def _list(values: Sequence[Any]) -> str:
    words = [_n(v) for v in values]
    if len(words) == 1:
        return words[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _times(count: int) -> str:
    if count in (1, 2):
        return _("once") if count == 1 else _("twice")
    return ngettext("%(count)d time", "%(count)d times", count) % {"count": count}


def _score(score: Mapping[str, Any]) -> str:
    notes = [display.day(score["on"])] if score.get("on") else []
    notes += [score["source"]] if score.get("source") else []
    return f"{_n(score['value'])} ({', '.join(notes)})" if notes else _n(score["value"])


def _percent(fraction: float) -> str:
    return _("%(number)s%%") % {"number": display.number(fraction * 100, 2)}


def _method(values: Values) -> str:
    sentences = {
        "highest": _("Method: highest score. The level is the best score shown."),
        "most_recent": _("Method: most recent score. The level is the last score shown."),
        "mean": _("Method: mean (average). Every score counts the same."),
        "mode": _(
            "Method: mode. The level is the score shown most often; if two scores are tied, the higher "
            "one counts."
        ),
        "n_times": _(
            "Method: %(n)s times at mastery. Once there are at least %(n)s scores of %(mastery)s or higher, "
            "the level is their average; until then it is not yet determined."
        ),
        "weighted_average": _(
            "Method: weighted average. The latest score counts for %(w)s and the average of all "
            "earlier scores for %(rest)s."
        ),
        "decaying_average": _(
            "Method: decaying average. It starts with the first score. Each new score counts for "
            "%(w)s and everything before it for %(rest)s, so recent work matters most but earlier "
            "work still counts."
        ),
        "power_law": _(
            "Method: power law. It draws the smooth curve that best follows the scores (learning usually "
            "grows quickly at first, then levels off) and takes where that curve is at the latest score."
        ),
    }
    sentence = sentences[values["method"]] % {
        "n": values["n"],
        "mastery": _n(values["mastery"]),
        "w": _percent(values["weight"]),
        "rest": _percent(1 - values["weight"]),
    }
    scale = _("The scale runs from %(low)s to %(high)s; %(mastery)s means mastery.") % {
        "low": _n(values["scale_min"]),
        "high": _n(values["scale_max"]),
        "mastery": _n(values["mastery"]),
    }
    return f"{sentence} {scale}"


def _sum(opening: str, values: Values) -> str:
    return f"{opening}: {' + '.join(_n(v) for v in values['scores'])} = {_n(values['total'])}."


_WRITERS: dict[str, Callable[[Values], str]] = {
    "evidence.as_of": lambda v: (
        _("Only scores shown on or before %(day)s count.") % {"day": display.day(v["on"])}
    ),
    "evidence.none": lambda v: _("There are no scores yet."),
    "evidence.scores": lambda v: (
        _("The scores, oldest first: %(scores)s.") % {"scores": ", ".join(_score(s) for s in v["scores"])}
    ),
    "rule": _method,
    "sum.all": lambda v: _sum(_("Add them up"), v),
    "sum.mastered": lambda v: _sum(_("Their average: add them up"), v),
    "sum.earlier": lambda v: _sum(_("The earlier scores added up"), v),
    "level.no_scores": lambda v: _("The level is not yet determined: there are no scores yet."),
    "level.not_yet": lambda v: (
        ngettext(
            "The level is not yet determined: %(missing)d more score of %(mastery)s or higher will give one.",
            "The level is not yet determined: %(missing)d more scores of %(mastery)s or higher will give one.",
            v["missing"],
        )
        % {"missing": v["missing"], "mastery": _n(v["mastery"])}
    ),
    "level.exact": lambda v: _("Level: %(level)s.") % {"level": display.fixed(v["level"], 2)},
    "level.rounded": lambda v: (
        _("Level, rounded to two decimals: %(level)s.") % {"level": display.fixed(v["level"], 2)}
    ),
    "highest": lambda v: (
        _("The highest of %(scores)s is %(best)s.") % {"scores": _list(v["scores"]), "best": _n(v["best"])}
    ),
    "most_recent": lambda v: (
        _("The most recent score is %(score)s, from %(day)s.")
        % {"score": _n(v["score"]), "day": display.day(v["on"])}
        if v.get("on")
        else _("The most recent score is %(score)s.") % {"score": _n(v["score"])}
    ),
    "average.one": lambda v: _("There is only one, so the average is %(mean)s.") % {"mean": _n(v["mean"])},
    "average.divide": lambda v: (
        _("Divide by how many there are (%(count)d): %(total)s ÷ %(count)d = %(mean)s.")
        % {"count": v["count"], "total": _n(v["total"]), "mean": _n(v["mean"])}
    ),
    "mode.tally": lambda v: (
        _("How often each score appears: %(tally)s.")
        % {"tally": ", ".join(f"{_n(value)} {_times(count)}" for value, count in v["tally"])}
    ),
    "mode.tie": lambda v: (
        _("%(tied)s each appear %(times)s; the highest of them, %(winner)s, counts.")
        % {"tied": _list(v["tied"]), "times": _times(v["count"]), "winner": _n(v["winner"])}
    ),
    "mode.winner": lambda v: _("%(winner)s appears most often.") % {"winner": _n(v["winner"])},
    "n_times.count": lambda v: (
        _("Scores of %(mastery)s or higher: %(scores)s. That is %(count)d of the %(n)d needed.")
        % {
            "mastery": _n(v["mastery"]),
            "count": v["count"],
            "n": v["n"],
            "scores": ", ".join(_score(s) for s in v["scores"]) or _("none yet"),
        }
    ),
    "one_score": lambda v: (
        _("With only one score, the level is that score: %(score)s.") % {"score": _n(v["score"])}
    ),
    "weighted": lambda v: (
        _(
            "%(w)s × the latest score plus %(rest)s × that average: %(w)s × %(latest)s + %(rest)s × "
            "%(average)s = %(first)s + %(second)s = %(level)s."
        )
        % {key: _n(v[key]) for key in ("w", "rest", "latest", "average", "first", "second", "level")}
    ),
    "decaying.start": lambda v: _("Start with the first score: %(score)s.") % {"score": _n(v["score"])},
    "decaying.then": lambda v: (
        _("Then %(score)s: %(w)s × %(value)s + %(rest)s × %(before)s = %(after)s.")
        % {
            "score": _score(v["score"]),
            "w": _n(v["w"]),
            "value": _n(v["score"]["value"]),
            "rest": _n(v["rest"]),
            "before": _n(v["before"]),
            "after": _n(v["after"]),
        }
    ),
    "power.floor": lambda v: (
        (
            _("This method works with logarithms, which cannot use 0, so here every 0 counts as %(floor)s.")
            if list(v["floored"]) == [0]
            else _(
                "This method works with logarithms, which cannot use 0, so here every score below %(floor)s (%(scores)s) "
                "counts as %(floor)s."
            )
        )
        % {"floor": _n(v["floor"]), "scores": _list(v["floored"])}
    ),
    "power.fit": lambda v: (
        _(
            "The curve that best follows the scores is a × (score number)^b with a = %(a)s and b = "
            "%(b)s (found by least squares on logarithms: ln(score) = ln a + b × ln(score number))."
        )
        % {"a": _n(v["a"]), "b": _n(v["b"])}
    ),
    "power.along": lambda v: (
        _("Where the curve is at each score: %(points)s.")
        % {
            "points": ", ".join(
                _("#%(i)d: %(at)s (score %(score)s)")
                % {"i": i, "at": display.number(at, 2), "score": _n(score)}
                for i, at, score in v["points"]
            )
        }
    ),
    "power.at": lambda v: (
        _("At the latest score, number %(n)d: %(a)s × %(n)d^%(b)s = %(estimate)s.")
        % {"n": v["n"], "a": _n(v["a"]), "b": _n(v["b"]), "estimate": _n(v["estimate"])}
    ),
    "clamp.above": lambda v: (
        _("That is above the top of the scale, so it becomes %(limit)s.") % {"limit": _n(v["limit"])}
    ),
    "clamp.below": lambda v: (
        _("That is below the bottom of the scale, so it becomes %(limit)s.") % {"limit": _n(v["limit"])}
    ),
}


def step_words(step: Step) -> str:
    """One step in the active language; its English text when its code or values are not known here."""
    write = _WRITERS.get(step.code)
    if write is None:
        return step.text
    try:
        return write(step.values)
    except (KeyError, TypeError, ValueError, IndexError):
        return step.text


def credit_lines(credit: Credit) -> list[str]:
    """How course credit was decided, in the active language (rollup.course_credit's facts)."""
    values = credit.values
    if not values or not values.get("total"):
        return [_("This course has no competencies yet.")] if not values else list(credit.steps)
    lines = [
        ngettext(
            "%(proficient)d of %(total)d competency proficient (%(share)s); %(needed)s are needed.",
            "%(proficient)d of %(total)d competencies proficient (%(share)s); %(needed)s are needed.",
            int(values["total"]),
        )
        % {
            "proficient": values["proficient"],
            "total": values["total"],
            "share": _percent(round(credit.share, 2)),
            "needed": _percent(float(values["min_share"] or 0)),
        }
    ]
    if credit.lowest is None:
        lines.append(_("Some competencies have no level yet."))
    else:
        lines.append(
            _("Lowest level: %(lowest)s; none may be below %(floor)s.")
            % {"lowest": display.fixed(credit.lowest, 2), "floor": _n(values["floor"])}
        )
    lines.append(_("Credit earned.") if credit.earned else _("Credit not yet earned."))
    return lines


def rollup_lines(rollup: Rollup) -> list[str]:
    """How a parent competency's level comes from its parts, in the active language (rollup.py's facts)."""
    values = rollup.values
    try:
        if values.get("rule") == "none":
            return [_("This competency has no parts to roll up.")]
        if values.get("rule") == "all_children":
            return _all_children_lines(values)
        if values.get("rule") == "points":
            return _points_lines(values, rollup.proficient)
    except (KeyError, TypeError, ValueError):
        pass
    return list(rollup.steps)


def _names(names: Sequence[str]) -> str:
    return ", ".join(names)


def _all_children_lines(values: Values) -> list[str]:
    lines = [
        ngettext(
            "The %(count)d part must be proficient.",
            "All %(count)d parts must be proficient.",
            values["count"],
        )
        % {"count": values["count"]}
    ]
    if values["missing"]:
        return [
            *lines,
            _("Not yet determined: no level yet for %(names)s.") % {"names": _names(values["missing"])},
        ]
    lines.append(_("Average of the parts: %(level)s.") % {"level": display.fixed(values["level"], 2)})
    lines.append(
        _("Not yet: %(names)s to go.") % {"names": _names(values["not_yet"])}
        if values["not_yet"]
        else _("Proficient: every part is.")
    )
    return lines


def _points_lines(values: Values, proficient: bool) -> list[str]:
    lines = [
        _("Points from the parts: %(sum)s = %(points)s; %(needed)s are needed.")
        % {
            "sum": " + ".join(_n(v) for v in values["levels"]),
            "points": _n(values["points"]),
            "needed": _n(values["needed"]),
        }
    ]
    if values["missing_required"]:
        lines.append(
            _("Required and not yet proficient: %(names)s.") % {"names": _names(values["missing_required"])}
        )
    lines.append(_("Proficient.") if proficient else _("Not yet proficient."))
    return lines
