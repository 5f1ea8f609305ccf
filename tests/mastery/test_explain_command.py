"""Every level explains itself, step by step; `pathmaker explain-mastery` prints those steps and the level."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pathmaker.mastery.engine import Method, Result, Rule, Score, level, what_if
from pathmaker.mastery.explain import LEVEL, Step, explain, number
from pathmaker.mastery.management.commands.explain_mastery import explanation_lines

SEP_3 = date(2025, 9, 3)


def weekly(*values: float) -> list[Score]:
    return [Score(v, SEP_3 + timedelta(weeks=i), evidence_id=i + 1) for i, v in enumerate(values)]


def texts(result: Result) -> list[str]:
    return [step.text for step in explain(result)]


# Explanations.


def test_the_decaying_average_is_explained_one_score_at_a_time():
    lines = texts(level(weekly(1, 2, 3, 4), Rule(Method.DECAYING_AVERAGE)))
    assert lines[0] == "The scores, oldest first: 1 (Sep 3), 2 (Sep 10), 3 (Sep 17), 4 (Sep 24)."
    assert "Each new score counts for 65% and everything before it for 35%" in lines[1]
    assert lines[2:] == [
        "Start with the first score: 1.",
        "Then 2 (Sep 10): 0.65 × 2 + 0.35 × 1 = 1.65.",
        "Then 3 (Sep 17): 0.65 × 3 + 0.35 × 1.65 = 2.5275.",
        "Then 4 (Sep 24): 0.65 × 4 + 0.35 × 2.5275 = 3.4846.",
        "Level, rounded to two decimals: 3.48.",
    ]


def test_the_weighted_average_shows_the_earlier_average_and_the_weights():
    lines = texts(level(weekly(1, 2, 3, 4), Rule(Method.WEIGHTED_AVERAGE)))
    assert "Divide by how many there are (3): 6 ÷ 3 = 2." in lines
    assert "0.65 × 4 + 0.35 × 2 = 2.6 + 0.7 = 3.3." in lines[-2]
    assert lines[-1] == "Level: 3.30."


def test_the_mean_adds_and_divides():
    lines = texts(level(weekly(1, 2, 3, 4), Rule(Method.MEAN)))
    assert lines[-3:] == [
        "Add them up: 1 + 2 + 3 + 4 = 10.",
        "Divide by how many there are (4): 10 ÷ 4 = 2.5.",
        "Level: 2.50.",
    ]


def test_the_mode_says_which_tie_won():
    lines = texts(level(weekly(3, 2, 2, 3), Rule(Method.MODE)))
    assert "How often each score appears: 3 twice, 2 twice." in lines
    assert "2 and 3 each appear twice; the highest of them, 3, counts." in lines


def test_n_times_says_how_many_more_scores_at_mastery_are_needed():
    lines = texts(level(weekly(3, 1, 4), Rule(Method.N_TIMES, n=4)))
    assert "Scores of 3 or higher: 3 (Sep 3), 4 (Sep 17). That is 2 of the 4 needed." in lines
    assert lines[-1] == "The level is not yet determined: 2 more scores of 3 or higher will give one."


def test_the_power_law_shows_the_curve_at_each_score():
    lines = texts(level(weekly(1, 3, 2, 4), Rule(Method.POWER_LAW)))
    assert any(line.startswith("Where the curve is at each score: #1: ") for line in lines)
    assert lines[-1] == "Level, rounded to two decimals: 3.66."


def test_the_power_law_says_a_zero_counts_as_the_log_floor():
    lines = texts(level(weekly(3, 0, 3), Rule(Method.POWER_LAW, scale_min=0.0)))
    assert "logarithms, which cannot use 0, so here every 0 counts as 0.5." in " ".join(lines)


def test_the_power_law_says_when_the_curve_is_capped_at_the_top_of_the_scale():
    lines = texts(level(weekly(1, 4, 4, 4), Rule(Method.POWER_LAW)))
    assert lines[-2] == "That is above the top of the scale, so it becomes 4."


def test_an_explanation_with_no_scores_says_so():
    lines = texts(level([], Rule(Method.MEAN)))
    assert lines[0] == "There are no scores yet."
    assert lines[-1] == "The level is not yet determined: there are no scores yet."


def test_an_explanation_as_of_a_date_says_which_scores_count():
    lines = texts(level(weekly(1, 2, 3), Rule(Method.HIGHEST), as_of=date(2025, 9, 12)))
    assert lines[0] == "Only scores shown on or before Sep 12, 2025 count."


def test_the_source_of_each_score_is_named():
    scores = [Score(2, SEP_3, 1, source="Quiz 1"), Score(4, date(2026, 1, 9), 2, source="Project")]
    assert texts(level(scores, Rule(Method.MOST_RECENT)))[0:1] == [
        "The scores, oldest first: 2 (Sep 3, 2025, Quiz 1), 4 (Jan 9, 2026, Project)."
    ]


def test_a_what_if_result_explains_itself_like_any_other():
    lines = texts(what_if(weekly(1, 2, 3), Rule(Method.DECAYING_AVERAGE), 4, on=date(2025, 9, 24)))
    assert "4 (Sep 24, what if)" in lines[0] and lines[-1] == "Level, rounded to two decimals: 3.48."


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("values", [(3,), (1, 2, 3, 4), (4, 3, 3, 1, 2, 3.5), (2, 4, 1, 3)])
def test_every_explanation_ends_with_the_level_it_explains(method, values):
    result = level(weekly(*values), Rule(method, n=2))
    steps = explain(result)
    assert steps[-1].kind == LEVEL and steps[-1].value == result.level
    assert all(step.text.endswith(".") for step in steps)


def test_steps_are_plain_data_for_the_api():
    step = Step(
        "Add them up: 1 + 2 = 3.",
        value=3.0,
        numbers=(1.0, 2.0),
        code="sum.all",
        values={"scores": [1.0, 2.0], "total": 3.0},
    )
    assert step.as_dict() == {
        "text": "Add them up: 1 + 2 = 3.",
        "kind": "arithmetic",
        "value": 3.0,
        "numbers": [1.0, 2.0],
        "code": "sum.all",
        "values": {"scores": [1.0, 2.0], "total": 3.0},
    }


def test_numbers_are_written_as_people_write_them():
    assert [number(2.0), number(2.5), number(2.527512), number(-0.00001)] == ["2", "2.5", "2.5275", "0"]


# The command.


def test_the_command_helper_ends_with_the_level_line():
    lines = explanation_lines([1, 2, 3, 4], Rule(Method.DECAYING_AVERAGE))
    assert lines[0] == "The scores, oldest first: 1, 2, 3, 4."
    assert lines[-1] == "level: 3.48"


def explain_mastery(*arguments: str) -> list[str]:
    out = StringIO()
    call_command("explain_mastery", *arguments, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (("--method", "mean", "1", "2", "3", "4"), "level: 2.50"),
        (("--method", "weighted_average", "1", "2", "3", "4"), "level: 3.30"),
        (("--method", "decaying_average", "1", "2", "3", "4"), "level: 3.48"),
        (("--method", "power_law", "1", "2", "3", "4"), "level: 4.00"),
        (("--method", "power_law", "1", "3", "2", "4"), "level: 3.66"),
        (("--method", "power_law", "2", "4", "1", "3"), "level: 2.16"),
        (("--method", "power_law", "4", "3", "2", "1"), "level: 1.28"),
    ],
)
def test_explain_mastery_prints_the_published_checks(arguments, expected):
    lines = explain_mastery(*arguments)
    assert lines[-1] == expected
    assert lines[0] == f"The scores, oldest first: {', '.join(arguments[2:])}."


def test_explain_mastery_takes_the_weight():
    assert explain_mastery("--method", "decaying_average", "--weight", "0.5", "1", "3")[-1] == "level: 2.00"


def test_explain_mastery_says_when_n_times_is_not_yet_determined():
    lines = explain_mastery("--method", "n_times", "--n", "3", "--mastery", "3.5", "4", "3", "4")
    assert lines[-1] == "level: not yet determined"
    assert "Scores of 3.5 or higher: 4, 4. That is 2 of the 3 needed." in lines


def test_explain_mastery_takes_another_scale():
    lines = explain_mastery("--method", "power_law", "--scale-min", "0", "3", "0", "3")
    assert "every 0 counts as 0.5" in " ".join(lines)


def test_explain_mastery_refuses_a_score_off_the_scale():
    with pytest.raises(CommandError, match="score 5 is off the scale 1-4"):
        explain_mastery("--method", "mean", "3", "5")


def test_explain_mastery_refuses_an_unknown_method():
    with pytest.raises(CommandError, match="invalid choice: 'median'"):
        explain_mastery("--method", "median", "3")
