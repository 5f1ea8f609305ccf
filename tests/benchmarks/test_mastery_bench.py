"""`pathmaker bench mastery` on a tiny district: it prints its figures, and its SQL agrees with the engine.

No timing is asserted: the benchmark is a command, run by hand at full size.
"""

from __future__ import annotations

import re
import sqlite3
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from pathmaker.benchmarks import mastery_bench
from pathmaker.mastery.engine import Method, Rule

FIGURE = re.compile(
    r"^[a-z0-9_.]+: -?[0-9][0-9.e+-]* [A-Za-z0-9-]+( \(at (most|least) [0-9.]+: (met|MISSED)\))?$"
)


def test_it_prints_every_figure_on_its_own_line_as_name_value_unit():
    out = StringIO()
    call_command(
        "bench",
        "mastery",
        "--students",
        "50",
        "--competencies",
        "5",
        "--rows",
        "2000",
        "--skip-postgres",
        "--repeats",
        "1",
        "--requests",
        "3",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert [line for line in lines if not FIGURE.match(line)] == []
    figures = dict(line.split(": ", 1) for line in lines)
    assert figures["history.rows"] == "2000 rows"
    assert figures["sql.sqlite.rows"] == "2000 rows"
    assert figures["app.sqlite.evidence.rows"] == "2000 rows"
    for method in Method:
        assert f"recompute.{method}.ratio_to_floor" in figures
    for method in mastery_bench.BASELINE_METHODS:
        assert float(figures[f"sql.sqlite.{method}.largest_difference"].split()[0]) < 1e-9
    assert {"record_and_read.sqlite.median", "gradebook.sqlite.median", "total.seconds"} <= set(figures)
    # The targets come last, each with its bound and whether this run met it.
    targets = [line for line in lines if line.startswith("target.")]
    assert lines[-len(targets) :] == targets
    assert {line.split(":")[0] for line in targets} == {
        *(
            f"target.recompute.{method}.{name}"
            for method in Method
            for name in ("ratio_to_floor", "peak_rss")
        ),
        *(f"target.sql.sqlite.{method}.speedup" for method in mastery_bench.BASELINE_METHODS),
        "target.record_and_read.sqlite.median",
        "target.gradebook.sqlite.median",
    }
    assert "(at most 150: " in figures["target.gradebook.sqlite.median"]


@pytest.mark.parametrize("method", mastery_bench.BASELINE_METHODS)
def test_the_sql_baseline_gives_the_vectorized_levels(method):
    history = mastery_bench.build_history(students=60, competencies=45, rows=4000)
    connection = sqlite3.connect(":memory:")
    mastery_bench.baseline_load(connection, "sqlite", history)
    rule = Rule(method=method, weight=0.4)
    _, rows = mastery_bench.baseline_levels(connection, rule)
    expected = mastery_bench.full_recompute(history.key(), history.order(), history.score, rule)
    assert len(rows) == len(expected.keys)
    assert mastery_bench.largest_difference(rows, expected, history.competencies) < 1e-9


def test_the_history_has_the_rows_asked_for_in_evidence_id_order_and_is_reproducible():
    # Enough rows per student-competency that both short and long histories appear.
    history = mastery_bench.build_history(students=100, competencies=40, rows=40_000)
    again = mastery_bench.build_history(students=100, competencies=40, rows=40_000)
    assert history.rows == 40_000
    assert np.array_equal(history.evidence_id, np.arange(1, 40_001))
    assert np.array_equal(history.score, again.score) and np.array_equal(history.day, again.day)
    assert set(np.unique(history.score).tolist()) <= {1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0}
    assert (history.entered >= history.day).all() and (np.diff(history.entered) >= 0).all()
    counts = np.bincount(history.key())
    assert (counts[counts > 0] <= 3).any() and (counts >= 30).any()


def test_every_floor_sums_each_key_as_the_engine_does():
    history = mastery_bench.build_history(students=80, competencies=45, rows=6000)
    key, order, score = history.key(), history.order(), history.score
    mean = mastery_bench.full_recompute(key, order, score, Rule(method=Method.MEAN))
    combined, bits = mastery_bench.combined_key(key, order)
    assert np.allclose(mastery_bench.floor_by_lexsort(key, order, score), mean.level * mean.count)
    assert np.allclose(mastery_bench.floor_by_argsort(combined, bits, score), mean.level * mean.count)
    packed = mastery_bench.PackedRows.pack(key, order, score)
    assert np.allclose(mastery_bench.floor_by_sorting_packed(packed), mean.level * mean.count)
