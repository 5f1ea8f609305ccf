"""Running sums give the same level as the engine, one score at a time, for every method."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from pathmaker.mastery import engine, running


def scores(values):
    return [engine.Score(v, dt.date(2026, 9, 1) + dt.timedelta(days=i), i + 1) for i, v in enumerate(values)]


@pytest.mark.parametrize("method", list(engine.Method))
def test_folding_scores_one_at_a_time_matches_the_engine(method):
    rng = random.Random(method.value)
    rule = engine.Rule(method=method, n=2, scale_min=0.0, scale_max=4.0)
    for _ in range(200):
        values = [float(rng.choice([0, 1, 2, 3, 4])) for _ in range(rng.randint(1, 12))]
        state = running.Running()
        for score in scores(values):
            state = running.add(state, score, rule)
        expected = engine.level(scores(values), rule).level
        got = running.level(state, rule)
        assert (got is None) == (expected is None)
        if expected is not None:
            assert got == pytest.approx(expected, abs=1e-9)


def test_a_score_shown_before_the_latest_one_cannot_be_folded_in():
    rule = engine.Rule(method=engine.Method.MEAN)
    state = running.start(scores([2, 3]), rule)
    earlier = engine.Score(4.0, dt.date(2026, 8, 1), 99)
    assert running.add(state, earlier, rule) is None


def test_the_running_state_survives_a_round_trip_through_json():
    rule = engine.Rule(method=engine.Method.POWER_LAW)
    state = running.start(scores([1, 3, 2, 4]), rule)
    assert running.Running.from_dict(state.as_dict()) == state
    assert round(running.level(state, rule), 2) == 3.66
