"""The packet as a PDF, read back with pypdf: what the student chose, the record, and names as written."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from pathmaker.audit.actor import Actor
from pathmaker.conferences import services
from pathmaker.conferences.pdf import conference_packet_pdf, packet_filename
from pathmaker.conferences.services import AttendeeSpec, item_token
from pathmaker.profiles.access import profile_access_or_404
from pathmaker.profiles.parts import PacketItem
from tests import factories as f
from tests.conferences.conftest import TODAY, access_of, plan, record


def _read(pdf: bytes) -> tuple[PdfReader, str]:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def jose(district, fake_parts):
    """José Núñez, a North student, with his guardian Begoña; Alice teaches him in Art."""
    jose = f.person("José", "Núñez", username="jose.nunez", grades="07")
    f.role(jose, district.north, "student")
    f.enroll(jose, district.art)
    begona = f.person("Begoña", "Núñez", username="begona.nunez")
    f.role(begona, district.north, "guardian")
    f.link(begona, jose)
    accounts = {"student": f.account(jose), "guardian": f.account(begona)}
    return jose, accounts


def test_the_pdf_holds_the_chosen_items_not_the_left_out_ones_and_the_record(district, fake_parts):
    fake_parts.goals[:] = [
        PacketItem("Read twenty books this year", "Twelve read so far", "goal-1"),
        PacketItem("Stop forgetting homework", "", "goal-2"),
    ]
    conference = plan(district)
    services.conference_packet_edit(
        access=access_of(district, "student"),
        conference=conference,
        actor=district.actor("student"),
        opening="Welcome to my conference.",
        closing="Thank you for listening.",
        included=[item_token("goals", "goal-1"), item_token("portfolio", "work-7")],
    )
    conference = record(district, conference, next_steps="Read every evening\nJoin the robotics club")

    reader, text = _read(conference_packet_pdf(conference))

    flat = _flat(text)
    for expected in (
        "Fall conference",
        "Sam Garcia",
        "North Middle School",
        "Welcome to my conference.",
        "My goals",
        "Read twenty books this year",
        "Twelve read so far",
        "Work I am proud of",
        "Bridge model",
        "Thank you for listening.",
        "Who attended",
        "Gina Garcia (guardian)",
        "Ada Okafor (advisor)",
        "Sam led the conference",
        "Agreed next steps",
        "Read every evening",
        "Join the robotics club",
        "Page 1 of 1",
    ):
        assert expected in flat, expected
    assert "Stop forgetting homework" not in flat
    assert reader.metadata.title == "Fall conference · Sam Garcia"
    assert reader.metadata.author == "Sam Garcia"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_names_and_words_with_accents_print_as_written(district, fake_parts, jose):
    student, accounts = jose
    fake_parts.goals[:] = [PacketItem("Leer más en español", "Año escolar 2026–27", "goal-1")]
    access = access_of(district, "teacher", student)
    conference = services.conference_plan(
        access=access, title="Conferencia de otoño", scheduled_on=TODAY, actor=district.actor("teacher")
    )
    services.conference_packet_edit(
        access=profile_access_or_404(accounts["student"], student.pk),
        conference=conference,
        actor=Actor.for_user(accounts["student"]),
        opening="¡Hola! Me llamo José y mañana cumplo años.",
        closing="",
        included=[item_token("goals", "goal-1")],
        shown=[item_token("goals", "goal-1")],
    )
    conference = services.conference_record(
        access=access,
        conference=conference,
        held_on=TODAY,
        actor=district.actor("teacher"),
        attendees=[AttendeeSpec("José Núñez", "student"), AttendeeSpec("Begoña Núñez", "guardian")],
        notes="José presentó su trabajo.",
        next_steps="Practicar la ñ cada día",
    )

    reader, text = _read(conference_packet_pdf(conference))

    flat = _flat(text)
    for expected in (
        "José Núñez",
        "Conferencia de otoño",
        "¡Hola! Me llamo José y mañana cumplo años.",
        "Leer más en español",
        "Begoña Núñez (guardian)",
        "Practicar la ñ cada día",
    ):
        assert expected in flat, expected
    assert reader.metadata.author == "José Núñez"
    assert packet_filename(conference) == "conference-jose-nunez-2026-10-20.pdf"


def test_markup_in_what_people_wrote_is_printed_as_text(district, fake_parts):
    fake_parts.goals[:] = [PacketItem("<b>Tom & Jerry</b> <br/> project", "a < b", "goal-1")]
    conference = plan(district)
    _reader, text = _read(conference_packet_pdf(conference))
    assert "<b>Tom & Jerry</b> <br/> project" in _flat(text)
    assert "a < b" in _flat(text)


def test_a_long_packet_runs_over_pages_that_are_numbered(district, fake_parts):
    fake_parts.goals[:] = [
        PacketItem(f"Goal number {n}", "A sentence of detail. " * 6, f"goal-{n}") for n in range(1, 61)
    ]
    conference = plan(district)

    reader, text = _read(conference_packet_pdf(conference))

    total = len(reader.pages)
    assert total >= 3
    assert f"Page {total} of {total}" in reader.pages[-1].extract_text()
    assert "Page 2 of" in reader.pages[1].extract_text()
    assert "Goal number 60" in text


def test_a_planned_conference_with_nothing_chosen_says_so(district, fake_parts):
    fake_parts.goals[:] = []
    fake_parts.portfolio[:] = []
    _reader, text = _read(conference_packet_pdf(plan(district)))
    flat = _flat(text)
    assert "Nothing has been chosen for the packet yet." in flat
    assert "Planned for" in flat and "Who attended" not in flat


def test_the_filename_names_the_student_and_the_day(district, fake_parts):
    conference = plan(district)
    assert packet_filename(conference) == "conference-sam-garcia-2026-10-23.pdf"
    conference = record(district, conference)
    assert packet_filename(conference) == "conference-sam-garcia-2026-10-20.pdf"
