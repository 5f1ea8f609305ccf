"""The vectorized engine gives every key the level `engine.level` gives it, for every method."""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import pytest

from pathmaker.mastery import vectorized
from pathmaker.mastery.engine import Method, Rule, Score, level
from pathmaker.mastery.vectorized import district_levels, levels, sort_columns

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
    result = district_levels(key, order, score, rule)
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
    columns = (
        np.full(rows, 5),
        rng.integers(738_000, 739_000, rows),
        rng.permutation(rows),
        rng.uniform(1, 4, rows),
    )
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


def test_a_million_rows_in_table_order_give_the_levels_of_a_plain_lexsort():
    """Times are printed under `pytest -s`; the benchmark command owns the targets."""
    rng = np.random.default_rng(1)
    rows, keys = 1_000_000, 60_000
    key = rng.integers(0, keys, rows).astype(np.int32)
    order = rng.permutation(rows).astype(np.int64)
    score = rng.choice(np.array([1.0, 1.5, 2, 3, 4], dtype=np.float32), rows)
    index = np.lexsort((order, key))
    for method in Method:
        started = time.perf_counter()
        found = district_levels(key, order, score, Rule(method))
        seconds = time.perf_counter() - started
        plain = levels(key[index], order[index], score[index], Rule(method))
        assert np.array_equal(found.keys, plain.keys) and np.array_equal(found.count, plain.count)
        np.testing.assert_allclose(found.level, plain.level, rtol=0, atol=1e-12)
        print(f"  {method}: {seconds:.3f} s")


# Each sort path: scores packed with the keys (few distinct scores), an argsort (many), a lexsort (keys
# too wide to pack). All must give the engine's levels.
SORT_PATHS = ["packed", "argsort", "lexsort"]


def sorted_by(path: str, key, order, score, monkeypatch) -> vectorized.Columns:
    if path == "argsort":
        monkeypatch.setattr(vectorized, "MOST_CODES", 0)
    if path == "lexsort":
        key = key.astype(np.int64) + (1 << 62)  # keys this large cannot be packed with an order
    columns = sort_columns(key, order, score)
    assert (columns.codes is not None) == (path == "packed")
    if path == "lexsort":
        columns = vectorized.Columns(columns.key - (1 << 62), columns.order, columns.score, columns.codes)
    return columns


@pytest.mark.parametrize("path", SORT_PATHS)
def test_every_sort_path_puts_each_row_where_a_lexsort_does(one_to_four, path, monkeypatch):
    key, day, evidence_id, score = one_to_four
    order = day.astype(np.int64) * 10_000_000 + evidence_id
    columns = sorted_by(path, key, order, score, monkeypatch)
    index = np.lexsort((order, key))
    assert np.array_equal(columns.key, key[index]) and np.array_equal(columns.order, order[index])
    assert np.array_equal(columns.score, score[index]) and columns.score.dtype == np.float64
    if columns.codes is not None:
        assert np.array_equal(columns.codes.values[columns.codes.code], columns.score)


@pytest.mark.parametrize("path", SORT_PATHS)
@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.method}-w{r.weight}-n{r.n}")
def test_every_sort_path_gives_the_engines_levels(one_to_four, rule, path, monkeypatch):
    key, day, evidence_id, score = one_to_four
    columns = sorted_by(path, key, day.astype(np.int64) * 10_000_000 + evidence_id, score, monkeypatch)
    found = vectorized.levels_of(columns, rule)
    assert_same_levels(
        engine_levels(*one_to_four, rule), dict(zip(found.keys.tolist(), found.level.tolist(), strict=True))
    )


EDGE_CASES = {  # name: one key's scores in demonstration order, on a 0-4 scale
    "a single score": [2.5],
    "a single zero": [0.0],
    "all zeros": [0.0, 0.0, 0.0],
    "zeros among threes": [3.0, 3.0, 0.0, 3.0],
    "a tie for mode between two levels": [1.0, 3.0, 3.0, 1.0, 2.0],
    "a three-way tie for mode": [4.0, 2.0, 1.0],
    "a tie for mode between halves": [2.5, 3.5, 2.5, 3.5],
    "one value repeated": [3.0] * 7,
    "a long rise": [1.0 + (i % 13) * 0.25 for i in range(60)],
    "quarter points": [2.75, 3.25, 2.75, 0.25],
}


