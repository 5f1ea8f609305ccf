"""Roll-ups: a parent from its children, and course credit from its competencies."""

from pathmaker.mastery.rollup import CreditRule, Part, course_credit, parent_all_children, parent_points


def test_a_parent_is_proficient_only_when_every_child_is():
    parts = [Part("A", 3.5, True), Part("B", 2.0, False)]
    result = parent_all_children(parts)
    assert (round(result.level, 2), result.proficient) == (2.75, False)
    assert "Not yet: B to go." in result.steps
    assert parent_all_children([Part("A", 3.5, True), Part("B", 3.0, True)]).proficient


def test_a_parent_is_not_yet_determined_while_a_child_has_no_level():
    assert parent_all_children([Part("A", 3.0, True), Part("B", None, False)]).level is None


def test_the_points_rule_needs_the_points_and_every_required_child():
    parts = [Part("A", 4, True, required=True), Part("B", 3, True), Part("C", 1, False)]
    assert parent_points(parts, 8).proficient
    assert not parent_points(parts, 9).proficient
    parts[0] = Part("A", 2, False, required=True)
    assert not parent_points(parts, 5).proficient


def test_credit_needs_80_percent_proficient_and_none_below_2():
    proficient = [Part(str(i), 3.0, True) for i in range(4)]
    assert course_credit([*proficient, Part("x", 2.0, False)], CreditRule()).earned  # 80%, lowest 2
    assert not course_credit([*proficient, Part("x", 1.5, False)], CreditRule()).earned  # one below 2
    assert not course_credit(
        [*proficient[:3], Part("x", 2.5, False), Part("y", 2.5, False)], CreditRule()
    ).earned
    assert not course_credit([*proficient, Part("x", None, False)], CreditRule()).earned  # not yet assessed


def test_the_credit_percentages_are_the_districts_to_set():
    parts = [Part("a", 3.0, True), Part("b", 2.0, False)]
    assert course_credit(parts, CreditRule(min_share=0.5, floor=2.0)).earned
    assert not course_credit(parts, CreditRule(min_share=0.75, floor=2.0)).earned
