"""Line charts of a dimension over the year, drawn on the server as inline SVG (no script, no library).

`line_chart` works out the geometry; `inventories/_chart.html` draws it: one `<path>` per series
(the student's own view solid with round marks, the adults' dashed with square marks), a `<title>`
and a `<desc>` that say in words what the lines show, and the same numbers in a table for screen
readers and for anyone who prefers numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from pathmaker.inventories.selectors import DimensionTrend, Point

WIDTH, HEIGHT = 320, 176
LEFT, RIGHT, TOP, BOTTOM = 26, 12, 10, 30  # margins around the plot
MAX_MONTH_TICKS = 8


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    point: Point

    @property
    def box_x(self) -> float:  # the square mark of the adults' series
        return round(self.x - 3.5, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - 3.5, 1)


@dataclass(frozen=True)
class ChartSeries:
    key: str  # "own" or "staff"
    label: str
    path: str  # the SVG path data, "M x,y L x,y ..."
    marks: list[Mark]


@dataclass(frozen=True)
class LineChart:
    id: str
    title: str
    desc: str
    series: list[ChartSeries]
    y_ticks: list[tuple[float, int]]  # (y, value)
    x_ticks: list[tuple[float, dt.date]]  # (x, first day of a month)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    bottom_edge: int = HEIGHT - BOTTOM

    @property
    def label_y(self) -> int:
        return self.height - 10


def series_labels() -> dict[str, str]:
    return {"own": _("Self-rating"), "staff": _("Teachers")}


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], dt.date(start.year, start.month, 1)
    if day < start:
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    while day <= end:
        months.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    # Ceiling: at most MAX_MONTH_TICKS labels; at least 1, as a range within one month has no month start.
    step = max(1, -(-len(months) // MAX_MONTH_TICKS))
    return months[::step]


def _one_decimal(value: float) -> str:
    """ "2.5" in English, "2,5" in Spanish: the chart's words use the page's one number format."""
    return number_format(value, 1, use_l10n=True)


def _describe(name: str, series: list[tuple[str, list[Point]]]) -> str:
    parts = []
    for label, points in series:
        if not points:
            parts.append(_("%(who)s: no ratings yet.") % {"who": label})
            continue
        first, last = points[0], points[-1]
        if len(points) == 1:
            parts.append(
                _("%(who)s: %(value)s on %(day)s.")
                % {
                    "who": label,
                    "value": _one_decimal(first.value),
                    "day": date_format(first.on, "MONTH_DAY_FORMAT"),
                }
            )
        else:
            parts.append(
                _("%(who)s: %(count)d ratings, from %(first)s on %(first_day)s to %(last)s on %(last_day)s.")
                % {
                    "who": label,
                    "count": len(points),
                    "first": _one_decimal(first.value),
                    "last": _one_decimal(last.value),
                    "first_day": date_format(first.on, "MONTH_DAY_FORMAT"),
                    "last_day": date_format(last.on, "MONTH_DAY_FORMAT"),
                }
            )
    return " ".join(parts)


def line_chart(
    dimension: DimensionTrend, *, top: int, start: dt.date, end: dt.date, chart_id: str
) -> LineChart:
    """A chart of one dimension from `start` to `end`, on a scale from 1 to `top`."""
    points = dimension.own + dimension.staff
    if points:
        start, end = min(start, *(p.on for p in points)), max(end, *(p.on for p in points))
    span = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - RIGHT - LEFT, HEIGHT - BOTTOM - TOP

    def x(day: dt.date) -> float:
        return round(LEFT + (day - start).days / span * plot_w, 1)

    def y(value: float) -> float:
        return round(HEIGHT - BOTTOM - (value - 1) / max(top - 1, 1) * plot_h, 1)

    labels = series_labels()
    drawn = []
    for key, found in (("own", dimension.own), ("staff", dimension.staff)):
        if not found:
            continue
        marks = [Mark(x(p.on), y(p.value), p) for p in found]
        path = "M" + " L".join(f"{m.x},{m.y}" for m in marks)
        drawn.append(ChartSeries(key, labels[key], path, marks))
    return LineChart(
        id=chart_id,
        title=_("%(dimension)s over time") % {"dimension": dimension.name},
        desc=_describe(dimension.name, [(labels["own"], dimension.own), (labels["staff"], dimension.staff)]),
        series=drawn,
        y_ticks=[(y(value), value) for value in range(1, top + 1)],
        x_ticks=[(x(day), day) for day in _month_starts(start, end)],
    )
