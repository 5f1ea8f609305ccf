"""The week's flex schedule as a CP-SAT model (OR-Tools): pure, no Django, no clock but the solver's own.

The decisions:
- `run[w, b, k]`: workshop w runs in block b in a room of kind k (a capacity and a set of features;
  only kinds with every feature it needs), no kind holding more runs in a block than it has rooms.
  Alike rooms are interchangeable, so the rooms themselves are given after the solve (locked and
  published rooms first): choosing among them in the model would only add symmetry.
- `x[s, w, b]`: student s attends workshop w in block b. Only for workshops the student has a reason to
  attend (a need it works on, a requirement, a preference, a lock, the published schedule), so a school
  of 1,500 students has tens of thousands of these, not millions.
- The study hall (the home-room fallback) takes every student not in a workshop: 1 - sum_w x[s, w, b].

The hard rules (`checker.violations` verifies each of them on any solution, independently of this model):
1. each student is in exactly one activity per block (a workshop, or the study hall);
2. a workshop's students in a block fit its capacity and its room's, and it has a room to run there;
3. a workshop runs only in the blocks it is offered in and its leader is available, and a leader runs
   at most one workshop per block (one place at a time);
4. a room hosts at most one workshop per block and has the features the workshop needs;
5. a student attends a given workshop at most once a week;
6. the rules a school can relax: locked placements hold, required placements at a priority up to
   `Problem.hard_priority` hold, and the study hall holds no more than its capacity in a block. Each is
   added under an assumption literal of its group (one per lock, per required workshop, per block's
   study hall), so when a week is infeasible CP-SAT's sufficient assumptions for infeasibility name the
   groups to relax (`Result.relax`), shrunk further by dropping one group at a time while time allows.

The objective is one weighted sum whose weights make it lexicographic seat by seat, in the issue's order
(`problem.py` holds the weights; `problem.score` computes the same sum from any solution):
1. required placements softer than `hard_priority`: `required_step` per priority step (priority 3 once,
   2 twice, 1 three times), more than anything else a seat can earn, so a required student always takes
   a seat from one who is there for anything less, and a priority-2 requirement from a priority-3 one;
2. needs met, by weight (`NEED_SCALE` x the weight from `needs.py`), plus `FIRST_NEED` for the first need
   met of each student (a student below the threshold helped at all comes before a second need met for
   another: the issue counts the share of such students helped);
3. preferences by rank (at most `MAX_PREFERENCE_WEIGHT`, so one need outweighs a week of preferences);
4. balanced loads: minus `BALANCE` x the fullest workshop of each block;
plus minimal change on a re-solve: `KEEP` for each student and block left as the published week had it
(a student moves only for a gain larger than that: a new, heavier need, or a required placement); for a
settled student (nothing changed for them since the published week) one less than a required step, so
they move only when a required placement needs their seat, never to improve the week elsewhere; and
`KEEP_ROOM` for each workshop kept in its kind of room. Why weights and not one solve per level: a
strict lexicographic order across 1,500 students needs either weights of 10^12 and more, which ruin
CP-SAT's bounds, or a solve per level, each with its own presolve (~4 s here) and its own share of the
minute; per seat, which is what a family or a leader sees, the order holds.

The search starts from a week that already holds (the published one on a re-solve, else the greedy
placement in rounds) and CP-SAT's large-neighbourhood search improves it; 2 workers, as the machine has
2 cores. The objective, best bound and gap say how far from proven best the week is when time runs out
(the gap is an upper limit on the distance to the best week, not the distance itself).
"""

from __future__ import annotations

import time
from collections import defaultdict

from ortools.sat.python import cp_model

from pathmaker.scheduling.greedy import greedy
from pathmaker.scheduling.problem import (
    BALANCE,
    FIRST_NEED,
    KEEP_ROOM,
    NEED_SCALE,
    Index,
    Problem,
    Progress,
    Relax,
    Result,
    Run,
    Seat,
    Solution,
    Values,
    finish,
    keep_weight,
    preference_weight,
    required_step,
)

# --- The model ------------------------------------------------------------------------------------


