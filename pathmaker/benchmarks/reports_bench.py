"""The subgroup table of issue 14: 50 schools x 8 subgroups x 300 competencies, suppressed and audited
(target under 10 s, at most 15% of cells withheld, 0 recovered). `bench reports` prints these figures.

The district is synthetic and pure (no database): 50 schools the size of Henry County's (42,000 students:
30 elementary schools of six grades, 10 middle of three, 10 high of four, sizes varying by a third), and
one demographic field of 8 values whose district shares are uneven, as race and ethnicity are (46, 24,
14, 6, 5, 3, 1 and 1%), each school's mix drawn around them. The headline run gives each competency
a grade band (assessed in every grade of the schools of its level: elementary, middle or high); a second
run gives each one grade (smaller groups, so many more small cells). 60 to 100% of the students are
assessed so far; the schools of other levels have rows of zeros; each subgroup's proficiency rate is
drawn around a half. Every competency's table (schools x subgroups, with row, column and grand totals
of students assessed and of students proficient, its percentages coded by group size) is suppressed by
`reports.suppression.suppress` and then audited by `suppression_audit` on what would be published; the
times of both are summed.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from pathmaker.reports.suppression import (
    code_percent,
    publish,
    suppress,
    suppression_audit,
    two_way_with_subcounts,
)

SHARES = (0.46, 0.24, 0.14, 0.06, 0.05, 0.03, 0.01, 0.01)
LEVELS = (
    ("elementary", 30, 650, range(0, 6)),
    ("middle", 10, 1000, range(6, 9)),
    ("high", 10, 1500, range(9, 13)),
)


@dataclass(frozen=True)
class School:
    grades: range
    per_grade: int
    mix: tuple[float, ...]


def district(rng: random.Random, subgroups: int) -> list[School]:
    shares = SHARES[:subgroups] if subgroups <= len(SHARES) else tuple([1 / subgroups] * subgroups)
    schools = []
    for _level, count, size, grades in LEVELS:
        for _ in range(count):
            weights = [rng.gammavariate(20 * share, 1.0) for share in shares]
            total = sum(weights)
            students = int(size * rng.uniform(0.67, 1.33))
            schools.append(School(grades, students // len(grades), tuple(w / total for w in weights)))
    return schools


def competency_table(
    rng: random.Random, schools: list[School], *, band: bool
) -> tuple[list[list[int]], list[list[int]]]:
    """One competency's assessed and proficient counts: a grade's competency (`band` False) is assessed in
    that grade; a grade band's (`band` True) in every grade of the schools of its level."""
    grade = rng.randrange(13)
    rates = [min(0.95, max(0.05, rng.gauss(0.5, 0.15))) for _ in schools[0].mix]
    assessed, proficient = [], []
    for school in schools:
        if grade not in school.grades:
            assessed.append([0] * len(school.mix))
            proficient.append([0] * len(school.mix))
            continue
        cohort = int(school.per_grade * (len(school.grades) if band else 1) * rng.uniform(0.6, 1.0))
        row = [sum(1 for _ in range(cohort) if rng.random() < share) for share in school.mix]
        assessed.append(row)
        proficient.append(
            [sum(1 for _ in range(n) if rng.random() < rate) for n, rate in zip(row, rates, strict=True)]
        )
    return assessed, proficient


def figures(
    *,
    schools: int = 50,
    subgroups: int = 8,
    competencies: int = 300,
    min_cell: int = 10,
    seed: int = 14,
    band: bool,
):
    rng = random.Random(seed)
    made = district(rng, subgroups)[:schools]
    tables = [competency_table(rng, made, band=band) for _ in range(competencies)]
    seconds = audit_seconds = 0.0
    cells = nonzero = withheld = primary = recovered = coded = rounds = 0
    for assessed, proficient in tables:
        table, grid, sub = two_way_with_subcounts(assessed, proficient)
        ranges = {}
        for cell in range(grid.size):
            n = table.values[cell]
            if n >= min_cell:
                percent = code_percent(table.values[cell + grid.size], n)
                if percent.coded:
                    ranges[cell + grid.size] = (percent.numerator_low, percent.numerator_high)
        started = time.perf_counter()
        result = suppress(table, min_cell=min_cell, ranges=ranges)
        middle = time.perf_counter()
        found = suppression_audit(publish(table, result.withheld, ranges), min_cell=min_cell)
        ended = time.perf_counter()
        seconds += ended - started
        audit_seconds += ended - middle
        counts = range(grid.size)
        cells += grid.size
        nonzero += sum(1 for cell in counts if table.values[cell] > 0)
        withheld += sum(1 for cell in counts if cell in result.withheld)
        primary += sum(1 for cell in counts if cell in result.primary)
        coded += len(ranges)
        recovered += len(found)
        rounds += result.rounds
    return {
        "tables": competencies,
        "cells": cells,
        "nonzero": nonzero,
        "seconds": seconds,
        "audit_seconds": audit_seconds,
        "withheld": withheld,
        "primary": primary,
        "coded": coded,
        "recovered": recovered,
        "rounds": rounds,
    }


def run(figure, *, schools: int, competencies: int) -> None:
    """Print the figures through the bench command's `figure(name, value, unit)`: first with grade-band
    competencies (the headline), then with grade-level ones (smaller groups, so more small cells)."""
    for name, band in (("reports", True), ("reports.grade_level", False)):
        result = figures(schools=schools, competencies=competencies, band=band)
        nonzero = max(1, result["nonzero"])  # a tiny run may draw only grades its schools do not teach
        figure(f"{name}.tables", result["tables"], "tables")
        figure(f"{name}.cells", result["cells"], "cells")
        figure(f"{name}.cells.nonzero", result["nonzero"], "cells")
        figure(f"{name}.suppression.seconds", result["seconds"], "s")
        figure(f"{name}.audit.seconds", result["audit_seconds"], "s")
        figure(f"{name}.cells.primary.share", 100 * result["primary"] / nonzero, "% of non-zero")
        figure(f"{name}.cells.suppressed.share", 100 * result["withheld"] / nonzero, "% of non-zero")
        figure(f"{name}.cells.suppressed.share_of_all", 100 * result["withheld"] / result["cells"], "%")
        figure(f"{name}.percentages.coded", result["coded"], "cells")
        figure(f"{name}.solver.rounds", result["rounds"], "solves")
        figure(f"{name}.audit.recovered", result["recovered"], "cells")
