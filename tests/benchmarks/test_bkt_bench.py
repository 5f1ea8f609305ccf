"""`pathmaker bench bkt` without pyBKT: our figures always, pyBKT's skipped or taken from a stub interpreter.

No timing is asserted: the benchmark is a command, run by hand (`--setup-pybkt` builds the real pyBKT).
"""

from __future__ import annotations

import sys
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from pathmaker.benchmarks import bkt_bench

STUB = """#!{python}
import json, sys
spec = json.load(open(sys.argv[-1]))
print("not json yet")
print(json.dumps({{"compiled": {compiled}, "module": "pyBKT/fit/E_step.py", "versions": {{"pyBKT": "stub"}},
                  "fit_seconds": [0.01] * spec["repeats"], "predictions": [0.5] * len(spec["user"])}}))
"""


@pytest.fixture
def responses(tmp_path: Path) -> Path:
    rng = np.random.default_rng(1)
    lines = ["user_id,skill_name,correct"]
    for student in range(40):
        known = rng.random() < 0.3
        for _ in range(int(rng.integers(1, 8))):
            lines.append(f"{1000 + student},1,{int(rng.random() < (0.9 if known else 0.25))}")
            known = known or rng.random() < 0.2
    path = tmp_path / "responses.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def stub(tmp_path: Path, *, compiled: bool) -> str:
    path = tmp_path / "fake-python"
    path.write_text(STUB.format(python=sys.executable, compiled=compiled))
    path.chmod(0o755)
    return str(path)


def bench(data: Path, python: str) -> dict[str, str]:
    out = StringIO()
    call_command(
        "bench",
        "bkt",
        "--kt-data",
        str(data),
        "--folds",
        "2",
        "--repeats",
        "1",
        "--pybkt-python",
        python,
        stdout=out,
    )
    return dict(line.split(": ", 1) for line in out.getvalue().splitlines())


def test_without_pybkt_it_prints_our_figures_and_says_pybkt_was_skipped(responses, tmp_path):
    figures = bench(responses, str(tmp_path / "no-such-python"))
    assert 0.0 <= float(figures["bkt.pathmaker.auc"].split()[0]) <= 1.0
    assert {"bkt.pathmaker.fold0.auc", "bkt.pathmaker.fold1.auc", "bkt.pathmaker.fit.median"} <= set(figures)
    assert figures["bkt.pybkt"].startswith("skipped")
    assert not any(name.startswith("target.") or name == "bkt.fit_time_ratio" for name in figures)


def test_against_a_pure_python_pybkt_it_reports_the_auc_but_refuses_the_time_ratio(responses, tmp_path):
    figures = bench(responses, stub(tmp_path, compiled=False))
    assert figures["bkt.pybkt.compiled"] == "0 yes-1-no-0"
    assert figures["bkt.pybkt.auc"].startswith("0.5000 ")  # a constant prediction
    assert figures["bkt.fit_time_ratio"].startswith("not reported (pyBKT is its pure-Python build")
    difference = abs(float(figures["bkt.pathmaker.auc"].split()[0]) - 0.5)
    assert figures["target.bkt.auc_difference"].endswith(
        f"(at most 0.01: {'met' if difference <= 0.01 else 'MISSED'})"
    )


def test_against_a_compiled_pybkt_it_reports_the_time_ratio(responses, tmp_path):
    figures = bench(responses, stub(tmp_path, compiled=True))
    assert figures["bkt.fit_time_ratio"].endswith("x (ours / pyBKT)")
    assert "target.bkt.auc_difference" in figures


def test_the_folds_split_students_never_responses():
    user = np.array([5, 5, 7, 9, 7, 5, 9, 11])
    split = bkt_bench.make_folds(user, np.array([1, 0, 1, 1, 0, 1, 0, 1]), folds=2, seed=0)
    for student in np.unique(user):
        assert len(set(split.fold_of_row[user == student].tolist())) == 1
