"""The solver on small hand-made schools where the best week is known, checked rule by rule by the checker."""

from __future__ import annotations

from dataclasses import replace

from pathmaker.scheduling.checker import violations
from pathmaker.scheduling.greedy import greedy
from pathmaker.scheduling.problem import (
    Block,
    Need,
    Problem,
    Required,
    Room,
    Run,
    Seat,
    Solution,
    Student,
    Workshop,
    score,
)
from pathmaker.scheduling.solver import solve

TUE, THU = 1, 2
ANA, BEN = 501, 502  # workshop leaders
RATIOS, FRACTIONS, LAB = 11, 12, 13  # competencies


def school(**overrides) -> Problem:
    """Two blocks, two plain rooms of 10 seats; Ana leads ratios, Ben fractions; both free all week."""
    base = Problem(
        blocks=(Block(TUE, "Tuesday"), Block(THU, "Thursday")),
        rooms=(Room(1, 10), Room(2, 10)),
        workshops=(
            Workshop(1, ANA, 10, frozenset({RATIOS}), title="Ratios"),
            Workshop(2, BEN, 10, frozenset({FRACTIONS}), title="Fractions"),
        ),
        availability=frozenset({(ANA, TUE), (ANA, THU), (BEN, TUE), (BEN, THU)}),
        students=(),
    )
    return replace(base, **overrides)


def student(sid: int, *needs: tuple[int, int], required=(), preferences=()) -> Student:
    return Student(sid, tuple(Need(c, w) for c, w in needs), tuple(required), tuple(preferences))


def where(result, sid: int) -> dict[int, int | None]:
    return {seat.block: seat.workshop for seat in result.solution.seats if seat.student == sid}


def solved(problem: Problem):
    result = solve(problem, time_limit=10)
    assert result.status == "optimal"
    assert violations(problem, result.solution) == []
    return result


def test_every_student_gets_a_workshop_for_each_need_when_there_is_room():
    problem = school(
        students=(student(1, (RATIOS, 30), (FRACTIONS, 20)), student(2, (FRACTIONS, 40)), student(3))
    )
    result = solved(problem)
    assert set(where(result, 1).values()) == {1, 2}
    assert 2 in where(result, 2).values()
    assert where(result, 3) == {TUE: None, THU: None}  # nothing needed: the study hall
    assert (result.needs_met, result.needs_total) == (3, 3)
    assert result.needy_placed_share == 1.0
    assert result.unmet == ()


def test_placements_say_why():
    result = solved(school(students=(student(1, (RATIOS, 30)), student(2))))
    reasons = {(p.student, p.workshop): (p.reason, p.competency) for p in result.placements}
    assert reasons[1, 1] == ("need", RATIOS)
    assert reasons[2, None] == ("study_hall", None)


def test_a_full_workshop_keeps_the_heaviest_needs_and_says_it_was_full():
    problem = school(
        workshops=(Workshop(1, ANA, 2, frozenset({RATIOS}), blocks=frozenset({TUE})),),
        students=(student(1, (RATIOS, 10)), student(2, (RATIOS, 50)), student(3, (RATIOS, 40))),
    )
    result = solved(problem)
    assert where(result, 2)[TUE] == 1 and where(result, 3)[TUE] == 1
    assert where(result, 1)[TUE] is None
    assert [(u.student, u.code, u.workshop) for u in result.unmet] == [(1, "workshop_full", 1)]


def test_a_workshop_needing_a_lab_bench_with_no_such_room_is_reported():
    problem = school(
        workshops=(Workshop(3, ANA, 10, frozenset({LAB}), features=frozenset({"lab_bench"})),),
        students=(student(1, (LAB, 30)),),
    )
    result = solved(problem)
    assert [(u.code, u.values.get("features")) for u in result.unmet] == [("no_room_with", "lab_bench")]
    assert result.solution.runs == ()


def test_a_leader_never_available_is_the_reason():
    problem = school(availability=frozenset({(BEN, TUE)}), students=(student(1, (RATIOS, 30)),))
    result = solved(problem)
    assert [(u.code, u.workshop) for u in result.unmet] == [("leader_unavailable", 1)]


def test_a_competency_nobody_offers_is_the_reason():
    result = solved(school(students=(student(1, (LAB, 30)),)))
    assert [(u.code, u.values) for u in result.unmet] == [("no_workshop", {"competency": LAB})]


