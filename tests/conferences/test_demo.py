"""The demo's conferences: one held in the fall, one the student is preparing for the spring."""

from __future__ import annotations

import datetime as dt

import pytest

from pathmaker.conferences.selectors import shown_packet
from pathmaker.demo.conferences import _school_year_days, build_demo_conferences
from tests.conferences.conftest import TODAY


def test_the_demo_has_a_held_fall_conference_and_a_spring_one_in_preparation(district, fake_parts):
    fall, spring = build_demo_conferences(
        student=district.user("student"),
        advisor=district.user("advisor"),
        teacher=district.user("teacher"),
        today=TODAY,
    )

    fall.refresh_from_db()
    assert (fall.title, fall.status, fall.held_on) == ("Fall conference", "held", dt.date(2026, 10, 6))
    assert fall.recorded_by_name == "Ada Okafor"
    assert [(a.name, a.role) for a in fall.attendees.all()] == [
        ("Sam Garcia", "student"),
        ("Gina Garcia", "guardian"),
        ("Ada Okafor", "advisor"),
    ]
    assert len(fall.next_step_lines) == 3 and fall.packet["opening"].startswith("Hi, I'm Sam.")

    spring.refresh_from_db()
    packet = shown_packet(spring)
    assert (spring.title, spring.status) == ("Spring conference", "planned")
    assert spring.scheduled_on > TODAY
    assert packet.opening.startswith("Welcome to my spring conference") and packet.left_out == 1
    assert packet.sections[-1].kind == "conferences"  # last fall's next steps open the spring packet
    assert [i.title for i in packet.sections[-1].items] == fall.next_step_lines


def test_the_teacher_runs_the_demo_conferences_when_there_is_no_advisor(district, fake_parts):
    fall, _spring = build_demo_conferences(
        student=district.user("student"), advisor=None, teacher=district.user("teacher"), today=TODAY
    )
    assert [(a.name, a.role) for a in fall.attendees.all()][-1] == ("Alice Adams", "teacher")


@pytest.mark.parametrize(
    ("today", "fall", "spring"),
    [
        (dt.date(2026, 10, 20), dt.date(2026, 10, 6), dt.date(2027, 3, 18)),
        (dt.date(2026, 12, 1), dt.date(2026, 10, 22), dt.date(2027, 3, 18)),
        (dt.date(2027, 2, 1), dt.date(2026, 10, 22), dt.date(2027, 3, 18)),
        (dt.date(2027, 5, 1), dt.date(2026, 10, 22), dt.date(2027, 5, 22)),
    ],
)
def test_the_demo_dates_put_the_fall_behind_and_the_spring_ahead(today, fall, spring):
    assert _school_year_days(today) == (fall, spring)
