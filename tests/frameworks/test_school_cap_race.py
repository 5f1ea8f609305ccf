"""A school's cap on its own competencies per course holds when its adds arrive at the same moment.

Each add runs in its own thread and database connection, all released together; the course row is
locked before counting, so exactly `cap` of them are stored. SQLite serializes writers, so the race
only exists on PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services
from pathmaker.frameworks.models import CourseCompetency
from pathmaker.frameworks.services import SCHOOL_CAP_REACHED, FrameworkError

ADDS = 6
DEADLINE = 60.0  # seconds, so a lock-up fails instead of hanging the suite

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serializes writers: no race"),
]


def test_simultaneous_adds_by_one_school_stop_at_the_cap(district, settings):
    settings.PATHMAKER_MAX_SCHOOL_COMPETENCIES_PER_COURSE = 2
    actor = Actor.system("test")
    framework = services.framework_create(title="Portrait", description="", actor=actor)
    skills = [
        services.competency_create(framework=framework, full_statement=f"Skill {i}", actor=actor)
        for i in range(ADDS)
    ]
    course, barrier = district.math.course, threading.Barrier(ADDS, timeout=DEADLINE)
    codes: list[str] = []

    def add(skill) -> None:
        try:
            barrier.wait()
            services.course_competency_add(
                course=course, competency=skill, school=district.north, actor=actor
            )
            codes.append("added")
        except FrameworkError as refused:
            codes.append(refused.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(skill,), daemon=True) for skill in skills]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE)
    assert sorted(codes) == sorted(["added"] * 2 + [SCHOOL_CAP_REACHED] * (ADDS - 2))
    assert CourseCompetency.objects.filter(course=course, added_by_school=district.north).count() == 2
