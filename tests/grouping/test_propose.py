"""The pure proposal: hand-made classes with known answers, and properties that hold for any class."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathmaker.grouping.propose import Ask, AskError, Learner, group_count, propose

RP2 = ("7.RP.2",)


def learners(levels: dict[int, float | None], labels: dict[int, str] | None = None) -> list[Learner]:
    labels = labels or {}
    return [Learner(key, {"7.RP.2": level}, labels.get(key, "")) for key, level in levels.items()]


SIX = {1: 1.0, 2: 3.5, 3: 2.0, 4: 3.0, 5: 1.5, 6: 2.5}


def test_alike_groups_cut_the_students_in_level_order():
    found = propose(learners(SIX), Ask(RP2, "alike", 2, 2))
    assert found.groups == ((1, 5), (3, 6), (4, 2))
    assert found.unmet == ()


def test_mixed_groups_deal_the_levels_out_snake_wise():
    found = propose(learners(SIX), Ask(RP2, "mixed", 3, 3))
    # In level order 1, 5, 3, 6, 4, 2: group 0 takes the 1st, 4th and 5th; group 1 the 2nd, 3rd and 6th.
    assert found.groups == ((1, 6, 4), (5, 3, 2))


def test_each_student_reads_the_levels_of_their_group():
    found = propose(learners(SIX), Ask(RP2, "alike", 2, 2))
    reason = found.reasons[3]
    assert (reason.code, reason.low, reason.high, reason.level, reason.competencies) == (
        "alike",
        2.0,
        2.5,
        2.0,
        RP2,
    )


def test_a_student_with_no_level_is_placed_last_and_says_so():
    found = propose(learners({1: 2.0, 2: None, 3: 1.0, 4: 3.0}), Ask(RP2, "alike", 2, 2))
    assert found.groups == ((3, 1), (4, 2))
    assert found.reasons[2].code == "no_level"


def test_the_mean_over_several_competencies_ignores_a_missing_level():
    students = [
        Learner(1, {"a": 1.0, "b": 3.0}),  # mean 2.0
        Learner(2, {"a": 4.0}),  # mean 4.0 (no level on b)
        Learner(3, {"a": 1.0, "b": 1.0}),  # mean 1.0
        Learner(4, {"b": 3.0}),  # mean 3.0
    ]
    assert propose(students, Ask(("a", "b"), "alike", 2, 2)).groups == ((3, 1), (4, 2))


def test_a_must_together_pair_is_joined_by_a_swap():
    found = propose(learners(SIX), Ask(RP2, "alike", 2, 2, together=((1, 2),)))
    assert any({1, 2} <= set(group) for group in found.groups)
    assert found.unmet == ()
    assert {found.reasons[1].code, found.reasons[2].code} & {"together"}


def test_a_must_apart_pair_is_split_by_a_swap():
    found = propose(learners(SIX), Ask(RP2, "alike", 2, 2, apart=((1, 5),)))
    assert not any({1, 5} <= set(group) for group in found.groups)
    assert found.unmet == ()


def test_english_learners_are_spread_one_to_a_group():
    labels = {1: "EL", 5: "EL", 3: "EL"}  # the three lowest: alike puts two of them together
    found = propose(learners(SIX, labels), Ask(RP2, "alike", 2, 2, balance=True))
    assert [sum(labels.get(k) == "EL" for k in group) for group in found.groups] == [1, 1, 1]
    assert found.unmet == ()


def test_a_pair_that_cannot_be_apart_in_one_group_is_reported():
    found = propose(learners({1: 1.0, 2: 2.0, 3: 3.0}), Ask(RP2, "alike", 3, 3, apart=((1, 2),)))
    assert found.groups == ((1, 2, 3),)
    assert [(u.code, u.students) for u in found.unmet] == [("apart", (1, 2))]


def test_more_students_who_must_be_together_than_a_group_holds_is_reported():
    found = propose(learners(SIX), Ask(RP2, "alike", 2, 2, together=((1, 2), (2, 3))))
    assert [(u.code, u.students) for u in found.unmet] == [("together_too_large", (1, 2, 3))]


def test_sizes_no_number_of_groups_can_keep_are_reported():
    found = propose(learners({1: 1.0, 2: 2.0, 3: 3.0, 4: 3.5, 5: 4.0}), Ask(RP2, "alike", 3, 4))
    assert [u.code for u in found.unmet] == ["sizes"]
    assert sorted(len(g) for g in found.groups) == [2, 3]


def test_the_number_of_groups_aims_at_the_middle_of_the_bounds():
    assert group_count(35, 4, 6) == (7, True)
    assert group_count(10, 1, 40) == (1, True)
    assert group_count(7, 4, 5) == (2, False)
    assert group_count(0, 2, 3) == (0, True)


def test_an_ask_no_grouping_can_answer_is_refused():
    with pytest.raises(AskError):
        propose(learners(SIX), Ask(RP2, "alike", 3, 2))
    with pytest.raises(AskError):
        propose(learners(SIX), Ask((), "alike", 2, 3))


def test_the_same_class_gives_the_same_groups_every_time():
    students = learners(SIX, {1: "EL", 2: "EL"})
    one = Ask(RP2, "mixed", 2, 3, together=((1, 4),), apart=((2, 3),), balance=True)
    assert propose(students, one) == propose(list(reversed(students)), one)


# --- Properties ----------------------------------------------------------------------------------------

levels = st.one_of(st.none(), st.floats(min_value=1, max_value=4, allow_nan=False))


@st.composite
def classes(draw):
    count = draw(st.integers(min_value=1, max_value=30))
    low = draw(st.integers(min_value=1, max_value=6))
    high = draw(st.integers(min_value=low, max_value=8))
    students = [
        Learner(key, {"a": draw(levels), "b": draw(levels)}, draw(st.sampled_from(["", "", "EL"])))
        for key in range(count)
    ]
    # Apart pairs that share no student (a matching): with two groups or more they can always be met.
    keys = draw(st.permutations(range(count)))
    pairs = [(keys[i], keys[i + 1]) for i in range(0, draw(st.integers(0, count // 2)) * 2, 2)]
    goal = draw(st.sampled_from(["alike", "mixed"]))
    return students, Ask(("a", "b"), goal, low, high, apart=tuple(pairs), balance=draw(st.booleans()))


@settings(max_examples=150, deadline=None)
@given(classes())
def test_every_student_is_in_exactly_one_group(case):
    students, one = case
    found = propose(students, one)
    placed = [key for group in found.groups for key in group]
    assert sorted(placed) == sorted(s.key for s in students)
    assert set(found.reasons) == set(placed)


@settings(max_examples=150, deadline=None)
@given(classes())
def test_group_sizes_stay_within_the_bounds_whenever_a_number_of_groups_allows_it(case):
    students, one = case
    found = propose(students, one)
    count, fits = group_count(len(students), one.min_size, one.max_size)
    assert len(found.groups) == count
    if fits:
        assert all(one.min_size <= len(group) <= one.max_size for group in found.groups)
    else:
        assert all(len(group) <= one.max_size for group in found.groups)
        assert "sizes" in {u.code for u in found.unmet}


@settings(max_examples=150, deadline=None)
@given(classes())
def test_apart_pairs_are_never_together_when_there_are_two_groups_or_more(case):
    students, one = case
    found = propose(students, one)
    group_of = {key: i for i, group in enumerate(found.groups) for key in group}
    if len(found.groups) >= 2:
        assert [(a, b) for a, b in one.apart if group_of[a] == group_of[b]] == []
        assert "apart" not in {u.code for u in found.unmet}


# --- Keeping students with a staff person's group ------------------------------------------------------


def test_students_to_keep_with_the_co_teacher_end_up_in_one_group_and_it_is_the_co_teachers():
    # Alike cuts (1, 5), (3, 6), (4, 2): 1 and 2 start apart; group 0 already holds one (the first on a tie).
    found = propose(learners(SIX), Ask(RP2, "alike", 2, 2, keep_with=(1, 2)))
    assert found.led == 0
    assert found.groups == ((1, 2), (3, 6), (5, 4))
    assert (found.reasons[1].code, found.reasons[2].code) == ("keep_with", "keep_with")
    assert found.unmet == ()


def test_the_co_teachers_group_is_the_one_already_holding_most_of_them():
    found = propose(learners(SIX), Ask(RP2, "alike", 2, 2, keep_with=(4, 2)))
    assert (found.led, found.groups) == (2, ((1, 5), (3, 6), (4, 2)))
    assert found.unmet == ()


def test_more_students_to_keep_than_a_group_holds_keeps_those_who_fit_and_names_the_others():
    # Groups of two: 1 and 3 (the first in level order) keep the place, 2 is reported.
    found = propose(learners(SIX), Ask(RP2, "alike", 2, 2, keep_with=(1, 2, 3)))
    assert found.led == 0
    assert set(found.groups[0]) == {1, 3}
    assert [(u.code, u.students) for u in found.unmet] == [("keep_with_too_large", (2,))]


def test_two_students_to_keep_together_who_must_also_be_apart_report_the_pair():
    found = propose(
        learners({1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0}), Ask(RP2, "alike", 2, 2, keep_with=(1, 2), apart=((1, 2),))
    )
    # Splitting them breaks the keep, keeping them breaks the pair: neither move meets more, so the pair is named.
    assert [(u.code, u.students) for u in found.unmet] == [("apart", (1, 2))]


def test_no_one_to_keep_means_no_co_teachers_group():
    assert propose(learners(SIX), Ask(RP2, "alike", 2, 2)).led is None


@st.composite
def classes_with_a_co_teacher(draw):
    students, one = draw(classes())
    keep = draw(st.lists(st.sampled_from([s.key for s in students]), max_size=len(students), unique=True))
    return students, Ask(
        one.competencies, one.goal, one.min_size, one.max_size, balance=one.balance, keep_with=tuple(keep)
    )


@settings(max_examples=150, deadline=None)
@given(classes_with_a_co_teacher())
def test_each_student_to_keep_is_in_the_co_teachers_group_or_named_as_unmet(case):
    students, one = case
    found = propose(students, one)
    if not one.keep_with:
        assert found.led is None
        return
    led = set(found.groups[found.led])
    named = {key for u in found.unmet if u.code in ("keep_with", "keep_with_too_large") for key in u.students}
    assert {key for key in one.keep_with if key not in led} == named
    assert not named & led
    if len(one.keep_with) <= min(len(group) for group in found.groups):
        assert named == set()
