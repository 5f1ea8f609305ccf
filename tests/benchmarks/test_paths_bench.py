"""`pathmaker bench paths` on a tiny district: it prints every figure as `name: value unit`, the issue's
targets last. No timing is asserted: the benchmark is a command, run by hand at full size."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command

FIGURE = re.compile(
    r"^[a-z0-9_.]+: -?[0-9][0-9.e+-]* [A-Za-z0-9() -]+?( \(at (most|least) [0-9.]+: (met|MISSED)\))?$"
)


def test_it_prints_every_figure_on_its_own_line_as_name_value_unit():
    out = StringIO()
    call_command(
        "bench",
        "paths",
        "--students",
        "60",
        "--competencies",
        "40",
        "--rows",
        "3000",
        "--requests",
        "2",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert [line for line in lines if not FIGURE.match(line)] == []
    figures = dict(line.split(": ", 1) for line in lines)
    assert figures["paths.history.rows"] == "3000 scores"
    assert figures["paths.sqlite.students"] == "60 students"
    # One course with competencies (40 of them) and three electives: each student has one plan.
    assert figures["paths.sqlite.rebuild.snapshots"] == "60 student-courses"
    # The section's 35 come from its school: six students a school in a district of 60 and ten schools.
    assert figures["paths.sqlite.section.students"] == "6 students"
    assert {"paths.sqlite.read_inputs.seconds", "paths.sqlite.rebuild.ratio_to_read"} <= set(figures)
    targets = [line for line in lines if line.startswith("target.")]
    assert lines[-len(targets) :] == targets
    assert {line.split(":")[0] for line in targets} == {
        "target.paths.sqlite.rebuild.seconds",
        "target.paths.sqlite.home.median",
        "target.paths.sqlite.pacing_section.median",
        "target.paths.sqlite.section_progress.median",
        "target.paths.sqlite.level_change.added",
    }
