"""Groups and a station rotation for the demo district, through the grouping services (the real proposal,
rules and audit rows).

In the demo teacher's section that has the demo student (or their first section with competencies), the
teacher saves two groupings for today from the levels the evidence demo left: *alike* groups on the first
two competencies for targeted teaching, with the English learners spread (as a district administrator may:
the demo teacher may not see demographics, so this one is saved by the system actor on the district's
behalf; the students with an IEP are kept with the group the section's co-teacher takes, or the teacher
when the section has no other staff), and *mixed* groups on the first competency for peer work, with the demo student kept apart from
one classmate; then a station rotation for today's period on the first competency. Every reason is the
proposal's own, read from the levels as they stand.
"""

from __future__ import annotations

import datetime as dt

from pathmaker.accounts.models import User
from pathmaker.audit.actor import Actor
from pathmaker.demo.data.grouping import (
    PEER_PURPOSE,
    ROTATION_MINUTES,
    ROTATION_START,
    ROTATION_STATIONS,
    TARGETED_PURPOSE,
)
from pathmaker.grouping import selectors, services
from pathmaker.grouping.models import Grouping, StationRotation
from pathmaker.grouping.services import GroupAsk
from pathmaker.rostering.models import Section


def _section(student: User, teacher: User) -> Section | None:
    taught = list(
        Section.objects.filter(
            enrollments__person=teacher.person,
            enrollments__role="teacher",
            enrollments__is_active=True,
            is_active=True,
        )
        .select_related("course", "school")
        .distinct()
        .order_by("title", "id")
    )
    with_competencies = [s for s in taught if selectors.sections_competencies([s])]
    mine = [
        s
        for s in with_competencies
        if s.enrollments.filter(person=student.person, role="student", is_active=True).exists()
    ]
    return (mine or with_competencies or [None])[0]


def build_demo_grouping(*, student: User, teacher: User, today: dt.date, **_: object) -> list[object]:
    section = _section(student, teacher)
    if section is None:
        return []
    competencies = selectors.sections_competencies([section])
    classmates = [s for s in selectors.sections_students([section]) if s.pk != student.person_id]
    as_teacher = Actor.for_user(teacher)
    staff = selectors.sections_staff([section])
    co_teacher = next((p for p in staff if p.pk != teacher.person_id), None) or next(
        (p for p in staff if p.pk == teacher.person_id), None
    )
    made: list[Grouping | StationRotation] = []
    targeted = GroupAsk(
        sections=[section],
        competencies=competencies[:2],
        goal=Grouping.Goal.ALIKE,
        min_size=3,
        max_size=5,
        together=[],
        apart=[],
        balance="english_learner",
        keep_with_staff=co_teacher.pk if co_teacher else None,
        keep_with_flag="iep" if co_teacher else "",
    )
    made.append(
        services.grouping_save(ask=targeted, on=today, purpose=TARGETED_PURPOSE, actor=Actor.system("demo"))
    )
    peer = GroupAsk(
        sections=[section],
        competencies=competencies[:1],
        goal=Grouping.Goal.MIXED,
        min_size=3,
        max_size=4,
        together=[],
        apart=[(student.person_id, classmates[0].pk)] if classmates and student.person_id else [],
    )
    made.append(services.grouping_save(ask=peer, on=today, purpose=PEER_PURPOSE, actor=as_teacher))
    made.append(
        services.rotation_plan(
            section=section,
            competencies=competencies[:1],
            on=today,
            starts_at=dt.time(*ROTATION_START),
            minutes=ROTATION_MINUTES,
            rotations=len(ROTATION_STATIONS),
            stations=ROTATION_STATIONS,
            actor=as_teacher,
        )
    )
    return made
