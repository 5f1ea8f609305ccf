"""The parts of the profile this app draws itself: mastery across years, readiness and notes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from pathmaker.access.rules import ProfileAccess
from pathmaker.profiles import selectors
from pathmaker.profiles.models import ReadinessRecord
from pathmaker.profiles.parts import PacketItem, PacketSection, ProfilePart, register_part


def _mastery(access: ProfileAccess, request: HttpRequest) -> dict[str, Any]:
    return {"across": selectors.mastery_across_years(access.student, today=timezone.localdate())}


def _mastery_packet(access: ProfileAccess) -> PacketSection:
    across = selectors.mastery_across_years(access.student, today=timezone.localdate())
    items = [PacketItem(
        title=f"{row.competency.human_coding_scheme or ''} {row.competency.short_statement}".strip(),
        detail=f"{row.status_label}" + (f", level {row.level:.2f}" if row.level is not None else "")
        + (f" ({', '.join(row.courses)})" if row.courses else ""),
        key=f"competency-{row.competency.pk}") for row in across.rows if row.level is not None or row.is_gap]
    return PacketSection("mastery", "Mastery across my courses", items)


def _readiness(access: ProfileAccess, request: HttpRequest) -> dict[str, Any]:
    return {"lines": selectors.readiness_for(access), "statuses": ReadinessRecord.Status.choices,
            "today": timezone.localdate()}


def _readiness_packet(access: ProfileAccess) -> PacketSection:
    items = []
    for line in selectors.readiness_for(access):
        if line.record is None:
            continue
        record = line.record
        detail = record.get_status_display()
        if record.score is not None:
            detail += f": {record.score.normalize():f}"
        if record.detail:
            detail += f" ({record.detail})"
        items.append(PacketItem(line.item.title, detail, f"readiness-{line.item.key}"))
    return PacketSection("readiness", "College and career readiness", items)


def _notes(access: ProfileAccess, request: HttpRequest) -> dict[str, Any]:
    return {"notes": selectors.notes_for(access)}


register_part(ProfilePart("mastery", "profiles/part_mastery.html", _mastery, _mastery_packet))
register_part(ProfilePart("readiness", "profiles/part_readiness.html", _readiness, _readiness_packet))
register_part(ProfilePart("notes", "profiles/part_notes.html", _notes))
