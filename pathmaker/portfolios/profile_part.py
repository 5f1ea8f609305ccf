"""The portfolio's part of the learner profile, and what it offers the student-led conference packet.

The profile page decides whether the part shows at all (the district's section, the access rule);
this only chooses the items: featured work first; a family sees nothing else.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from pathmaker.portfolios import selectors
from pathmaker.profiles.access import ProfileAccess
from pathmaker.profiles.parts import PacketItem, PacketSection, ProfilePart, phrase, register_phrase

OTHER_ITEMS_SHOWN = 8


def part_context(access: ProfileAccess, request: HttpRequest) -> dict[str, Any]:
    """What portfolios/part.html reads, as `ctx` (the profile page includes the part with ctx=this)."""
    items = list(selectors.items_visible(access))
    featured = [item for item in items if item.featured]
    others = [] if access.family_only else [item for item in items if not item.featured]
    return {
        "student": access.student,
        "featured": featured,
        "others": others[:OTHER_ITEMS_SHOWN],
        "total": len(items),
        "may_write": access.may_write_own,
        "family_only": access.family_only,
    }


def packet(access: ProfileAccess) -> PacketSection | None:
    """The work the student chose to feature, each with their reflection (what the family may see anyway)."""
    items = selectors.items_visible(access).filter(featured=True)
    return PacketSection(
        kind="portfolio",
        title=phrase("portfolio.section"),
        items=[
            PacketItem(
                title=item.title, detail=item.reflection or item.description, key=f"portfolio-{item.pk}"
            )
            for item in items
        ],
    )


register_phrase("portfolio.section", lambda values: _("Work I chose to feature"))

PARTS = (ProfilePart(kind="portfolio", template="portfolios/part.html", context=part_context, packet=packet),)
