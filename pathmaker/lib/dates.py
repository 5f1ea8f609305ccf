"""Lenient date parsing for files that real systems export.

ISO 8601 is the standard; some student information systems write d/mm/yyyy or
m/d/yyyy instead. `SlashDateOrder` decides the order once per file column from
the unambiguous values it contains, so "1/05/2023" is read the same way as the
"15/06/2023" beside it.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[T ].*)?$")


def is_iso_date(value: str) -> bool:
    return bool(_ISO_DATE.match(value))


def slash_parts(value: str) -> tuple[int, int, int] | None:
    match = _SLASH_DATE.match(value)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def infer_day_first(values: list[str]) -> bool | None:
    """True if the slash dates are day-first, False if month-first, None if nothing tells."""
    for value in values:
        parts = slash_parts(value)
        if parts is None:
            continue
        first, second, _ = parts
        if first > 12 >= second:
            return True
        if second > 12 >= first:
            return False
    return None


def parse_date(value: str, *, day_first: bool = True) -> dt.date:
    """Parse an ISO 8601 date (or date-time, whose date part is kept) or a slash date.

    Raises ValueError with a readable reason.
    """
    match = _ISO_DATE.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    parts = slash_parts(value)
    if parts is None:
        raise ValueError(f"{value!r} is not a date (expected YYYY-MM-DD)")
    first, second, year = parts
    day, month = (first, second) if day_first else (second, first)
    return dt.date(year, month, day)


def school_year_ending(day: dt.date, *, first_month: int = 8) -> int:
    """The calendar year a school year ends in: with years starting in August, 2025-09-03 is in 2026."""
    return day.year + 1 if day.month >= first_month else day.year


def school_year_label(ending: int) -> str:
    """2026 -> "2025-26", the way schools write it."""
    return f"{ending - 1}-{ending % 100:02d}"
