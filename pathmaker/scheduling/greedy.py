"""The baseline the solver is measured against: first-come placement by priority, as sign-up tools do.

On the same `solver.Problem`:
1. Workshops with required students get blocks first (priority 1 first), as many as it takes to seat
   them; then workshops get blocks in rounds, the most-needed first: each round gives every workshop one
   more block where its leader is free and a room with its features is free (the closest in size).
2. Locked placements are seated first, then requirements by priority (1 first), then each student in
   turn (first come: by id) takes their needs by weight, then their preferences by rank: each into the
   first block, in the week's order, where a workshop for it runs with a seat left and the student is free.
3. Everyone else goes to the study hall; when the hall is over its capacity in a block, its last
   students go to any workshop with a seat left.
Its figures come from the same `solver.finish` and `solver.score` as the solver's, so they compare.
"""

from __future__ import annotations

import time
from collections import defaultdict

from pathmaker.scheduling.problem import (
    Index,
    Need,
    Problem,
    Result,
    Run,
    Seat,
    Solution,
    Student,
    finish,
    score,
)


def greedy(problem: Problem, *, in_rounds: bool = False) -> Result:
    """First come, first placed; `in_rounds`: every student's heaviest need first, then everyone's
    second, and so on (the solver's warm start: it helps the most students before helping anyone twice)."""
    started = time.monotonic()
    index = Index(problem)
    runs = _runs(problem, index)
    room_of = {(r.workshop, r.block): r.room for r in runs}
    seats_left = {(r.workshop, r.block): index.seats_in(r.workshop, r.room) for r in runs}
    at: dict[tuple[int, int], int | None] = {}
    attended: dict[int, set[int]] = defaultdict(set)

    def take(student: int, workshop: int, block: int) -> bool:
        if (
            (student, block) in at
            or workshop in attended[student]
            or seats_left.get((workshop, block), 0) <= 0
        ):
            return False
        at[student, block] = workshop
        attended[student].add(workshop)
        seats_left[workshop, block] -= 1
        return True

    def first_free(student: int, workshop: int) -> bool:
        return any(take(student, workshop, b) for b in index.block_ids)

    for lock in problem.locked:
        if lock.workshop is None:
            at.setdefault((lock.student, lock.block), None)
        else:
            take(lock.student, lock.workshop, lock.block)
    for priority in (1, 2, 3):
        for s in problem.students:
            for req in s.required:
                if req.priority == priority and req.workshop not in attended[s.id]:
                    first_free(s.id, req.workshop)

    def place_need(sid: int, need: Need) -> None:
        covering = index.by_competency.get(need.competency, [])
        if not any(w in attended[sid] for w in covering):
            any(first_free(sid, w) for w in covering)

    def place_preferences(s: Student) -> None:
        for w, _rank in sorted(s.preferences, key=lambda p: p[1]):
            if w in index.workshops:
                first_free(s.id, w)

    heaviest_first = {s.id: sorted(s.needs, key=lambda n: -n.weight) for s in problem.students}
    if in_rounds:
        order = sorted(problem.students, key=lambda s: -max((n.weight for n in s.needs), default=0))
        for k in range(max((len(s.needs) for s in problem.students), default=0)):
            for s in order:
                if k < len(heaviest_first[s.id]):
                    place_need(s.id, heaviest_first[s.id][k])
        for s in problem.students:
            place_preferences(s)
    else:
        for s in problem.students:
            for need in heaviest_first[s.id]:
                place_need(s.id, need)
            place_preferences(s)

    if problem.study_hall_capacity is not None:
        for b in index.block_ids:
            hall = [s.id for s in problem.students if (s.id, b) not in at]
            for sid in hall[problem.study_hall_capacity :]:
                for wid in index.workshops:
                    if take(sid, wid, b):
                        break

    seats = []
    for s in problem.students:
        for b in index.block_ids:
            chosen = at.get((s.id, b))
            seats.append(Seat(s.id, b, chosen, room_of.get((chosen, b)) if chosen is not None else None))
    solution = Solution(tuple(seats), tuple(runs))
    return finish(
        problem,
        solution,
        status="greedy",
        objective=float(score(problem, solution)),
        bound=None,
        gap=None,
        seconds=time.monotonic() - started,
        index=index,
    )


def _runs(problem: Problem, index: Index) -> list[Run]:
    demand: dict[int, int] = defaultdict(int)
    for s in problem.students:
        for need in s.needs:
            for w in index.by_competency.get(need.competency, []):
                demand[w] += 1
        for req in s.required:
            demand[req.workshop] += 1
        for w, _rank in s.preferences:
            demand[w] += 1
    order = sorted(index.workshops, key=lambda w: (-demand[w], w))
    busy_leader: set[tuple[int, int]] = set()
    busy_room: set[tuple[int, int]] = set()
    runs: list[Run] = []
    given: dict[int, int] = defaultdict(int)
    seats: dict[int, int] = defaultdict(int)

    def add_run(w: int) -> bool:
        leader = index.workshops[w].leader
        for b in index.offered[w]:
            if (leader, b) in busy_leader or any(r.workshop == w and r.block == b for r in runs):
                continue
            room = next((r for r in index.fitting_rooms[w] if (r, b) not in busy_room), None)
            if room is None:
                continue
            runs.append(Run(w, b, room))
            busy_leader.add((leader, b))
            busy_room.add((room, b))
            given[w] += 1
            seats[w] += index.seats_in(w, room)
            return True
        return False

    # Required placements first: a workshop gets the runs its required students need (priority 1 first)
    # before any workshop gets a run for demand, or a leader's other workshop can take the blocks it needs.
    required: dict[tuple[int, int], int] = defaultdict(int)
    for s in problem.students:
        for req in s.required:
            if req.workshop in index.workshops:
                required[req.priority, req.workshop] += 1
    wanted: dict[int, int] = defaultdict(int)
    for (_priority, w), count in sorted(
        required.items(), key=lambda item: (item[0][0], -item[1], item[0][1])
    ):
        wanted[w] += count
        while seats[w] < wanted[w] and add_run(w):
            pass
    for _round in index.block_ids:
        for w in order:
            if demand[w] <= given[w] * index.workshops[w].capacity:
                continue  # enough seats already for everyone who might come
            add_run(w)
    return runs
