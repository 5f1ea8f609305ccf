"""The on-track projection (pure): hand-worked examples, the steps that explain it, and its properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from pathmaker.pacing.projection import (
    AT_RISK_DAYS,
    Inputs,
    PaceSource,
    Status,
    nth_school_day,
    project,
    school_days,
)

START, END = dt.date(2026, 8, 24), dt.date(2026, 12, 18)  # a Monday, a Friday
TODAY = dt.date(2026, 10, 1)  # a Thursday
LABOR_DAY = dt.date(2026, 9, 7)


def inputs(**changes) -> Inputs:
    values = {
        "today": TODAY,
        "term_start": START,
        "term_end": END,
        "required": 12,
        "mastered": 4,
        "mastered_this_term": 4,
        "guide_weeks_left": 16.0,
        "days_off": frozenset({LABOR_DAY}),
    }
    return Inputs(**(values | changes))


def test_school_days_skip_weekends_and_days_off():
    assert school_days(START, dt.date(2026, 9, 30), frozenset()) == 28
    assert school_days(START, dt.date(2026, 9, 30), frozenset({LABOR_DAY})) == 27
    assert school_days(END, START, frozenset()) == 0
    assert nth_school_day(dt.date(2026, 9, 4), 2, frozenset({LABOR_DAY})) == dt.date(2026, 9, 8)


def test_at_the_students_own_pace_with_the_arithmetic_spelled_out():
    found = project(inputs())
    # 27 school days behind (28 weekdays less Labor Day); 4 mastered is 4 × 5 ÷ 27 a week; 8 left need
    # ceil(8 × 5 ÷ (20/27)) = 54 school days; 57 are left (Oct 1 to Dec 18, every weekday).
    assert (found.source, found.days_behind, found.days_left, found.days_needed) == (
        PaceSource.STUDENT,
        27,
        57,
        54,
    )
    assert found.status == Status.ON_TRACK
    assert found.finish_on == dt.date(2026, 12, 15)
    assert [s.code for s in found.steps] == [
        "term",
        "progress",
        "pace.student",
        "finish.student",
        "verdict.on_track",
    ]
    assert (
        found.steps[2].text
        == "Your pace so far: 4 competencies in 5.4 school weeks (27 ÷ 5) is 0.74 a school week."
    )
    assert found.steps[-1].text == "54 school days needed, 57 left: on track, with 3 to spare."


def test_a_few_days_late_is_at_risk_and_more_is_off_track():
    # 9 left at 20/27 a week: ceil(60.75) = 61 school days, 4 more than the 57 left.
    at_risk = project(inputs(required=13))
    assert (at_risk.status, at_risk.days_needed, at_risk.days_over) == (Status.AT_RISK, 61, 4)
    assert at_risk.days_over <= AT_RISK_DAYS
    assert "(10 or fewer is at risk), so at risk." in at_risk.steps[-1].text
    assert project(inputs(mastered=1, mastered_this_term=1)).status == Status.OFF_TRACK


def test_nothing_mastered_this_term_is_off_track_and_says_why():
    found = project(inputs(mastered=2, mastered_this_term=0))
    assert (found.status, found.finish_on) == (Status.OFF_TRACK, None)
    assert [s.code for s in found.steps][-2:] == ["finish.never", "verdict.off_track"]


def test_early_in_the_term_the_guide_sets_the_pace_and_says_so():
    found = project(
        inputs(today=dt.date(2026, 9, 1), mastered=0, mastered_this_term=0, guide_weeks_left=15.0)
    )
    assert (found.source, found.days_behind, found.days_needed) == (PaceSource.GUIDE, 6, 75)
    assert found.steps[2].code == "pace.guide" and "too few to tell your own pace" in found.steps[2].text
    assert found.status == Status.ON_TRACK


def test_without_a_guide_or_history_there_is_no_projection_yet():
    found = project(inputs(today=dt.date(2026, 9, 1), guide_weeks_left=None))
    assert (found.status, found.source, found.finish_on) == (Status.UNKNOWN, PaceSource.NONE, None)


def test_a_course_with_everything_mastered_is_done():
    assert project(inputs(mastered=12, mastered_this_term=8)).status == Status.DONE


# --- Properties ---------------------------------------------------------------------------------------

RANK = {Status.DONE: 0, Status.ON_TRACK: 1, Status.AT_RISK: 2, Status.OFF_TRACK: 3, Status.UNKNOWN: 3}
DAYS = st.dates(min_value=dt.date(2026, 8, 1), max_value=dt.date(2027, 1, 31))


@st.composite
def situations(draw):
    required = draw(st.integers(1, 30))
    mastered = draw(st.integers(0, required - 1))
    this_term = draw(st.integers(0, mastered))
    return inputs(
        today=draw(st.dates(min_value=dt.date(2026, 8, 20), max_value=dt.date(2026, 12, 31))),
        required=required,
        mastered=mastered,
        mastered_this_term=this_term,
        guide_weeks_left=draw(st.one_of(st.none(), st.floats(0.5, 40))),
        days_off=frozenset(draw(st.lists(DAYS, max_size=15))),
    )


def later(a, b) -> bool:
    """Finish `a` is later than finish `b` (never finishing is the latest of all)."""
    if a.finish_on is None:
        return b.finish_on is not None
    return b.finish_on is not None and a.finish_on > b.finish_on


@given(situations())
def test_mastering_one_more_never_makes_the_finish_later(situation):
    before = project(situation)
    one_more = Inputs(
        **{
            **situation.__dict__,
            "mastered": situation.mastered + 1,
            "mastered_this_term": situation.mastered_this_term + 1,
            "guide_weeks_left": None
            if situation.guide_weeks_left is None
            else situation.guide_weeks_left * 0.9,
        }
    )
    after = project(one_more)
    assert not later(after, before) or before.status == Status.UNKNOWN
    assert RANK[after.status] <= RANK[before.status]


@given(situations(), st.lists(st.integers(0, 150), max_size=10))
def test_a_day_off_from_today_on_never_makes_the_finish_earlier(situation, offsets):
    extra = {situation.today + dt.timedelta(days=n) for n in offsets}
    before = project(situation)
    after = project(Inputs(**{**situation.__dict__, "days_off": situation.days_off | extra}))
    assert not later(before, after)
    assert RANK[after.status] >= RANK[before.status]


@given(situations())
def test_the_last_step_always_names_the_status(situation):
    found = project(situation)
    assert found.steps[-1].code in {f"verdict.{found.status}", "done", "no_pace"}
