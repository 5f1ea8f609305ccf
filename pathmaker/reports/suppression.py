"""Safe suppression of small cells in published tables of counts, as pure functions (no Django).

Vocabulary:
- A **table** is a set of cells (non-negative whole counts) tied by additive **equations** (a total cell
  equals the sum of its part cells). A two-way table (schools x subgroups) with its row, column and grand
  totals is one; several two-way tables of the same population that publish the same row totals
  (schools x English learners, schools x race) are one table whose row-total cells are shared
  (`shared_rows`); a hierarchy (schools inside levels inside the district) is more equations over the
  same cells. A **sub-count** cell (the proficient among those assessed) is bounded by its count cell
  (`at_most`) and is published exactly when its count is.
- **Headcount** cells count students and fall under the minimum cell size; sub-counts do not (3 proficient
  out of 40 is no small group) but are coded as percentages (`code_percent`).
- **Primary suppression**: every headcount cell with 0 < value < `min_cell` is withheld. A zero is
  published: it describes no student.
- **Complementary suppression**: enough other cells are withheld that no withheld value can be worked
  out from what is published. Each equation with a withheld cell has at least two, and a small cell
  must be able to reach `min_cell` (its upper protection): the other withheld cells of its equation can
  give up enough. The pattern is a small integer program on OR-Tools CP-SAT minimising the withheld
  total (value + 1 per cell, so fewer and smaller cells); the audit below then checks it, and any cell it
  finds exposed adds a constraint and the program is solved again (a cutting-plane loop; should it
  not settle in `max_rounds`, the exposed cells' equations are withheld whole until the audit finds nothing).
- The **audit** (`suppression_audit`) sees only what is published (each cell as an interval: exact,
  withheld = [0, inf), or a coded percentage's range) and, by linear programming (OR-Tools GLOP, a
  different solver from the one that chose the pattern), finds each withheld cell's smallest and largest
  value consistent with every published equation, bound and non-negativity. A cell is **recovered** when
  the two meet, or when a withheld headcount cannot reach `min_cell` (the reader learns it is small).
  Rounding the LP bounds inwards to whole numbers is exact for two-way tables (their equations are
  totally unimodular) and a sound over-approximation otherwise.

Why not a library: the registries' statistical-disclosure-control packages are `piargus` (drives the
Windows tau-ARGUS program, which is not installed here), `pytauargus` (a beta 0.x native build of the
tau-ARGUS engine run as file batches in a work folder) and wrappers of R (`sdcTable`); none fits a
pure, typed function called inside a request, so the program is written on the maintained OR-Tools
solver the project already depends on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp  # type: ignore[import-untyped]  # (GLOP ships no stubs)
from ortools.sat.python import cp_model

UNBOUNDED = None  # a withheld cell's published upper bound


class SuppressionError(ValueError):
    """The table is not a table of counts (negative cells, totals that do not add up)."""


@dataclass(frozen=True)
class Equation:
    total: int
    parts: tuple[int, ...]


@dataclass(frozen=True)
class Table:
    values: tuple[int, ...]
    equations: tuple[Equation, ...]
    at_most: tuple[tuple[int, int], ...] = ()  # (sub-count cell, its count cell)
    headcount: tuple[bool, ...] = ()  # empty: every cell is a headcount

    def is_headcount(self, cell: int) -> bool:
        return not self.headcount or self.headcount[cell]

    def check(self) -> None:
        if any(value < 0 for value in self.values):
            raise SuppressionError("a count is negative")
        for equation in self.equations:
            if sum(self.values[part] for part in equation.parts) != self.values[equation.total]:
                raise SuppressionError(f"cell {equation.total} is not the sum of its parts")
        for sub, count in self.at_most:
            if self.values[sub] > self.values[count]:
                raise SuppressionError(f"cell {sub} is larger than its count {count}")


@dataclass(frozen=True)
class Grid:
    """A two-way table with its margins: cell (i, j) for i < rows, j < columns; row `rows` and column
    `columns` are the totals."""

    rows: int
    columns: int
    offset: int = 0

    def cell(self, row: int, column: int) -> int:
        return self.offset + row * (self.columns + 1) + column

    def row_total(self, row: int) -> int:
        return self.cell(row, self.columns)

    def column_total(self, column: int) -> int:
        return self.cell(self.rows, column)

    @property
    def grand_total(self) -> int:
        return self.cell(self.rows, self.columns)

    @property
    def size(self) -> int:
        return (self.rows + 1) * (self.columns + 1)


def _grid_cells(counts: Sequence[Sequence[int]]) -> tuple[Grid, list[int], list[Equation]]:
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    if any(len(row) != columns for row in counts):
        raise SuppressionError("rows of different lengths")
    grid = Grid(rows, columns)
    values = [0] * grid.size
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            values[grid.cell(i, j)] = int(value)
        values[grid.row_total(i)] = sum(int(v) for v in row)
    for j in range(columns):
        values[grid.column_total(j)] = sum(int(counts[i][j]) for i in range(rows))
    values[grid.grand_total] = sum(values[grid.row_total(i)] for i in range(rows))
    equations = [
        Equation(grid.row_total(i), tuple(grid.cell(i, j) for j in range(columns))) for i in range(rows)
    ]
    equations += [
        Equation(grid.column_total(j), tuple(grid.cell(i, j) for i in range(rows))) for j in range(columns)
    ]
    equations.append(Equation(grid.grand_total, tuple(grid.row_total(i) for i in range(rows))))
    equations.append(Equation(grid.grand_total, tuple(grid.column_total(j) for j in range(columns))))
    return grid, values, equations


def two_way(counts: Sequence[Sequence[int]]) -> tuple[Table, Grid]:
    """A rows x columns table of counts with its row, column and grand totals published."""
    grid, values, equations = _grid_cells(counts)
    table = Table(tuple(values), tuple(equations))
    table.check()
    return table, grid


def two_way_with_subcounts(
    counts: Sequence[Sequence[int]], subcounts: Sequence[Sequence[int]]
) -> tuple[Table, Grid, Grid]:
    """Counts (assessed) and their sub-counts (proficient), both with margins: the percentages table.
    The sub-count grid follows the count grid; each sub-count cell is at most its count cell."""
    grid, values, equations = _grid_cells(counts)
    sub_grid, sub_values, sub_equations = _grid_cells(subcounts)
    if (sub_grid.rows, sub_grid.columns) != (grid.rows, grid.columns):
        raise SuppressionError("the sub-counts are not the same shape as the counts")
    shift = grid.size
    sub_grid = Grid(grid.rows, grid.columns, offset=shift)
    moved = [Equation(e.total + shift, tuple(p + shift for p in e.parts)) for e in sub_equations]
    table = Table(
        values=tuple(values + sub_values),
        equations=tuple(equations + moved),
        at_most=tuple((cell + shift, cell) for cell in range(grid.size)),
        headcount=tuple([True] * grid.size + [False] * grid.size),
    )
    table.check()
    return table, grid, sub_grid


def shared_rows(tables: Sequence[Sequence[Sequence[int]]]) -> tuple[Table, list[Grid], list[dict[int, int]]]:
    """Several two-way tables of one population publishing the same row totals (schools x one field,
    schools x another): one table whose row-total and grand-total cells are shared. Returns the table,
    each input's grid (in its own numbering) and the map from that numbering to the joint table's cells."""
    values: list[int] = []
    equations: list[Equation] = []
    grids: list[Grid] = []
    maps: list[dict[int, int]] = []
    first: Grid | None = None
    for counts in tables:
        grid, own_values, own_equations = _grid_cells(counts)
        mapping: dict[int, int] = {}
        for cell in range(grid.size):
            row, column = divmod(cell, grid.columns + 1)
            if first is not None and column == grid.columns:
                if row != grid.rows and row >= first.rows:
                    raise SuppressionError("the tables do not have the same rows")
                shared = first.row_total(row) if row < grid.rows else first.grand_total
                if values[shared] != own_values[cell]:
                    raise SuppressionError("the tables do not publish the same row totals")
                mapping[cell] = shared
            else:
                mapping[cell] = len(values)
                values.append(own_values[cell])
        if first is None:
            first = grid
        for equation in own_equations:
            moved = Equation(mapping[equation.total], tuple(mapping[p] for p in equation.parts))
            if moved not in equations:
                equations.append(moved)
        grids.append(grid)
        maps.append(mapping)
    table = Table(tuple(values), tuple(equations))
    table.check()
    return table, grids, maps


@dataclass(frozen=True)
class Published:
    """What a reader sees: each cell as an interval [lower, upper] (upper None: no upper bound).
    Exact cells have lower == upper; a withheld cell is [0, None]; a coded percentage gives its range."""

    lower: tuple[int, ...]
    upper: tuple[int | None, ...]
    equations: tuple[Equation, ...]
    at_most: tuple[tuple[int, int], ...] = ()
    headcount: tuple[bool, ...] = ()
    withheld: frozenset[int] = frozenset()

    def is_exact(self, cell: int) -> bool:
        return self.upper[cell] is not None and self.lower[cell] == self.upper[cell]


def publish(
    table: Table, withheld: Iterable[int], ranges: dict[int, tuple[int, int]] | None = None
) -> Published:
    """The published view of `table` with the `withheld` cells removed and some cells given only as a
    range (a coded percentage's numerator)."""
    hidden = frozenset(withheld)
    lower = list(table.values)
    upper: list[int | None] = list(table.values)
    for cell, (low, high) in (ranges or {}).items():
        lower[cell], upper[cell] = low, high
    for cell in hidden:
        lower[cell], upper[cell] = 0, UNBOUNDED
    headcount = tuple(table.is_headcount(cell) for cell in range(len(table.values)))
    return Published(tuple(lower), tuple(upper), table.equations, table.at_most, headcount, hidden)


@dataclass(frozen=True)
class Recovered:
    cell: int
    low: int
    high: int
    reason: str  # "exact": the value is pinned; "small": a withheld headcount cannot reach min_cell


def _components(published: Published, unknown: set[int]) -> list[list[int]]:
    """Groups of unknown cells tied to each other by an equation or a bound (solved separately)."""
    parent = {cell: cell for cell in unknown}

    def find(cell: int) -> int:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    links: list[list[int]] = [[e.total, *e.parts] for e in published.equations]
    links += [[sub, count] for sub, count in published.at_most]
    for cells in links:
        inside = [cell for cell in cells if cell in unknown]
        for cell in inside[1:]:
            parent[find(cell)] = find(inside[0])
    groups: dict[int, list[int]] = {}
    for cell in sorted(unknown):
        groups.setdefault(find(cell), []).append(cell)
    return list(groups.values())


def _interval_bounds(
    published: Published, cells: list[int], wanted: dict[int, int]
) -> dict[int, tuple[float, float]]:
    """The bounds of the cells that could be recovered; a cell left out was seen at two values at least
    one whole number apart (and, if `wanted` names it, at its wanted height or more)."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships in every OR-Tools wheel
        raise RuntimeError("OR-Tools GLOP is not available")
    inside = set(cells)
    variables = {}
    for cell in cells:
        high = published.upper[cell]
        variables[cell] = solver.NumVar(
            float(published.lower[cell]), solver.infinity() if high is None else float(high), ""
        )
    for equation in published.equations:
        terms = [equation.total, *equation.parts]
        if not any(cell in inside for cell in terms):
            continue
        signs = [(-1.0, equation.total)] + [(1.0, part) for part in equation.parts]
        constant = sum(sign * published.lower[cell] for sign, cell in signs if cell not in inside)
        row = solver.Constraint(-constant, -constant)
        for sign, cell in signs:
            if cell in inside:
                row.SetCoefficient(variables[cell], row.GetCoefficient(variables[cell]) + sign)
    for sub, count in published.at_most:
        if sub in inside or count in inside:
            constant = (0.0 if sub in inside else published.lower[sub]) - (
                0.0 if count in inside else float(published.lower[count])
            )
            row = solver.Constraint(-solver.infinity(), -constant)
            if sub in inside:
                row.SetCoefficient(variables[sub], 1.0)
            if count in inside:
                row.SetCoefficient(variables[count], -1.0)
    objective = solver.Objective()

    # Every vertex met is a witness: a cell seen at two values a whole number apart is not pinned, and one
    # seen at its wanted height (min_cell for a withheld headcount) can reach it. Explained cells leave
    # `pending`; only a cell still unexplained gets its own two solves, whose optima are its exact bounds.
    pending = set(cells)
    seen_low = dict.fromkeys(cells, math.inf)
    seen_high = dict.fromkeys(cells, -math.inf)

    def extreme(weights: dict[int, float], maximise: bool) -> dict[int, float]:
        """One vertex of the feasible set, the extreme of a weighted sum of the cells (the values of the
        cells still pending and of the weighted ones; an unbounded single cell reads infinity)."""
        objective.Clear()
        for other, weight in weights.items():
            objective.SetCoefficient(variables[other], weight)
        objective.SetOptimizationDirection(maximise)
        if solver.Solve() != pywraplp.Solver.OPTIMAL:  # the set is not empty (checked first): unbounded
            return {other: math.inf for other in weights if len(weights) == 1}
        return {other: variables[other].solution_value() for other in pending | weights.keys()}

    def witness(point: dict[int, float]) -> None:
        for other, value in point.items():
            low = seen_low[other] = min(seen_low[other], value)
            high = seen_high[other] = max(seen_high[other], value)
            if high - low >= 1 - 1e-6 and high >= wanted.get(other, 0):
                pending.discard(other)

    objective.Clear()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        raise SuppressionError("the published table is inconsistent")
    # Directions that move many cells at once (alternating signs along the cells' order, a fixed and
    # reproducible choice): most cells are explained by these few solves.
    for pattern in ((1.0, -1.0), (1.0, 1.0, -1.0)):
        weights = {cell: pattern[i % len(pattern)] for i, cell in enumerate(cells)}
        witness(extreme(weights, False))
        witness(extreme(weights, True))
    bounds: dict[int, tuple[float, float]] = {}
    for cell in cells:
        if cell not in pending:
            continue
        high_point = extreme({cell: 1.0}, True)
        witness(high_point)
        if seen_high[cell] - seen_low[cell] >= 1 - 1e-6:  # moves: only its height was in doubt
            bounds[cell] = (seen_low[cell], high_point[cell])
            continue
        low_point = extreme({cell: 1.0}, False)
        witness(low_point)
        bounds[cell] = (low_point[cell], high_point[cell])
    return bounds


def suppression_audit(published: Published, *, min_cell: int) -> list[Recovered]:
    """Every withheld or coded cell whose value a reader can work out from what is published: its
    smallest and largest value under the published equations, bounds and non-negativity meet, or a
    withheld headcount cannot reach `min_cell`."""
    unknown = {cell for cell in range(len(published.lower)) if not published.is_exact(cell)}
    recovered: list[Recovered] = []
    for cells in _components(published, unknown):
        wanted = {
            cell: min_cell
            for cell in cells
            if cell in published.withheld and (not published.headcount or published.headcount[cell])
        }
        for cell, (low_f, high_f) in _interval_bounds(published, cells, wanted).items():
            low = math.ceil(low_f - 1e-6)
            high = math.inf if math.isinf(high_f) else math.floor(high_f + 1e-6)
            if high <= low:
                recovered.append(Recovered(cell, low, int(high), "exact"))
            elif cell in wanted and high < min_cell:
                recovered.append(Recovered(cell, low, int(high), "small"))
    return sorted(recovered, key=lambda found: found.cell)


@dataclass(frozen=True)
class Suppression:
    withheld: frozenset[int]
    primary: frozenset[int]
    rounds: int  # how many times the program was solved (1: the audit found nothing the first time)
    exposed: tuple[Recovered, ...] = field(default=())  # what the audit still found (empty on success)

    @property
    def complementary(self) -> frozenset[int]:
        return self.withheld - self.primary


def primary_cells(table: Table, *, min_cell: int) -> frozenset[int]:
    small = {c for c, v in enumerate(table.values) if table.is_headcount(c) and 0 < v < min_cell}
    return frozenset(small | {sub for sub, count in table.at_most if count in small})


def suppress(
    table: Table,
    *,
    min_cell: int,
    ranges: dict[int, tuple[int, int]] | None = None,
    max_rounds: int = 30,
    seconds_per_round: float = 2.0,
) -> Suppression:
    """Primary then complementary suppression of `table`, checked by the audit until it finds nothing.
    `ranges` are the cells published only as a range (coded percentages), which the audit also checks."""
    if min_cell < 1:
        raise SuppressionError("min_cell must be 1 or more")
    table.check()
    primary = primary_cells(table, min_cell=min_cell)
    if not primary and not ranges:
        return Suppression(frozenset(), primary, 0)
    values = table.values
    model = cp_model.CpModel()
    partner = {sub: count for sub, count in table.at_most}
    # A sub-count is withheld exactly when its count is: one decision per count cell.
    # One decision per non-zero count cell (a zero gives no protection and is published); a sub-count is
    # withheld exactly when its count is, so it shares its count's decision.
    decide = {
        cell: model.new_bool_var(f"s{cell}")
        for cell in range(len(values))
        if cell not in partner and (values[cell] > 0 or cell in primary)
    }
    for sub, count in partner.items():
        if count in decide:
            decide[sub] = decide[count]
    for cell in primary:
        model.add(decide[cell] == 1)
    for equation in table.equations:
        cells = [c for c in (equation.total, *equation.parts) if c in decide]
        if not cells or not any(table.is_headcount(cell) for cell in cells):
            continue  # all zeros, or a sub-count's equation (its decisions are its counts')
        if len(cells) == 1:
            model.add(decide[cells[0]] == 0)
            continue
        # No equation holds exactly one withheld cell: each withheld cell is at most half of them.
        withheld_here = model.new_int_var(0, len(cells), "")
        model.add(withheld_here == cp_model.LinearExpr.sum([decide[c] for c in cells]))
        for cell in cells:
            model.add(withheld_here >= 2 * decide[cell])
        for part in equation.parts:
            if part in primary:
                room = [o for o in equation.parts if o != part and o in decide]
                model.add(
                    cp_model.LinearExpr.weighted_sum(
                        [decide[o] for o in room] + [decide[equation.total]],
                        [values[o] for o in room] + [min_cell],
                    )
                    >= min_cell - values[part]
                )
    # A cell published only as a range (a coded percentage) is pinned if it is the one unknown of an
    # equation: each of its equations holds another coded cell or a withheld one.
    coded = set(ranges or {})
    for equation in table.equations:
        cells = [equation.total, *equation.parts]
        for cell in coded.intersection(cells):
            if coded.intersection(cells) - {cell}:
                continue
            others = [decide[o] for o in cells if o in decide]
            if others:
                model.add(cp_model.LinearExpr.sum(others) >= 1)
    costs = [c for c in decide if c not in partner]
    model.minimize(
        cp_model.LinearExpr.weighted_sum([decide[c] for c in costs], [values[c] + 1 for c in costs])
    )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = seconds_per_round
    solver.parameters.relative_gap_limit = 0.01  # within 1% of the smallest withheld total
    solver.parameters.linearization_level = 2  # the LP relaxation at every node: 3x faster here
    solver.parameters.cp_model_presolve = False  # small models: presolve costs more than it saves (-25%)
    withheld: frozenset[int] = primary
    exposed: list[Recovered] = []
    for rounds in range(1, max_rounds + 1):
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            withheld = frozenset(range(len(values)))
            exposed = suppression_audit(publish(table, withheld, ranges), min_cell=min_cell)
            return Suppression(withheld, primary, rounds, tuple(exposed))
        withheld = frozenset(c for c, chosen in decide.items() if solver.value(chosen))
        exposed = suppression_audit(publish(table, withheld, ranges), min_cell=min_cell)
        if not exposed:
            return Suppression(withheld, primary, rounds)
        for found in exposed:
            short = min_cell - found.high if found.reason == "small" else 1
            _cut(model, table, decide, withheld, found.cell, short, min_cell)
    # The program did not settle within max_rounds: withhold every non-zero cell beside each exposed one
    # until the audit finds nothing (at worst the whole table), so no exposed answer ever leaves.
    while exposed:
        near = {found.cell for found in exposed} | {partner[f.cell] for f in exposed if f.cell in partner}
        grown = withheld | {
            other
            for equation in table.equations
            if near.intersection((equation.total, *equation.parts))
            for other in (equation.total, *equation.parts)
            if table.values[other] > 0 and table.is_headcount(other)
        }
        grown |= {sub for sub, count in table.at_most if count in grown}
        if grown == withheld:
            break
        withheld = frozenset(grown)
        exposed = suppression_audit(publish(table, withheld, ranges), min_cell=min_cell)
    return Suppression(withheld, primary, max_rounds, tuple(exposed))


def _cut(
    model: cp_model.CpModel,
    table: Table,
    decide: dict[int, cp_model.IntVar],
    withheld: frozenset[int],
    cell: int,
    short: int,
    min_cell: int,
) -> None:
    """The audit found `cell` exposed (`short` of its protection: 1 for a pinned value, what a small cell
    lacks to reach min_cell): in each of its equations, withhold more non-zero cells worth at least `short`
    between them (or, when all beside it is withheld, in the equations of the withheld cells it is tied to).
    One cut per equation, not one over their union: a cell needs room in its row and in its column, and
    asking for both settles the program in about half the rounds."""
    near = {cell} | {count for sub, count in table.at_most if sub == cell}
    for _ in range(len(table.values)):
        candidates = {
            other
            for equation in table.equations
            if near & {equation.total, *equation.parts}
            for other in (equation.total, *equation.parts)
            if other not in withheld and table.values[other] > 0 and table.is_headcount(other)
        }
        if candidates:
            # Each equation of the cell must be able to give: one cut per equation that still can.
            for equation in table.equations:
                inside = candidates.intersection((equation.total, *equation.parts))
                if near & {equation.total, *equation.parts} and inside:
                    chosen = sorted(inside)
                    worth = [min(table.values[c], min_cell) for c in chosen]
                    total = cp_model.LinearExpr.weighted_sum([decide[c] for c in chosen], worth)
                    model.add(total >= min(short, sum(worth)))
            return
        grown = near | {
            other
            for equation in table.equations
            if near & {equation.total, *equation.parts}
            for other in (equation.total, *equation.parts)
        }
        if grown == near:
            return  # everything beside it is withheld already: nothing more to add
        near = grown


@dataclass(frozen=True)
class Band:
    """Up to `largest` students (None: any size), percentages under `low` or over `high` are coded."""

    largest: int | None
    low: int
    high: int


# In the spirit of the US Department of Education's guidance (NCES 2011-603): the smaller the group,
# the wider the coded ends, so that "none" or "all" of a small group is never published exactly.
# With groups of 10 or more each coded end holds at least two numerators, so a coded cell never
# publishes "none" or "all" exactly.
BANDS: tuple[Band, ...] = (Band(20, 20, 80), Band(100, 5, 95), Band(None, 1, 99))


@dataclass(frozen=True)
class CodedPercent:
    text: str  # "47%", "<5%", ">95%" (the number; display localises nothing but the digits)
    percent: int | None  # the exact whole percentage when not coded
    coded: str  # "" | "below" | "above"
    numerator_low: int  # what a reader can infer of the numerator from the text and the denominator
    numerator_high: int
    bound: int | None = None  # the band's limit the coded text names (5 in "<5%"); None when not coded


def code_percent(numerator: int, denominator: int, *, bands: Sequence[Band] = BANDS) -> CodedPercent:
    """A percentage as published, top or bottom coded by the group's size, with the range of numerators
    it is consistent with (what the audit assumes a reader knows)."""
    if denominator <= 0 or not 0 <= numerator <= denominator:
        raise SuppressionError("a percentage needs 0 <= numerator <= denominator > 0")
    band = next(b for b in bands if b.largest is None or denominator <= b.largest)
    share = 100 * numerator / denominator
    if share < band.low:
        high = math.ceil(band.low * denominator / 100) - 1
        return CodedPercent(f"<{band.low}%", None, "below", 0, high, band.low)
    if share > band.high:
        low = math.floor(band.high * denominator / 100) + 1
        return CodedPercent(f">{band.high}%", None, "above", low, denominator, band.high)
    percent = math.floor(share + 0.5)
    low = max(0, math.ceil((percent - 0.5) * denominator / 100))
    high = min(denominator, math.floor((percent + 0.5) * denominator / 100 - 1e-9))
    return CodedPercent(f"{percent}%", percent, "", min(low, numerator), max(high, numerator))
