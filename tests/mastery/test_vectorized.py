"""The vectorized engine gives every key the level `engine.level` gives it, for every method."""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import pytest

from pathmaker.mastery import vectorized
from pathmaker.mastery.engine import Method, Rule, Score, level
from pathmaker.mastery.vectorized import levels, sort_columns

RULES = [
    *(Rule(method) for method in Method),
    Rule(Method.N_TIMES, n=2),
    Rule(Method.WEIGHTED_AVERAGE, weight=0.4),
    Rule(Method.DECAYING_AVERAGE, weight=1.0),
    Rule(Method.DECAYING_AVERAGE, weight=0.0),
]
ZERO_TO_FOUR = [Rule(method, scale_min=0.0, mastery=2.5, n=2) for method in Method]


def random_district(seed: int, keys: int, levels_on_scale: np.ndarray, longest: int = 40):
    """Columns in arbitrary row order: many keys, lengths from 1 (a quarter of them) to `longest`."""
    rng = np.random.default_rng(seed)
    lengths = np.where(rng.random(keys) < 0.25, 1, rng.integers(1, longest + 1, keys))
    key = np.repeat(rng.choice(10 * keys, keys, replace=False), lengths)
    rows = len(key)
    day = rng.integers(738_000, 738_200, rows)  # several scores often share a day
    evidence_id = rng.permutation(rows)
    score = rng.choice(levels_on_scale, rows)
    shuffle = rng.permutation(rows)
    return key[shuffle], day[shuffle], evidence_id[shuffle], score[shuffle]


def engine_levels(key, day, evidence_id, score, rule: Rule) -> dict[int, float]:
    by_key: dict[int, list[Score]] = {}
    for k, d, e, s in zip(key.tolist(), day.tolist(), evidence_id.tolist(), score.tolist(), strict=True):
        by_key.setdefault(k, []).append(Score(s, date.fromordinal(d), evidence_id=e))
    out = {}
    for k, scores in by_key.items():
        result = level(scores, rule).level
        out[k] = np.nan if result is None else result
    return out


def vectorized_levels(key, day, evidence_id, score, rule: Rule) -> dict[int, float]:
    # Demonstration order: the day, then the evidence id (one integer sorts by both).
    order = day.astype(np.int64) * 10_000_000 + evidence_id
    result = levels(*sort_columns(key, order, score), rule)
    return dict(zip(result.keys.tolist(), result.level.tolist(), strict=True))


def assert_same_levels(expected: dict[int, float], actual: dict[int, float]) -> None:
    assert expected.keys() == actual.keys()
    keys = sorted(expected)
    np.testing.assert_allclose([actual[k] for k in keys], [expected[k] for k in keys], rtol=0, atol=1e-9)


@pytest.fixture(scope="module")
def one_to_four():
    return random_district(seed=2025, keys=1500, levels_on_scale=np.array([1, 1.5, 2, 2.5, 3, 3.5, 4]))


@pytest.fixture(scope="module")
def zero_to_four_with_continuous_scores():
    rng = np.random.default_rng(7)
    columns = random_district(seed=7, keys=800, levels_on_scale=np.array([0.0, 1, 2, 3, 4]))
    key, day, evidence_id, score = columns
    continuous = rng.random(len(score)) < 0.3
    return key, day, evidence_id, np.where(continuous, rng.uniform(0, 4, len(score)), score)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.method}-w{r.weight}-n{r.n}")
def test_each_vectorized_method_equals_the_engine_per_key(one_to_four, rule):
    assert_same_levels(engine_levels(*one_to_four, rule), vectorized_levels(*one_to_four, rule))


@pytest.mark.parametrize("rule", ZERO_TO_FOUR, ids=lambda r: str(r.method))
def test_it_equals_the_engine_on_a_zero_to_four_scale_with_zeros_and_continuous_scores(
    zero_to_four_with_continuous_scores, rule
):
    columns = zero_to_four_with_continuous_scores
    assert_same_levels(engine_levels(*columns, rule), vectorized_levels(*columns, rule))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.method}-w{r.weight}-n{r.n}")
def test_it_equals_the_engine_on_a_history_of_3000_scores(rule):
    rng = np.random.default_rng(30)
    rows = 3000
    columns = (np.full(rows, 5), rng.integers(738_000, 739_000, rows), rng.permutation(rows), rng.uniform(1, 4, rows))
    assert_same_levels(engine_levels(*columns, rule), vectorized_levels(*columns, rule))


def test_mode_counts_by_sorting_when_the_dense_count_would_be_too_big(one_to_four, monkeypatch):
    rule = Rule(Method.MODE)
    dense = vectorized_levels(*one_to_four, rule)
    monkeypatch.setattr(vectorized, "DENSE_MODE_CELLS", 0)
    assert vectorized_levels(*one_to_four, rule) == dense


def test_the_published_checks_hold_for_the_vectorized_engine():
    key, order, score = np.zeros(4, dtype=np.int64), np.arange(4), np.array([1.0, 2, 3, 4])
    figures = {m: f"{levels(key, order, score, Rule(m)).level[0]:.2f}" for m in Method}
    assert figures[Method.MEAN] == "2.50"
    assert figures[Method.WEIGHTED_AVERAGE] == "3.30"
    assert figures[Method.DECAYING_AVERAGE] == "3.48"
    assert figures[Method.POWER_LAW] == "4.00"


def test_n_times_is_nan_until_enough_scores_reach_mastery():
    key, order = np.array([1, 1, 2, 2]), np.array([1, 2, 1, 2])
    result = levels(key, order, np.array([3.0, 2, 3, 4]), Rule(Method.N_TIMES, n=2))
    assert np.isnan(result.level[0]) and result.level[1] == 3.5
    assert result.count.tolist() == [2, 2]


def test_it_refuses_rows_that_are_not_sorted_by_key_and_order():
    with pytest.raises(ValueError, match=vectorized.NOT_SORTED):
        levels(np.array([2, 1]), np.array([1, 1]), np.array([3.0, 3.0]), Rule(Method.MEAN))
    with pytest.raises(ValueError, match=vectorized.NOT_SORTED):
        levels(np.array([1, 1]), np.array([5, 5]), np.array([3.0, 3.0]), Rule(Method.MEAN))


def test_it_refuses_scores_off_the_scale():
    with pytest.raises(ValueError, match="off the scale 1-4"):
        levels(np.array([1]), np.array([1]), np.array([0.0]), Rule(Method.MEAN))


def test_no_rows_give_no_levels():
    empty = np.zeros(0, dtype=np.int64)
    result = levels(empty, empty, np.zeros(0), Rule(Method.POWER_LAW))
    assert len(result.keys) == len(result.level) == 0


def test_a_million_rows_take_a_moment():
    """Prints the figures under `pytest -s`; not asserted (the benchmark command owns the targets)."""
    rng = np.random.default_rng(1)
    rows, keys = 1_000_000, 60_000
    key = np.sort(rng.integers(0, keys, rows))
    order = np.arange(rows)
    score = rng.choice(np.array([1.0, 2, 3, 4]), rows)
    started = time.perf_counter()
    segments = vectorized.segments(key, order)
    print(f"\n1,000,000 rows, {len(segments.keys):,} keys: segments {time.perf_counter() - started:.3f} s")
    for method in Method:
        started = time.perf_counter()
        levels(key, order, score, Rule(method))
        print(f"  {method}: {time.perf_counter() - started:.3f} s")
