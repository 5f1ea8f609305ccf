"""The conference packet stores codes and values, and each reader reads its dates and words in their own
language, on the district's calendar (a check-in at 9:30 pm in New York is that day, not the next in UTC)."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import translation

from pathmaker.conferences import services as conferences
from pathmaker.conferences.selectors import shown_packet
from pathmaker.goals import services
from tests.goals.conftest import access_of, own_goal, reflect

# 9:30 pm on 1 October in New York is 01:30 on 2 October in UTC.
EVENING = dt.datetime(2026, 10, 2, 1, 30, tzinfo=dt.UTC)


def _evening_goal(district, clock):
    clock.move_to(EVENING)
    goal = own_goal(district, title="Read four books", target=dt.date(2026, 10, 20))
    reflect(district, goal, text="Halfway there", progress=3)
    services.goal_close(
        access=access_of(district, "student"),
        goal=goal,
        actor=district.actor("student"),
        outcome="achieved",
        reflection="Reading before bed worked",
    )
    return conferences.conference_plan(
        access=access_of(district, "student"),
        title="Fall conference",
        scheduled_on=dt.date(2026, 10, 20),
        actor=district.actor("student"),
    )


def _goal_lines(conference) -> str:
    section = next(s for s in shown_packet(conference).sections if s.kind == "goals")
    return "\n".join(f"{item.title}\n{item.detail}" for item in section.items)


def test_a_goal_closed_and_checked_in_on_an_evening_shows_that_day_in_the_districts_time_zone(
    district, clock
):
    conference = _evening_goal(district, clock)
    with translation.override("en"):
        lines = _goal_lines(conference)
    assert "achieved Oct. 1, 2026" in lines
    assert "Latest reflection (Oct. 1, 2026, on track): Halfway there" in lines
    assert "Oct. 2, 2026" not in lines


def test_the_stored_packet_keeps_codes_and_a_spanish_reader_reads_it_in_spanish(district, clock):
    conference = _evening_goal(district, clock)
    stored = json.dumps(conference.packet)
    assert "goal.summary" in stored and "Latest reflection" not in stored and "Achieved:" not in stored
    with translation.override("es"):
        spanish = _goal_lines(conference)
        section_title = next(s.title for s in shown_packet(conference).sections if s.kind == "goals")
    with translation.override("en"):
        english = _goal_lines(conference)
    assert "1 de octubre de 2026" in spanish and "Oct. 1" not in spanish
    assert section_title != "Goals and reflection"
    assert spanish != english and "Read four books" in spanish


def test_a_packet_phrase_with_an_unknown_code_or_bad_values_reads_as_nothing():
    from pathmaker.profiles.parts import phrase, render_text

    assert render_text(phrase("no.such.code", x=1)) == ""
    assert render_text(phrase("goal.summary", category="no-such-category", target="2026-10-20")) == ""
    assert render_text({"code": "goal.why"}) == "" and render_text(42) == ""
    with translation.override("en"):
        assert render_text(["Words as written", phrase("goal.why", why="Because")]) == (
            "Words as written\nWhy it matters: Because"
        )


def test_the_pdf_of_the_same_packet_is_printed_in_the_readers_language_on_the_districts_calendar(
    district, clock
):
    import io

    from pypdf import PdfReader

    from pathmaker.conferences.pdf import conference_packet_pdf

    conference = _evening_goal(district, clock)

    def text(language: str) -> str:
        with translation.override(language):
            pdf = conference_packet_pdf(conference)
        return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())

    english, spanish = text("en"), text("es")
    assert "achieved Oct. 1, 2026" in english and "Oct. 2," not in english
    assert "1 de octubre de 2026" in spanish and "Oct. 1, 2026" not in spanish
