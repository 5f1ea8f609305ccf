"""The parts of a profile that other apps build (goals, habits, portfolio, conferences...).

Each app registers its part once, in its AppConfig.ready(), with the template that renders it and a
function that gives that template its context. The profile page shows a part where the district
placed a section of that kind, and only if the access rule shows that section to the viewer, so
the parts never decide visibility themselves. Profiles imports none of those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from pathmaker.access.rules import ProfileAccess


@dataclass(frozen=True)
class ProfilePart:
    kind: str  # a ProfileSection.Kind value
    template: str
    context: Callable[[ProfileAccess, HttpRequest], dict[str, Any]]


_PARTS: dict[str, ProfilePart] = {}


def register_part(part: ProfilePart) -> None:
    _PARTS[part.kind] = part


def part_for(kind: str) -> ProfilePart | None:
    return _PARTS.get(kind)