def test_a_leader_is_in_one_place_at_a_time():
    # Ana offers two workshops and is free only on Tuesday: the one serving more need runs.
    problem = school(
        workshops=(
            Workshop(1, ANA, 10, frozenset({RATIOS})),
            Workshop(2, ANA, 10, frozenset({FRACTIONS})),
        ),
        availability=frozenset({(ANA, TUE)}),
        students=(student(1, (RATIOS, 20)), student(2, (FRACTIONS, 20)), student(3, (FRACTIONS, 30))),
    )
    result = solved(problem)
    assert [(r.workshop, r.block) for r in result.solution.runs] == [(2, TUE)]
    assert [(u.student, u.code) for u in result.unmet] == [(1, "not_running")]


def test_a_room_hosts_one_workshop_a_block():
    # One room, one block: only one of the two workshops can run.
    problem = school(
        blocks=(Block(TUE),),
        rooms=(Room(1, 10),),
        students=(student(1, (RATIOS, 20)), student(2, (FRACTIONS, 50))),
    )
    result = solved(problem)
    assert [(r.workshop, r.room) for r in result.solution.runs] == [(2, 1)]


def test_a_student_attends_a_workshop_once_a_week():
    problem = school(
        students=(student(1, (RATIOS, 30)), student(2)),
        workshops=(Workshop(1, ANA, 10, frozenset({RATIOS})),),
    )
    problem = replace(problem, students=(Student(1, (Need(RATIOS, 30),), (), ((1, 1),)),))
    result = solved(problem)
    assert list(where(result, 1).values()).count(1) == 1


def test_the_room_capacity_caps_a_larger_workshop():
    problem = school(
        blocks=(Block(TUE),),
        rooms=(Room(1, 2),),
        workshops=(Workshop(1, ANA, 10, frozenset({RATIOS})),),
        students=tuple(student(i, (RATIOS, 10 + i)) for i in range(1, 5)),
    )
    result = solved(problem)
    assert sorted(s.student for s in result.solution.seats if s.workshop == 1) == [3, 4]


def test_a_soft_requirement_takes_the_seat_from_a_heavier_need():
    problem = school(
        blocks=(Block(TUE),),
        workshops=(Workshop(1, ANA, 1, frozenset({RATIOS})),),
        students=(student(1, (RATIOS, 150)), student(2, (RATIOS, 10), required=[Required(1, 2, RATIOS)])),
    )
    result = solved(problem)
    assert where(result, 2)[TUE] == 1
    assert {p.reason for p in result.placements if p.student == 2} == {"required"}
    assert (result.required_met, result.required_total) == (1, 1)


def test_a_higher_priority_requirement_wins_over_a_lower_one():
    problem = school(
        blocks=(Block(TUE),),
        workshops=(Workshop(1, ANA, 1, frozenset({RATIOS})),),
        students=(
            student(1, (RATIOS, 150), required=[Required(1, 3, RATIOS)]),
            student(2, (RATIOS, 10), required=[Required(1, 2)]),
        ),
    )
    result = solved(problem)
    assert where(result, 2)[TUE] == 1
    assert {p.reason for p in result.placements if p.student == 2} == {"teacher_required"}


def test_preferences_fill_the_blocks_needs_leave_free():
    problem = school(
        workshops=(
            Workshop(1, ANA, 10, frozenset({RATIOS})),
            Workshop(2, BEN, 10, title="Chess club"),
        ),
        students=(student(1, (RATIOS, 30), preferences=[(2, 1)]),),
    )
    result = solved(problem)
    assert set(where(result, 1).values()) == {1, 2}
    assert {p.reason for p in result.placements if p.workshop == 2} == {"preference"}


def test_locked_placements_hold():
    problem = school(
        students=(student(1, (RATIOS, 30)),),
        locked=(Seat(1, TUE, 2), Seat(1, THU, None)),
    )
    result = solved(problem)
    assert where(result, 1) == {TUE: 2, THU: None}
    assert [u.code for u in result.unmet] == ["blocks_locked"]


# --- Infeasible weeks: what to relax ---------------------------------------------------------------


def test_two_locks_over_a_workshops_capacity_are_infeasible_and_named():
    problem = school(
        blocks=(Block(TUE),),
        workshops=(Workshop(1, ANA, 1, frozenset({RATIOS})),),
        students=(student(1), student(2)),
        locked=(Seat(1, TUE, 1), Seat(2, TUE, 1)),
    )
    result = solve(problem, time_limit=10)
    assert result.status == "infeasible"
    assert result.placements == ()
    assert sorted((r.code, r.values["student"]) for r in result.relax) == [
        ("locked_placement", 1),
        ("locked_placement", 2),
    ]


