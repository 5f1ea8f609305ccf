"""The habits charts: one dimension over the year, the student's own view and the adults'.

The geometry is `pathmaker.lib.charts.line_chart`; this module writes the chart's words in the reader's
language (a title and a description that say in words what the lines show) and its numbers as a table
(each day rated, with how many adults an adults' value is the mean of). `components/_chart.html` draws it:
the student's line solid with round marks, the adults' dashed with square marks.
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pathmaker.components import display
from pathmaker.inventories.selectors import DimensionTrend, Point
from pathmaker.lib import charts


def series_labels() -> dict[str, str]:
    return {"own": _("Self-rating"), "staff": _("Teachers")}


def _one_decimal(value: float) -> str:
    """ "2.5" in English, "2,5" in Spanish: the chart's words use the page's one number format."""
    return number_format(value, 1, use_l10n=True)


def _describe(series: list[tuple[str, list[Point]]]) -> str:
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


def _cell(point: Point | None) -> charts.Cell:
    if point is None:
        return charts.Cell()
    note = ""
    if point.ratings > 1:
        note = ngettext("(mean of %(n)s adult)", "(mean of %(n)s adults)", point.ratings) % {
            "n": point.ratings
        }
    return charts.Cell(_one_decimal(point.value), note)


def _table(dimension: DimensionTrend, labels: dict[str, str]) -> charts.Table:
    return charts.Table(
        caption=_("%(name)s, by day rated") % {"name": dimension.name},
        columns=[_("Date"), labels["own"], labels["staff"]],
        rows=[(display.day(day), [_cell(own), _cell(staff)]) for day, own, staff in dimension.days],
    )


def line_chart(
    dimension: DimensionTrend, *, top: int, start: dt.date, end: dt.date, chart_id: str
) -> charts.Chart:
    """A chart of one dimension from `start` to `end`, on a scale from 1 to `top`."""
    labels = series_labels()
    plot = charts.line_chart(
        [
            charts.Series("own", labels["own"], [(p.on, p.value) for p in dimension.own]),
            charts.Series(
                "staff", labels["staff"], [(p.on, p.value) for p in dimension.staff], shape="square"
            ),
        ],
        low=1,
        high=top,
        start=start,
        end=end,
    )
    return charts.Chart(
        id=chart_id,
        title=_("%(dimension)s over time") % {"dimension": dimension.name},
        desc=_describe([(labels["own"], dimension.own), (labels["staff"], dimension.staff)]),
        plot=plot,
        table=_table(dimension, labels),
    )
