"""The pure mastery engine: every method, the published checks, ordering, zeros, rules stored beside results."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from pathmaker.mastery.engine import Method, Rule, Score, level, what_if

SEP_3 = date(2025, 9, 3)


def weekly(*values: float, start: date = SEP_3) -> list[Score]:
    """Scores a week apart, oldest first, with evidence ids in the same order."""
    return [Score(v, start + timedelta(weeks=i), evidence_id=i + 1) for i, v in enumerate(values)]


def level_of(method: Method, *values: float, **parameters) -> float | None:
    return level(weekly(*values), Rule(method, **parameters)).level


# The published checks (issue 4), to two decimals.


def test_mean_of_1_2_3_4_is_2_50():
    assert f"{level_of(Method.MEAN, 1, 2, 3, 4):.2f}" == "2.50"


def test_weighted_average_of_1_2_3_4_is_3_30():
    assert f"{level_of(Method.WEIGHTED_AVERAGE, 1, 2, 3, 4):.2f}" == "3.30"


def test_decaying_average_of_1_2_3_4_is_3_48():
    assert f"{level_of(Method.DECAYING_AVERAGE, 1, 2, 3, 4):.2f}" == "3.48"


@pytest.mark.parametrize(
    ("values", "expected"),
    [((1, 2, 3, 4), "4.00"), ((1, 3, 2, 4), "3.66"), ((2, 4, 1, 3), "2.16"), ((4, 3, 2, 1), "1.28")],
    ids=["1_2_3_4_is_4_00", "1_3_2_4_is_3_66", "2_4_1_3_is_2_16", "4_3_2_1_is_1_28"],
)
def test_power_law_of(values, expected):
    assert f"{level_of(Method.POWER_LAW, *values):.2f}" == expected


# Each method.


def test_highest_is_the_best_score_whenever_it_was_shown():
    assert level_of(Method.HIGHEST, 2, 4, 1, 3) == 4


def test_most_recent_is_the_last_score_demonstrated():
    assert level_of(Method.MOST_RECENT, 2, 4, 1, 3) == 3


def test_mode_is_the_most_frequent_score():
    assert level_of(Method.MODE, 2, 3, 3, 4, 1) == 3


def test_mode_ties_go_to_the_higher_level():
    assert level_of(Method.MODE, 3, 2, 2, 3, 1) == 3


def test_n_times_is_not_yet_determined_until_n_scores_reach_mastery():
    assert level_of(Method.N_TIMES, 4, 2, 3, n=3) is None


def test_n_times_is_the_mean_of_only_the_scores_at_or_above_mastery():
    assert level_of(Method.N_TIMES, 4, 1, 3, 2, 3.5, n=3) == pytest.approx((4 + 3 + 3.5) / 3)


def test_n_times_counts_a_score_exactly_at_mastery():
    assert level_of(Method.N_TIMES, 3, 3, n=2, mastery=3) == 3


def test_weighted_average_of_one_score_is_that_score():
    assert level_of(Method.WEIGHTED_AVERAGE, 2.5) == 2.5


def test_weighted_average_uses_the_rules_weight():
    assert level_of(Method.WEIGHTED_AVERAGE, 1, 3, 4, weight=0.5) == pytest.approx(0.5 * 4 + 0.5 * 2)


def test_decaying_average_of_one_score_is_that_score():
    assert level_of(Method.DECAYING_AVERAGE, 3) == 3


def test_decaying_average_follows_the_recursion_with_the_rules_weight():
    d = 2.0
    for x in (4, 1, 3):
        d = 0.4 * x + 0.6 * d
    assert level_of(Method.DECAYING_AVERAGE, 2, 4, 1, 3, weight=0.4) == pytest.approx(d)


def test_power_law_of_one_score_is_that_score():
    assert level_of(Method.POWER_LAW, 2) == 2


def test_power_law_of_equal_scores_is_that_score():
    assert level_of(Method.POWER_LAW, 3, 3, 3) == pytest.approx(3)


def test_power_law_is_clamped_to_the_top_of_the_scale():
    assert level_of(Method.POWER_LAW, 1, 4, 4, 4) == 4  # the curve reaches 5.16


def test_power_law_is_clamped_to_the_bottom_of_the_scale():
    assert level_of(Method.POWER_LAW, 4, 1, 1, 1) == 1  # the curve falls to 0.78


@pytest.mark.parametrize("method", list(Method))
def test_no_scores_means_not_yet_determined(method):
    result = level([], Rule(method))
    assert result.level is None and not result.determined and result.display() == "not yet determined"


# Zero scores: the power law raises them to the rule's log floor (0.5) before taking logs.


def test_power_law_counts_a_zero_as_the_log_floor():
    zero_to_four = {"scale_min": 0.0}
    assert level_of(Method.POWER_LAW, 3, 3, 0, 3, **zero_to_four) == pytest.approx(
        level_of(Method.POWER_LAW, 3, 3, 0.5, 3, **zero_to_four)
    )
    assert f"{level_of(Method.POWER_LAW, 3, 3, 0, 3, **zero_to_four):.2f}" == "1.42"


def test_power_law_of_all_zeros_is_the_log_floor():
    assert level_of(Method.POWER_LAW, 0, 0, 0, scale_min=0.0) == pytest.approx(0.5)


def test_power_law_log_floor_is_part_of_the_rule():
    assert level_of(Method.POWER_LAW, 0, 0, scale_min=0.0, log_floor=0.25) == pytest.approx(0.25)


def test_a_zero_counts_as_zero_for_the_other_methods():
    assert level_of(Method.MEAN, 0, 4, scale_min=0.0) == 2


# Demonstration order, not entry order.


def test_scores_are_ordered_by_demonstration_date_not_by_entry():
    typed_in_late = Score(4, date(2025, 9, 1), evidence_id=99)  # shown first, recorded last
    recent = Score(2, date(2025, 10, 1), evidence_id=1)
    result = level([recent, typed_in_late], Rule(Method.MOST_RECENT))
    assert result.level == 2
    assert result.scores == (typed_in_late, recent)


def test_scores_shown_on_the_same_day_are_ordered_by_evidence_id():
    later, earlier = Score(1, SEP_3, evidence_id=8), Score(4, SEP_3, evidence_id=7)
    assert level([later, earlier], Rule(Method.MOST_RECENT)).level == 1


def test_as_of_leaves_out_scores_demonstrated_after_it():
    result = level(weekly(1, 2, 3, 4), Rule(Method.MEAN), as_of=SEP_3 + timedelta(weeks=1))
    assert result.level == 1.5 and len(result.scores) == 2 and result.as_of == date(2025, 9, 10)


# What-if.


def test_what_if_my_next_score_is_4():
    result = what_if(weekly(1, 2, 3), Rule(Method.DECAYING_AVERAGE), 4, on=date(2025, 9, 24))
    assert result.display() == "3.48"
    assert result.scores[-1].source == "what if"


def test_what_if_comes_after_scores_already_recorded_that_day():
    today = [Score(1, SEP_3, evidence_id=41)]
    assert what_if(today, Rule(Method.MOST_RECENT), 3, on=SEP_3).level == 3


# Results and rules.


def test_a_result_keeps_the_rule_and_the_ordered_scores():
    rule = Rule(Method.N_TIMES, n=2)
    result = level(weekly(3, 4), rule)
    assert result.rule is rule and [s.value for s in result.scores] == [3, 4] and result.mastered


def test_a_rule_survives_a_round_trip_through_json():
    rule = Rule(Method.DECAYING_AVERAGE, weight=0.7, mastery=2.5, scale_min=0.0)
    stored = json.loads(json.dumps(rule.as_dict()))
    assert stored["method"] == "decaying_average"
    assert Rule.from_dict(stored) == rule


def test_a_stored_rule_missing_a_parameter_takes_its_default():
    assert Rule.from_dict({"method": "mean"}) == Rule(Method.MEAN)


def test_it_refuses_a_stored_rule_with_an_unknown_parameter():
    with pytest.raises(ValueError, match="unknown rule parameters: wieght"):
        Rule.from_dict({"method": "mean", "wieght": 0.5})


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"method": "median"}, "median"),
        ({"method": "mean", "weight": 1.5}, "weight"),
        ({"method": "n_times", "n": 0}, "n must be"),
        ({"method": "mean", "scale_min": 4, "scale_max": 1}, "minimum"),
        ({"method": "mean", "mastery": 5}, "mastery"),
        ({"method": "power_law", "log_floor": 0}, "log_floor"),
    ],
)
def test_it_refuses_an_impossible_rule(parameters, message):
    with pytest.raises(ValueError, match=message):
        Rule.from_dict(parameters)


def test_it_refuses_a_score_off_the_scale():
    with pytest.raises(ValueError, match="score 0 is off the scale 1-4"):
        level(weekly(0, 3), Rule(Method.MEAN))


def test_the_engine_modules_import_no_django_and_no_database():
    modules = ["engine", "explain", "bkt", "vectorized"]
    code = "import sys\n" + "".join(f"import pathmaker.mastery.{m}\n" for m in modules)
    code += "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'sqlite3', 'psycopg'}))"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
