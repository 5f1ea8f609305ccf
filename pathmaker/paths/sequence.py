"""A plan's order, as a pure function: no Django, no clock, no database (mypy checks it strictly).

Inputs are ids: the course's competencies (in the course's alignment order), the course's default
sequence (may name only some of them), the CASE `precedes` prerequisites (competency -> the ones that
precede it, inside the course or not), the student's mastered set, and the moves made on this plan in
the order they were made (a teacher's with a reason, or the student's own). The answer is the course's
not-yet-mastered competencies in order, each with a reason code and the ids the reason names.

How the order is built:
1. The wanted order: the default sequence, then the course's other competencies in course order.
2. Each move, oldest first, takes its competency out and puts it right after its anchor (`after`; None
   puts it first). Anchors are competencies, not positions, so a move still means the same after the
   student masters something.
3. Mastered competencies drop out; the rest are placed in wanted order, each one's unmastered
   prerequisites inside the plan pulled in just before it (depth first, themselves in wanted order).
   So nothing ever comes before an unmastered prerequisite, and a competency a teacher moves up brings
   what it needs along with it. (A cycle in the prerequisites, which CASE does not forbid, is broken where
   it is met; the guarantee is stated for prerequisite graphs without cycles.)

A student may reorder only within what the prerequisites allow: `student_move_blockers` names what a
move would jump over (an unmastered prerequisite it would come before, or a competency that needs it
that it would come after); a teacher's move is always taken, and the prerequisites it pulls say why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Literal

Mover = Literal["teacher", "student"]


class Reason(StrEnum):
    COURSE_ORDER = "course_order"  # "the course's order"
    NEEDS_FIRST = "needs_first"  # "needs 7.RP.1 first" (detail: the unmastered prerequisites)
    NEEDED_FOR = "needed_for"  # "comes first because 7.RP.3 needs it" (detail: what pulled it forward)
    TEACHER_MOVED = "teacher_moved"  # "your teacher moved it" (note: the teacher's reason)
    STUDENT_CHOSE = "student_chose"  # "you chose this"


@dataclass(frozen=True)
class Move:
    competency: int
    after: int | None  # the competency it now follows; None: first
    by: Mover
    note: str = ""


@dataclass(frozen=True)
class Item:
    competency: int
    reason: Reason
    detail: tuple[int, ...] = ()  # the competencies the reason names
    note: str = ""  # a teacher's reason for a move
    ready: bool = True  # every prerequisite mastered: it can be worked on now
    waiting_on: tuple[int, ...] = ()  # unmastered prerequisites (inside the plan or not)


def wanted_order(
    competencies: Sequence[int], default_sequence: Sequence[int], moves: Iterable[Move]
) -> list[int]:
    """The order asked for, before prerequisites and mastery: default sequence, course order, moves."""
    in_course = set(competencies)
    order = list(dict.fromkeys(c for c in default_sequence if c in in_course))
    named = set(order)
    order += [c for c in dict.fromkeys(competencies) if c not in named]
    for move in moves:
        if move.competency not in in_course or move.after == move.competency:
            continue
        order.remove(move.competency)
        if move.after is None or move.after not in in_course:
            order.insert(0, move.competency)
        else:
            order.insert(order.index(move.after) + 1, move.competency)
    return order


def plan_order(
    *,
    competencies: Sequence[int],
    default_sequence: Sequence[int],
    prerequisites: Mapping[int, Iterable[int]],
    mastered: Iterable[int],
    moves: Sequence[Move] = (),
) -> list[Item]:
    done = set(mastered)
    order = wanted_order(competencies, default_sequence, ())
    in_course = set(order)
    # A mastered competency waits for nothing: its unmastered prerequisites may come after it.
    needs = {c: _open_needs(c, prerequisites, done) for c in order if c not in done}
    inside = {c: [p for p in needs[c] if p in in_course] if c in needs else [] for c in order}
    order, pulls = _placed(order, inside)
    # Why each competency sits where it does: the last thing that put it there (a move, or a pull).
    why: dict[int, Move | int] = dict(pulls)
    for move in moves:
        if move.competency not in in_course or move.after == move.competency:
            continue
        order.remove(move.competency)
        at = 0 if move.after is None or move.after not in in_course else order.index(move.after) + 1
        order.insert(at, move.competency)
        why[move.competency] = move
        order, pulls = _placed(order, inside)
        why.update(pulls)
    return [_item(c, needs[c], why.get(c), done) for c in order if c not in done]


def _open_needs(competency: int, prerequisites: Mapping[int, Iterable[int]], done: set[int]) -> list[int]:
    found = prerequisites.get(competency)
    if not found:  # most competencies: no prerequisite (the plan of every student is computed in bulk)
        return []
    return sorted({p for p in found if p not in done and p != competency})


def _placed(order: list[int], inside: Mapping[int, list[int]]) -> tuple[list[int], dict[int, int]]:
    """`order` with each competency's open prerequisites pulled in just before it, and who pulled what.
    An order that already keeps every prerequisite first comes back unchanged."""
    if not any(inside.values()):
        return list(order), {}
    rank = {c: i for i, c in enumerate(order)}
    placed: list[int] = []
    pulls: dict[int, int] = {}
    seen: set[int] = set()

    def place(competency: int, visiting: frozenset[int]) -> None:
        for prerequisite in sorted(inside[competency], key=rank.__getitem__):
            if prerequisite in seen or prerequisite in visiting:  # placed already, or a cycle: break it
                continue
            if rank[prerequisite] > rank[competency]:
                pulls[prerequisite] = competency
            place(prerequisite, visiting | {competency})
        if competency not in seen:
            seen.add(competency)
            placed.append(competency)

    for competency in order:
        if competency in seen:
            continue
        if inside[competency]:
            place(competency, frozenset())
        else:  # nothing to pull in: placed as it comes (what `place` would do, without its frames)
            seen.add(competency)
            placed.append(competency)
    return placed, pulls


def _item(competency: int, needs: list[int], why: Move | int | None, done: set[int]) -> Item:
    waiting = tuple(needs)
    if isinstance(why, int) and why not in done:
        return _made(competency, Reason.NEEDED_FOR, (why,), "", not waiting, waiting)
    if isinstance(why, Move):
        move = why
        reason = Reason.TEACHER_MOVED if move.by == "teacher" else Reason.STUDENT_CHOSE
        return Item(competency, reason, (), move.note, ready=not waiting, waiting_on=waiting)
    if waiting:
        return _made(competency, Reason.NEEDS_FIRST, waiting, "", False, waiting)
    return _made(competency, Reason.COURSE_ORDER, (), "", True, ())


@lru_cache(maxsize=1 << 16)
def _made(
    competency: int,
    reason: Reason,
    detail: tuple[int, ...],
    note: str,
    ready: bool,
    waiting_on: tuple[int, ...],
) -> Item:
    """An Item, shared: items are frozen, and the rebuild of every student's plan (`paths/snapshots.py`) makes
    the same ones again and again, faster found than built."""
    return Item(competency, reason, detail, note, ready, waiting_on)


def student_move_blockers(
    order: Sequence[int],
    prerequisites: Mapping[int, Iterable[int]],
    mastered: Iterable[int],
    competency: int,
    after: int | None,
) -> list[int]:
    """What a student's move of `competency` to just after `after` would jump over, in `order` (the
    plan's current order): unmastered prerequisites it would come before, and competencies needing it
    that it would come after. Empty: the move is the student's to make."""
    done = set(mastered)
    rest = [c for c in order if c != competency]
    position = 0 if after is None or after not in rest else rest.index(after) + 1
    before, behind = set(rest[:position]), rest[position:]
    needs = {p for p in prerequisites.get(competency, ()) if p not in done and p != competency}
    blockers = [p for p in behind if p in needs]
    if competency not in done:
        blockers += [c for c in before if competency in set(prerequisites.get(c, ()))]
    return sorted(set(blockers))
