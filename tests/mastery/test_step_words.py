"""The explanation's steps are data (a code and its values) and the pages write them in the reader's language:
in English they read exactly as the command line's text; in Spanish every step is Spanish, with Spanish
decimals, and the dates are the district's one date format."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from pathmaker.audit.actor import Actor
from pathmaker.mastery.engine import Method, Result, Rule, Score, level
from pathmaker.mastery.explain import explain
from pathmaker.mastery.step_words import step_words

SEP_3 = date(2025, 9, 3)
CASES = [
    (Rule(Method.HIGHEST), [1, 3, 2]),
    (Rule(Method.MOST_RECENT), [1, 3, 2]),
    (Rule(Method.MEAN), [1, 3, 2.5]),
    (Rule(Method.MEAN), [3]),
    (Rule(Method.MODE), [2, 3, 3, 2, 1]),
    (Rule(Method.MODE), [2, 3, 3, 1]),
    (Rule(Method.N_TIMES, n=2), [3, 1, 4]),
    (Rule(Method.N_TIMES, n=3), [3, 1, 4]),
    (Rule(Method.WEIGHTED_AVERAGE), [1, 2, 4]),
    (Rule(Method.WEIGHTED_AVERAGE), [2]),
    (Rule(Method.DECAYING_AVERAGE), [1, 2, 3, 4]),
    (Rule(Method.POWER_LAW, scale_min=0.0), [0, 1, 2, 3.5]),
    (Rule(Method.POWER_LAW), [1, 4, 4, 4]),
    (Rule(Method.POWER_LAW), [2]),
    (Rule(Method.MEAN), []),
]


def scores(values: list[float]) -> list[Score]:
    return [Score(v, SEP_3 + timedelta(weeks=i), evidence_id=i + 1) for i, v in enumerate(values)]


def steps_of(rule: Rule, values: list[float], *, dated: bool = False, as_of: date | None = None):
    result: Result = level(scores(values), rule, as_of=as_of)
    return explain(result, dated=dated)


@pytest.mark.parametrize(("rule", "values"), CASES)
def test_every_step_has_a_code_and_reads_in_english_as_the_command_line_prints_it(rule, values):
    with translation.override("en"):
        for step in steps_of(rule, values):
            assert step.code, step.text
            assert step_words(step) == step.text


@pytest.mark.parametrize(("rule", "values"), CASES)
def test_in_spanish_no_step_is_the_english_text(rule, values):
    with translation.override("es"):
        for step in steps_of(rule, values):
            assert step_words(step) != step.text, step.code


def test_spanish_steps_write_decimals_with_a_comma():
    with translation.override("es"):
        words = [step_words(s) for s in steps_of(Rule(Method.MEAN), [1, 3, 2.5])]
    assert any("2,1667" in w for w in words) and not any("2.1667" in w for w in words)


def test_dated_steps_use_the_one_date_format_of_the_readers_language():
    steps = steps_of(Rule(Method.MOST_RECENT), [1, 3], dated=True, as_of=date(2025, 12, 1))
    with translation.override("en"):
        assert "Sept. 10, 2025" in step_words(steps[-2]) and "Dec. 1, 2025" in step_words(steps[0])
    with translation.override("es"):
        assert "10 de septiembre de 2025" in step_words(steps[-2])


def test_a_step_with_an_unknown_code_or_bad_values_falls_back_to_its_english_text():
    step = steps_of(Rule(Method.MEAN), [1, 3])[-1]
    from dataclasses import replace

    assert step_words(replace(step, code="no.such")) == step.text
    assert step_words(replace(step, values={})) == step.text


def test_course_credit_lines_read_as_the_english_steps_and_are_written_for_the_reader():
    from pathmaker.mastery.rollup import CreditRule, Part, course_credit
    from pathmaker.mastery.step_words import credit_lines

    credit = course_credit(
        [Part("A", 3.0, True), Part("B", 2.5, False), Part("C", 3.25, True)], CreditRule(0.8, 2.0)
    )
    with translation.override("en"):
        assert credit_lines(credit) == credit.steps
    with translation.override("es"):
        spanish = credit_lines(credit)
    assert spanish != credit.steps and "2,50" in spanish[1]


@pytest.mark.parametrize(
    "parts",
    [
        [],
        [("A", 3.0, True), ("B", None, False)],
        [("A", 3.0, True), ("B", 2.0, False)],
        [("A", 3.0, True), ("B", 3.5, True)],
    ],
)
def test_roll_up_lines_read_as_the_english_steps(parts):
    from pathmaker.mastery.rollup import Part, parent_all_children, parent_points
    from pathmaker.mastery.step_words import rollup_lines

    children = [Part(name, level, proficient, required=True) for name, level, proficient in parts]
    with translation.override("en"):
        for rollup in (parent_all_children(children), parent_points(children, 6.0)):
            if children or rollup.values.get("rule") == "none":
                assert rollup_lines(rollup) == rollup.steps


def test_the_explanation_page_writes_its_steps_in_the_readers_language(district, login):
    import datetime as dt
    from decimal import Decimal

    from django.urls import reverse

    from pathmaker.frameworks import services as frameworks
    from pathmaker.mastery.recording import evidence_record

    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    competency = frameworks.competency_create(
        framework=framework,
        full_statement="Uses ratios",
        human_coding_scheme="MV.M.RATIO",
        actor=Actor.system("test"),
    )
    for day, score in enumerate([1, 2, 3, 4]):
        evidence_record(
            student=district.sam,
            competency=competency,
            score=Decimal(score),
            kind="task",
            demonstrated_on=dt.date(2026, 9, 1) + dt.timedelta(days=day),
            actor=district.actor("teacher"),
        )
    url = reverse("mastery_explanation", args=[district.sam.pk, competency.pk])
    client = login(district.user("guardian"))
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Method: decaying average" in english and "Sept. 1, 2026" in english
    assert "Método: promedio decreciente" in spanish and "Method: decaying average" not in spanish
    assert "1 de septiembre de 2026" in spanish and "0,65" in spanish and "0.65" not in spanish
