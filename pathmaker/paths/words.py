"""What a plan's reasons and a playlist's states say, in the reader's language (the pure order speaks codes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from pathmaker.components.display import day
from pathmaker.frameworks.models import Competency
from pathmaker.paths.sequence import Reason


def code_of(competency: Competency) -> str:
    return competency.human_coding_scheme or competency.short_statement


def _codes(competencies: Sequence[Competency]) -> str:
    return ", ".join(code_of(c) for c in competencies)


def reason_words(reason: str, names: Sequence[Competency], note: str = "", *, own: bool = True) -> str:
    """One sentence: why a competency sits where it does on a plan. `own`: the student reads their own plan."""
    if reason == Reason.NEEDS_FIRST:
        return _("Needs %(codes)s first.") % {"codes": _codes(names)}
    if reason == Reason.NEEDED_FOR:
        return _("Comes first because %(codes)s needs it.") % {"codes": _codes(names)}
    if reason == Reason.TEACHER_MOVED:
        said = _("Your teacher moved it") if own else _("A teacher moved it")
        return f"{said}: “{note}”" if note else f"{said}."
    if reason == Reason.STUDENT_CHOSE:
        return _("You chose this.") if own else _("The student chose this.")
    return _("The course's order.")


def skip_words(reason: str) -> str:
    if reason == "mastered":
        return _("Skipped: mastery reached, so the rest is not needed.")
    return _("Skipped.")


def _modality(code: str) -> str:
    words = {
        "read": _("reading"),
        "watch": _("watching"),
        "practise": _("practising"),
        "hands_on": _("hands-on work"),
        "small_group": _("working in a small group"),
        "discussion": _("discussion"),
    }
    return words.get(code, code)


def recommendation_words(
    reason: str,
    competency: Competency,
    values: dict[str, str],
    resource_title: str = "",
    why_resource: str = "",
) -> str:
    """The one sentence that says why this is recommended (and why this resource, when there is one)."""
    code = code_of(competency)
    if reason == "revise":
        sentence = _("Revise %(code)s: your teacher asked for a revision.") % {"code": code}
    elif reason == "overdue":
        sentence = _("%(code)s was due on %(day)s and is not mastered yet.") % {
            "code": code,
            "day": day(dt.date.fromisoformat(values["due_on"])),
        }
    elif reason == "due":
        sentence = _("%(code)s is due on %(day)s.") % {
            "code": code,
            "day": day(dt.date.fromisoformat(values["due_on"])),
        }
    else:
        sentence = _("%(code)s is next on your plan and you have mastered what it needs.") % {"code": code}
    if not resource_title:
        return sentence
    if why_resource == "interest":
        more = _("Try “%(title)s”: it is about %(word)s, which you said interests you.") % {
            "title": resource_title,
            "word": values.get("interest", ""),
        }
    elif why_resource == "modality":
        more = _("Try “%(title)s”: you chose %(way)s before.") % {
            "title": resource_title,
            "way": _modality(values.get("modality", "")),
        }
    else:
        more = _("Start with “%(title)s”.") % {"title": resource_title}
    return f"{sentence} {more}"
