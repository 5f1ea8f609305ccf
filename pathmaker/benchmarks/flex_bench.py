"""`pathmaker bench flex`: next week's flex schedule for a middle school of 1,500 students.

The school (seeded, so every run is the same school):
- 1,500 students in grades 6-8, 80 teachers, 60 rooms (some with lab benches or computers), 5 blocks;
- a competency framework of 18 competencies per grade; each student has a mastery history: 2-6 scores
  on each of the competencies taught so far, drawn around the student's ability, the competency's
  difficulty and a learning trend, and turned into levels by the mastery engine (decaying average);
- needs from those levels through `scheduling.needs` (the school's threshold 3.0, 14-day window);
- each teacher offers one or two workshops (interventions spread over the competencies as their
  demand, enrichment with students' ranked preferences); every ninth requires students below level 1.5
  (priority 2); teachers are free in 3-5 of the 5 blocks; the study hall seats 1,000 per block.
Figures: the CP-SAT solve (2 workers; a 58 s budget, so model, search and explanations stay under 60 s) with objective, bound, gap, needs met and below-threshold
students placed; violations of every hard rule by the independent checker (solver and greedy); the
greedy baseline (first come, by priority) on the same problem, the ratio, and the solver's warm start
(the greedy placement in rounds) so what CP-SAT adds beyond it shows; then 2% of students get new
evidence, the week is re-solved from the published one, and the students moved are counted against those
whose needs changed plus those displaced by them (`displaced`: their seat went to a changed student, or,
in a chain, to a student displaced in turn, or they took a seat a changed student left).
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db import DatabaseError

from pathmaker.mastery import engine
from pathmaker.scheduling import needs as needs_mod
from pathmaker.scheduling.checker import violations
from pathmaker.scheduling.greedy import greedy
from pathmaker.scheduling.problem import (
    Block,
    Need,
    Problem,
    Required,
    Result,
    Room,
    Seat,
    Student,
    Workshop,
)
from pathmaker.scheduling.solver import solve

TODAY = dt.date(2026, 12, 4)
THRESHOLD = 3.0
RULE = engine.Rule(method=engine.Method.DECAYING_AVERAGE, weight=0.65)
GRADES = (6, 7, 8)
COMPETENCIES_PER_GRADE = 18
TAUGHT_SO_FAR = 11  # competencies of the year with evidence by December


@dataclass
class School:
    students: list[int]
    grade_of: dict[int, int]
    competencies_of_grade: dict[int, list[int]]
    ability: dict[int, float]
    difficulty: dict[int, float]
    history: dict[tuple[int, int], list[engine.Score]]
    problem_base: Problem  # blocks, rooms, workshops, availability (students filled from needs)
    required_below: list[needs_mod.RequiredBelow]
    preferences: dict[int, tuple[tuple[int, int], ...]]


def generate(
    *, students: int = 1500, teachers: int = 80, rooms: int = 60, blocks: int = 5, seed: int = 7
) -> School:
    rng = random.Random(seed)
    student_ids = list(range(1, students + 1))
    grade_of = {s: GRADES[(s - 1) * len(GRADES) // students] for s in student_ids}
    competencies_of_grade = {g: [g * 100 + i for i in range(1, COMPETENCIES_PER_GRADE + 1)] for g in GRADES}
    ability = {s: rng.gauss(0.0, 0.55) for s in student_ids}
    difficulty = {c: rng.gauss(0.0, 0.35) for cs in competencies_of_grade.values() for c in cs}
    history: dict[tuple[int, int], list[engine.Score]] = {}
    for s in student_ids:
        for c in competencies_of_grade[grade_of[s]][:TAUGHT_SO_FAR]:
            history[s, c] = _scores(
                rng, ability[s], difficulty[c], start=TODAY - dt.timedelta(days=rng.randint(10, 90))
            )

    block_list = tuple(Block(b, f"block {b}") for b in range(1, blocks + 1))
    room_list = []
    for r in range(1, rooms + 1):
        features = frozenset({"lab_bench"} if r <= 8 else {"computers"} if r <= 18 else set())
        room_list.append(Room(r, rng.choice((20, 24, 28, 30, 32, 35)), features))
    teacher_ids = list(range(10_001, 10_001 + teachers))
    availability = frozenset(
        (t, b.id) for t in teacher_ids for b in rng.sample(block_list, rng.randint(3, blocks))
    )
    # Interventions follow demand: more workshops for the competencies more students are below on.
    demand: dict[int, int] = defaultdict(int)
    for (_s, c), scores in history.items():
        level = engine.level(scores, RULE, as_of=TODAY).level
        if level is not None and level < THRESHOLD:
            demand[c] += 1
    taught = sorted(demand, key=lambda c: -demand[c])
    workshops: list[Workshop] = []
    required: list[needs_mod.RequiredBelow] = []
    wid = 1
    for i, t in enumerate(teacher_ids):
        for k in range(1 if i % 3 else 2):
            if (i + k) % 6 == 5:
                workshops.append(
                    Workshop(
                        wid, t, rng.choice((20, 24)), frozenset(), _features(rng), None, f"Enrichment {wid}"
                    )
                )
            else:
                c = taught[(i * 2 + k) % len(taught)]
                workshops.append(
                    Workshop(
                        wid,
                        t,
                        rng.choice((12, 15, 18)),
                        frozenset({c}),
                        _features(rng),
                        None,
                        f"Workshop on {c}",
                    )
                )
                if wid % 9 == 0:
                    required.append(needs_mod.RequiredBelow(wid, frozenset({c}), 1.5, 2))
            wid += 1
    enrichment = [w.id for w in workshops if not w.competencies]
    preferences = {
        s: tuple((w, rank) for rank, w in enumerate(rng.sample(enrichment, min(3, len(enrichment))), start=1))
        for s in student_ids
        if rng.random() < 0.4
    }
    base = Problem(
        blocks=block_list,
        rooms=tuple(room_list),
        workshops=tuple(workshops),
        availability=availability,
        students=(),
        study_hall_capacity=1000,
        hard_priority=1,
    )
    return School(
        student_ids,
        grade_of,
        competencies_of_grade,
        ability,
        difficulty,
        history,
        base,
        required,
        preferences,
    )


def _features(rng: random.Random) -> frozenset[str]:
    roll = rng.random()
    return (
        frozenset({"lab_bench"}) if roll < 0.08 else frozenset({"computers"}) if roll < 0.2 else frozenset()
    )


def _scores(rng: random.Random, ability: float, difficulty: float, *, start: dt.date) -> list[engine.Score]:
    count = rng.randint(2, 6)
    out = []
    for k in range(count):
        trend = 0.12 * k
        value = 3.05 + ability - difficulty + trend + rng.gauss(0.0, 0.55)
        value = min(4.0, max(1.0, round(value * 2) / 2))
        out.append(engine.Score(value, start + dt.timedelta(days=7 * k), evidence_id=k + 1))
    return out


def levels(school: School) -> list[needs_mod.Level]:
    rows = []
    for (s, c), scores in school.history.items():
        result = engine.level(scores, RULE, as_of=TODAY)
        rows.append(needs_mod.Level(s, c, result.level, max(score.demonstrated_on for score in scores)))
    return rows


def problem_for(school: School, found: needs_mod.Needs, *, previous: tuple[Seat, ...] = ()) -> Problem:
    students = tuple(
        Student(
            s,
            needs=tuple(Need(n.competency, n.weight) for n in found.by_student.get(s, [])),
            required=tuple(
                Required(r.workshop, r.priority, r.competency) for r in found.requirements.get(s, [])
            ),
            preferences=school.preferences.get(s, ()),
        )
        for s in school.students
    )
    return replace(school.problem_base, students=students, previous=previous)


def compute_needs(school: School) -> needs_mod.Needs:
    return needs_mod.student_needs(
        levels(school),
        threshold=THRESHOLD,
        today=TODAY,
        recency_days=14,
        required_below=school.required_below,
    )


def change_levels(school: School, share: float, seed: int = 11) -> set[int]:
    """New evidence for `share` of the students: a score or two on competencies they are weak or strong on."""
    rng = random.Random(seed)
    chosen = rng.sample(school.students, round(len(school.students) * share))
    for s in chosen:
        competencies = school.competencies_of_grade[school.grade_of[s]][:TAUGHT_SO_FAR]
        for c in rng.sample(competencies, 2):
            scores = school.history[s, c]
            value = rng.choice((1.0, 1.5, 4.0))
            scores.append(engine.Score(value, TODAY, evidence_id=len(scores) + 1))
            scores.append(engine.Score(value, TODAY, evidence_id=len(scores) + 1))
    return set(chosen)


def displaced(before: Result, after: Result, changed: set[int]) -> set[int]:
    """Movers whose needs did not change but who lost their workshop seat to a changed student (or, in a
    chain, to a student displaced in turn), or who took a workshop seat such a student left. The study
    hall is no contested seat (it holds 1,000 here), so arriving in it or leaving it displaces nobody."""
    was = {(seat.student, seat.block): seat.workshop for seat in before.solution.seats}
    now = {(seat.student, seat.block): seat.workshop for seat in after.solution.seats}
    arrived: dict[tuple[int, int], set[int]] = defaultdict(set)
    left: dict[tuple[int, int], set[int]] = defaultdict(set)
    changes: dict[int, list[tuple[int | None, int | None, int]]] = defaultdict(
        list
    )  # student -> (was, now, block)
    for (s, b), w in now.items():
        old = was.get((s, b))
        if old != w:
            changes[s].append((old, w, b))
            if w is not None:
                arrived[w, b].add(s)
            if old is not None:
                left[old, b].add(s)
    caused = set(changed)
    found: set[int] = set()
    grew = True
    while grew:
        grew = False
        for s in sorted(after.moved - changed - found):
            pushed = any(old is not None and arrived[old, b] & caused for old, _new, b in changes[s])
            pulled = any(new is not None and left[new, b] & caused for _old, new, b in changes[s])
            if pushed or pulled:
                found.add(s)
                caused.add(s)
                grew = True
    return found


def figures(
    *, time_limit: float = 60.0, progress: Callable[[str], None] | None = None
) -> list[tuple[str, object, str]]:
    say = progress or (lambda _m: None)
    school = generate()
    found = compute_needs(school)
    problem = problem_for(school, found)
    say("solving")
    clock = time.monotonic()
    first = solve(problem, time_limit=time_limit, workers=2)
    first_total = time.monotonic() - clock
    say("greedy")
    base = greedy(problem)
    warm = greedy(problem, in_rounds=True)
    out: list[tuple[str, object, str]] = [
        ("flex.students", len(problem.students), "students"),
        ("flex.teachers", len({w.leader for w in problem.workshops}), "teachers"),
        ("flex.rooms", len(problem.rooms), "rooms"),
        ("flex.blocks", len(problem.blocks), "blocks"),
        ("flex.workshops", len(problem.workshops), "workshops"),
        ("flex.needs", first.needs_total, "needs"),
        ("flex.below_threshold_students", first.needy_students, "students"),
        ("flex.solve.status", first.status, ""),
        ("flex.solve.seconds", round(first.seconds, 2), "s"),
        ("flex.solve.with_explanations.seconds", round(first_total, 2), "s"),
        ("flex.solve.objective", first.objective, ""),
        ("flex.solve.bound", first.bound, ""),
        ("flex.solve.gap", _pct(first.gap), "%"),
        ("flex.solve.needs_met", _pct(first.needs_met_share), "%"),
        ("flex.solve.below_threshold_placed", _pct(first.needy_placed_share), "%"),
        ("flex.solve.required_met", f"{first.required_met}/{first.required_total}", "placements"),
        ("flex.solve.violations", len(violations(problem, first.solution)), "violations"),
        ("flex.greedy.seconds", round(base.seconds, 2), "s"),
        ("flex.greedy.objective", base.objective, ""),
        ("flex.greedy.needs_met", _pct(base.needs_met_share), "%"),
        ("flex.greedy.below_threshold_placed", _pct(base.needy_placed_share), "%"),
        ("flex.greedy.required_met", f"{base.required_met}/{base.required_total}", "placements"),
        ("flex.greedy.violations", len(violations(problem, base.solution)), "violations"),
        ("flex.warm_start.objective", warm.objective, ""),
        ("flex.warm_start.below_threshold_placed", _pct(warm.needy_placed_share), "%"),
        ("flex.solver_over_greedy.objective", _ratio(first.objective, base.objective), "x"),
        ("flex.solver_over_greedy.needs_met", _ratio(first.needs_met, base.needs_met), "x"),
    ]
    say("re-solving after 2% of levels change")
    touched = change_levels(school, 0.02)
    found_after = compute_needs(school)
    changed = needs_mod.changed_students(found, found_after)
    published = tuple(Seat(p.student, p.block, p.workshop, p.room) for p in first.placements)
    again_problem = problem_for(school, found_after, previous=published)
    again_problem = replace(
        again_problem, settled=frozenset({s.id for s in again_problem.students} - changed)
    )
    again = solve(again_problem, time_limit=time_limit, workers=2)
    pushed = displaced(first, again, changed)
    others = again.moved - changed - pushed
    out += [
        ("flex.resolve.levels_changed", len(touched), "students"),
        ("flex.resolve.needs_changed", len(changed), "students"),
        ("flex.resolve.seconds", round(again.seconds, 2), "s"),
        ("flex.resolve.gap", _pct(again.gap), "%"),
        ("flex.resolve.moved", len(again.moved), "students"),
        ("flex.resolve.moved_with_changed_needs", len(again.moved & changed), "students"),
        ("flex.resolve.displaced", len(pushed), "students"),
        ("flex.resolve.moved_otherwise", len(others), "students"),
        (
            "flex.resolve.moved_within_bound",
            "yes" if len(again.moved) <= len(changed) + len(pushed) else "no",
            "",
        ),
        ("flex.resolve.violations", len(violations(again_problem, again.solution)), "violations"),
    ]
    return out


def _pct(value: float | None) -> object:
    return "n/a" if value is None else round(100 * value, 2)


def _ratio(a: float | None, b: float | None) -> object:
    return "n/a" if not a or not b else round(a / b, 3)


def run(write: Callable[[str], object], *, time_limit: float = 58.0) -> None:
    """`pathmaker bench flex`: the flex figures, then the grouping benchmark's in the same run if present."""
    for name, value, unit in figures(time_limit=time_limit):
        write(f"{name}: {value} {unit}".rstrip())
    if importlib.util.find_spec("pathmaker.benchmarks.grouping_bench") is None:
        return
    grouping = importlib.import_module("pathmaker.benchmarks.grouping_bench")
    if not hasattr(grouping, "figures"):
        return
    try:
        found = grouping.figures()
    except DatabaseError as exc:  # it builds its section in the database: say why there are no figures
        write(f"grouping: skipped ({exc}; run `pathmaker migrate` on this database first)")
        return
    for name, value, unit in found:
        write(f"{name}: {value} {unit}".rstrip())
