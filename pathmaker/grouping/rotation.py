"""A station rotation for one class period, as a pure function (no Django; mypy checks it strictly).

A section is split into as many rotation groups as there are stations, by need: students ordered by their
mean level on the chosen competencies, lowest first (a student with no level yet counts as the greatest
need, since nobody has seen them show it), cut into groups of even size. Station 0 is the teacher-led one.
Rotation r puts group g at station (g - r) mod S, so the group with the greatest need starts at the
teacher-led station and each rotation the next group comes to the teacher. When there are fewer rotations
than stations, the groups with the least need are the ones that do not reach the teacher.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    rotation: int
    starts: dt.time
    ends: dt.time
    stations: tuple[int, ...]  # for each group (by index), the station it is at


def need_groups(levels: Sequence[tuple[int, float | None]], groups: int) -> list[list[int]]:
    """Students (key, mean level) cut into `groups` groups of even size, greatest need first."""
    if groups < 1:
        raise ValueError("a rotation needs at least one station")
    order = [
        key for key, _ in sorted(levels, key=lambda item: (item[1] is not None, item[1] or 0.0, item[0]))
    ]
    sizes = [len(order) // groups + (1 if i < len(order) % groups else 0) for i in range(groups)]
    found, start = [], 0
    for size in sizes:
        found.append(order[start : start + size])
        start += size
    return found


def schedule(*, stations: int, rotations: int, starts: dt.time, minutes: int) -> list[Slot]:
    """The period's rotations with their times: group g at station (g - r) mod `stations` in rotation r."""
    if stations < 1 or rotations < 1 or minutes < 1:
        raise ValueError("a rotation needs stations, rotations and minutes")
    day = dt.date(2000, 1, 3)  # any day: only the clock times are kept
    begin = dt.datetime.combine(day, starts)
    slots = []
    for r in range(rotations):
        opens = begin + dt.timedelta(minutes=minutes * r)
        closes = opens + dt.timedelta(minutes=minutes)
        slots.append(Slot(r, opens.time(), closes.time(), tuple((g - r) % stations for g in range(stations))))
    return slots
