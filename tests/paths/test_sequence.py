"""The plan's order (`paths.sequence`), by hand-worked examples and over random prerequisite graphs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pathmaker.paths.sequence import Move, Reason, plan_order, student_move_blockers

A, B, C, D, E = 1, 2, 3, 4, 5


def order_of(**kwargs) -> list[int]:
    return [item.competency for item in plan_order(**kwargs)]


def test_the_course_order_is_kept_when_nothing_else_says_otherwise():
    items = plan_order(competencies=[A, B, C], default_sequence=[], prerequisites={}, mastered=[])
    assert [(i.competency, i.reason) for i in items] == [
        (A, "course_order"),
        (B, "course_order"),
        (C, "course_order"),
    ]


def test_the_default_sequence_comes_first_and_the_rest_follow_in_course_order():
    assert order_of(competencies=[A, B, C, D], default_sequence=[C, A], prerequisites={}, mastered=[]) == [
        C,
        A,
        B,
        D,
    ]


def test_mastered_competencies_leave_the_plan():
    assert order_of(competencies=[A, B, C], default_sequence=[], prerequisites={}, mastered=[B]) == [A, C]


def test_a_competency_waits_for_its_prerequisite_and_names_it():
    items = plan_order(competencies=[A, B], default_sequence=[], prerequisites={B: {A}}, mastered=[])
    assert items[1].reason == Reason.NEEDS_FIRST
    assert items[1].detail == (A,)
    assert not items[1].ready
    assert items[0].ready


def test_a_prerequisite_sequenced_later_is_pulled_in_before_what_needs_it():
    items = plan_order(
        competencies=[A, B, C], default_sequence=[C, B, A], prerequisites={C: {A}}, mastered=[]
    )
    assert [i.competency for i in items] == [A, C, B]
    assert (items[0].reason, items[0].detail) == (Reason.NEEDED_FOR, (C,))


def test_a_mastered_prerequisite_holds_nothing_back():
    items = plan_order(competencies=[A, B], default_sequence=[B, A], prerequisites={B: {A}}, mastered=[A])
    assert [(i.competency, i.reason, i.ready) for i in items] == [(B, Reason.COURSE_ORDER, True)]


def test_a_prerequisite_outside_the_course_keeps_the_competency_waiting():
    items = plan_order(competencies=[A, B], default_sequence=[], prerequisites={B: {99}}, mastered=[])
    assert (items[1].ready, items[1].waiting_on) == (False, (99,))


def test_a_teachers_move_carries_its_reason_and_brings_the_prerequisites_along():
    items = plan_order(
        competencies=[A, B, C, D],
        default_sequence=[],
        prerequisites={D: {C}},
        mastered=[],
        moves=[Move(D, None, "teacher", "The project needs it")],
    )
    assert [i.competency for i in items] == [C, D, A, B]
    assert (items[0].reason, items[0].detail) == (Reason.NEEDED_FOR, (D,))
    assert (items[1].reason, items[1].note) == (Reason.TEACHER_MOVED, "The project needs it")


def test_a_students_move_says_they_chose_it():
    items = plan_order(
        competencies=[A, B, C],
        default_sequence=[],
        prerequisites={},
        mastered=[],
        moves=[Move(C, A, "student")],
    )
    assert [(i.competency, i.reason) for i in items] == [
        (A, "course_order"),
        (C, "student_chose"),
        (B, "course_order"),
    ]


def test_a_move_anchored_on_a_mastered_competency_keeps_its_meaning():
    moves = [Move(D, B, "student")]
    assert order_of(
        competencies=[A, B, C, D], default_sequence=[], prerequisites={}, mastered=[B], moves=moves
    ) == [
        A,
        D,
        C,
    ]


def test_a_student_may_not_move_a_competency_ahead_of_its_prerequisite():
    assert student_move_blockers([A, B, C], {C: {B}}, [], C, None) == [B]
    assert student_move_blockers([A, B, C], {C: {B}}, [], C, B) == []


def test_a_student_may_not_move_a_prerequisite_behind_what_needs_it():
    assert student_move_blockers([A, B, C], {C: {B}}, [], B, C) == [C]
    assert student_move_blockers([A, B, C], {C: {B}}, [B], B, C) == []


def test_a_cycle_in_the_prerequisites_does_not_hang_or_drop_anything():
    assert sorted(
        order_of(competencies=[A, B, C], default_sequence=[], prerequisites={A: {B}, B: {A}}, mastered=[])
    ) == [
        A,
        B,
        C,
    ]


# --- Over random prerequisite graphs ----------------------------------------------------------------


@st.composite
def plans(draw):
    """A course of up to 12 competencies with acyclic prerequisites (an edge only from a lower to a higher
    rank of a hidden topological order), some outside the course, a mastered set and a string of moves."""
    n = draw(st.integers(1, 12))
    hidden = draw(st.permutations(list(range(1, n + 1))))
    prerequisites: dict[int, set[int]] = {}
    for i, later in enumerate(hidden):
        for earlier in hidden[:i]:
            if draw(st.booleans()) and draw(st.booleans()):
                prerequisites.setdefault(later, set()).add(earlier)
        if draw(st.integers(0, 9)) == 0:
            prerequisites.setdefault(later, set()).add(100 + i)  # outside the course
    course = draw(st.permutations(list(range(1, n + 1))))
    default = draw(st.lists(st.sampled_from(course), max_size=n, unique=True))
    mastered = draw(st.sets(st.sampled_from([*course, *range(100, 100 + n)])))
    moves = draw(
        st.lists(
            st.builds(
                Move,
                st.sampled_from(course),
                st.one_of(st.none(), st.sampled_from(course)),
                st.sampled_from(["teacher", "student"]),
            ),
            max_size=8,
        )
    )
    return {
        "competencies": course,
        "default_sequence": default,
        "prerequisites": prerequisites,
        "mastered": mastered,
        "moves": moves,
    }


@settings(max_examples=300, deadline=None)
@given(plans())
def test_the_order_never_puts_a_competency_before_an_unmastered_prerequisite(plan):
    items = plan_order(**plan)
    position = {item.competency: i for i, item in enumerate(items)}
    assert set(position) == set(plan["competencies"]) - set(plan["mastered"])
    for item in items:
        for prerequisite in plan["prerequisites"].get(item.competency, ()):
            if prerequisite in plan["mastered"]:
                continue
            assert prerequisite in item.waiting_on
            assert not item.ready
            if prerequisite in position:
                assert position[prerequisite] < position[item.competency]


@settings(max_examples=300, deadline=None)
@given(plans(), st.data())
def test_a_students_allowed_move_lands_where_they_asked_and_breaks_nothing(plan, data):
    items = plan_order(**plan)
    order = [item.competency for item in items]
    if not order:
        return
    moved = data.draw(st.sampled_from(order))
    after = data.draw(st.one_of(st.none(), st.sampled_from([c for c in order if c != moved] or [None])))
    if student_move_blockers(order, plan["prerequisites"], plan["mastered"], moved, after):
        return
    moved_plan = {**plan, "moves": [*plan["moves"], Move(moved, after, "student")]}
    now = [item.competency for item in plan_order(**moved_plan)]
    expected = [c for c in order if c != moved]
    expected.insert(0 if after is None else expected.index(after) + 1, moved)
    assert now == expected
    test_the_order_never_puts_a_competency_before_an_unmastered_prerequisite.hypothesis.inner_test(moved_plan)
