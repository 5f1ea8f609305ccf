"""A small flex school for the page, API and persona tests: North Middle School in Maple Valley (tests/conftest.py).

North has two flex blocks (Monday and Tuesday), one room of 20 seats, a threshold of 3. Alice (the teacher) is
free in both blocks and Carol (the co-teacher) on Monday. Math 7's competency 7.RP.2 has evidence: Sam at
level 1.5 (a need), Tia at 4 (none). For next week (from the frozen clock's Thursday 1 October 2026: the week
of Monday 5 October) Alice offers "Ratios clinic" on 7.RP.2 and Carol the enrichment "Chess club". The week
is solved with the real solver and published, so Sam is placed in the clinic with his reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.models import Competency
from pathmaker.mastery.recording import evidence_record
from pathmaker.scheduling import services
from pathmaker.scheduling.models import FlexBlock, Placement, Room, Schedule, Workshop

NOON = dt.datetime(2026, 10, 1, 16, 0, tzinfo=dt.UTC)
NEXT_WEEK = dt.date(2026, 10, 5)
SYSTEM = Actor.system("test")


@dataclass
class NorthFlex:
    rp2: Competency
    monday: FlexBlock
    tuesday: FlexBlock
    room: Room
    clinic: Workshop
    chess: Workshop
    schedule: Schedule

    def placement_of(self, student, block=None) -> Placement:
        return self.schedule.placements.get(student=student, block=block or self.monday)


def build_north_flex(district, *, publish: bool = True) -> NorthFlex:
    framework = frameworks.framework_create(title="Math 7", description="", actor=SYSTEM)
    rp2 = frameworks.competency_create(
        framework=framework,
        full_statement="Recognize proportional relationships",
        human_coding_scheme="7.RP.2",
        actor=SYSTEM,
    )
    frameworks.course_competency_add(course=district.math.course, competency=rp2, actor=SYSTEM)
    for student, scores in ((district.sam, (1, 2)), (district.tia, (4, 4))):
        for days, score in zip((20, 10), scores, strict=True):
            evidence_record(
                student=student,
                competency=rp2,
                score=Decimal(score),
                demonstrated_on=NOON.date() - dt.timedelta(days=days),
                kind="task",
                section=district.math,
                actor=district.actor("teacher"),
            )
    north = district.north
    services.flex_settings_set(school=north, threshold=3.0, study_hall_capacity=None, actor=SYSTEM)
    monday = services.flex_block_add(
        school=north, weekday=0, starts_at=dt.time(10, 15), minutes=45, label="Monday flex", actor=SYSTEM
    )
    tuesday = services.flex_block_add(
        school=north, weekday=1, starts_at=dt.time(10, 15), minutes=45, label="Tuesday flex", actor=SYSTEM
    )
    room = services.room_save(school=north, name="Room 1", capacity=20, features=[], actor=SYSTEM)
    alice, carol = district.user("teacher").person, district.user("co_teacher").person
    services.staff_availability_set(
        school=north, person=alice, block_ids=[monday.pk, tuesday.pk], actor=SYSTEM
    )
    services.staff_availability_set(school=north, person=carol, block_ids=[monday.pk], actor=SYSTEM)
    week = services.flex_week_open(school=north, week_start=NEXT_WEEK, actor=SYSTEM)
    clinic = services.workshop_offer(
        week=week,
        title="Ratios clinic",
        leader=alice,
        capacity=10,
        competency_ids=[rp2.pk],
        block_ids=[monday.pk],
        actor=SYSTEM,
    )
    chess = services.workshop_offer(
        week=week,
        title="Chess club",
        kind=Workshop.Kind.ENRICHMENT,
        leader=carol,
        capacity=10,
        competency_ids=[],
        block_ids=[monday.pk],
        actor=SYSTEM,
    )
    schedule = services.schedule_solve(school=north, week_start=NEXT_WEEK, actor=SYSTEM, time_limit=5)
    if publish:
        schedule = services.schedule_publish(schedule=schedule, actor=SYSTEM)
    return NorthFlex(rp2, monday, tuesday, room, clinic, chess, schedule)
