"""The parts of the profile this app draws itself: mastery across years, readiness and notes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pathmaker.components import display
from pathmaker.mastery.models import MasterySummary
from pathmaker.profiles import selectors
from pathmaker.profiles.access import ProfileAccess
from pathmaker.profiles.models import ReadinessRecord
from pathmaker.profiles.parts import (
    PacketItem,
    PacketSection,
    ProfilePart,
    bilingual,
    phrase,
    register_phrase,
)


def _mastery(access: ProfileAccess, request: HttpRequest) -> dict[str, Any]:
    return {"across": selectors.mastery_across_years(access.student, today=timezone.localdate())}


def _mastery_packet(access: ProfileAccess) -> PacketSection:
    across = selectors.mastery_across_years(access.student, today=timezone.localdate())
    items = [
        PacketItem(
            title=f"{row.competency.human_coding_scheme or ''} {row.competency.short_statement}".strip(),
            detail=phrase("mastery.row", status=row.status, level=row.level, courses=list(row.courses)),
            key=f"competency-{row.competency.pk}",
        )
        for row in across.rows
        if row.level is not None or row.is_gap
    ]
    return PacketSection("mastery", phrase("mastery.section"), items)


def _mastery_row(values: Mapping[str, Any]) -> str:
    text = str(MasterySummary.Status(values["status"]).label)
    if values.get("level") is not None:
        text += ", " + _("level %(level)s") % {"level": display.number(values["level"], 2)}
    if values.get("courses"):
        text += f" ({', '.join(values['courses'])})"
    return text


register_phrase("mastery.section", lambda values: _("Mastery across my courses"))
register_phrase("mastery.row", _mastery_row)


def _readiness(access: ProfileAccess, request: HttpRequest) -> dict[str, Any] | None:
    lines = selectors.readiness_for(access)
    if not lines:
        return None  # too young for any item of the checklist: the part is not drawn
    return {"lines": lines, "statuses": ReadinessRecord.Status.choices, "today": timezone.localdate()}


def _readiness_packet(access: ProfileAccess) -> PacketSection:
    items = []
    for line in selectors.readiness_for(access):
        if line.record is None:
            continue
        record = line.record
        detail = phrase(
            "readiness.record",
            status=record.status,
            score=None if record.score is None else float(record.score),
            detail=record.detail,
        )
        items.append(
            PacketItem(bilingual(line.item.title, line.item.title_es), detail, f"readiness-{line.item.key}")
        )
    return PacketSection("readiness", phrase("readiness.section"), items)


def _readiness_record(values: Mapping[str, Any]) -> str:
    text = str(ReadinessRecord.Status(values["status"]).label)
    if values.get("score") is not None:
        text += f": {display.number(values['score'], 2)}"
    if values.get("detail"):
        text += f" ({values['detail']})"
    return text


register_phrase("readiness.section", lambda values: _("College and career readiness"))
register_phrase("readiness.record", _readiness_record)


def _notes(access: ProfileAccess, request: HttpRequest) -> dict[str, Any]:
    return {"notes": selectors.notes_for(access)}


PARTS = (
    ProfilePart("mastery", "profiles/part_mastery.html", _mastery, _mastery_packet),
    ProfilePart("readiness", "profiles/part_readiness.html", _readiness, _readiness_packet),
    ProfilePart("notes", "profiles/part_notes.html", _notes),
)
