"""What a student's reason and an unmet constraint say, in the reader's language (the pure proposal and
the stored members speak codes and numbers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from pathmaker.components.display import number
from pathmaker.grouping.propose import Unmet
from pathmaker.grouping.services import MAX_GROUP_SIZE
from pathmaker.lib.errors import DomainError


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


def _levels(span: str) -> str:
    return _("Group levels: %(span)s.") % {"span": span} if span else ""


def shown_code(code: str, values: Mapping[str, Any], *, sees_demographics: bool) -> str:
    """The reason code a reader is shown. A place a demographic flag decided ("balance", or "keep_with" for a
    student the flag picked rather than the teacher by name) reads "placed" for someone the district does not
    let see demographics, so a reason never reveals who carries the flag."""
    if sees_demographics:
        return code
    if code == "balance" or (code == "keep_with" and values.get("by_flag")):
        return "placed"
    return code


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
    # Placed by a constraint: say which, and still give the group's levels (the teacher weighs both).
    because = {
        "together": _("Kept with a classmate, as the teacher asked."),
        "apart": _("Kept apart from a classmate, as the teacher asked."),
        "balance": _("Placed to spread a group of students evenly."),
        "keep_with": _("Kept with the staff person the teacher named for this group."),
        "placed": _("Placed to meet the teacher's choices for these groups."),
    }
    if code in because:
        return f"{because[code]} {_levels(span)}".strip()
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
    if unmet.code == "keep_with_too_large":
        return _(
            "%(who)s could not join the named staff person's group: it holds at most %(largest)s. "
            "Choose fewer students or allow larger groups."
        ) % {"who": who, "largest": largest}
    if unmet.code == "keep_with":
        return _(
            "%(who)s could not join the named staff person's group: check the pairs that must be apart."
        ) % {"who": who}
    if unmet.code == "balance":
        return _("%(group)s could not be spread evenly with the other constraints.") % {
            "group": balance_name(unmet.label)
        }
    return unmet.code


def error_words(error: DomainError) -> str:
    """A refusal from the services, in the reader's language (by its code; the service's English otherwise)."""
    by_code = {
        "grouping.bad_sizes": _(
            "Choose group sizes from 1 to %(largest)s, the smallest no larger than the largest."
        )
        % {"largest": MAX_GROUP_SIZE},
        "grouping.contradictory_pairs": _("The same two students cannot be both together and apart."),
        "grouping.not_every_student_once": _(
            "The class changed since the groups were proposed: propose them again, then save."
        ),
        "grouping.no_students": _("These sections have no students to group."),
        "grouping.no_staff": _("Choose the staff person whose group these students join."),
        "grouping.no_one_to_keep": _("Choose the students who join that staff person's group."),
        "grouping.no_teacher_station": _("Make one station the teacher-led small group."),
        "grouping.forbidden": _("Only those who run these sections may do this."),
    }
    if error.code == "grouping.not_in_sections":
        by_field = {
            "competencies": _("Choose competencies of these sections' courses."),
            "keep_with_staff": _("Choose a teacher or aide of these sections."),
            "staff": _("Choose a teacher or aide of these sections."),
        }
        return by_field.get(error.field or "", _("Choose students of these sections."))
    return by_code.get(error.code, error.message)


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
