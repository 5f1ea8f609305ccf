"""What the habits part of a profile shows, for the profile page and for the student's habits page.

A panel is one inventory for one student: a chart per dimension over the school year (the
student's view and the adults'), and a "Rate myself" / "Rate this student" link for those who may
rate. The packet contribution gives the newest ratings per dimension in plain words; it carries
only numbers, never the notes raters wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pathmaker.inventories import selectors
from pathmaker.inventories.charts import line_chart, series_labels
from pathmaker.inventories.models import Inventory, InventoryTaking
from pathmaker.inventories.selectors import DimensionTrend, Trend
from pathmaker.inventories.services import rater_role_for
from pathmaker.lib.charts import Chart
from pathmaker.profiles.access import ProfileAccess
from pathmaker.profiles.parts import (
    PacketItem,
    PacketSection,
    ProfilePart,
    phrase,
    register_phrase,
)

KIND = "habits"


@dataclass(frozen=True)
class Panel:
    inventory: Inventory
    trend: Trend
    charts: list[tuple[DimensionTrend, Chart]]
    rate_url: str
    rate_label: str
    rated_today: bool

    @property
    def levels(self) -> list[tuple[int, str]]:
        return list(enumerate(self.inventory.levels, start=1))


def rate_label(role: str | None) -> str:
    if role is None:
        return ""
    return _("Rate myself") if role == InventoryTaking.RaterRole.SELF else _("Rate this student")


def panels_for(
    access: ProfileAccess,
    user: Any,
    *,
    inventories: Iterable[Inventory],
    since: dt.date | None,
    today: dt.date,
) -> list[Panel]:
    role = rater_role_for(access)
    panels = []
    for inventory in inventories:
        trend = selectors.trend(access.student, inventory, since=since)
        start = since or min((t.taken_on for t in trend.takings), default=selectors.school_year_start(today))
        charts = [
            (
                dimension,
                line_chart(
                    dimension,
                    top=inventory.top,
                    start=start,
                    end=today,
                    chart_id=f"habits-{inventory.pk}-{number}",
                ),
            )
            for number, dimension in enumerate(trend.dimensions, start=1)
        ]
        may_rate = role is not None and inventory.is_active
        panels.append(
            Panel(
                inventory=inventory,
                trend=trend,
                charts=charts,
                rate_url=reverse("inventory_take", args=[access.student.pk, inventory.pk])
                if may_rate
                else "",
                rate_label=rate_label(role) if may_rate else "",
                rated_today=may_rate
                and any(t.rater_id == user.pk and t.taken_on == today for t in trend.takings),
            )
        )
    return panels


def part_context(access: ProfileAccess, request: HttpRequest) -> dict[str, Any]:
    """The profile page's habits section (the profile page audits the read of the profile)."""
    today = timezone.localdate()
    return {
        "panels": panels_for(
            access,
            request.user,
            inventories=selectors.active_inventories(),
            since=selectors.school_year_start(today),
            today=today,
        ),
        "student": access.student,
        "legend": series_labels(),
    }


def _value(value: float, levels: list[str]) -> str:
    text = formats.number_format(value, 1, use_l10n=True)
    whole = round(value)
    if abs(value - whole) < 1e-9 and 1 <= whole <= len(levels) and levels[whole - 1]:
        text += f" ({levels[whole - 1]})"
    return text


def _describe(values: Mapping[str, Any]) -> str:
    """ "self 3.0 (Proficient), teachers 2.5": the level's name when the mean is a whole level."""
    levels = list(values.get("levels") or [])
    parts = []
    if values.get("own") is not None:
        parts.append(_("self %(value)s") % {"value": _value(float(values["own"]), levels)})
    if values.get("staff") is not None:
        parts.append(_("teachers %(value)s") % {"value": _value(float(values["staff"]), levels)})
    return ", ".join(parts)


register_phrase("habits.section", lambda values: _("Habits and dispositions"))
register_phrase("habits.latest", _describe)


def describe_latest(inventory: Inventory, latest: selectors.Latest) -> dict[str, Any]:
    """The newest self and adults' means of a dimension, as a packet phrase (written out when shown)."""
    return phrase(
        "habits.latest",
        own=None if latest.own is None else latest.own.value,
        staff=None if latest.staff is None else latest.staff.value,
        levels=list(inventory.levels),
    )


def packet(access: ProfileAccess) -> PacketSection:
    """The newest self and adults' rating of each dimension of each active inventory."""
    items = []
    inventories = list(selectors.active_inventories())
    for inventory in inventories:
        for latest in selectors.latest_by_dimension(access.student, inventory):
            if latest.own is None and latest.staff is None:
                continue
            title = latest.dimension if len(inventories) == 1 else f"{inventory.title}: {latest.dimension}"
            items.append(
                PacketItem(
                    title=title,
                    detail=describe_latest(inventory, latest),
                    key=f"inventory-{inventory.pk}-{slugify(latest.dimension)}",
                )
            )
    return PacketSection(KIND, phrase("habits.section"), items)


PARTS = (ProfilePart(kind=KIND, template="inventories/part.html", context=part_context, packet=packet),)