@pytest.mark.parametrize("path", SORT_PATHS)
@pytest.mark.parametrize("method", list(Method))
def test_edge_cases_give_the_engines_levels_in_one_district(method, path, monkeypatch):
    """Every case is a key of its own (lengths 1 to 60) in one shuffled district, among neighbours."""
    rule = Rule(method, scale_min=0.0, mastery=2.5, n=2, weight=0.4)
    rng = np.random.default_rng(11)
    names = list(EDGE_CASES)
    key = np.repeat(np.arange(len(names)) * 3 + 5, [len(EDGE_CASES[n]) for n in names])
    score = np.concatenate([EDGE_CASES[n] for n in names])
    day = np.full(len(key), 738_000) + np.concatenate([np.arange(len(EDGE_CASES[n])) // 2 for n in names])
    evidence_id = np.arange(len(key)) + 1  # same day: the id decides
    shuffle = rng.permutation(len(key))
    columns = (key[shuffle], day[shuffle], evidence_id[shuffle], score[shuffle])
    found = sorted_by(path, columns[0], columns[1] * 10_000_000 + columns[2], columns[3], monkeypatch)
    result = vectorized.levels_of(found, rule)
    expected = engine_levels(*columns, rule)
    for name, k, level_found in zip(names, result.keys.tolist(), result.level.tolist(), strict=True):
        assert level_found == pytest.approx(expected[k], abs=1e-9, nan_ok=True), name


def test_a_tie_for_mode_goes_to_the_higher_level_with_and_without_codes():
    key, order = np.zeros(6, dtype=np.int64), np.arange(6)
    score = np.array([1.0, 3.0, 2.0, 3.0, 1.0, 2.0])
    coded = sort_columns(key, order, score)
    assert coded.codes is not None
    assert vectorized.levels_of(coded, Rule(Method.MODE)).level.tolist() == [3.0]
    assert levels(key, order, score, Rule(Method.MODE)).level.tolist() == [3.0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_score_codes_are_exact_ranks_for_awkward_values(dtype):
    for values in ([0.1, 0.2, 0.3, 3.7], [-1.0, -0.5, 0.0, 0.5, 1.0], [0.0, 0.25, 2.5, 4.0], [2.0]):
        score = np.random.default_rng(3).choice(np.array(values, dtype=dtype), 5000)
        codes = vectorized.ScoreCodes.of(score)
        assert codes is not None, values
        assert np.array_equal(codes.values[codes.code], score)
        assert codes.values.tolist() == np.array(values, dtype=dtype).astype(np.float64).tolist()


def test_score_codes_are_refused_for_too_many_values_nan_or_values_too_close_to_tell_apart_cheaply():
    assert vectorized.ScoreCodes.of(np.arange(100, dtype=np.float64), most=50) is None
    assert vectorized.ScoreCodes.of(np.array([1.0, np.nan])) is None
    assert vectorized.ScoreCodes.of(np.array([1.0, 1.0000001, 4.0])) is None  # the argsort path takes them


def test_score_codes_find_a_value_the_sample_missed(monkeypatch):
    monkeypatch.setattr(vectorized, "CODE_SAMPLE_ROWS", 10)
    score = np.full(10_000, 3.0)
    score[4321] = 1.5  # not in every 1,000th row
    codes = vectorized.ScoreCodes.of(score)
    assert codes is not None and np.array_equal(codes.values[codes.code], score)
    assert vectorized.levels_of(
        sort_columns(np.zeros(10_000, dtype=np.int64), np.arange(10_000), score), Rule(Method.HIGHEST)
    ).level.tolist() == [3.0]


@pytest.mark.parametrize("method", sorted(set(Method) - vectorized.ORDER_FREE))
def test_rows_sharing_a_key_and_an_order_are_refused_after_any_sort(method):
    key, order, score = np.array([1, 2, 1]), np.array([7, 1, 7]), np.array([3.0, 2.0, 1.0])
    with pytest.raises(ValueError, match=vectorized.NOT_SORTED):
        district_levels(key, order, score, Rule(method))
    with pytest.raises(ValueError, match=vectorized.NOT_SORTED):
        district_levels(key, order, np.linspace(1, 4, 3), Rule(method))


@pytest.mark.parametrize("method", sorted(vectorized.ORDER_FREE))
def test_methods_that_ignore_the_order_count_every_row_as_the_engine_does_without_sorting(
    method, monkeypatch
):
    key, order, score = np.array([1, 2, 1, 1]), np.array([7, 1, 7, 3]), np.array([3.0, 2.0, 4.0, 3.5])
    rule = Rule(method, n=2)
    monkeypatch.setattr(vectorized, "sort_columns", None)  # any sort would fail
    found = district_levels(key, order, score, rule)
    assert found.keys.tolist() == [1, 2] and found.count.tolist() == [3, 1]
    assert found.level[0] == pytest.approx(
        level(
            [
                Score(3.0, date(2026, 1, 1), 7),
                Score(4.0, date(2026, 1, 1), 7),
                Score(3.5, date(2026, 1, 1), 3),
            ],
            rule,
        ).level
    )


@pytest.mark.parametrize("method", sorted(vectorized.ORDER_FREE))
def test_order_free_methods_give_the_same_levels_with_dense_keys_sparse_keys_and_sorted_columns(
    one_to_four, method
):
    key, day, evidence_id, score = one_to_four
    order = day.astype(np.int64) * 10_000_000 + evidence_id
    rule = Rule(method, n=2)
    dense = district_levels(key, order, score, rule)
    sparse = district_levels(key.astype(np.int64) * 1_000_003, order, score, rule)  # too sparse: sorted
    plain = vectorized.levels_of(sort_columns(key, order, score), rule)
    assert np.array_equal(dense.keys, plain.keys) and np.array_equal(dense.count, plain.count)
    assert np.array_equal(sparse.keys, plain.keys * 1_000_003) and np.array_equal(sparse.count, plain.count)
    np.testing.assert_allclose(dense.level, plain.level, rtol=0, atol=1e-12)
    np.testing.assert_allclose(sparse.level, plain.level, rtol=0, atol=1e-12)


def test_order_free_methods_refuse_scores_off_the_scale_or_missing():
    key, order = np.array([1, 1]), np.array([1, 2])
    with pytest.raises(ValueError, match="off the scale 1-4"):
        district_levels(key, order, np.array([3.0, 0.5]), Rule(Method.HIGHEST))
    with pytest.raises(ValueError, match="missing"):
        district_levels(key, order, np.array([3.0, np.nan]), Rule(Method.MEAN))


def test_float_orders_are_sorted_too():
    result = district_levels(
        np.array([1, 1, 1]), np.array([0.5, 0.25, 0.75]), np.array([2.0, 1.0, 3.0]), Rule(Method.MOST_RECENT)
    )
    assert result.level.tolist() == [3.0]
