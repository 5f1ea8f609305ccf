"""The flex benchmark's school and counts, on a small school (the figures themselves are printed, not asserted)."""

from __future__ import annotations

from pathmaker.benchmarks import flex_bench
from pathmaker.scheduling import needs
from pathmaker.scheduling.checker import violations
from pathmaker.scheduling.problem import Result, Seat, Solution
from pathmaker.scheduling.solver import solve


def result_of(*seats: tuple[int, int, int | None], moved: frozenset[int] = frozenset()) -> Result:
    return Result("feasible", Solution(tuple(Seat(s, b, w) for s, b, w in seats), ()), moved=moved)


def test_the_small_school_solves_with_every_rule_holding_and_its_needs_from_the_mastery_engine():
    school = flex_bench.generate(students=90, teachers=8, rooms=6, blocks=3)
    found = flex_bench.compute_needs(school)
    assert found.by_student  # levels below the threshold exist, computed by the engine and needs.py
    problem = flex_bench.problem_for(school, found)
    result = solve(problem, time_limit=5)
    assert result.is_feasible
    assert violations(problem, result.solution) == []


def test_changing_levels_changes_needs_of_only_those_students():
    school = flex_bench.generate(students=90, teachers=8, rooms=6, blocks=3)
    before = flex_bench.compute_needs(school)
    touched = flex_bench.change_levels(school, 0.1)
    assert needs.changed_students(before, flex_bench.compute_needs(school)) <= touched


def test_a_student_pushed_out_of_their_seat_by_a_changed_student_is_displaced_and_a_chain_follows():
    # Block 1: student 1 (changed) takes 2's seat in workshop 10; 2 takes 3's seat in workshop 11;
    # 3 goes to the study hall. Student 4 moved for no such reason.
    before = result_of((1, 1, None), (2, 1, 10), (3, 1, 11), (4, 1, None))
    after = result_of((1, 1, 10), (2, 1, 11), (3, 1, None), (4, 1, 12), moved=frozenset({1, 2, 3, 4}))
    assert flex_bench.displaced(before, after, changed={1}) == {2, 3}
