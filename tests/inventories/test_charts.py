"""The trend charts: inline SVG, one path per series, an accessible name and description, the numbers in a table."""

from __future__ import annotations

import datetime as dt
import re

from django.template.loader import render_to_string
from django.utils import translation

from pathmaker.inventories.charts import line_chart
from pathmaker.inventories.selectors import DimensionTrend, Point, trend
from pathmaker.lib.charts import LINE_HEIGHT, LINE_MARGINS, LINE_WIDTH
from tests.inventories.conftest import rate

AUG_1, NOV_20 = dt.date(2026, 8, 1), dt.date(2026, 11, 20)
LEFT, RIGHT, TOP, BOTTOM = LINE_MARGINS
BOTTOM_Y, RIGHT_X = LINE_HEIGHT - BOTTOM, LINE_WIDTH - RIGHT


def _render(dimension: DimensionTrend, *, top: int = 4) -> str:
    chart = line_chart(dimension, top=top, start=AUG_1, end=NOV_20, chart_id="c1")
    return render_to_string("components/_chart.html", {"chart": chart, "caption": dimension.name})


def _svg(html: str) -> str:
    return re.search(r"<svg.*?</svg>", html, re.S).group(0)


def test_the_chart_has_one_path_per_series_and_an_accessible_name(district, habits):
    rate(district, "student", habits, [2, 3, 1], on=dt.date(2026, 9, 1))
    rate(district, "teacher", habits, [1, 2, 2], on=dt.date(2026, 9, 3))
    rate(district, "student", habits, [3, 4, 2], on=dt.date(2026, 11, 1))
    svg = _svg(_render(trend(district.sam, habits).dimensions[0]))
    assert re.search(r'role="img"', svg) and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Collaboration over time</title>' in svg
    desc = re.search(r'<desc id="c1-desc">(.*?)</desc>', svg, re.S).group(1)
    assert desc == (
        "Self-rating: 2 ratings, from 2.5 on September 1 to 3.5 on November 1. Teachers: 1.5 on September 3."
    )
    paths = re.findall(r'<path class="series series-(\w+)" d="([^"]+)"', svg)
    assert [key for key, _ in paths] == ["own", "staff"]
    assert len(re.findall(r"<circle class=\"mark mark-own\"", svg)) == 2
    assert len(re.findall(r"<rect class=\"mark mark-staff\"", svg)) == 1


def test_a_series_without_ratings_draws_no_line(district, habits):
    rate(district, "student", habits, [2, 3, 1], on=dt.date(2026, 9, 1))
    svg = _svg(_render(trend(district.sam, habits).dimensions[0]))
    assert re.findall(r'<path class="series series-(\w+)"', svg) == ["own"]
    assert "Teachers: no ratings yet." in svg


def test_points_sit_where_their_date_and_value_put_them():
    dimension = DimensionTrend("Collaboration", own=[Point(AUG_1, 1.0), Point(NOV_20, 4.0)], staff=[])
    chart = line_chart(dimension, top=4, start=AUG_1, end=NOV_20, chart_id="c")
    first, last = chart.plot.series[0].marks
    assert (first.x, first.y) == (LEFT, BOTTOM_Y)  # the first day, the lowest level
    assert (last.x, last.y) == (RIGHT_X, TOP)  # the last day, the highest level
    assert chart.plot.series[0].path == "M26.0,146.0 L308.0,10.0"
    assert [value for _, value in chart.plot.y_ticks] == [1, 2, 3, 4]
    assert [day for _, day in chart.plot.x_ticks] == [dt.date(2026, m, 1) for m in (8, 9, 10, 11)]


def test_a_rating_outside_the_window_widens_it():
    dimension = DimensionTrend("Organization", own=[Point(dt.date(2026, 6, 1), 2.0)], staff=[])
    chart = line_chart(dimension, top=4, start=AUG_1, end=NOV_20, chart_id="c")
    assert chart.plot.series[0].marks[0].x == LEFT
    assert chart.plot.x_ticks[0][1] == dt.date(2026, 6, 1)


def test_the_coordinates_stay_numbers_in_every_language(district, habits):
    rate(district, "student", habits, [2, 3, 1], on=dt.date(2026, 9, 1))
    rate(district, "student", habits, [3, 4, 2], on=dt.date(2026, 10, 17))
    with translation.override("es"):
        html = _render(trend(district.sam, habits).dimensions[0])
    path = re.search(r'<path class="series series-own" d="([^"]+)"', html).group(1)
    assert re.fullmatch(r"M\d+(\.\d)?,\d+(\.\d)? L\d+(\.\d)?,\d+(\.\d)?", path), path
    assert 'viewBox="0 0 320 176"' in html


def test_the_numbers_are_also_in_a_table(district, habits):
    rate(district, "student", habits, [2, 3, 1], on=dt.date(2026, 9, 1))
    rate(district, "teacher", habits, [1, 2, 2], on=dt.date(2026, 9, 1))
    rate(district, "co_teacher", habits, [3, 2, 2], on=dt.date(2026, 9, 1))
    html = _render(trend(district.sam, habits).dimensions[0])
    table = re.search(r"<details.*?</details>", html, re.S).group(0)
    assert "<caption>Collaboration, by day rated</caption>" in table
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, re.S)
    ]
    assert cells == ["Date", "Self-rating", "Teachers", "Sept. 1, 2026", "2.5", "2.0 (mean of 2 adults)"]
