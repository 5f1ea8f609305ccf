"""The parts of a profile that other apps build (goals, habits, portfolio, conferences...).

Each app registers its part once, in its AppConfig.ready(), with the template that renders it and a
function that gives that template its context. The profile page shows a part where the district
placed a section of that kind, and only if the access rule shows that section to the viewer, so
the parts never decide visibility themselves. Profiles imports none of those apps.

A part may also contribute to the student-led conference packet: `packet(access)` returns a
PacketSection (plain titles and text, so the packet can be stored as a snapshot, edited by the
student and printed as a PDF). A packet is shown to the family at the conference, so a
contribution never includes anything the family may not see (no "advisor only" reflections).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from pathmaker.access.rules import ProfileAccess, profile_sections_for


@dataclass(frozen=True)
class PacketItem:
    title: str
    detail: str = ""
    key: str = ""  # stable id within the section ("goal-12"), so a student's choices survive a rebuild


@dataclass(frozen=True)
class PacketSection:
    kind: str
    title: str
    items: list[PacketItem] = field(default_factory=list)


@dataclass(frozen=True)
class ProfilePart:
    kind: str  # a ProfileSection.Kind value
    template: str
    context: Callable[[ProfileAccess, HttpRequest], dict[str, Any]]
    packet: Callable[[ProfileAccess], PacketSection | None] | None = None


_PARTS: dict[str, ProfilePart] = {}


def register_part(part: ProfilePart) -> None:
    _PARTS[part.kind] = part


def part_for(kind: str) -> ProfilePart | None:
    return _PARTS.get(kind)


def packet_sections(access: ProfileAccess) -> list[PacketSection]:
    """What each part offers the conference packet, in the order of the student's profile sections."""
    sections = []
    for kind in profile_sections_for(access).values_list("kind", flat=True):
        part = _PARTS.get(kind)
        if part is not None and part.packet is not None:
            section = part.packet(access)
            if section is not None and section.items:
                sections.append(section)
    return sections
