"""The ranges numbers and dates must fall in to be stored and shown: checked where a value enters
(forms, query parameters, API schemas, services), so one bad value cannot break a page for everyone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

# No school record is dated before 1900 or after 2100; 0001-01-01 or 9999-12-31 are typing slips that
# break date arithmetic (a month before 0001-01-01 does not exist).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)

# Ids, offsets and counts stay far below the databases' 64-bit integers.
MAX_ID = 2**63 - 1


def row_id(raw: Any) -> int | None:
    """An id from a URL, a form or an API as a key the databases can hold; None for anything else (not a
    number, or outside the 64-bit key range PostgreSQL would refuse with an error instead of no row)."""
    try:
        value = int(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if -MAX_ID - 1 <= value <= MAX_ID else None


def date_in_window(day: dt.date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE


def decimal_fits(value: Decimal, *, max_digits: int, decimal_places: int) -> bool:
    """A finite number whose rounded value has at most `max_digits - decimal_places` whole digits, so a
    DecimalField(max_digits, decimal_places) stores it exactly as every database reads it back."""
    limit = Decimal(10) ** (max_digits - decimal_places)
    if not value.is_finite() or abs(value) >= limit:
        return False
    return abs(value.quantize(Decimal(1).scaleb(-decimal_places))) < limit  # 99999.995 rounds up to 100000