class _Model:
    def __init__(self, problem: Problem, index: Index, *, with_assumptions: bool) -> None:
        self.p = problem
        self.ix = index
        self.m = cp_model.CpModel()
        m = self.m
        self.y: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.run: dict[tuple[int, int], cp_model.LinearExprT] = {}
        self.x: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.groups: dict[cp_model.IntVar, Relax] = {}
        self.with_assumptions = with_assumptions

        for wid in index.workshops:
            if not index.schedulable(wid):
                continue
            for b in index.offered[wid]:
                lits = []
                for k in index.fitting_kinds[wid]:
                    lit = m.new_bool_var(f"y_{wid}_{b}_{k}")
                    self.y[wid, b, k] = lit
                    lits.append(lit)
                m.add_at_most_one(lits)
                self.run[wid, b] = sum(lits)
        by_kind_block: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        for (_w, b, k), lit in self.y.items():
            by_kind_block[k, b].append(lit)
        for (k, _b), lits in by_kind_block.items():
            if len(lits) > len(index.kinds[k][2]):
                m.add(sum(lits) <= len(index.kinds[k][2]))
        by_leader_block: dict[tuple[int, int], list[cp_model.LinearExprT]] = defaultdict(list)
        for (w, b), expr in self.run.items():
            by_leader_block[index.workshops[w].leader, b].append(expr)
        for exprs in by_leader_block.values():
            if len(exprs) > 1:
                m.add(sum(exprs) <= 1)

        self.student_block: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        self.student_workshop: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        occupancy: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        for s in problem.students:
            for w in index.candidates(s):
                for b in index.offered.get(w, ()):
                    if (w, b) not in self.run:
                        continue
                    lit = m.new_bool_var(f"x_{s.id}_{w}_{b}")
                    self.x[s.id, w, b] = lit
                    self.student_block[s.id, b].append(lit)
                    self.student_workshop[s.id, w].append(lit)
                    occupancy[w, b].append(lit)
        for lits in self.student_block.values():
            if len(lits) > 1:
                m.add_at_most_one(lits)
        for lits in self.student_workshop.values():
            if len(lits) > 1:
                m.add_at_most_one(lits)
        self.occupancy: dict[tuple[int, int], cp_model.LinearExprT] = {}
        for (w, b), lits in occupancy.items():
            seats = [index.kind_seats(w, k) * self.y[w, b, k] for k in index.fitting_kinds[w]]
            m.add(sum(lits) <= sum(seats))
            self.occupancy[w, b] = sum(lits)

        # The fullest workshop of each block, for balanced loads.
        self.peak: dict[int, cp_model.IntVar] = {}
        for b in index.block_ids:
            loads = [expr for (_w, b_), expr in self.occupancy.items() if b_ == b]
            if loads:
                self.peak[b] = m.new_int_var(0, max(w.capacity for w in problem.workshops), f"peak_{b}")
                for expr in loads:
                    m.add(self.peak[b] >= expr)

        self.need_met: dict[tuple[int, int], cp_model.IntVar] = {}
        for s in problem.students:
            for need in s.needs:
                lits = [
                    lit
                    for w in index.by_competency.get(need.competency, ())
                    for lit in self.student_workshop.get((s.id, w), ())
                ]
                if not lits or (s.id, need.competency) in self.need_met:
                    continue
                met = m.new_bool_var(f"m_{s.id}_{need.competency}")
                m.add_bool_or(lits).only_enforce_if(met)
                self.need_met[s.id, need.competency] = met
        # A student below the threshold helped at all (a workshop for one of their needs), which the
        # issue counts first: the first need met is worth `FIRST_NEED` more than the rest.
        self.helped: dict[int, cp_model.IntVar] = {}
        for s in problem.students:
            mets = [
                self.need_met[s.id, n.competency] for n in s.needs if (s.id, n.competency) in self.need_met
            ]
            if mets:
                helped = m.new_bool_var(f"h_{s.id}")
                m.add_bool_or(mets).only_enforce_if(helped)
                self.helped[s.id] = helped

        self.required_soft: dict[tuple[int, int], tuple[int, cp_model.LinearExprT]] = {}
        hard_by_workshop: dict[tuple[int, int], list[int]] = defaultdict(list)
        for s in problem.students:
            for req in s.required:
                attended = sum(self.student_workshop.get((s.id, req.workshop), []))
                if req.priority <= problem.hard_priority:
                    hard_by_workshop[req.workshop, req.priority].append(s.id)
                elif (s.id, req.workshop) not in self.required_soft:
                    self.required_soft[s.id, req.workshop] = (req.priority, attended)
        for (w, priority), students in sorted(hard_by_workshop.items()):
            lit = self._group(
                Relax(
                    "required_placements",
                    {"workshop": w, "priority": priority, "students": len(students), "seats": self._seats(w)},
                )
            )
            for sid in students:
                lits = self.student_workshop.get((sid, w), [])
                if lits:
                    m.add_bool_or(lits).only_enforce_if(lit)
                else:
                    m.add_bool_or([]).only_enforce_if(lit)

        for seat in problem.locked:
            values: Values = {"student": seat.student, "block": seat.block}
            if seat.workshop is not None:
                values["workshop"] = seat.workshop
            lit = self._group(Relax("locked_placement", values))
            if seat.workshop is None:
                for other in self.student_block.get((seat.student, seat.block), []):
                    m.add_implication(lit, other.Not())
                continue
            x = self.x.get((seat.student, seat.workshop, seat.block))
            if x is None:
                m.add_bool_or([]).only_enforce_if(lit)
                continue
            m.add_implication(lit, x)
            if seat.room is not None:
                y = self.y.get((seat.workshop, seat.block, index.kind_of_room.get(seat.room, -1)))
                if y is None:
                    m.add_bool_or([]).only_enforce_if(lit)
                else:
                    m.add_implication(lit, y)

        if problem.study_hall_capacity is not None:
            total = len(problem.students)
            for b in index.block_ids:
                lit = self._group(
                    Relax("study_hall_capacity", {"block": b, "capacity": problem.study_hall_capacity})
                )
                placed = [lit_ for s in problem.students for lit_ in self.student_block.get((s.id, b), [])]
                m.add(sum(placed) >= total - problem.study_hall_capacity).only_enforce_if(lit)

    def _seats(self, workshop: int) -> int:
        ix = self.ix
        if not ix.schedulable(workshop):
            return 0
        best = max(ix.kind_seats(workshop, k) for k in ix.fitting_kinds[workshop])
        return best * len(ix.offered[workshop])

    def _group(self, relax: Relax) -> cp_model.IntVar:
        lit = self.m.new_bool_var(f"group_{len(self.groups)}")
        self.groups[lit] = relax
        if not self.with_assumptions:
            self.m.add(lit == 1)
        return lit

    def objective(self) -> cp_model.LinearExprT:
        p = self.p
        terms: list[cp_model.LinearExprT] = []
        step = required_step(p)
        for priority, attended in self.required_soft.values():
            terms.append(step * (4 - priority) * attended)
        for s in p.students:
            for need in s.needs:
                met = self.need_met.get((s.id, need.competency))
                if met is not None:
                    terms.append(NEED_SCALE * need.weight * met)
            for w, rank in s.preferences:
                for lit in self.student_workshop.get((s.id, w), []):
                    terms.append(preference_weight(rank) * lit)
        for seat in p.previous:
            keep = keep_weight(p, seat.student)
            if seat.workshop is None:
                others = self.student_block.get((seat.student, seat.block), [])
                # Staying in the study hall: kept unless moved into a workshop.
                terms.append(keep - keep * sum(others))
            else:
                x = self.x.get((seat.student, seat.workshop, seat.block))
                if x is not None:
                    terms.append(keep * x)
                kind = self.ix.kind_of_room.get(seat.room or -1, -1)
                if (seat.workshop, seat.block, kind) in self.y:
                    terms.append(KEEP_ROOM * self.y[seat.workshop, seat.block, kind])
        terms += [FIRST_NEED * helped for helped in self.helped.values()]
        terms += [-BALANCE * peak for peak in self.peak.values()]
        return sum(terms)

    def hint(self, solution: Solution) -> None:
        chosen = {(seat.student, seat.workshop, seat.block) for seat in solution.seats if seat.workshop}
        kinds = {(r.workshop, r.block, self.ix.kind_of_room.get(r.room, -1)) for r in solution.runs}
        self.m.clear_hints()  # type: ignore[no-untyped-call]  # untyped in ortools 9.15
        for key, lit in self.x.items():
            self.m.add_hint(lit, key in chosen)
        for key, lit in self.y.items():
            self.m.add_hint(lit, key in kinds)
        occupancy: dict[tuple[int, int], int] = defaultdict(int)
        covered: set[tuple[int, int]] = set()
        for s, w, b in chosen:
            if w is not None and (s, w, b) in self.x:
                occupancy[w, b] += 1
                covered |= {(s, c) for c in self.ix.workshops[w].competencies}
        for b, peak in self.peak.items():
            self.m.add_hint(peak, max((n for (_w, b_), n in occupancy.items() if b_ == b), default=0))
        for pair, met in self.need_met.items():
            self.m.add_hint(met, pair in covered)
        helped = {s for (s, _c) in covered if (s, _c) in self.need_met}
        for sid, lit in self.helped.items():
            self.m.add_hint(lit, sid in helped)

    def read(self, solver: cp_model.CpSolver) -> Solution:
        chosen = [(w, b, k) for (w, b, k), lit in self.y.items() if solver.boolean_value(lit)]
        runs = self.ix.assign_rooms(chosen, prefer=(*self.p.locked, *self.p.previous))
        room_of = {(r.workshop, r.block): r.room for r in runs}
        placed: dict[tuple[int, int], Seat] = {}
        for (s, w, b), lit in self.x.items():
            if solver.boolean_value(lit):
                placed[s, b] = Seat(s, b, w, room_of.get((w, b)))
        seats = [
            placed.get((s.id, b), Seat(s.id, b, None, None))
            for s in self.p.students
            for b in self.ix.block_ids
        ]
        return Solution(tuple(seats), tuple(runs))


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Reports each better week found: the share of the time limit used, and the objective."""

    def __init__(self, progress: Progress, started: float, limit: float) -> None:
        super().__init__()
        self.progress, self.started, self.limit = progress, started, limit

    def on_solution_callback(self) -> None:
        share = min(1.0, (time.monotonic() - self.started) / max(self.limit, 0.001))
        self.progress(share, f"objective {self.objective_value:.0f}")


_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "model_invalid",
    cp_model.UNKNOWN: "unknown",
}


def _solver(seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_search_workers = workers
    solver.parameters.random_seed = 1
    # Probing and symmetry detection spend ~8 s of presolve on a 1,500-student week and bring little:
    # the search is large-neighbourhood search from the warm start, which wants that time.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    return solver


def _run(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    progress: Progress | None,
    started: float,
    limit: float,
) -> str:
    if progress is None:
        return _STATUS.get(solver.solve(model), "unknown")
    return _STATUS.get(solver.solve(model, _Reporter(progress, started, limit)), "unknown")


def solve(
    problem: Problem,
    *,
    time_limit: float = 20.0,
    workers: int = 2,
    progress: Progress | None = None,
    hint: Solution | None = None,
) -> Result:
    """The week, within `time_limit` seconds. CP-SAT starts from `hint`, else from the published week
    (a re-solve), else from the greedy placement in rounds (`greedy.greedy(in_rounds=True)`), and
    only improves on it."""
    started = time.monotonic()
    deadline = started + time_limit
    index = Index(problem)
    built = _Model(problem, index, with_assumptions=False)
    if hint is None:
        if problem.previous:
            hint = Solution(problem.previous, _previous_runs(problem))
        else:
            hint = greedy(problem, in_rounds=True).solution
    built.hint(hint)
    built.m.maximize(built.objective())
    solver = _solver(deadline - time.monotonic(), workers)
    status = _run(solver, built.m, progress, started, time_limit)
    if status in ("infeasible", "model_invalid", "unknown"):
        return _failed(problem, index, status, started, deadline, workers)
    objective, bound = solver.objective_value, solver.best_objective_bound
    gap = abs(bound - objective) / max(1.0, abs(objective))
    return finish(
        problem,
        built.read(solver),
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=time.monotonic() - started,
        index=index,
    )


def _previous_runs(problem: Problem) -> tuple[Run, ...]:
    return tuple(
        {
            Run(seat.workshop, seat.block, seat.room)
            for seat in problem.previous
            if seat.workshop is not None and seat.room is not None
        }
    )


def _failed(
    problem: Problem, index: Index, status: str, started: float, deadline: float, workers: int
) -> Result:
    """No schedule: say why. For an infeasible week, the groups of relaxable rules to relax."""
    relax: tuple[Relax, ...] = ()
    if status == "infeasible":
        relax = tuple(_what_to_relax(problem, index, deadline, workers))
    return Result(status=status, solution=Solution((), ()), seconds=time.monotonic() - started, relax=relax)


def _what_to_relax(problem: Problem, index: Index, deadline: float, workers: int) -> list[Relax]:
    """The assumption groups CP-SAT found sufficient for infeasibility, then shrunk one group at a time
    (while time allows: each check is a small feasibility solve)."""
    built = _Model(problem, index, with_assumptions=True)
    literals = list(built.groups)
    built.m.add_assumptions(literals)
    solver = _solver(max(1.0, deadline - time.monotonic()), workers)
    if _STATUS.get(solver.solve(built.m)) != "infeasible":
        return []
    by_index = {lit.index: lit for lit in literals}
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
    if not core:
        return []
    for lit in list(core):
        if len(core) <= 1 or time.monotonic() > deadline:
            break
        trial = [other for other in core if other is not lit]
        built.m.clear_assumptions()
        built.m.add_assumptions(trial)
        check = _solver(min(5.0, max(0.5, deadline - time.monotonic())), workers)
        if _STATUS.get(check.solve(built.m)) == "infeasible":
            core = trial
    return [built.groups[lit] for lit in core]
