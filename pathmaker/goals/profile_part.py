"""The goals part of a learner profile, and what goals offer the student-led conference packet.

The profile page decides whether the part shows (the access rule); this module gives its template
the goals this viewer may see. The packet is shown to the family, so it never carries an
advisor-only reflection, whoever builds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from pathmaker.components import display
from pathmaker.goals import access as goal_access
from pathmaker.goals import selectors
from pathmaker.goals.models import CheckIn, Goal
from pathmaker.goals.selectors import GoalCard
from pathmaker.profiles.access import ProfileAccess
from pathmaker.profiles.parts import PacketItem, PacketSection, ProfilePart, phrase, register_phrase


def part_context(access: ProfileAccess, request: HttpRequest) -> dict[str, Any]:
    """The part's template receives this as `ctx` (the profile page includes it `with ctx=...`)."""
    cards = selectors.goals_for(access)
    return {
        "student": access.student,
        "open": [c for c in cards if c.goal.is_open],
        "closed": [c for c in cards if not c.goal.is_open],
        "is_owner": access.may_write_own,
        "may_create": goal_access.may_create(access),
        "may_respond": access.may_respond,
        "sees_advisor_only": access.sees_advisor_only,
    }


def _iso(value: Any) -> str | None:
    """A date or datetime stored as the district's calendar day (a check-in at 8 pm is on that day)."""
    return display.local_day(value).isoformat() if value else None


def _packet_detail(card: GoalCard) -> list[dict[str, Any]]:
    """The goal's lines as phrases (codes and values), written out in the reader's language when shown."""
    goal = card.goal
    achieved = _iso(goal.closed_at) if goal.status == Goal.Status.ACHIEVED else None
    lines = [phrase("goal.summary", category=goal.category, target=_iso(goal.target_date), achieved=achieved)]
    if goal.why:
        lines.append(phrase("goal.why", why=goal.why))
    if card.steps:
        lines.append(phrase("goal.steps", done=card.steps_done, total=card.steps_total))
        lines += [phrase("goal.step", text=step.text, done=_iso(step.done_on)) for step in card.steps]
    shared = next((t.reflection for t in card.threads if not t.reflection.advisor_only), None)
    if shared is not None:
        lines.append(
            phrase("goal.reflection", on=_iso(shared.created_at), progress=shared.progress, text=shared.text)
        )
    if goal.status == Goal.Status.ACHIEVED and goal.closing_reflection:
        lines.append(phrase("goal.looking_back", text=goal.closing_reflection))
    return lines


def packet(access: ProfileAccess) -> PacketSection:
    """Active and achieved goals, with their steps and the latest reflection the family may read."""
    cards = selectors.goals_for(access, statuses=[Goal.Status.ACTIVE, Goal.Status.ACHIEVED])
    items = [
        PacketItem(
            title=card.goal.title
            if card.goal.status == Goal.Status.ACTIVE
            else phrase("goal.achieved", title=card.goal.title),
            detail=_packet_detail(card),
            key=f"goal-{card.goal.pk}",
        )
        for card in cards
    ]
    return PacketSection(kind="goals", title=phrase("goal.section"), items=items)


def _summary(values: Mapping[str, Any]) -> str:
    text = _("%(category)s goal · target %(date)s") % {
        "category": Goal.Category(values["category"]).label,
        "date": display.day(values["target"]),
    }
    if values.get("achieved"):
        text += " · " + _("achieved %(date)s") % {"date": display.day(values["achieved"])}
    return text


def _step(values: Mapping[str, Any]) -> str:
    mark = _("done %(date)s") % {"date": display.day(values["done"])} if values.get("done") else _("to do")
    return f"- {values['text']} ({mark})"


def _reflection(values: Mapping[str, Any]) -> str:
    progress = values.get("progress")
    rating = f", {CheckIn.Progress(progress).label.lower()}" if progress else ""
    return _("Latest reflection (%(date)s%(rating)s): %(text)s") % {
        "date": display.day(values["on"]),
        "rating": rating,
        "text": values["text"],
    }


register_phrase("goal.section", lambda values: _("Goals and reflection"))
register_phrase("goal.achieved", lambda values: _("Achieved: %(title)s") % {"title": values["title"]})
register_phrase("goal.summary", _summary)
register_phrase("goal.why", lambda values: _("Why it matters: %(why)s") % {"why": values["why"]})
register_phrase(
    "goal.steps",
    lambda values: (
        _("Steps (%(done)d of %(total)d done):") % {"done": values["done"], "total": values["total"]}
    ),
)
register_phrase("goal.step", _step)
register_phrase("goal.reflection", _reflection)
register_phrase("goal.looking_back", lambda values: _("Looking back: %(text)s") % {"text": values["text"]})


PARTS = (ProfilePart(kind="goals", template="goals/part.html", context=part_context, packet=packet),)
