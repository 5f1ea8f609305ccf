"""Each student's needs for next week, from their latest levels: pure (the selector reads the rows).

A **need** is a competency whose latest level is below the school's threshold. Its weight says how
much placing the student in a workshop for it matters:

    weight = round((10 + 40 * how_far_below) * (1 + 0.25 * how_long_unseen) * (2 if required else 1))

- *how far below*: (threshold - level) / (threshold - scale floor), from 0 to 1, so a student at the
  floor weighs 50 and one just under the threshold about 10;
- *how long unseen*: days since the competency was last demonstrated over the school's recency window,
  capped at 2: a level nobody has checked for weeks is the likeliest to be stale, and a workshop is
  where it gets checked (so up to half as much again);
- *required*: a workshop requires it (its `required_below` level, or a teacher's requirement for the
  student), which doubles the weight and carries the workshop's priority.
A competency with no level yet (nothing demonstrated) is not a need: there is nothing to read.
Weights are integers from 10 to 150 (CP-SAT's objective is integral).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

BASE_WEIGHT = 10
DEPTH_WEIGHT = 40
RECENCY_FACTOR = 0.25
RECENCY_CAP = 2.0
REQUIRED_FACTOR = 2


@dataclass(frozen=True)
class Level:
    """A student's latest level on a competency (a mastery summary row)."""

    student: int
    competency: int
    level: float | None
    last_seen: dt.date | None


@dataclass(frozen=True)
class RequiredBelow:
    """A workshop requiring every student below `below` on one of its competencies."""

    workshop: int
    competencies: frozenset[int]
    below: float
    priority: int


@dataclass(frozen=True)
class TeacherRequirement:
    student: int
    workshop: int
    priority: int


@dataclass(frozen=True)
class StudentNeed:
    student: int
    competency: int
    level: float
    threshold: float
    days_unseen: int | None
    weight: int
    required: bool


@dataclass(frozen=True)
class Requirement:
    """A workshop a student must attend, at a priority (the competency None: a teacher required it)."""

    student: int
    workshop: int
    priority: int
    competency: int | None
    level: float | None


@dataclass(frozen=True)
class Needs:
    by_student: dict[int, list[StudentNeed]]
    requirements: dict[int, list[Requirement]]


def weight(
    *,
    level: float,
    threshold: float,
    floor: float,
    days_unseen: int | None,
    recency_days: int,
    required: bool,
) -> int:
    span = max(threshold - floor, 0.5)
    depth = min(max((threshold - level) / span, 0.0), 1.0)
    unseen = 0.0 if days_unseen is None else min(max(days_unseen, 0) / max(recency_days, 1), RECENCY_CAP)
    value = (BASE_WEIGHT + DEPTH_WEIGHT * depth) * (1 + RECENCY_FACTOR * unseen)
    return round(value * (REQUIRED_FACTOR if required else 1))


def student_needs(
    levels: Iterable[Level],
    *,
    threshold: float,
    today: dt.date,
    recency_days: int = 14,
    floor: float = 1.0,
    required_below: Iterable[RequiredBelow] = (),
    teacher_requirements: Iterable[TeacherRequirement] = (),
) -> Needs:
    """Every student's needs, heaviest first, and the workshops each must attend (highest priority first)."""
    rules = list(required_below)
    requirements: dict[int, dict[int, Requirement]] = defaultdict(dict)
    by_student: dict[int, list[StudentNeed]] = defaultdict(list)
    for row in levels:
        if row.level is None:
            continue
        required = False
        for rule in rules:
            if row.competency in rule.competencies and row.level < rule.below:
                required = True
                _keep_first(
                    requirements[row.student],
                    Requirement(row.student, rule.workshop, rule.priority, row.competency, row.level),
                )
        if row.level >= threshold and not required:
            continue
        days = None if row.last_seen is None else (today - row.last_seen).days
        by_student[row.student].append(
            StudentNeed(
                student=row.student,
                competency=row.competency,
                level=row.level,
                threshold=threshold,
                days_unseen=days,
                weight=weight(
                    level=row.level,
                    threshold=threshold,
                    floor=floor,
                    days_unseen=days,
                    recency_days=recency_days,
                    required=required,
                ),
                required=required,
            )
        )
    for req in teacher_requirements:
        _keep_first(
            requirements[req.student], Requirement(req.student, req.workshop, req.priority, None, None)
        )
    return Needs(
        by_student={
            s: sorted(needs, key=lambda n: (-n.weight, n.competency)) for s, needs in by_student.items()
        },
        requirements={
            s: sorted(found.values(), key=lambda r: (r.priority, r.workshop))
            for s, found in requirements.items()
        },
    )


def _keep_first(found: dict[int, Requirement], requirement: Requirement) -> None:
    """One requirement per workshop: the highest priority (lowest number) wins."""
    held = found.get(requirement.workshop)
    if held is None or requirement.priority < held.priority:
        found[requirement.workshop] = requirement


def changed_students(before: Needs, after: Needs) -> set[int]:
    """Students whose needs (competencies and weights) or requirements differ between two readings."""

    def shape(needs: Needs, student: int) -> tuple[object, ...]:
        return (
            tuple((n.competency, n.weight) for n in needs.by_student.get(student, [])),
            tuple((r.workshop, r.priority) for r in needs.requirements.get(student, [])),
        )

    students = (
        set(before.by_student) | set(after.by_student) | set(before.requirements) | set(after.requirements)
    )
    return {s for s in students if shape(before, s) != shape(after, s)}
