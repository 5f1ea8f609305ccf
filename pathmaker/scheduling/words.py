"""The flex schedule's reasons, in the reader's language, from the codes and values the solver stored.

A placement keeps `reason_code` and `reason_values` (`solver` codes, with competency codes, levels and
workshop titles added when it was stored: `solving._Words`), a schedule keeps its unmet needs and what to
relax the same way; this module words them at display time, so a Spanish reader sees Spanish whoever ran
the solve. An unknown code reads as itself rather than failing a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def _v(values: Mapping[str, Any] | None, key: str, default: str = "") -> str:
    value = (values or {}).get(key)
    if value is None or value == "":
        return default
    if isinstance(value, float):
        return number_format(value, decimal_pos=1)
    return str(value)


def _what(values: Mapping[str, Any] | None) -> str:
    return _v(values, "competency_code") or _v(values, "workshop_title") or _("this competency")


def reason_text(code: str, values: Mapping[str, Any] | None = None) -> str:
    """Why a student is where they are in a block."""
    if code == "need":
        if _v(values, "level"):
            return _("Working on %(competency)s: level %(level)s, below %(threshold)s") % {
                "competency": _what(values),
                "level": _v(values, "level"),
                "threshold": _v(values, "threshold"),
            }
        return _("Working on %(competency)s") % {"competency": _what(values)}
    if code == "required":
        return _("Required for students below a level on %(competency)s (level %(level)s)") % {
            "competency": _what(values),
            "level": _v(values, "level", "?"),
        }
    if code == "teacher_required":
        return _("A teacher asked for this student to attend")
    if code == "preference":
        return _("The student's choice number %(rank)s") % {"rank": _v(values, "rank", "?")}
    if code == "locked":
        return _("Kept where a leader locked it")
    if code == "kept":
        return _("Kept from the published schedule")
    if code == "manual":
        return _("Placed by %(name)s") % {"name": _v(values, "by", _("a leader"))}
    if code == "study_hall":
        return _("Study hall: no workshop this block")
    return code


def _unmet_words(code: str, values: Mapping[str, Any], item: Mapping[str, Any]) -> str:
    workshop = _v(values, "workshop_title") or _v(item, "workshop_title") or _("its workshop")
    if code == "no_workshop":
        return _("no workshop this week works on it")
    if code == "leader_unavailable":
        return _("the leader of %(workshop)s is not available in any block it is offered in") % {
            "workshop": workshop
        }
    if code == "no_room_with":
        return _("no room has what %(workshop)s needs (%(features)s)") % {
            "workshop": workshop,
            "features": _v(values, "features"),
        }
    if code == "blocks_locked":
        return _("every block it could go in is locked for this student")
    if code == "not_running":
        return _(
            "%(workshop)s does not run this week: its leader or a room was needed for another workshop"
        ) % {"workshop": workshop}
    if code == "workshop_full":
        return _("%(workshop)s is full in every block it runs") % {"workshop": workshop}
    if code == "blocks_required":
        return _(
            "the blocks %(workshop)s runs in with seats left went to the student's other required workshops"
        ) % {"workshop": workshop}
    if code == "blocks_taken":
        return _("the student's blocks went to needs that weigh more")
    if code == "outranked":
        return _("other students' needs weighed more for the seats left")
    return code


def unmet_text(item: Mapping[str, Any]) -> str:
    """A need the week does not meet, and why (`Schedule.unmet` item)."""
    code = str(item.get("code", ""))
    values = item.get("values") or {}
    what = _v(item, "competency_code") or _v(item, "workshop_title") or _("a requirement")
    return _("%(what)s not met: %(why)s") % {"what": what, "why": _unmet_words(code, values, item)}


def relax_text(item: Mapping[str, Any]) -> str:
    """One rule to relax so an infeasible week can be solved (`Schedule.relax` item)."""
    code = str(item.get("code", ""))
    values = item.get("values") or {}
    if code == "locked_placement":
        return _("Unlock student %(student)s's placement in block %(block)s") % {
            "student": _v(values, "student_name") or _v(values, "student"),
            "block": _v(values, "block_label") or _v(values, "block"),
        }
    if code == "required_placements":
        return _(
            "%(workshop)s requires %(students)s students at priority %(priority)s but seats %(seats)s "
            "in the week: add seats or blocks, or lower the priority"
        ) % {
            "workshop": _v(values, "workshop_title") or _v(values, "workshop"),
            "students": _v(values, "students"),
            "priority": _v(values, "priority"),
            "seats": _v(values, "seats"),
        }
    if code == "study_hall_capacity":
        return _("Let the study hall hold more than %(capacity)s students in block %(block)s") % {
            "capacity": _v(values, "capacity"),
            "block": _v(values, "block_label") or _v(values, "block"),
        }
    return code
