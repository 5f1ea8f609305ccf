"""`pathmaker bench load`: its check finds every lost, doubled and stale write, and (on PostgreSQL) a small
run against the real server prints its figures with none of them.

No timing is asserted: the benchmark is a command, run by hand at full size.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from pathmaker.audit.actor import Actor
from pathmaker.benchmarks import load_bench
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import evidence_record

FIGURE = re.compile(
    r"^[a-z0-9_.]+: -?[0-9][0-9.e+-]* [A-Za-z0-9/-]+( \(at (most|least) [0-9.]+: (met|MISSED)\))?$"
)


def _record(district, competency, marker: str, score: str = "3"):
    return evidence_record(
        student=district.sam,
        competency=competency,
        score=Decimal(score),
        kind="task",
        demonstrated_on=dt.date(2026, 9, 1),
        actor=district.actor("teacher"),
        feedback=marker,
    )


def test_the_check_counts_lost_doubled_unacknowledged_and_stale_writes(district, tmp_path):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    skill, other = (
        frameworks.competency_create(framework=framework, full_statement=name, actor=Actor.system("test"))
        for name in ("Skill", "Other")
    )
    kept = _record(district, skill, "bench-load:r1:ok-0")
    doubled = [_record(district, skill, "bench-load:r1:twice-0") for _ in range(2)]
    _record(district, skill, "bench-load:r1:failed-0")  # the client saw an error, yet it was stored
    _record(district, other, "bench-load:r1:stale-0")
    MasterySummary.objects.filter(student=district.sam, competency=other).update(computed_level=1.0)
    _record(district, skill, "bench-load:r0:older-run")  # another run's write is not this run's business
    told = tmp_path / "told.json"
    told.write_text(
        json.dumps(
            {
                "run_id": "r1",
                "sent": [
                    "bench-load:r1:ok-0",
                    "bench-load:r1:twice-0",
                    "bench-load:r1:failed-0",
                    "bench-load:r1:stale-0",
                    "bench-load:r1:lost-0",
                ],
                "acknowledged": {
                    "bench-load:r1:ok-0": kept.pk,
                    "bench-load:r1:twice-0": doubled[0].pk,
                    "bench-load:r1:stale-0": _stored("bench-load:r1:stale-0"),
                    "bench-load:r1:lost-0": 10**9,
                },
            }
        )
    )
    found = load_bench.check_stage(told)
    assert {
        k: found[k]
        for k in (
            "acknowledged",
            "stored",
            "lost",
            "doubled",
            "unacknowledged_stored",
            "unsent",
            "pairs",
            "stale",
        )
    } == {
        "acknowledged": 4,
        "stored": 5,
        "lost": 1,
        "doubled": 1,
        "unacknowledged_stored": 1,
        "unsent": 0,
        "pairs": 2,
        "stale": 1,
    }


def _stored(marker: str) -> int:
    from pathmaker.evidence.models import Evidence

    return Evidence.objects.get(feedback=marker).pk


def test_a_run_stops_at_its_count_and_reports_percentiles():
    outcome = load_bench.Outcome(
        latencies_ms=[float(n) for n in range(1, 101)],
        seconds=2.0,
        acknowledged={str(n): n for n in range(100)},
    )
    assert outcome.writes_per_second == 50.0
    assert (outcome.percentile_ms(0.5), outcome.percentile_ms(0.95)) == (51.0, 95.0)
    assert load_bench.Outcome().percentile_ms(0.95) == 0.0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bench load serves PostgreSQL")
def test_bench_load_prints_every_figure_and_loses_doubles_or_leaves_stale_nothing():
    server, name = connection.settings_dict, connection.settings_dict["NAME"]
    url = (
        f"postgres://{server['USER'] or 'postgres'}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}"
    )
    scratch = f"{name}_load"
    out = StringIO()
    try:
        call_command(
            "bench",
            "load",
            "--database-url",
            f"{url}/{scratch}",
            "--students",
            "80",
            "--schools",
            "2",
            "--clients",
            "4",
            "--writes",
            "40",
            "--seconds",
            "30",
            "--single-writes",
            "10",
            "--single-seconds",
            "10",
            "--workers",
            "2",
            stdout=out,
        )
    finally:
        import psycopg

        with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    lines = out.getvalue().splitlines()
    assert [line for line in lines if not FIGURE.match(line)] == []
    figures = dict(line.split(": ", 1) for line in lines)
    assert figures["load.server.workers"] == "2 processes"
    assert figures["load.single.writes"] == "10 writes" and figures["load.concurrent.writes"] == "40 writes"
    assert figures["load.concurrent.failed"] == "0 requests"
    for name in ("lost", "doubled", "stale"):
        assert figures[f"load.check.{name}"].startswith("0 ")
        assert figures[f"target.load.check.{name}"].endswith("(at most 0: met)")
    assert {
        "load.single.rate",
        "load.concurrent.rate",
        "load.concurrent.p50",
        "load.concurrent.p95",
        "target.load.concurrent.rate",
        "target.load.concurrent.p95",
    } <= set(figures)