def test_a_required_workshop_too_small_for_its_students_names_that_workshop():
    problem = school(
        blocks=(Block(TUE),),
        workshops=(Workshop(1, ANA, 2, frozenset({RATIOS})), Workshop(2, BEN, 10, frozenset({FRACTIONS}))),
        students=tuple(student(i, (RATIOS, 30), required=[Required(1, 1, RATIOS)]) for i in (1, 2, 3)),
    )
    result = solve(problem, time_limit=10)
    assert result.status == "infeasible"
    assert [
        (r.code, r.values["workshop"], r.values["students"], r.values["seats"]) for r in result.relax
    ] == [("required_placements", 1, 3, 2)]


def test_a_study_hall_too_small_names_the_block():
    problem = school(
        blocks=(Block(TUE), Block(THU)),
        availability=frozenset({(ANA, TUE), (BEN, TUE)}),
        students=tuple(student(i, preferences=[(1, 1), (2, 2)]) for i in range(1, 5)),
        study_hall_capacity=2,
    )
    result = solve(problem, time_limit=10)
    assert result.status == "infeasible"
    # Tuesday's workshops can take the students the hall cannot; on Thursday nobody leads one.
    assert [(r.code, r.values["block"]) for r in result.relax] == [("study_hall_capacity", THU)]


def test_a_lock_where_the_leader_is_away_is_infeasible():
    problem = school(
        availability=frozenset({(ANA, TUE), (BEN, TUE), (BEN, THU)}),
        students=(student(1),),
        locked=(Seat(1, THU, 1),),
    )
    result = solve(problem, time_limit=10)
    assert [(r.code, r.values) for r in result.relax] == [
        ("locked_placement", {"student": 1, "block": THU, "workshop": 1})
    ]


def test_with_a_study_hall_that_fits_the_same_week_is_feasible():
    problem = school(students=tuple(student(i, (RATIOS, 20)) for i in range(1, 5)), study_hall_capacity=2)
    result = solved(problem)
    assert result.needs_met == 4


# --- The greedy baseline, and the checker ------------------------------------------------------------


def test_first_come_greedy_misses_what_the_solver_finds():
    # One block. Student 1 comes first and takes the ratios seat (their heavier need); student 2 needed
    # only ratios and is left out. The solver sends student 1 to fractions instead: both are helped.
    problem = school(
        blocks=(Block(TUE),),
        workshops=(Workshop(1, ANA, 1, frozenset({RATIOS})), Workshop(2, BEN, 1, frozenset({FRACTIONS}))),
        students=(student(1, (RATIOS, 50), (FRACTIONS, 40)), student(2, (RATIOS, 50))),
    )
    first_come = greedy(problem)
    best = solved(problem)
    assert violations(problem, first_come.solution) == []
    assert (first_come.needs_met, best.needs_met) == (1, 2)
    assert best.objective > first_come.objective
    assert best.objective == score(problem, best.solution)


def test_greedy_gives_a_required_workshop_its_blocks_before_a_busier_workshop_of_the_same_leader():
    # Ana leads both workshops and is free in both blocks. Five students need fractions (the busier
    # workshop), two are required in ratios (one seat a block). Handing out blocks by demand alone gave
    # fractions Tuesday and left ratios one run: a required student unmet though two runs would seat both.
    problem = school(
        workshops=(
            Workshop(1, ANA, 1, frozenset({RATIOS}), title="Ratios"),
            Workshop(2, ANA, 1, frozenset({FRACTIONS}), title="Fractions"),
        ),
        students=(
            *(student(i, (RATIOS, 50), required=[Required(1, 2, RATIOS)]) for i in (1, 2)),
            *(student(i, (FRACTIONS, 50)) for i in range(3, 8)),
        ),
    )
    first_come, warm, best = greedy(problem), greedy(problem, in_rounds=True), solved(problem)
    assert violations(problem, first_come.solution) == []
    assert (first_come.required_met, warm.required_met, best.required_met) == (2, 2, 2)


def test_the_checker_catches_each_broken_rule():
    problem = school(
        blocks=(Block(TUE),),
        rooms=(Room(1, 1), Room(2, 10, frozenset())),
        workshops=(
            Workshop(1, ANA, 5, frozenset({RATIOS}), features=frozenset({"lab_bench"})),
            Workshop(2, ANA, 5, frozenset({FRACTIONS})),
        ),
        availability=frozenset(),
        students=(student(1), student(2, required=[Required(2, 1)])),
        locked=(Seat(2, TUE, 2),),
        study_hall_capacity=0,
    )
    broken = Solution(
        seats=(Seat(1, TUE, 1, 1), Seat(1, TUE, 1, 1), Seat(3, TUE, None)),
        runs=(Run(1, TUE, 1), Run(2, TUE, 1)),
    )
    found = "\n".join(violations(problem, broken))
    for words in (
        "student 1 is in 2 activities",
        "student 2 is in 0 activities",
        "unknown student 3",
        "when its leader 501 is not available",
        "lacks ['lab_bench']",
        "leader 501 runs 2 workshops",
        "room 1 hosts 2 workshops",
        "over its 1 seats",
        "attends workshop 1 2 times",
        "locked placement of student 2",
        "student 2 must attend workshop 2",
        "the study hall has 1 students",
    ):
        assert words in found


