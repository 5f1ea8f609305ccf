"""One way to write a day, a number and a role for a reader: the district's calendar, the reader's language."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import translation

from pathmaker.components import display

# 9:30 pm on 20 November in New York is 02:30 on the 21st in UTC.
EVENING_UTC = dt.datetime(2026, 11, 21, 2, 30, tzinfo=dt.UTC)


def test_a_day_is_the_districts_calendar_day_in_the_readers_format():
    with translation.override("en"):
        assert display.day(EVENING_UTC) == "Nov. 20, 2026"
        assert display.day(dt.date(2026, 11, 20)) == "Nov. 20, 2026"
        assert display.day("2026-11-20") == display.day(EVENING_UTC.isoformat()) == "Nov. 20, 2026"
    with translation.override("es"):
        assert display.day(EVENING_UTC) == "20 de noviembre de 2026"
    assert display.day(None) == display.day("") == display.day("not a date") == ""


def test_numbers_are_always_localized_without_trailing_zeros():
    with translation.override("en"):
        assert [display.number(v) for v in (2.73, 0.65, 3.0, -0.00001, None)] == [
            "2.73",
            "0.65",
            "3",
            "0",
            "",
        ]
        assert display.number(2.52751, 4) == "2.5275" and display.fixed(3, 2) == "3.00"
    with translation.override("es"):
        assert [display.number(v) for v in (2.73, 0.65, 3.0)] == ["2,73", "0,65", "3"]
        assert display.fixed(2.5, 2) == "2,50"


def test_the_template_filters_are_available_on_every_page():
    template = Template("{{ when|day }} · {{ level|number }} · {{ role|role_name }}")
    context = {"when": EVENING_UTC, "level": 2.731, "role": "advisor"}
    with translation.override("en"):
        assert template.render(Context(context)) == "Nov. 20, 2026 · 2.73 · advisor"
    with translation.override("es"):
        assert template.render(Context(context)) == "20 de noviembre de 2026 · 2,73 · asesor/a"
    assert display.role_name("no such role") == "no such role"
