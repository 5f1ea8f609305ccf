"""The goals part of a learner profile, and what goals offer the student-led conference packet.

The profile page decides whether the part shows (the access rule); this module gives its template
the goals this viewer may see. The packet is shown to the family, so it never carries an
advisor-only reflection, whoever builds it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext as _

from pathmaker.access.rules import ProfileAccess
from pathmaker.goals import selectors, services
from pathmaker.goals.models import Goal
from pathmaker.goals.selectors import GoalCard
from pathmaker.profiles.parts import PacketItem, PacketSection, ProfilePart


def part_context(access: ProfileAccess, request: HttpRequest) -> dict[str, Any]:
    """The part's template receives this as `ctx` (the profile page includes it `with ctx=...`)."""
    cards = selectors.goals_for(access)
    return {
        "student": access.student,
        "open": [c for c in cards if c.goal.is_open],
        "closed": [c for c in cards if not c.goal.is_open],
        "is_owner": access.may_write_own,
        "may_create": services.may_create(access),
        "may_respond": access.may_respond,
        "sees_advisor_only": access.sees_advisor_only,
    }


def _day(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _packet_detail(card: GoalCard) -> str:
    goal = card.goal
    lines = [_("%(category)s goal · target %(date)s") % {"category": goal.get_category_display(),
                                                          "date": _day(goal.target_date)}]
    if goal.status == Goal.Status.ACHIEVED and goal.closed_at:
        lines[0] += " · " + _("achieved %(date)s") % {"date": _day(goal.closed_at)}
    if goal.why:
        lines.append(_("Why it matters: %(why)s") % {"why": goal.why})
    if card.steps:
        lines.append(_("Steps (%(done)d of %(total)d done):") % {"done": card.steps_done, "total": card.steps_total})
        for step in card.steps:
            mark = _("done %(date)s") % {"date": _day(step.done_on)} if step.done_on else _("to do")
            lines.append(f"- {step.text} ({mark})")
    shared = next((t.reflection for t in card.threads if not t.reflection.advisor_only), None)
    if shared is not None:
        rating = f", {shared.get_progress_display().lower()}" if shared.progress else ""
        lines.append(_("Latest reflection (%(date)s%(rating)s): %(text)s")
                     % {"date": _day(shared.created_at), "rating": rating, "text": shared.text})
    if goal.status == Goal.Status.ACHIEVED and goal.closing_reflection:
        lines.append(_("Looking back: %(text)s") % {"text": goal.closing_reflection})
    return "\n".join(lines)


def packet(access: ProfileAccess) -> PacketSection:
    """Active and achieved goals, with their steps and the latest reflection the family may read."""
    cards = selectors.goals_for(access, statuses=[Goal.Status.ACTIVE, Goal.Status.ACHIEVED])
    items = [PacketItem(title=card.goal.title if card.goal.status == Goal.Status.ACTIVE
                        else _("Achieved: %(title)s") % {"title": card.goal.title},
                        detail=_packet_detail(card), key=f"goal-{card.goal.pk}") for card in cards]
    return PacketSection(kind="goals", title=_("Goals and reflection"), items=items)


GOALS_PART = ProfilePart(kind="goals", template="goals/part.html", context=part_context, packet=packet)
