"""The week's flex schedule as data: pure, no Django, shared by the solver, the greedy baseline and the checker.

- the inputs (`Problem`: blocks, rooms, workshops, the leaders' free blocks, students with their needs,
  requirements and preferences, locked placements, the published week to change as little as possible);
- what the inputs allow (`Index`: the blocks each workshop may run in, the rooms that fit it, the kinds of
  alike rooms, the workshops each student has a reason to attend);
- the outputs (`Solution`: seats and runs; `Result`: the placements with their reasons, the figures, the
  needs not met with the rule that stopped each, and what to relax when the week is infeasible);
- the objective's weights and `score`, the objective computed from any solution, so the solver's and the
  greedy baseline's weeks are measured with one ruler (`solver.py` explains the weights).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

NEED_SCALE = 4
FIRST_NEED = 600
KEEP = 20
KEEP_ROOM = 2
BALANCE = 1
MAX_PREFERENCE_WEIGHT = 5

Progress = Callable[[float, str], None]
Values = dict[str, int | float | str]

# --- Inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    id: int
    label: str = ""


@dataclass(frozen=True)
class Room:
    id: int
    capacity: int
    features: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Workshop:
    id: int
    leader: int
    capacity: int
    competencies: frozenset[int] = frozenset()
    features: frozenset[str] = frozenset()
    blocks: frozenset[int] | None = None  # None: any block its leader is available
    title: str = ""


@dataclass(frozen=True)
class Need:
    competency: int
    weight: int


@dataclass(frozen=True)
class Required:
    workshop: int
    priority: int  # 1 first
    competency: int | None = None  # the competency that made it required (None: a teacher's requirement)


@dataclass(frozen=True)
class Student:
    id: int
    needs: tuple[Need, ...] = ()
    required: tuple[Required, ...] = ()
    preferences: tuple[tuple[int, int], ...] = ()  # (workshop, rank), rank 1 first


@dataclass(frozen=True)
class Seat:
    """One student in one block: a workshop (None: the study hall), and the room when it is known."""

    student: int
    block: int
    workshop: int | None
    room: int | None = None


@dataclass(frozen=True)
class Problem:
    blocks: tuple[Block, ...]
    rooms: tuple[Room, ...]
    workshops: tuple[Workshop, ...]
    availability: frozenset[tuple[int, int]]  # (leader, block) pairs when the leader is free
    students: tuple[Student, ...]
    locked: tuple[Seat, ...] = ()
    previous: tuple[Seat, ...] = ()  # the published schedule a re-solve changes as little as it can
    # On a re-solve, the students nothing has changed for since the published week (levels, requirements,
    # choices): their seats stand unless a required placement needs them (`keep_weight`).
    settled: frozenset[int] = frozenset()
    study_hall_capacity: int | None = None  # per block; None: everyone
    hard_priority: int = 1  # required placements at this priority or higher (a lower number) must hold


# --- Outputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    workshop: int
    block: int
    room: int


@dataclass(frozen=True)
class Placement:
    student: int
    block: int
    workshop: int | None
    room: int | None
    reason: str  # required, teacher_required, need, preference, locked, kept, study_hall
    values: Values = field(default_factory=dict)
    competency: int | None = None


@dataclass(frozen=True)
class Unmet:
    """A need or requirement the week does not meet, and the rule that stopped it, as a code."""

    student: int
    competency: int | None
    workshop: int | None
    weight: int
    code: str
    values: Values = field(default_factory=dict)


@dataclass(frozen=True)
class Relax:
    code: str  # locked_placement, required_placements, study_hall_capacity
    values: Values = field(default_factory=dict)


@dataclass(frozen=True)
class Solution:
    seats: tuple[Seat, ...]
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Result:
    status: str  # optimal, feasible, infeasible, unknown, model_invalid
    solution: Solution
    placements: tuple[Placement, ...] = ()
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    needs_total: int = 0
    needs_met: int = 0
    needy_students: int = 0
    needy_placed: int = 0  # students with a need who got a workshop for one of their competencies
    required_total: int = 0
    required_met: int = 0
    moved: frozenset[int] = frozenset()  # students whose week differs from the published one
    unmet: tuple[Unmet, ...] = ()
    relax: tuple[Relax, ...] = ()

    @property
    def needs_met_share(self) -> float | None:
        return self.needs_met / self.needs_total if self.needs_total else None

    @property
    def needy_placed_share(self) -> float | None:
        return self.needy_placed / self.needy_students if self.needy_students else None

    @property
    def is_feasible(self) -> bool:
        return self.status in ("optimal", "feasible")


# --- What the inputs allow -----------------------------------------------------------------------


class Index:
    """What every workshop may do, read once from the problem (shared by the model, the greedy baseline
    and the explanations of unmet needs)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.block_ids = [b.id for b in problem.blocks]
        self.workshops = {w.id: w for w in problem.workshops}
        self.rooms = {r.id: r for r in problem.rooms}
        self.students = {s.id: s for s in problem.students}
        # Rooms of one capacity and one set of features are interchangeable: the model chooses a kind
        # of room for each run and `assign_rooms` picks the rooms, so no two solutions differ only in
        # which of two alike rooms a workshop got (symmetry that would slow CP-SAT down for nothing).
        kinds: dict[tuple[int, frozenset[str]], list[int]] = defaultdict(list)
        for room in sorted(problem.rooms, key=lambda r: r.id):
            kinds[room.capacity, room.features].append(room.id)
        self.kinds = [
            (capacity, features, ids)
            for (capacity, features), ids in sorted(
                kinds.items(), key=lambda item: (item[0][0], sorted(item[0][1]))
            )
        ]
        self.kind_of_room = {room: k for k, (_c, _f, ids) in enumerate(self.kinds) for room in ids}
        self.offered: dict[int, list[int]] = {}
        self.fitting_rooms: dict[int, list[int]] = {}
        self.fitting_kinds: dict[int, list[int]] = {}
        for w in problem.workshops:
            allowed = w.blocks if w.blocks is not None else frozenset(self.block_ids)
            self.offered[w.id] = [
                b for b in self.block_ids if b in allowed and (w.leader, b) in problem.availability
            ]
            fitting = sorted(
                (r for r in problem.rooms if w.features <= r.features), key=_nearest_in_size(w.capacity)
            )
            self.fitting_rooms[w.id] = [r.id for r in fitting]
            self.fitting_kinds[w.id] = [
                k for k, (_c, features, _ids) in enumerate(self.kinds) if w.features <= features
            ]
        self.by_competency: dict[int, list[int]] = defaultdict(list)
        for w in problem.workshops:
            for c in sorted(w.competencies):
                self.by_competency[c].append(w.id)

    def seats_in(self, workshop: int, room: int) -> int:
        return min(self.workshops[workshop].capacity, self.rooms[room].capacity)

    def kind_seats(self, workshop: int, kind: int) -> int:
        return min(self.workshops[workshop].capacity, self.kinds[kind][0])

    def schedulable(self, workshop: int) -> bool:
        return bool(self.offered.get(workshop)) and bool(self.fitting_kinds.get(workshop))

    def assign_rooms(
        self, chosen: Iterable[tuple[int, int, int]], *, prefer: Iterable[Seat] = ()
    ) -> list[Run]:
        """Rooms for runs given as (workshop, block, kind): a room a seat in `prefer` names for that
        workshop (locks first, then the published schedule) when it is of the kind and free, else the
        kind's free room with the lowest id. A kind never gets more runs in a block than it has rooms."""
        wanted: dict[int, list[int]] = defaultdict(list)
        for seat in prefer:
            if seat.workshop is not None and seat.room is not None and seat.room in self.rooms:
                wanted[seat.workshop].append(seat.room)
        taken: set[tuple[int, int]] = set()
        runs: list[Run] = []
        pending = sorted(chosen, key=lambda run: (run[1], not wanted.get(run[0]), run[0]))
        for w, b, k in pending:
            ids = self.kinds[k][2]
            room = next((r for r in wanted.get(w, []) if r in ids and (r, b) not in taken), None)
            if room is None:
                room = next((r for r in ids if (r, b) not in taken), None)
            if room is not None:
                taken.add((room, b))
                runs.append(Run(w, b, room))
        return runs

    def candidates(self, student: Student) -> list[int]:
        """The workshops this student might attend, in a stable order."""
        found: dict[int, None] = {}
        for need in student.needs:
            for w in self.by_competency.get(need.competency, ()):
                found[w] = None
        for req in student.required:
            found[req.workshop] = None
        for w, _rank in student.preferences:
            found[w] = None
        for seat in (*self.problem.locked, *self.problem.previous):
            if seat.student == student.id and seat.workshop is not None:
                found[seat.workshop] = None
        return [w for w in found if w in self.workshops]


