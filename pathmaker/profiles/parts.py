"""The parts of a profile that other apps build (goals, habits, portfolio, conferences...).

Every part is declared the same way: the app that builds it (profiles itself included) has a
`profile_part.py` module whose `PARTS` lists its `ProfilePart`s, each with the template that renders
it and a function that gives that template its context. `discover_parts()`, run once by
ProfilesConfig.ready(), registers the `PARTS` of every installed app's `profile_part` module; there is
no other way to add a part. The profile page shows a part where the district placed a section of
that kind, and only if the access rule shows that section to the viewer, so the parts never decide
visibility themselves. Profiles imports none of those apps (it finds their modules by name).

A part may also contribute to the student-led conference packet: `packet(access)` returns a
PacketSection (stored as a JSON snapshot, edited by the student and printed as a PDF). A packet is
shown to the family at the conference, so a contribution never includes anything the family may not
see (no "advisor only" reflections).

The packet is stored once and read in the reader's language (a Spanish-speaking family reads the packet
an English-speaking advisor built), so its words are not stored as sentences: a title or a detail line
is a `Text`, either words written by a person (a goal's title, shown as written) or a **phrase**, a code
with its values (`phrase("goal.why", why="Labs are half my grade")`). Each app registers how
its codes read (`register_phrase`, translating with gettext at display time) and `render_text` writes a
Text in the active language; an unknown code or malformed values read as nothing, never an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, TypeAlias

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.module_loading import module_has_submodule

from pathmaker.components.display import in_reader_language
from pathmaker.profiles.access import ProfileAccess, profile_sections_for

logger = logging.getLogger(__name__)

# Words as written (str), a phrase ({"code": ..., "values": {...}}), or lines of either (a list).
Text: TypeAlias = str | dict[str, Any] | list[Any]

_PHRASES: dict[str, Callable[[Mapping[str, Any]], str]] = {}


def phrase(code: str, **values: Any) -> dict[str, Any]:
    """A sentence stored as its code and values (JSON-safe: text, numbers, ISO dates, choice codes)."""
    return {"code": code, "values": values}


def register_phrase(code: str, render: Callable[[Mapping[str, Any]], str]) -> None:
    """How the phrase `code` reads: `render(values)` returns it in the active language."""
    _PHRASES[code] = render


def render_text(value: Any) -> str:
    """A stored Text in the reader's language (lines joined by line breaks)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(line for line in (render_text(v) for v in value) if line)
    if not isinstance(value, dict):
        return ""
    render = _PHRASES.get(str(value.get("code", "")))
    values = value.get("values")
    if render is None or not isinstance(values, dict):
        return ""
    try:
        return render(values)
    except (KeyError, TypeError, ValueError):
        # A packet stored by an older version with other values: show nothing rather than fail the page.
        logger.warning("packet phrase %s could not be read with %r", value.get("code"), values)
        return ""


# District-written words with an optional Spanish text beside them (fallback to the English, through the
# catalogue for the words Pathmaker installs).
register_phrase("bilingual", lambda values: in_reader_language(str(values["en"]), values.get("es")))


def bilingual(en: str, es: str | None) -> dict[str, Any]:
    return phrase("bilingual", en=en, es=es or None)


@dataclass(frozen=True)
class PacketItem:
    title: Text
    detail: Text = ""
    key: str = ""  # stable id within the section ("goal-12"), so a student's choices survive a rebuild


@dataclass(frozen=True)
class PacketSection:
    kind: str
    title: Text
    items: list[PacketItem] = field(default_factory=list)


@dataclass(frozen=True)
class ProfilePart:
    kind: str  # a ProfileSection.Kind value
    template: str
    context: Callable[
        [ProfileAccess, HttpRequest], dict[str, Any] | None
    ]  # None: nothing to draw for this student
    packet: Callable[[ProfileAccess], PacketSection | None] | None = None


PART_MODULE = "profile_part"  # the one module name an app declares its profile parts in

_PARTS: dict[str, ProfilePart] = {}


def discover_parts() -> None:
    """Register the `PARTS` of every installed app's `profile_part` module (Django's autodiscover pattern)."""
    for app in apps.get_app_configs():
        if not module_has_submodule(app.module, PART_MODULE):
            continue
        for part in import_module(f"{app.name}.{PART_MODULE}").PARTS:
            known = _PARTS.get(part.kind)
            if known is not None and known != part:
                raise ImproperlyConfigured(f"two apps declare the profile part {part.kind!r}")
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
