"""The reports benchmark's district and counts, on a few tables (the figures themselves are printed, not
asserted)."""

from __future__ import annotations

import random

from pathmaker.benchmarks import reports_bench


def test_the_synthetic_district_has_henry_countys_size_and_uneven_subgroups():
    schools = reports_bench.district(random.Random(1), 8)
    assert len(schools) == 50
    students = sum(school.per_grade * len(school.grades) for school in schools)
    assert 30_000 < students < 55_000
    assert all(abs(sum(school.mix) - 1) < 1e-9 for school in schools)


def test_a_grade_competency_is_assessed_only_where_its_grade_is_taught():
    rng = random.Random(2)
    schools = reports_bench.district(rng, 8)
    assessed, proficient = reports_bench.competency_table(rng, schools, band=False)
    taught = [any(row) for row in assessed]
    assert 0 < sum(taught) < len(schools)
    assert all(
        k <= n
        for row_n, row_k in zip(assessed, proficient, strict=True)
        for n, k in zip(row_n, row_k, strict=True)
    )


def test_a_few_tables_are_suppressed_with_nothing_left_to_recover():
    figures = reports_bench.figures(competencies=3, band=True)
    assert figures["recovered"] == 0
    assert figures["primary"] <= figures["withheld"] <= figures["nonzero"]
    printed = []
    reports_bench.run(lambda name, value, unit: printed.append(name), schools=10, competencies=1)
    assert "reports.audit.recovered" in printed and "reports.suppression.seconds" in printed
