"""Chart geometry: where every line, mark and bar of a chart goes, for the pages to draw as inline SVG.

Pure Python (no Django, no clock): a chart's words (its title, its description, its table's headings) are
written in the reader's language by the app that owns the numbers, and `components/_chart.html` draws the
result. Every chart carries its numbers as a `Table` too, which the page always shows beside the picture, for
screen readers and for anyone who prefers numbers.

Two kinds, each with any number of series:

- `line_chart`: values over days (a habit dimension over the school year: the student's view and the
  adults'); one path per series that has points, a mark per point, a tick per level and per month.
- `bar_chart`: one horizontal bar per row, stacked from its series' values (an advisor's advisees: goals on
  track, needing attention, proposed), with the row's total after the bar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

# --- What every chart carries: its words and its numbers as a table ------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str = ""  # "" is shown as a dash that reads "none"
    note: str = ""  # a smaller remark after the number: "(mean of 2 adults)"


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[str]  # the first heads the row headings
    rows: list[tuple[str, list[Cell]]]  # (the row's heading, its cells)


@dataclass(frozen=True)
class Chart:
    """A drawing and its words: `id` makes the title and description ids unique on the page."""

    id: str
    title: str
    desc: str
    plot: LinePlot | BarPlot
    table: Table
    legend: list[tuple[str, str]] = field(default_factory=list)  # (series key, label), drawn as swatches


# --- Line charts -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One line: its points (day, value) oldest first; `shape` is how its marks are drawn."""

    key: str
    label: str
    points: Sequence[tuple[dt.date, float]]
    shape: str = "circle"  # or "square", so two lines differ by more than their colour


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    day: dt.date
    value: float

    @property
    def box_x(self) -> float:  # the corner of a square mark
        return round(self.x - 3.5, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - 3.5, 1)


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    shape: str
    path: str  # the SVG path data, "M x,y L x,y ..."
    marks: list[Mark]


@dataclass(frozen=True)
class LinePlot:
    series: list[Line]  # only the series that have points
    y_ticks: list[tuple[float, int]]  # (y, value)
    x_ticks: list[tuple[float, dt.date]]  # (x, first day of a month)
    width: int
    height: int
    left: int
    right_edge: int
    top: int
    bottom_edge: int
    kind: str = "line"

    @property
    def label_y(self) -> int:
        return self.height - 10


LINE_WIDTH, LINE_HEIGHT = 320, 176
LINE_MARGINS = (26, 12, 10, 30)  # left, right, top, bottom: room for the axes' labels
MAX_MONTH_TICKS = 8


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def month_starts(start: dt.date, end: dt.date, most: int = MAX_MONTH_TICKS) -> list[dt.date]:
    """The first days of the months from `start` to `end`, thinned to at most `most` of them."""
    months, day = [], dt.date(start.year, start.month, 1)
    if day < start:
        day = _next_month(day)
    while day <= end:
        months.append(day)
        day = _next_month(day)
    # Ceiling: at most `most` labels; at least 1, as a range within one month has no month start.
    step = max(1, -(-len(months) // most))
    return months[::step]


def line_chart(
    series: Sequence[Series],
    *,
    low: int,
    high: int,
    start: dt.date,
    end: dt.date,
    width: int = LINE_WIDTH,
    height: int = LINE_HEIGHT,
    margins: tuple[int, int, int, int] = LINE_MARGINS,
) -> LinePlot:
    """Each series from `start` to `end` (widened to every point) on a scale from `low` to `high`."""
    left, right, top, bottom = margins
    days = [day for s in series for day, _ in s.points]
    if days:
        start, end = min(start, *days), max(end, *days)
    span = max((end - start).days, 1)
    plot_w, plot_h = width - right - left, height - bottom - top

    def x(day: dt.date) -> float:
        return round(left + (day - start).days / span * plot_w, 1)

    def y(value: float) -> float:
        return round(height - bottom - (value - low) / max(high - low, 1) * plot_h, 1)

    lines = []
    for s in series:
        if not s.points:
            continue
        marks = [Mark(x(day), y(value), day, value) for day, value in s.points]
        path = "M" + " L".join(f"{m.x},{m.y}" for m in marks)
        lines.append(Line(s.key, s.label, s.shape, path, marks))
    return LinePlot(
        series=lines,
        y_ticks=[(y(value), value) for value in range(low, high + 1)],
        x_ticks=[(x(day), day) for day in month_starts(start, end)],
        width=width,
        height=height,
        left=left,
        right_edge=width - right,
        top=top,
        bottom_edge=height - bottom,
    )


# --- Stacked bar charts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: int
    key: str  # the series it belongs to


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    text_y: float
    segments: list[Segment]
    total: int
    total_x: float


@dataclass(frozen=True)
class BarPlot:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int
    kind: str = "bars"


BAR_WIDTH, BAR_LABEL_WIDTH, BAR_ROW_HEIGHT, BAR_HEIGHT, BAR_TOP = 440, 150, 30, 18, 8
BAR_COUNT_ROOM = 30  # room right of the longest bar for its total


def bar_chart(
    rows: Sequence[tuple[str, Sequence[int]]],
    *,
    keys: Sequence[str],
    width: int = BAR_WIDTH,
    label_width: int = BAR_LABEL_WIDTH,
) -> BarPlot:
    """One bar per (label, values) row, its values stacked in the order of `keys`; the longest bar fills
    the room between the labels and the totals. A value of 0 draws no segment."""
    largest = max([sum(values) for _, values in rows] + [1])
    scale = (width - label_width - BAR_COUNT_ROOM) / largest
    bars = []
    for i, (label, values) in enumerate(rows):
        y = BAR_TOP + i * BAR_ROW_HEIGHT
        x, segments = float(label_width), []
        for key, value in zip(keys, values, strict=True):
            if value > 0:
                segments.append(Segment(x, value * scale, value, key))
                x += value * scale
        bars.append(Bar(label, y, y + BAR_HEIGHT - 4, segments, sum(values), x + 6))
    height = BAR_TOP * 2 + BAR_ROW_HEIGHT * max(len(rows), 1)
    return BarPlot(bars, width, height, label_width, BAR_HEIGHT)
