"""Every hard rule of the week, checked on a finished solution with no help from the model that made it.

`violations` reads only the problem and the seats and runs of a solution (from the solver, the greedy
baseline or a leader's manual edits) and returns one line per broken rule, so a test or the benchmark
can say "0 violations" about a schedule without trusting the CP-SAT model's encoding of the rules.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from pathmaker.scheduling.problem import Problem, Solution


def violations(problem: Problem, solution: Solution, *, hard_required: bool = True) -> list[str]:
    found: list[str] = []
    blocks = [b.id for b in problem.blocks]
    workshops = {w.id: w for w in problem.workshops}
    rooms = {r.id: r for r in problem.rooms}

    # 1. Each student in exactly one activity per block.
    per_slot = Counter((seat.student, seat.block) for seat in solution.seats)
    for s in problem.students:
        for b in blocks:
            if per_slot[s.id, b] != 1:
                found.append(f"student {s.id} is in {per_slot[s.id, b]} activities in block {b}")
    known = {s.id for s in problem.students}
    found += [
        f"seat for unknown student {seat.student}" for seat in solution.seats if seat.student not in known
    ]

    # 3, 4. Runs: offered block, leader free, one place per leader, one workshop per room, features.
    room_of: dict[tuple[int, int], int] = {}
    for run in solution.runs:
        w = workshops.get(run.workshop)
        room = rooms.get(run.room)
        if w is None or room is None:
            found.append(f"run of unknown workshop {run.workshop} or room {run.room}")
            continue
        if (run.workshop, run.block) in room_of:
            found.append(f"workshop {w.id} runs twice in block {run.block}")
        room_of[run.workshop, run.block] = run.room
        if w.blocks is not None and run.block not in w.blocks:
            found.append(f"workshop {w.id} runs in block {run.block}, where it is not offered")
        if (w.leader, run.block) not in problem.availability:
            found.append(
                f"workshop {w.id} runs in block {run.block}, when its leader {w.leader} is not available"
            )
        if not w.features <= room.features:
            found.append(
                f"workshop {w.id} is in room {room.id}, which lacks {sorted(w.features - room.features)}"
            )
    for (leader, b), n in Counter(
        (workshops[r.workshop].leader, r.block) for r in solution.runs if r.workshop in workshops
    ).items():
        if n > 1:
            found.append(f"leader {leader} runs {n} workshops in block {b}")
    for (room_id, b), n in Counter((r.room, r.block) for r in solution.runs).items():
        if n > 1:
            found.append(f"room {room_id} hosts {n} workshops in block {b}")

    # 2. Students only where a workshop runs, within its capacity and its room's; 5. once a week.
    occupancy: Counter[tuple[int, int]] = Counter()
    attended: dict[int, Counter[int]] = defaultdict(Counter)
    for seat in solution.seats:
        if seat.workshop is None:
            continue
        occupancy[seat.workshop, seat.block] += 1
        attended[seat.student][seat.workshop] += 1
        if (seat.workshop, seat.block) not in room_of:
            found.append(
                f"student {seat.student} is in workshop {seat.workshop} in block {seat.block}, where it does not run"
            )
        elif seat.room is not None and seat.room != room_of[seat.workshop, seat.block]:
            found.append(f"student {seat.student} is sent to room {seat.room}, not the workshop's room")
    for (w_id, b), n in occupancy.items():
        if (w_id, b) not in room_of or w_id not in workshops:
            continue
        limit = min(workshops[w_id].capacity, rooms[room_of[w_id, b]].capacity)
        if n > limit:
            found.append(f"workshop {w_id} has {n} students in block {b}, over its {limit} seats")
    for student, counts in attended.items():
        found += [f"student {student} attends workshop {w} {n} times" for w, n in counts.items() if n > 1]

    # 6. Locks, hard requirements, the study hall's capacity.
    at = {(seat.student, seat.block): seat for seat in solution.seats}
    for lock in problem.locked:
        held = at.get((lock.student, lock.block))
        if (
            held is None
            or held.workshop != lock.workshop
            or (lock.room is not None and held.room != lock.room)
        ):
            found.append(f"locked placement of student {lock.student} in block {lock.block} is not kept")
    if hard_required:
        for s in problem.students:
            for req in s.required:
                if req.priority <= problem.hard_priority and not attended[s.id][req.workshop]:
                    found.append(
                        f"student {s.id} must attend workshop {req.workshop} (priority {req.priority})"
                    )
    if problem.study_hall_capacity is not None:
        hall = Counter(seat.block for seat in solution.seats if seat.workshop is None)
        for b in blocks:
            if hall[b] > problem.study_hall_capacity:
                found.append(
                    f"the study hall has {hall[b]} students in block {b}, over {problem.study_hall_capacity}"
                )
    return found