def _nearest_in_size(capacity: int) -> Callable[[Room], tuple[bool, int, int]]:
    """Rooms that seat the whole workshop first, the closest in size first."""

    def key(room: Room) -> tuple[bool, int, int]:
        return (room.capacity < capacity, abs(room.capacity - capacity), room.id)

    return key


def preference_weight(rank: int) -> int:
    return max(1, MAX_PREFERENCE_WEIGHT + 1 - rank)


def keep_weight(problem: Problem, student: int) -> int:
    """What leaving a student where the published week had them is worth: `KEEP` (they move for any larger
    gain) or, for a settled student, one less than a required placement's step, so they move only when a
    requirement needs their seat, never for a need or a choice of theirs or of anyone else."""
    return required_step(problem) - 1 if student in problem.settled else KEEP


def required_step(problem: Problem) -> int:
    """The weight a soft requirement gains per priority step (priority 3 counts once, 2 twice, 1 three
    times): more than anything else one seat can earn (a heaviest need, the first-need bonus, a first
    preference, staying put, the balance penalty), so a required student always takes a seat from a
    student who is there for anything else, and a priority-2 requirement from a priority-3 one."""
    heaviest = max((n.weight for s in problem.students for n in s.needs), default=0)
    return NEED_SCALE * heaviest + FIRST_NEED + MAX_PREFERENCE_WEIGHT + KEEP + KEEP_ROOM + BALANCE + 1


