"""How Pathmaker writes dates, numbers and a few stored codes for a reader, in the reader's language.

One place, so every page, the conference packet and its PDF agree:

- a **day** is shown in the district's time zone (settings.TIME_ZONE, from PATHMAKER_TIME_ZONE): a
  check-in saved at 8 pm in New York is on that day there, not on the next day in UTC. Then it is
  written in the active language's DATE_FORMAT ("Nov. 20, 2026", "20 de noviembre de 2026").
- a **number** is always localized (Django's number format: "2.73" in English, "2,73" in Spanish),
  never an f-string, so a page never mixes "0.65" with "2,73".
- a **role** stored as a code ("advisor") is translated when it is shown.

The templates reach these through the `day`, `number` and `role_name` filters (pathmaker.components.
templatetags.display, loaded everywhere as a builtin); Python code (packet phrases, the PDF) calls them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import pgettext_lazy

_ROLES = {
    "student": pgettext_lazy("role", "student"),
    "guardian": pgettext_lazy("role", "guardian"),
    "advisor": pgettext_lazy("role", "advisor"),
    "teacher": pgettext_lazy("role", "teacher"),
    "school leader": pgettext_lazy("role", "school leader"),
    "district": pgettext_lazy("role", "district"),
    "other": pgettext_lazy("role", "other"),
}


def local_day(value: dt.date | dt.datetime | str) -> dt.date:
    """The calendar day of `value` in the district's time zone (an ISO string is read first)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def day(value: dt.date | dt.datetime | str | None) -> str:
    """The day as this language writes it; "" for nothing (or for a stored value that is not a date)."""
    if value in (None, ""):
        return ""
    try:
        return formats.date_format(local_day(value), "DATE_FORMAT")
    except (TypeError, ValueError):
        return ""


def number(value: Any, places: int = 2) -> str:
    """A number in this language's format, with at most `places` decimals and no trailing zeros."""
    if value is None or value == "":
        return ""
    try:
        rounded = round(float(value), places)
    except (TypeError, ValueError):
        return str(value)
    rounded = rounded or 0.0  # never "-0"
    text = f"{rounded:.{places}f}".rstrip("0").rstrip(".") if places else f"{rounded:.0f}"
    shown = len(text.partition(".")[2])
    return formats.number_format(rounded, shown, use_l10n=True)


def fixed(value: Any, places: int = 2) -> str:
    """A number with exactly `places` decimals ("3.00", "3,00"), for a level shown beside others."""
    if value is None or value == "":
        return ""
    return formats.number_format(round(float(value), places), places, use_l10n=True)


def role_name(code: str) -> str:
    """A stored role code ("advisor") in the reader's language; an unknown code is shown as it is."""
    label = _ROLES.get((code or "").strip())
    return str(label) if label is not None else code


def in_reader_language(english: str, spanish: str | None) -> str:
    """District-written words: the Spanish text for a Spanish reader when the district wrote one; else the
    English, through the catalogue (the sections and checklist Pathmaker installs are translated there)."""
    if spanish and (translation.get_language() or "").startswith("es"):
        return spanish
    return translation.gettext(english) if english else english
