"""Safe suppression: small cells are withheld, enough others with them that the totals give nothing away,
and the independent audit finds what a naive (primary-only) table gives away."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathmaker.reports.suppression import (
    Band,
    SuppressionError,
    code_percent,
    primary_cells,
    publish,
    shared_rows,
    suppress,
    suppression_audit,
    two_way,
    two_way_with_subcounts,
)

MIN = 10


def test_a_primary_only_table_gives_its_small_cells_away():
    table, grid = two_way([[20, 3, 15], [12, 14, 30], [25, 18, 40]])
    naive = publish(table, primary_cells(table, min_cell=MIN))
    found = suppression_audit(naive, min_cell=MIN)
    assert [(r.cell, r.low, r.high, r.reason) for r in found] == [(grid.cell(0, 1), 3, 3, "exact")]


def test_it_withholds_the_cheapest_rectangle_around_a_small_cell():
    table, grid = two_way([[20, 3, 15], [12, 14, 30], [25, 18, 40]])
    result = suppress(table, min_cell=MIN)
    # 3 needs a partner in its row and column and a fourth corner: the smallest total that lets it
    # reach 10 is 12 (row 1) with 14 beside it (row 1 column 1), and 20 at the rectangle's corner.
    assert result.primary == {grid.cell(0, 1)}
    assert result.withheld == {grid.cell(0, 0), grid.cell(0, 1), grid.cell(1, 0), grid.cell(1, 1)}
    assert suppression_audit(publish(table, result.withheld), min_cell=MIN) == []


def test_a_partner_too_small_to_hide_the_cell_is_not_enough():
    # Withholding 3 with the 0-adjacent 1 and 2 would let a reader bound 3 by 6 (< 10): it is "small".
    table, grid = two_way([[3, 1, 40], [2, 30, 40], [40, 40, 40]])
    pattern = {grid.cell(0, 0), grid.cell(0, 1), grid.cell(1, 0), grid.cell(1, 1)}
    found = suppression_audit(publish(table, pattern), min_cell=MIN)
    assert {(r.cell, r.reason) for r in found} >= {(grid.cell(0, 0), "small")}
    result = suppress(table, min_cell=MIN)
    assert suppression_audit(publish(table, result.withheld), min_cell=MIN) == []


def test_a_small_row_total_is_withheld_too():
    table, grid = two_way([[3, 4, 0], [30, 25, 40], [20, 22, 18]])
    result = suppress(table, min_cell=MIN)
    assert {grid.cell(0, 0), grid.cell(0, 1), grid.row_total(0)} <= result.withheld
    assert grid.cell(0, 2) not in result.withheld  # a zero describes nobody
    assert suppression_audit(publish(table, result.withheld), min_cell=MIN) == []


def test_a_table_with_no_small_cell_withholds_nothing():
    table, _ = two_way([[20, 30], [40, 50]])
    assert suppress(table, min_cell=MIN).withheld == frozenset()


def test_it_refuses_a_table_that_does_not_add_up():
    table, _ = two_way([[1, 2], [3, 4]])
    broken = type(table)((1, 2, 99, 3, 4, 7, 4, 6, 10), table.equations)
    with pytest.raises(SuppressionError):
        suppress(broken, min_cell=MIN)


def test_proficient_counts_hidden_with_their_group_cannot_be_worked_out():
    assessed = [[30, 4, 25], [22, 18, 40], [35, 12, 28]]
    proficient = [[15, 4, 10], [11, 0, 20], [20, 6, 14]]
    table, grid, sub = two_way_with_subcounts(assessed, proficient)
    result = suppress(table, min_cell=MIN)
    assert sub.cell(0, 1) in result.withheld  # a sub-count goes with its count
    assert suppression_audit(publish(table, result.withheld), min_cell=MIN) == []


def test_a_coded_percentage_pinned_by_the_totals_is_found_and_protected():
    # Row 1 publishes "<5%" for 1 of 40 but every other proficient count and the row's total are exact:
    # the total gives the coded cell away, so the audit finds it and suppression hides a neighbour.
    assessed = [[30, 40, 25], [22, 18, 40], [35, 12, 28]]
    proficient = [[15, 1, 10], [11, 9, 20], [20, 6, 14]]
    table, grid, sub = two_way_with_subcounts(assessed, proficient)
    coded = code_percent(1, 40)
    ranges = {sub.cell(0, 1): (coded.numerator_low, coded.numerator_high)}
    assert coded.text == "<5%"
    found = suppression_audit(publish(table, (), ranges), min_cell=MIN)
    assert [(r.cell, r.low, r.reason) for r in found] == [(sub.cell(0, 1), 1, "exact")]
    result = suppress(table, min_cell=MIN, ranges=ranges)
    assert result.withheld
    assert suppression_audit(publish(table, result.withheld, ranges), min_cell=MIN) == []


def test_tables_sharing_their_row_totals_are_protected_together():
    by_language = [[35, 5], [30, 12], [40, 20]]
    by_program = [[28, 12], [33, 9], [50, 10]]
    table, grids, maps = shared_rows([by_language, by_program])
    assert maps[1][grids[1].row_total(0)] == maps[0][grids[0].row_total(0)]
    result = suppress(table, min_cell=MIN)
    assert {maps[0][grids[0].cell(0, 1)], maps[1][grids[1].cell(1, 1)]} <= result.withheld
    assert suppression_audit(publish(table, result.withheld), min_cell=MIN) == []


def test_tables_with_different_row_totals_cannot_share_them():
    with pytest.raises(SuppressionError):
        shared_rows([[[10, 5]], [[10, 6]]])


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [
        (0, 10, "<20%"),
        (1, 10, "<20%"),
        (2, 10, "20%"),
        (10, 10, ">80%"),
        (0, 60, "<5%"),
        (57, 60, "95%"),
        (58, 60, ">95%"),
        (1, 300, "<1%"),
        (150, 300, "50%"),
    ],
)
def test_percentages_near_0_or_100_are_coded_by_group_size(numerator, denominator, text):
    assert code_percent(numerator, denominator).text == text


def test_a_coded_end_never_names_none_or_all_of_a_group_of_ten_or_more():
    for denominator in range(MIN, 400):
        for numerator in (0, denominator):
            coded = code_percent(numerator, denominator)
            assert coded.coded
            assert coded.numerator_high - coded.numerator_low >= 1


def test_an_uncoded_percentage_gives_the_numerator_range_it_allows():
    coded = code_percent(101, 300)
    assert (coded.text, coded.numerator_low, coded.numerator_high) == ("34%", 101, 103)
    assert code_percent(1, 1, bands=(Band(None, 0, 100),)).text == "100%"


counts = st.integers(min_value=0, max_value=60)


@st.composite
def tables(draw):
    rows = draw(st.integers(min_value=2, max_value=6))
    columns = draw(st.integers(min_value=2, max_value=5))
    return [[draw(counts) for _ in range(columns)] for _ in range(rows)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_after_suppression_the_audit_recovers_nothing_and_every_small_cell_is_withheld(counts_):
    table, grid = two_way(counts_)
    result = suppress(table, min_cell=MIN)
    assert result.primary == {c for c, v in enumerate(table.values) if 0 < v < MIN}
    assert result.primary <= result.withheld
    assert result.exposed == ()
    assert suppression_audit(publish(table, result.withheld), min_cell=MIN) == []
    # Minimal sanity: no zero is withheld, and no equation holds exactly one withheld cell.
    assert all(table.values[c] > 0 for c in result.withheld)
    for equation in table.equations:
        assert len(result.withheld & {equation.total, *equation.parts}) != 1


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.data())
def test_with_proficient_counts_the_audit_recovers_nothing(counts_, data):
    proficient = [[data.draw(st.integers(min_value=0, max_value=n)) for n in row] for row in counts_]
    table, grid, sub = two_way_with_subcounts(counts_, proficient)
    result = suppress(table, min_cell=MIN)
    assert suppression_audit(publish(table, result.withheld), min_cell=MIN) == []
    for row, column in itertools.product(range(grid.rows + 1), range(grid.columns + 1)):
        assert (grid.cell(row, column) in result.withheld) == (sub.cell(row, column) in result.withheld)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_the_audit_finds_a_lone_small_cell_on_a_naively_suppressed_table(counts_):
    # A primary-only table with one small interior cell and no other in its row gives it away.
    table, grid = two_way(counts_)
    row = [table.values[grid.cell(0, j)] for j in range(grid.columns)]
    small = [j for j, v in enumerate(row) if 0 < v < MIN]
    if len(small) != 1 or table.values[grid.row_total(0)] < MIN:
        return
    naive = publish(table, primary_cells(table, min_cell=MIN))
    assert grid.cell(0, small[0]) in {r.cell for r in suppression_audit(naive, min_cell=MIN)}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_when_the_program_is_cut_short_the_fallback_still_leaves_nothing_to_recover(counts_):
    table, _grid = two_way(counts_)
    result = suppress(table, min_cell=MIN, max_rounds=1)
    assert result.exposed == ()
    assert suppression_audit(publish(table, result.withheld), min_cell=MIN) == []