# --- The result's figures, shared with the greedy baseline ---------------------------------------


def score(problem: Problem, solution: Solution) -> int:
    """The solver's objective, computed from any solution (the greedy baseline's is measured with it)."""
    index = Index(problem)
    step = required_step(problem)
    at = {(seat.student, seat.block): seat.workshop for seat in solution.seats}
    attended: dict[int, set[int]] = defaultdict(set)
    for seat in solution.seats:
        if seat.workshop is not None:
            attended[seat.student].add(seat.workshop)
    total = 0
    for s in problem.students:
        soft: dict[int, int] = {}
        for req in s.required:
            if req.priority > problem.hard_priority:
                soft.setdefault(req.workshop, req.priority)
        total += sum(step * (4 - priority) for w, priority in soft.items() if w in attended[s.id])
        covered = {c for w in attended[s.id] for c in index.workshops[w].competencies}
        counted: set[int] = set()
        for need in s.needs:
            if need.competency in covered and need.competency not in counted:
                counted.add(need.competency)
                total += NEED_SCALE * need.weight
        if counted:
            total += FIRST_NEED
        for w, rank in s.preferences:
            if w in attended[s.id]:
                total += preference_weight(rank)
    kinds = {(r.workshop, r.block, index.kind_of_room.get(r.room)) for r in solution.runs}
    for seat in problem.previous:
        if at.get((seat.student, seat.block)) == seat.workshop:
            total += keep_weight(problem, seat.student)
        kind = index.kind_of_room.get(seat.room or -1, -1)
        if seat.workshop is not None and (seat.workshop, seat.block, kind) in kinds:
            total += KEEP_ROOM
    occupancy: dict[tuple[int, int], int] = defaultdict(int)
    for seat in solution.seats:
        if seat.workshop is not None:
            occupancy[seat.workshop, seat.block] += 1
    for b in index.block_ids:
        loads = [n for (_w, b_), n in occupancy.items() if b_ == b]
        total -= BALANCE * max(loads, default=0)
    return total


def finish(
    problem: Problem,
    solution: Solution,
    *,
    status: str,
    objective: float | None,
    bound: float | None,
    gap: float | None,
    seconds: float,
    index: Index | None = None,
) -> Result:
    """A Result with its placements' reasons, the needs met and not met (and why), and who moved."""
    index = index or Index(problem)
    attended: dict[int, dict[int, int]] = defaultdict(dict)  # student -> workshop -> block
    for seat in solution.seats:
        if seat.workshop is not None:
            attended[seat.student][seat.workshop] = seat.block
    locked = {(seat.student, seat.block) for seat in problem.locked}
    previous = {(seat.student, seat.block): seat.workshop for seat in problem.previous}
    placements: list[Placement] = []
    unmet: list[Unmet] = []
    needs_total = needs_met = needy = needy_placed = required_total = required_met = 0
    week = _Week.of(problem, solution)
    served: dict[tuple[int, int], tuple[str, Values, int | None]] = {}
    for s in problem.students:
        mine = attended[s.id]
        for req in s.required:
            required_total += 1
            if req.workshop in mine:
                required_met += 1
                code = "required" if req.competency is not None else "teacher_required"
                served.setdefault((s.id, req.workshop), (code, {"priority": req.priority}, req.competency))
            else:
                unmet.append(_why(index, week, s, None, req.workshop, 0))
        met_any = False
        for need in _distinct(s.needs):
            needs_total += 1
            hit = next((w for w in mine if need.competency in index.workshops[w].competencies), None)
            if hit is not None:
                needs_met += 1
                met_any = True
                served.setdefault((s.id, hit), ("need", {"weight": need.weight}, need.competency))
            else:
                unmet.append(_why(index, week, s, need.competency, None, need.weight))
        if s.needs:
            needy += 1
            needy_placed += met_any
        for w, rank in s.preferences:
            if w in mine:
                served.setdefault((s.id, w), ("preference", {"rank": rank}, None))
    values: Values
    for seat in solution.seats:
        if seat.workshop is None:
            reason, values, competency = "study_hall", {}, None
        elif (seat.student, seat.workshop) in served:
            reason, values, competency = served[seat.student, seat.workshop]
        elif (seat.student, seat.block) in locked:
            reason, values, competency = "locked", {}, None
        else:
            reason, values, competency = "kept", {}, None
        placements.append(
            Placement(seat.student, seat.block, seat.workshop, seat.room, reason, values, competency)
        )
    moved = frozenset(
        seat.student
        for seat in solution.seats
        if (seat.student, seat.block) in previous and previous[seat.student, seat.block] != seat.workshop
    )
    return Result(
        status=status,
        solution=solution,
        placements=tuple(placements),
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=seconds,
        needs_total=needs_total,
        needs_met=needs_met,
        needy_students=needy,
        needy_placed=needy_placed,
        required_total=required_total,
        required_met=required_met,
        moved=moved,
        unmet=tuple(unmet),
    )


