"""The steps of an on-track projection in the reader's language (the web layer of `pacing/projection.py`).

`projection.py` is pure and gives each step a `code` and its `values`; this module writes them with gettext
and the reader's dates and numbers (pathmaker.components.display). A step with a code this module does not
know is shown as its English `text`, never as an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from pathmaker.components import display
from pathmaker.mastery.explain import Step

Values = Mapping[str, Any]

STATUS_WORDS = {
    "done": pgettext_lazy("pacing", "Course done"),
    "on_track": pgettext_lazy("pacing", "On track"),
    "at_risk": pgettext_lazy("pacing", "At risk"),
    "off_track": pgettext_lazy("pacing", "Off track"),
    "unknown": pgettext_lazy("pacing", "Not enough to tell yet"),
}


def _n(value: Any) -> str:
    return display.number(value, 2)


def _term(v: Values) -> str:
    return ngettext(
        "The term runs from %(start)s to %(end)s: %(behind)s school days are behind you and %(left)s are left "
        "(not counting weekends and %(off)s day off).",
        "The term runs from %(start)s to %(end)s: %(behind)s school days are behind you and %(left)s are left "
        "(not counting weekends and %(off)s days off).",
        v["off"],
    ) % {
        "start": display.day(v["start"]),
        "end": display.day(v["end"]),
        "behind": v["behind"],
        "left": v["left"],
        "off": v["off"],
    }


def _progress(v: Values) -> str:
    return _(
        "You have mastered %(mastered)s of the course's %(required)s competencies (%(this_term)s of them this "
        "term), so %(remaining)s are left."
    ) % dict(v)


def _pace_student(v: Values) -> str:
    return _(
        "Your pace so far: %(this_term)s competencies in %(weeks)s school weeks (%(behind)s ÷ 5) is %(pace)s "
        "a school week."
    ) % {"this_term": v["this_term"], "weeks": _n(v["weeks"]), "behind": v["behind"], "pace": _n(v["pace"])}


def _pace_guide(v: Values) -> str:
    return _(
        "Only %(behind)s school days are behind you, too few to tell your own pace (it takes %(min)s), so the "
        "pacing guide's is used: it gives the %(remaining)s competencies left %(weeks)s school weeks."
    ) % {**v, "weeks": _n(v["weeks"])}


def _no_pace(v: Values) -> str:
    return _(
        "Only %(behind)s school days of the term are behind you and the course has no pacing guide, so there "
        "is no pace to project from yet."
    ) % dict(v)


def _finish_student(v: Values) -> str:
    return _(
        "%(remaining)s competencies at %(pace)s a week take %(weeks)s school weeks: %(needed)s school days, so "
        "you would finish on %(finish)s."
    ) % {
        "remaining": v["remaining"],
        "pace": _n(v["pace"]),
        "weeks": _n(v["weeks"]),
        "needed": v["needed"],
        "finish": display.day(v["finish"]),
    }


def _finish_guide(v: Values) -> str:
    return _("That is %(needed)s school days, so you would finish on %(finish)s.") % {
        "needed": v["needed"],
        "finish": display.day(v["finish"]),
    }


def _on_track(v: Values) -> str:
    return ngettext(
        "%(needed)s school days needed, %(left)s left: on track, with %(spare)s day to spare.",
        "%(needed)s school days needed, %(left)s left: on track, with %(spare)s days to spare.",
        v["spare"],
    ) % dict(v)


def _late(v: Values, verdict: str) -> str:
    if "needed" not in v:
        return _("So: off track. Talk with your teacher about a plan.")
    return _(
        "%(needed)s school days needed, %(left)s left: %(over)s past the term's end (%(at_risk)s or fewer is "
        "at risk), so %(verdict)s."
    ) % {**v, "verdict": verdict}


WORDS: dict[str, Callable[[Values], str]] = {
    "term": _term,
    "progress": _progress,
    "pace.student": _pace_student,
    "pace.guide": _pace_guide,
    "no_pace": _no_pace,
    "done": lambda v: _("Every competency of the course is mastered: the course is done."),
    "finish.never": lambda v: _(
        "At this pace the course would not be finished: no competency has been mastered this term yet."
    ),
    "finish.student": _finish_student,
    "finish.guide": _finish_guide,
    "verdict.on_track": _on_track,
    "verdict.at_risk": lambda v: _late(v, _("at risk")),
    "verdict.off_track": lambda v: _late(v, _("off track")),
}


def step_words(step: Step) -> str:
    write = WORDS.get(step.code)
    if write is None:
        return step.text
    try:
        return write(step.values)
    except (KeyError, TypeError, ValueError):
        return step.text
