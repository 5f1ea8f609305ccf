"""The one chart geometry: lines over days and stacked bars, each with any number of series (no Django)."""

from __future__ import annotations

import datetime as dt

from pathmaker.lib.charts import BAR_COUNT_ROOM, BAR_LABEL_WIDTH, BAR_WIDTH, Series, bar_chart, line_chart

SEP_1, SEP_30 = dt.date(2026, 9, 1), dt.date(2026, 9, 30)


def test_a_line_chart_draws_one_path_per_series_that_has_points():
    plot = line_chart(
        [
            Series("a", "A", [(SEP_1, 1.0), (SEP_30, 4.0)]),
            Series("b", "B", []),
            Series("c", "C", [(SEP_1, 2.0)], shape="square"),
        ],
        low=1,
        high=4,
        start=SEP_1,
        end=SEP_30,
    )
    assert [(line.key, line.shape, len(line.marks)) for line in plot.series] == [
        ("a", "circle", 2),
        ("c", "square", 1),
    ]
    first, last = plot.series[0].marks
    assert (first.x, first.y) == (plot.left, plot.bottom_edge) and (last.x, last.y) == (
        plot.right_edge,
        plot.top,
    )


def test_a_line_chart_labels_at_most_eight_months():
    plot = line_chart(
        [Series("a", "A", [])], low=1, high=4, start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31)
    )
    assert len(plot.x_ticks) <= 8 and plot.x_ticks[0][1] == dt.date(2025, 1, 1)


def test_bars_stack_their_series_and_the_longest_fills_the_room():
    plot = bar_chart([("Ann", (2, 1, 1)), ("Bo", (0, 0, 2))], keys=("x", "y", "z"))
    ann, bo = plot.bars
    assert [s.key for s in ann.segments] == ["x", "y", "z"] and ann.total == 4
    assert ann.segments[-1].x + ann.segments[-1].width == BAR_WIDTH - BAR_COUNT_ROOM
    assert [s.key for s in bo.segments] == ["z"] and bo.segments[0].x == BAR_LABEL_WIDTH
    assert bo.segments[0].width == ann.segments[-1].width * 2


def test_a_bar_chart_without_rows_still_has_room_for_one():
    plot = bar_chart([], keys=("x",))
    assert plot.bars == [] and plot.height > 0