# --- Minimal change --------------------------------------------------------------------------------


def test_a_re_solve_moves_only_the_student_whose_needs_changed():
    students = tuple(student(i, (RATIOS if i % 2 else FRACTIONS, 20 + i)) for i in range(1, 13))
    problem = school(students=students)
    first = solved(problem)
    published = tuple(Seat(p.student, p.block, p.workshop, p.room) for p in first.placements)
    # Student 5 mastered ratios and now needs fractions.
    changed = tuple(student(5, (FRACTIONS, 40)) if s.id == 5 else s for s in students)
    again = solved(replace(problem, students=changed, previous=published))
    assert again.moved == frozenset({5})
    assert 2 in where(again, 5).values()


def test_a_re_solve_displaces_only_to_seat_a_heavier_need():
    # Ratios seats 2 and is full; student 3's level drops and their new need outweighs student 1's.
    workshops = (Workshop(1, ANA, 2, frozenset({RATIOS}), blocks=frozenset({TUE})),)
    students = (student(1, (RATIOS, 10)), student(2, (RATIOS, 60)), student(3))
    problem = school(workshops=workshops, students=students)
    first = solved(problem)
    published = tuple(Seat(p.student, p.block, p.workshop, p.room) for p in first.placements)
    again = solved(
        replace(problem, students=(students[0], students[1], student(3, (RATIOS, 90))), previous=published)
    )
    assert again.moved == frozenset({1, 3})  # 3 changed; 1 was displaced by them
    assert where(again, 2)[TUE] == 1


def test_a_settled_student_keeps_their_seat_when_a_changed_students_heavier_need_wants_it():
    # As above, but nothing changed for students 1 and 2 since the published week: they are settled.
    workshops = (Workshop(1, ANA, 2, frozenset({RATIOS}), blocks=frozenset({TUE})),)
    students = (student(1, (RATIOS, 10)), student(2, (RATIOS, 60)), student(3))
    problem = school(workshops=workshops, students=students)
    first = solved(problem)
    published = tuple(Seat(p.student, p.block, p.workshop, p.room) for p in first.placements)
    again = solved(
        replace(
            problem,
            students=(students[0], students[1], student(3, (RATIOS, 90))),
            previous=published,
            settled=frozenset({1, 2}),
        )
    )
    assert again.moved == frozenset()
    assert (where(again, 1)[TUE], where(again, 2)[TUE]) == (1, 1)


def test_a_changed_students_requirement_still_takes_a_settled_students_seat():
    workshops = (Workshop(1, ANA, 2, frozenset({RATIOS}), blocks=frozenset({TUE})),)
    students = (student(1, (RATIOS, 10)), student(2, (RATIOS, 60)), student(3))
    problem = school(workshops=workshops, students=students)
    first = solved(problem)
    published = tuple(Seat(p.student, p.block, p.workshop, p.room) for p in first.placements)
    required = student(3, required=[Required(1, 2)])  # a teacher now requires student 3 (priority 2)
    again = solved(
        replace(problem, students=(*students[:2], required), previous=published, settled=frozenset({1, 2}))
    )
    assert again.moved == frozenset({1, 3})  # the lighter need gives way
    assert where(again, 3)[TUE] == 1


def test_a_requirement_left_out_because_its_blocks_went_to_other_requirements_says_so():
    # Both workshops run only on Tuesday with seats to spare, and the student is required in both.
    tuesday_only = frozenset({TUE})
    problem = school(
        workshops=(
            Workshop(1, ANA, 10, frozenset({RATIOS}), blocks=tuesday_only, title="Ratios"),
            Workshop(2, BEN, 10, frozenset({FRACTIONS}), blocks=tuesday_only, title="Fractions"),
        ),
        students=(student(1, required=[Required(1, 2), Required(2, 2)]),),
    )
    result = solved(problem)
    assert result.required_met == 1
    assert [u.code for u in result.unmet] == ["blocks_required"]
