"""The advisor's chart: one bar per advisee, open goals split into on track, needing attention and
waiting for the student's acceptance. Geometry only; the template draws it as inline SVG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

WIDTH = 440
LABEL_WIDTH = 150
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 8
COUNT_ROOM = 30  # room right of the bar for its total


class Row(Protocol):
    active: int
    proposed: int

    @property
    def on_track(self) -> int: ...

    @property
    def flagged_count(self) -> int: ...


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: int
    kind: str  # "on-track", "attention", "proposed"


@dataclass(frozen=True)
class Bar:
    row: object
    y: float
    text_y: float
    segments: list[Segment]
    total: int
    total_x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def advising_chart(rows: Sequence[Row]) -> Chart:
    largest = max([r.active + r.proposed for r in rows] + [1])
    scale = (WIDTH - LABEL_WIDTH - COUNT_ROOM) / largest
    bars = []
    for i, row in enumerate(rows):
        y = TOP + i * ROW_HEIGHT
        x, segments = float(LABEL_WIDTH), []
        for value, kind in (
            (row.on_track, "on-track"),
            (row.flagged_count, "attention"),
            (row.proposed, "proposed"),
        ):
            if value > 0:
                segments.append(Segment(x, value * scale, value, kind))
                x += value * scale
        bars.append(Bar(row, y, y + BAR_HEIGHT - 4, segments, row.active + row.proposed, x + 6))
    return Chart(WIDTH, TOP * 2 + ROW_HEIGHT * max(len(rows), 1), LABEL_WIDTH, bars)
