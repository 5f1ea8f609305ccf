"""What a student's reason and an unmet constraint say, in the reader's language (the pure proposal and
the stored members speak codes and numbers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from pathmaker.components.display import number
from pathmaker.grouping.propose import Unmet


def balance_name(code: str) -> str:
    # Built at call time, so the names are in the reader's language.
    names = {
        "english_learner": _("English learners"),
        "iep": _("students with an IEP"),
        "section_504": _("students with a 504 plan"),
        "gifted": _("students identified as gifted"),
        "free_reduced_lunch": _("students eligible for free or reduced lunch"),
    }
    return names.get(code, code)


def _span(values: Mapping[str, Any]) -> str:
    low, high = values.get("low"), values.get("high")
    codes = ", ".join(values.get("competencies") or [])
    if low is None or high is None:
        return ""
    if round(low, 1) == round(high, 1):
        return _("%(level)s on %(codes)s") % {"level": number(low, 1), "codes": codes}
    return _("%(low)s–%(high)s on %(codes)s") % {
        "low": number(low, 1),
        "high": number(high, 1),
        "codes": codes,
    }


def reason_words(code: str, values: Mapping[str, Any]) -> str:
    """One sentence: why a student is in their group."""
    span = _span(values)
    if code == "alike":
        return _("Similar levels: %(span)s.") % {"span": span}
    if code == "mixed":
        return _("A mix of levels: %(span)s.") % {"span": span}
    if code == "no_level":
        codes = ", ".join(values.get("competencies") or [])
        return _("No level yet on %(codes)s.") % {"codes": codes}
    if code == "together":
        return _("Kept with a classmate, as the teacher asked.")
    if code == "apart":
        return _("Kept apart from a classmate, as the teacher asked.")
    if code == "balance":
        return _("Placed to spread a group of students evenly.")
    if code == "moved":
        return _("Moved by the teacher.")
    return ""


def unmet_words(unmet: Unmet, names: Mapping[int, str], *, largest: int) -> str:
    """What could not be met, and what to relax."""
    who = _names([names.get(key, "?") for key in unmet.students])
    if unmet.code == "sizes":
        return _("No number of groups keeps every group within the sizes you chose: widen the sizes.")
    if unmet.code == "together_too_large":
        return _(
            "%(who)s must be together, but a group holds at most %(largest)s: remove a pair or allow larger groups."
        ) % {
            "who": who,
            "largest": largest,
        }
    if unmet.code == "together":
        return _("%(who)s could not be put together: check the pairs that must be apart.") % {"who": who}
    if unmet.code == "apart":
        return _("%(who)s could not be kept apart: allow more groups or remove a pair.") % {"who": who}
    if unmet.code == "balance":
        return _("%(group)s could not be spread evenly with the other constraints.") % {
            "group": balance_name(unmet.label)
        }
    return unmet.code


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
