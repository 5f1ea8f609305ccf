"""The demo's flex week (pathmaker/demo/scheduling.py) on Maple Valley: the demo teacher's school gets its
blocks, rooms and free staff, three weeks are solved with the real solver and published, attendance is taken
in the blocks already held, and the demo student's choices are saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from pathmaker.demo.scheduling import build_demo_scheduling
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.recording import evidence_record
from pathmaker.scheduling.models import FlexAttendance, FlexBlock, Room, Schedule, StudentPreference
from tests.scheduling.north_flex import NOON, SYSTEM


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def test_the_demo_builds_three_published_weeks_with_attendance(district):
    framework = frameworks.framework_create(title="Math 7", description="", actor=SYSTEM)
    rp2 = frameworks.competency_create(
        framework=framework, full_statement="Proportions", human_coding_scheme="7.RP.2", actor=SYSTEM
    )
    frameworks.course_competency_add(course=district.math.course, competency=rp2, actor=SYSTEM)
    evidence_record(
        student=district.sam,
        competency=rp2,
        score=Decimal(1),
        demonstrated_on=NOON.date() - dt.timedelta(days=30),
        kind="task",
        section=district.math,
        actor=district.actor("teacher"),
    )
    placed = build_demo_scheduling(
        student=district.user("student"), teacher=district.user("teacher"), today=NOON.date()
    )
    assert placed > 0
    assert FlexBlock.objects.filter(school=district.north).count() == 5
    assert Room.objects.filter(school=district.north).count() == 6
    published = Schedule.objects.filter(week__school=district.north, status=Schedule.Status.PUBLISHED)
    assert published.count() == 3
    # Sam (below the threshold on 7.RP.2) is placed in its workshop in every published week.
    assert all(s.placements.filter(student=district.sam, competency=rp2).exists() for s in published)
    # Attendance in the blocks held before today (three weeks ago and this week's Monday to Wednesday).
    assert FlexAttendance.objects.filter(placement__block__weekday__lt=3).exists()
    assert not FlexAttendance.objects.filter(placement__schedule__week__week_start__gt=NOON.date()).exists()
    assert StudentPreference.objects.filter(student=district.sam).exists()