def _distinct(needs: Iterable[Need]) -> list[Need]:
    seen: set[int] = set()
    out = []
    for need in needs:
        if need.competency not in seen:
            seen.add(need.competency)
            out.append(need)
    return out


@dataclass(frozen=True)
class _Week:
    """What explaining unmet needs reads from a solution, gathered once (not once per unmet need)."""

    runs: tuple[Run, ...]
    occupancy: dict[tuple[int, int], int]
    blocks_of: dict[int, dict[int, int | None]]  # student -> block -> workshop
    locked_blocks: dict[int, set[int]]  # student -> blocks locked

    @classmethod
    def of(cls, problem: Problem, solution: Solution) -> _Week:
        occupancy: dict[tuple[int, int], int] = defaultdict(int)
        blocks_of: dict[int, dict[int, int | None]] = defaultdict(dict)
        for seat in solution.seats:
            if seat.workshop is not None:
                occupancy[seat.workshop, seat.block] += 1
            blocks_of[seat.student][seat.block] = seat.workshop
        locked: dict[int, set[int]] = defaultdict(set)
        for seat in problem.locked:
            locked[seat.student].add(seat.block)
        return cls(solution.runs, occupancy, blocks_of, locked)


def _why(
    index: Index,
    week: _Week,
    student: Student,
    competency: int | None,
    workshop: int | None,
    weight: int,
) -> Unmet:
    """The binding rule, checked in the order a leader would fix things: nothing offered, no leader time,
    no room, not running this week, full, or the student's blocks went to what weighed more."""
    candidates: Sequence[int] = (
        [workshop] if workshop is not None else index.by_competency.get(competency or 0, [])
    )
    candidates = [w for w in candidates if w in index.workshops]

    def unmet(code: str, values: Values | None = None, about: int | None = None) -> Unmet:
        return Unmet(
            student.id, competency, workshop if workshop is not None else about, weight, code, values or {}
        )

    if not candidates:
        return unmet("no_workshop", {"competency": competency} if competency is not None else {})
    with_time = [w for w in candidates if index.offered[w]]
    if not with_time:
        return unmet("leader_unavailable", {"workshop": candidates[0]}, candidates[0])
    with_room = [w for w in with_time if index.fitting_rooms[w]]
    if not with_room:
        features = sorted(index.workshops[with_time[0]].features)
        return unmet(
            "no_room_with", {"workshop": with_time[0], "features": ", ".join(features)}, with_time[0]
        )
    locked = week.locked_blocks.get(student.id, set())
    if all(set(index.offered[w]) <= locked for w in with_room):
        return unmet("blocks_locked", {"workshop": with_room[0]}, with_room[0])
    runs = [(r.workshop, r.block, r.room) for r in week.runs if r.workshop in with_room]
    if not runs:
        return unmet("not_running", {"workshop": with_room[0]}, with_room[0])
    mine = week.blocks_of.get(student.id, {})
    open_runs = [(w, b) for (w, b, r) in runs if week.occupancy.get((w, b), 0) < index.seats_in(w, r)]
    if not open_runs:
        return unmet("workshop_full", {"workshop": runs[0][0]}, runs[0][0])
    if all(mine.get(b) is not None for (_w, b) in open_runs):
        required = {r.workshop for r in student.required}
        if all(mine.get(b) in required for (_w, b) in open_runs):
            return unmet("blocks_required", {"workshop": open_runs[0][0]}, open_runs[0][0])
        return unmet("blocks_taken", {"workshop": open_runs[0][0]}, open_runs[0][0])
    return unmet("outranked", {"workshop": open_runs[0][0]}, open_runs[0][0])
