"""The trend: each dimension (the mean of its statements) and each statement, the student's view and the adults'."""

from __future__ import annotations

import datetime as dt

import pytest

from pathmaker.inventories.selectors import Point, latest_by_dimension, school_year_start, trend
from tests.inventories.conftest import STATEMENTS, rate

SEP_1, OCT_1, NOV_1 = dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)


def test_the_trend_keeps_the_students_view_apart_from_the_adults(district, habits):
    rate(district, "student", habits, [2, 3, 1], on=SEP_1)
    rate(district, "teacher", habits, [1, 2, 2], on=SEP_1 + dt.timedelta(days=2))
    rate(district, "student", habits, [3, 4, 2], on=NOV_1)
    collaboration, perseverance = trend(district.sam, habits).dimensions
    assert collaboration.name == "Collaboration" and perseverance.name == "Perseverance"
    assert collaboration.own == [Point(SEP_1, 2.5), Point(NOV_1, 3.5)]
    assert collaboration.staff == [Point(SEP_1 + dt.timedelta(days=2), 1.5)]
    assert perseverance.own == [Point(SEP_1, 1.0), Point(NOV_1, 2.0)]
    first, second = collaboration.items
    assert (first.item.text, first.own, first.staff) == (
        STATEMENTS[0],
        [Point(SEP_1, 2.0), Point(NOV_1, 3.0)],
        [Point(SEP_1 + dt.timedelta(days=2), 1.0)],
    )
    assert second.own == [Point(SEP_1, 3.0), Point(NOV_1, 4.0)]
    assert collaboration.days == [
        (SEP_1, Point(SEP_1, 2.5), None),
        (SEP_1 + dt.timedelta(days=2), None, Point(SEP_1 + dt.timedelta(days=2), 1.5)),
        (NOV_1, Point(NOV_1, 3.5), None),
    ]


def test_adults_rating_on_the_same_day_make_one_point_their_mean(district, habits):
    rate(district, "teacher", habits, [1, 2, 4], on=OCT_1)
    rate(district, "co_teacher", habits, [3, 2, 1], on=OCT_1)
    rate(district, "advisor", habits, [2, 2, 1], on=OCT_1)
    collaboration, perseverance = trend(district.sam, habits).dimensions
    assert collaboration.staff == [Point(OCT_1, 2.0, ratings=3)]
    assert perseverance.staff == [Point(OCT_1, 2.0, ratings=3)]
    assert collaboration.own == []


def test_an_adults_rating_stays_in_the_adults_view_until_they_rate_again(district, habits):
    rate(district, "teacher", habits, [1, 1, 1], on=SEP_1)
    rate(district, "co_teacher", habits, [3, 3, 3], on=SEP_1 + dt.timedelta(days=2))
    rate(district, "teacher", habits, [3, 3, 4], on=OCT_1)
    rate(district, "advisor", habits, [2, 2, 1], on=NOV_1)
    collaboration, perseverance = trend(district.sam, habits).dimensions
    assert collaboration.staff == [
        Point(SEP_1, 1.0),
        Point(SEP_1 + dt.timedelta(days=2), 2.0, ratings=2),
        Point(OCT_1, 3.0, ratings=2),
        Point(NOV_1, 8 / 3, ratings=3),
    ]
    assert perseverance.staff[-1] == Point(NOV_1, 8 / 3, ratings=3)
    assert collaboration.items[0].staff == collaboration.staff


def test_a_rating_from_last_school_year_does_not_carry_into_this_one(district, habits):
    rate(district, "teacher", habits, [4, 4, 4], on=dt.date(2026, 5, 4))
    rate(district, "co_teacher", habits, [2, 2, 2], on=SEP_1)
    rate(district, "student", habits, [1, 1, 1], on=dt.date(2026, 5, 4))
    rate(district, "student", habits, [3, 3, 3], on=SEP_1)
    collaboration = trend(district.sam, habits).dimensions[0]
    assert collaboration.staff == [Point(dt.date(2026, 5, 4), 4.0), Point(SEP_1, 2.0)]
    assert collaboration.own == [Point(dt.date(2026, 5, 4), 1.0), Point(SEP_1, 3.0)]


def test_the_newest_rating_is_the_latest_and_older_ones_stay_as_history(district, habits):
    rate(district, "student", habits, [3, 3, 3], on=SEP_1)
    rate(district, "student", habits, [2, 2, 4], on=NOV_1)
    rate(district, "teacher", habits, [2, 3, 2], on=OCT_1)
    latest = latest_by_dimension(district.sam, habits)
    assert [(x.dimension, x.own, x.staff) for x in latest] == [
        ("Collaboration", Point(NOV_1, 2.0), Point(OCT_1, 2.5)),
        ("Perseverance", Point(NOV_1, 4.0), Point(OCT_1, 2.0)),
    ]
    assert len(trend(district.sam, habits).takings) == 3


def test_the_trend_is_the_students_own(district, habits):
    rate(district, "teacher", habits, [1, 1, 1], on=SEP_1, student=district.tia)
    assert trend(district.sam, habits).is_empty
    assert latest_by_dimension(district.sam, habits) == [
        type(latest_by_dimension(district.sam, habits)[0])("Collaboration", None, None),
        type(latest_by_dimension(district.sam, habits)[0])("Perseverance", None, None),
    ]
    assert trend(district.tia, habits).dimensions[0].staff == [Point(SEP_1, 1.0)]


def test_the_school_year_trend_starts_on_august_first(district, habits):
    rate(district, "student", habits, [1, 1, 1], on=dt.date(2026, 5, 20))
    rate(district, "student", habits, [3, 3, 3], on=dt.date(2026, 8, 1))
    this_year = trend(district.sam, habits, since=school_year_start(dt.date(2026, 11, 20)))
    assert [p.on for p in this_year.dimensions[0].own] == [dt.date(2026, 8, 1)]
    assert len(trend(district.sam, habits).dimensions[0].own) == 2


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (dt.date(2026, 8, 1), dt.date(2026, 8, 1)),
        (dt.date(2026, 7, 31), dt.date(2025, 8, 1)),
        (dt.date(2027, 1, 15), dt.date(2026, 8, 1)),
        (dt.date(2026, 12, 31), dt.date(2026, 8, 1)),
    ],
)
def test_a_school_year_begins_on_the_first_of_august(day, start):
    assert school_year_start(day) == start
