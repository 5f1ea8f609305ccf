"""Groups from mastery, as a pure function: no Django, no clock, no database (mypy checks it strictly).

Inputs are the students (a key, their level on each chosen competency, a missing level allowed, and an
optional balance label such as "EL"), the goal, the group size bounds and the teacher's pairs. The answer
is the groups, each student's reason (a code and the numbers it names, worded by `grouping/words.py`), and
every constraint that could not be met, in codes.

How the groups are built:
1. How many groups: the number of groups that keeps every group within the bounds, nearest to groups of
   the bounds' middle size; the students are split as evenly as possible (sizes differ by at most one).
   When no number of groups fits the bounds (seven students in groups of four or five) the fewest groups
   that keep every group under the maximum are made, and `sizes` is reported.
2. Each student's level is their mean level on the chosen competencies they have one on. Students are
   ordered by it (students with no level at all last, then by key, so the answer is deterministic).
   *Alike*: the order is cut into consecutive groups (similar levels together, for targeted teaching).
   *Mixed*: the order is dealt out snake-wise (0, 1, 2, 2, 1, 0, ...) so each group spans the levels.
3. Repair: while a must-together pair is split, a must-apart pair shares a group, or a balance label is
   spread unevenly (a group holding more than its even share, rounded up, or fewer than it rounded down),
   the single swap of two students, or move of one student within the size bounds, that meets more of them
   is made (the fewest hard violations, then balance violations, then the lowest level cost), among the
   moves that involve a student in a violation; when no such move helps, the repair stops. The level cost keeps repairs close to the goal: the spread of levels inside each group for
   *alike*, each group's distance from the class's mean level for *mixed*.
4. What is still violated is reported: `together` and `apart` (the pair), `together_too_large` (the
   students who must be together cannot fit in one group), `balance` (the label) and `sizes`.

Keeping students with a staff person's group (`Ask.keep_with`: "keep these IEP students with the group their
co-teacher takes"): after step 2 the group already holding most of them (the first such group on a tie)
becomes the staff person's group (`Proposal.led`), and each of them outside it is a hard violation the
repair removes like a split pair. When they outnumber the largest group, as many as fit are kept there
(the first in level order keep the place) and `keep_with_too_large` names the others; when another
constraint keeps one out (a must-apart pair inside the group), `keep_with` names them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Goal = Literal["alike", "mixed"]
GOALS: tuple[Goal, ...] = ("alike", "mixed")


@dataclass(frozen=True)
class Learner:
    key: int
    levels: Mapping[str, float | None]  # competency code -> level; a missing code or None: no level yet
    label: str = ""  # the balance attribute's value for this student ("" = none)


@dataclass(frozen=True)
class Ask:
    competencies: tuple[str, ...]
    goal: Goal
    min_size: int
    max_size: int
    together: tuple[tuple[int, int], ...] = ()
    apart: tuple[tuple[int, int], ...] = ()
    balance: bool = False
    keep_with: tuple[int, ...] = ()  # students to keep in the group the named staff person takes


@dataclass(frozen=True)
class Reason:
    """Why a student is in their group. `code`: alike, mixed (the group's levels), no_level (no level yet on
    the competencies), together, apart, balance (moved by a repair, naming `other` for a pair), keep_with
    (one of the students kept with the staff person's group, moved there or not)."""

    code: str
    low: float | None  # the lowest and highest level in the group (students with a level)
    high: float | None
    level: float | None  # the student's own mean level
    competencies: tuple[str, ...]
    other: int | None = None


@dataclass(frozen=True)
class Unmet:
    code: str  # together, apart, together_too_large, balance, sizes, keep_with, keep_with_too_large
    students: tuple[int, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class Proposal:
    groups: tuple[tuple[int, ...], ...]
    reasons: Mapping[int, Reason]
    unmet: tuple[Unmet, ...]
    led: int | None = None  # the index of the group the staff person of `Ask.keep_with` takes


class AskError(ValueError):
    """An ask no grouping can answer (bounds below one, a minimum above the maximum, no competency)."""


def mean_level(learner: Learner, competencies: Sequence[str]) -> float | None:
    known = [level for code in competencies if (level := learner.levels.get(code)) is not None]
    return sum(known) / len(known) if known else None


def group_count(students: int, min_size: int, max_size: int) -> tuple[int, bool]:
    """How many groups, and whether that number keeps every group within the bounds."""
    if students == 0:
        return 0, True
    fewest = math.ceil(students / max_size)
    most = students // min_size
    if fewest > most:
        return fewest, False
    target = round(students / ((min_size + max_size) / 2))
    return min(max(target, fewest, 1), most), True


def even_sizes(students: int, groups: int) -> list[int]:
    return [students // groups + (1 if i < students % groups else 0) for i in range(groups)]


def propose(learners: Sequence[Learner], ask: Ask) -> Proposal:
    if ask.min_size < 1 or ask.max_size < ask.min_size:
        raise AskError("group sizes need 1 <= minimum <= maximum")
    if not ask.competencies:
        raise AskError("choose at least one competency")
    if ask.goal not in GOALS:
        raise AskError(f"unknown goal {ask.goal!r}")
    means = {learner.key: mean_level(learner, ask.competencies) for learner in learners}
    order = sorted(means, key=lambda key: (means[key] is None, means[key] or 0.0, key))
    count, sizes_fit = group_count(len(order), ask.min_size, ask.max_size)
    if count == 0:
        return Proposal((), {}, ())
    first = _alike(order, count) if ask.goal == "alike" else _mixed(order, count)
    state = _State(ask, means, {learner.key: learner.label for learner in learners}, count, sizes_fit)
    state.lead(first, order)
    placed = state.repair(first)
    rank = {key: i for i, key in enumerate(order)}
    return Proposal(
        groups=tuple(tuple(sorted(members, key=rank.__getitem__)) for members in _members(placed, count)),
        reasons=state.reasons(first, placed),
        unmet=state.unmet(placed),
        led=state.led,
    )


def _alike(order: Sequence[int], count: int) -> dict[int, int]:
    placed: dict[int, int] = {}
    start = 0
    for group, size in enumerate(even_sizes(len(order), count)):
        for key in order[start : start + size]:
            placed[key] = group
        start += size
    return placed


def _mixed(order: Sequence[int], count: int) -> dict[int, int]:
    placed: dict[int, int] = {}
    for i, key in enumerate(order):
        lap, position = divmod(i, count)
        placed[key] = position if lap % 2 == 0 else count - 1 - position
    return placed


def _members(placed: Mapping[int, int], count: int) -> list[list[int]]:
    members: list[list[int]] = [[] for _ in range(count)]
    for key, group in placed.items():
        members[group].append(key)
    return members


Score = tuple[int, int, float]


class _State:
    """The constraints of one ask over its students, and how far a placement is from meeting them."""

    def __init__(
        self, ask: Ask, means: Mapping[int, float | None], labels: Mapping[int, str], count: int, fits: bool
    ) -> None:
        self.ask, self.means, self.count, self.fits = ask, means, count, fits
        known = set(means)
        self.together = sorted({_pair(a, b) for a, b in ask.together if a in known and b in known and a != b})
        self.apart = sorted({_pair(a, b) for a, b in ask.apart if a in known and b in known and a != b})
        self.labels = {key: labels.get(key, "") for key in means} if ask.balance else {}
        self.label_totals: dict[str, int] = {}
        for label in self.labels.values():
            if label:
                self.label_totals[label] = self.label_totals.get(label, 0) + 1
        largest = ask.max_size if fits else max(even_sizes(len(means), count))
        self.too_large = [c for c in _clusters(self.together) if len(c) > largest]
        too_large = {key for cluster in self.too_large for key in cluster}
        # A cluster that cannot fit in one group is reported once, and not chased by the repair.
        self.together = [(a, b) for a, b in self.together if a not in too_large]
        known_means = [m for m in means.values() if m is not None]
        self.class_mean = sum(known_means) / len(known_means) if known_means else 0.0
        self.largest = largest
        self.keep = sorted(set(ask.keep_with) & known)
        self.keep_overflow: list[int] = []
        self.led: int | None = None

    def lead(self, first: Mapping[int, int], order: Sequence[int]) -> None:
        """Choose the staff person's group: the one the first placement already gives most of the students to
        keep with them. Those beyond what one group holds are reported, not chased."""
        if not self.keep:
            return
        held = [0] * self.count
        for key in self.keep:
            held[first[key]] += 1
        self.led = max(range(self.count), key=lambda group: (held[group], -group))
        if len(self.keep) > self.largest:
            ranked = [key for key in order if key in set(self.keep)]
            self.keep, self.keep_overflow = sorted(ranked[: self.largest]), sorted(ranked[self.largest :])

    def violations(self, placed: Mapping[int, int]) -> tuple[int, int]:
        hard = sum(placed[a] != placed[b] for a, b in self.together)
        hard += sum(placed[a] == placed[b] for a, b in self.apart)
        hard += sum(placed[key] != self.led for key in self.keep)
        return hard, sum(self._balance_excess(placed).values())

    def _balance_excess(self, placed: Mapping[int, int]) -> dict[str, int]:
        counts: dict[tuple[str, int], int] = {}
        for key, label in self.labels.items():
            if label:
                counts[(label, placed[key])] = counts.get((label, placed[key]), 0) + 1
        excess: dict[str, int] = {}
        for label, total in self.label_totals.items():
            low, high = total // self.count, math.ceil(total / self.count)
            for group in range(self.count):
                found = counts.get((label, group), 0)
                excess[label] = excess.get(label, 0) + max(0, found - high) + max(0, low - found)
        return excess

    def cost(self, placed: Mapping[int, int]) -> float:
        levels: list[list[float]] = [[] for _ in range(self.count)]
        for key, group in placed.items():
            if (mean := self.means[key]) is not None:
                levels[group].append(mean)
        if self.ask.goal == "alike":
            return sum(max(found) - min(found) for found in levels if found)
        return sum(abs(sum(found) / len(found) - self.class_mean) for found in levels if found)

    def score(self, placed: Mapping[int, int]) -> Score:
        hard, soft = self.violations(placed)
        return hard, soft, round(self.cost(placed), 9)

    def _troubled(self, placed: Mapping[int, int]) -> list[int]:
        found = {k for a, b in self.together if placed[a] != placed[b] for k in (a, b)}
        found |= {k for a, b in self.apart if placed[a] == placed[b] for k in (a, b)}
        found |= {key for key in self.keep if placed[key] != self.led}
        uneven = {label for label, excess in self._balance_excess(placed).items() if excess}
        if uneven:
            # A label spread unevenly is evened out by moving one of its students out of a group holding more
            # than its even share rounded down (a swap may bring one into a group short of it).
            counts: dict[tuple[str, int], int] = {}
            for key, label in self.labels.items():
                counts[(label, placed[key])] = counts.get((label, placed[key]), 0) + 1
            found |= {
                key
                for key, label in self.labels.items()
                if label in uneven and counts[(label, placed[key])] > self.label_totals[label] // self.count
            }
        return sorted(found)

    def _sizes_allow(self, sizes: Sequence[int], source: int, target: int) -> bool:
        if not self.fits:
            return False
        return sizes[source] - 1 >= self.ask.min_size and sizes[target] + 1 <= self.ask.max_size

    def repair(self, first: Mapping[int, int]) -> dict[int, int]:
        placed = dict(first)
        best = self.score(placed)
        keys = sorted(placed)
        while best[:2] != (0, 0):
            sizes = [0] * self.count
            for group in placed.values():
                sizes[group] += 1
            found: tuple[Score, tuple[int, int, int, int]] | None = None
            for key in self._troubled(placed):
                source = placed[key]
                # Each candidate is (key, its new group, another student or -1, that student's new group).
                candidates = [
                    (key, placed[other], other, source) for other in keys if placed[other] != source
                ]
                candidates += [
                    (key, target, -1, -1)
                    for target in range(self.count)
                    if target != source and self._sizes_allow(sizes, source, target)
                ]
                for candidate in candidates:
                    scored = self._score_with(placed, candidate)
                    # Only a move that meets more of the constraints is taken (the cost breaks ties), so the
                    # repair ends within as many moves as there are violations.
                    if scored[:2] < best[:2] and (found is None or scored < found[0]):
                        found = (scored, candidate)
            if found is None:
                break
            best, (key, target, other, other_target) = found
            placed[key] = target
            if other >= 0:
                placed[other] = other_target
        return placed

    def _score_with(self, placed: dict[int, int], move: tuple[int, int, int, int]) -> Score:
        """The score with the move made, the placement left as it was."""
        key, target, other, other_target = move
        was = placed[key], placed.get(other, -1)
        placed[key] = target
        if other >= 0:
            placed[other] = other_target
        try:
            return self.score(placed)
        finally:
            placed[key] = was[0]
            if other >= 0:
                placed[other] = was[1]

    def reasons(self, first: Mapping[int, int], placed: Mapping[int, int]) -> dict[int, Reason]:
        spans: dict[int, tuple[float | None, float | None]] = {}
        for group, members in enumerate(_members(placed, self.count)):
            known = [m for key in members if (m := self.means[key]) is not None]
            spans[group] = (min(known), max(known)) if known else (None, None)
        partners = {a: b for a, b in self.together} | {b: a for a, b in self.together}
        apart = {a: b for a, b in self.apart} | {b: a for a, b in self.apart}
        found: dict[int, Reason] = {}
        for key, group in placed.items():
            low, high = spans[group]
            code: str = self.ask.goal if self.means[key] is not None else "no_level"
            other = None
            if key in self.keep and group == self.led:
                code = "keep_with"
            elif placed[key] != first[key]:
                if key in partners and placed[partners[key]] == group:
                    code, other = "together", partners[key]
                elif key in apart and placed[apart[key]] != group:
                    code, other = "apart", apart[key]
                elif self.labels.get(key):
                    code = "balance"
            found[key] = Reason(code, low, high, self.means[key], self.ask.competencies, other)
        return found

    def unmet(self, placed: Mapping[int, int]) -> tuple[Unmet, ...]:
        found: list[Unmet] = []
        if not self.fits:
            found.append(Unmet("sizes"))
        found += [Unmet("together_too_large", tuple(cluster)) for cluster in self.too_large]
        found += [Unmet("together", (a, b)) for a, b in self.together if placed[a] != placed[b]]
        found += [Unmet("apart", (a, b)) for a, b in self.apart if placed[a] == placed[b]]
        if self.keep_overflow:
            found.append(Unmet("keep_with_too_large", tuple(self.keep_overflow)))
        outside = tuple(key for key in self.keep if placed[key] != self.led)
        if outside:
            found.append(Unmet("keep_with", outside))
        excess = self._balance_excess(placed)
        found += [Unmet("balance", label=label) for label in sorted(excess) if excess[label]]
        return tuple(found)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _clusters(pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """The students the must-together pairs join, each cluster sorted, clusters by their first key."""
    parent: dict[int, int] = {}

    def root(key: int) -> int:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[int, list[int]] = {}
    for key in sorted(parent):
        clusters.setdefault(root(key), []).append(key)
    return [members for _, members in sorted(clusters.items())]
