"""Concurrent first writes on PostgreSQL: every summary equals a recompute of its evidence.

Eight threads, each with its own database connection, post evidence for the same student and
competency at the same moment, on pairs that have no summary yet (where `select_for_update` alone
locks nothing). SQLite serializes writers, so the race only exists on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery import engine
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.rules import rule_for, scores_of, status_of

WRITERS = 8  # simultaneous posts per pair
PAIRS = 12
DEADLINE = 60.0  # seconds any one round may take, so a lock-up fails instead of hanging the suite

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serializes writers: no race to test"
    ),
]


def _post_at_once(district, competency, scores: list[tuple[int, Decimal]]) -> list[BaseException]:
    """Each score posted by its own thread (own connection), all released together by a barrier."""
    barrier = threading.Barrier(len(scores), timeout=DEADLINE)
    errors: list[BaseException] = []
    teacher = district.user("teacher")

    def post(day: int, score: Decimal) -> None:
        try:
            barrier.wait()
            evidence_record(
                student=district.sam,
                competency=competency,
                score=score,
                kind="task",
                demonstrated_on=dt.date(2026, 9, 1) + dt.timedelta(days=day),
                actor=Actor.for_user(teacher),
            )
        except BaseException as error:  # reported by the test, never lost in a thread
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=post, args=item, daemon=True) for item in scores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE)
    assert not any(thread.is_alive() for thread in threads), (
        "a writer is still running: a lock was never released"
    )
    return errors


def test_concurrent_first_writes_leave_every_summary_equal_to_a_recompute(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    competencies = [
        frameworks.competency_create(
            framework=framework, full_statement=f"Skill {n}", actor=Actor.system("test")
        )
        for n in range(PAIRS)
    ]
    chance = random.Random(10)  # the same scores and days on every run
    for competency in competencies:
        days = chance.sample(
            range(1, 60), WRITERS
        )  # some after the latest, some before: fold and recompute paths
        scores = [(day, Decimal(chance.randint(100, 400)) / 100) for day in days]
        assert _post_at_once(district, competency, scores) == []
    stale = []
    for competency in competencies:
        _, rule = rule_for(competency)
        scores = scores_of(district.sam.pk, competency.pk)
        expected = engine.level(scores, rule).level
        summary = MasterySummary.objects.get(student=district.sam, competency=competency)
        if (summary.evidence_count, summary.status) != (
            WRITERS,
            status_of(expected, len(scores), rule),
        ) or summary.computed_level != pytest.approx(expected, abs=1e-9):
            stale.append((competency.pk, summary.evidence_count, summary.computed_level, expected))
    assert len(scores) == WRITERS and stale == []
