"""Is a student on track to finish a course by the end of the term? The arithmetic, shown step by step.

Pure, like the mastery engine: a function of plain numbers and dates, no Django, no clock. The caller
reads the inputs (the term, the school's days off, how many of the course's competencies the student
has mastered and when) and the pages write the steps in the reader's language (`pacing/step_words.py`).

- **School days** are weekdays that are not days off; a **school week** is five of them. The days
  already behind the student are the school days from the term's start up to yesterday; the days left
  are the school days from today to the term's end, both included.
- **The pace.** With at least `MIN_HISTORY_DAYS` school days behind them, the student's own pace:
  competencies mastered since the term began, per school week so far. With less history, the pacing
  guide's: its target weeks for the competencies still to master. Without a guide either, there is no
  projection yet (and the steps say so).
- **The finish** is the school day on which, at that pace, the last competency would be mastered,
  counted from today. Finishing by the term's end is *on track*; within `AT_RISK_DAYS` school days
  after it, *at risk*; later (or never, at a pace of nothing), *off track*.

Two properties hold and are tested with Hypothesis: mastering more never makes the finish later, and a
day off from today on never makes it earlier. (A day off already past makes the school weeks behind
the student fewer, so the same work is a faster pace: that is the point of counting school weeks.)
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from pathmaker.mastery.explain import Step, day, number

MIN_HISTORY_DAYS = 10  # two school weeks: less than this says little about a pace
AT_RISK_DAYS = 10  # finishing up to two school weeks late is "at risk", not yet "off track"
DAYS_A_WEEK = 5
MAX_DAYS = 5 * 200  # a finish more than five school years away is "not at this pace"


class Status(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    UNKNOWN = "unknown"


class PaceSource(StrEnum):
    STUDENT = "student"
    GUIDE = "guide"
    NONE = "none"


@dataclass(frozen=True)
class Inputs:
    today: date
    term_start: date
    term_end: date
    required: int  # the course's competencies
    mastered: int  # of them, mastered now
    mastered_this_term: int  # of those, mastered on or after the term's start
    guide_weeks_left: float | None = None  # the guide's school weeks for those not yet mastered
    days_off: frozenset[date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Projection:
    status: Status
    source: PaceSource
    remaining: int
    days_behind: int  # school days from the term's start to yesterday
    days_left: int  # school days from today to the term's end
    pace: float | None  # competencies a school week
    days_needed: int | None  # school days to finish at that pace; None: not at this pace
    finish_on: date | None
    term_end: date
    steps: tuple[Step, ...]

    @property
    def days_over(self) -> int | None:
        """School days past the term's end the finish falls (negative: days to spare)."""
        return None if self.days_needed is None else self.days_needed - self.days_left


def is_school_day(on: date, days_off: frozenset[date]) -> bool:
    return on.weekday() < DAYS_A_WEEK and on not in days_off


def _days(start: date, end: date) -> Iterator[date]:
    on = start
    while on <= end:
        yield on
        on += timedelta(days=1)


def school_days(start: date, end: date, days_off: frozenset[date]) -> int:
    """School days from `start` to `end`, both included (0 when `end` is before `start`)."""
    return sum(1 for on in _days(start, end) if is_school_day(on, days_off))


def nth_school_day(start: date, n: int, days_off: frozenset[date]) -> date:
    """The `n`th school day counting from `start` (itself the first if it is one); `start` for n = 0."""
    on, counted = start, 0
    while n > 0:
        if is_school_day(on, days_off):
            counted += 1
            if counted == n:
                return on
        on += timedelta(days=1)
    return start


def project(inputs: Inputs) -> Projection:
    """The projection and the steps that explain it."""
    remaining = max(inputs.required - inputs.mastered, 0)
    behind = school_days(
        inputs.term_start, min(inputs.today - timedelta(days=1), inputs.term_end), inputs.days_off
    )
    left = school_days(max(inputs.today, inputs.term_start), inputs.term_end, inputs.days_off)
    steps = [_term_step(inputs, behind, left), _progress_step(inputs, remaining)]

    def result(status: Status, source: PaceSource, pace: float | None, needed: int | None) -> Projection:
        finish = None
        if needed is not None:
            finish = nth_school_day(max(inputs.today, inputs.term_start), needed, inputs.days_off)
        return Projection(
            status, source, remaining, behind, left, pace, needed, finish, inputs.term_end, tuple(steps)
        )

    if remaining == 0:
        steps.append(Step("Every competency of the course is mastered: the course is done.", code="done"))
        return result(Status.DONE, PaceSource.NONE, None, 0)
    pace: float | None
    if behind >= MIN_HISTORY_DAYS:
        source = PaceSource.STUDENT
        pace = inputs.mastered_this_term * DAYS_A_WEEK / behind
        steps.append(_student_pace_step(inputs, behind, pace))
        needed = None if not pace else math.ceil(remaining * DAYS_A_WEEK / pace)
    elif inputs.guide_weeks_left is not None:
        source = PaceSource.GUIDE
        pace = remaining / inputs.guide_weeks_left if inputs.guide_weeks_left > 0 else None
        steps.append(_guide_step(behind, remaining, inputs.guide_weeks_left))
        needed = math.ceil(round(inputs.guide_weeks_left * DAYS_A_WEEK, 6))
    else:
        steps.append(
            Step(
                f"Only {behind} school days of the term are behind you and the course has no pacing guide, "
                "so there is no pace to project from yet.",
                code="no_pace",
                values={"behind": behind, "min": MIN_HISTORY_DAYS},
            )
        )
        return result(Status.UNKNOWN, PaceSource.NONE, None, None)
    if needed is not None and needed > MAX_DAYS:
        needed = None
    status = _status(needed, left)
    steps.extend(_finish_steps(inputs, source, remaining, pace, needed, left, status))
    return result(status, source, pace, needed)


def _status(needed: int | None, left: int) -> Status:
    if needed is None:
        return Status.OFF_TRACK
    if needed <= left:
        return Status.ON_TRACK
    return Status.AT_RISK if needed - left <= AT_RISK_DAYS else Status.OFF_TRACK


def _term_step(inputs: Inputs, behind: int, left: int) -> Step:
    off = sum(1 for on in inputs.days_off if inputs.term_start <= on <= inputs.term_end and on.weekday() < 5)
    start, end = day(inputs.term_start, True), day(inputs.term_end, True)
    return Step(
        f"The term runs from {start} to {end}: {behind} school days are behind you and {left} are left "
        f"(not counting weekends and {off} {'day' if off == 1 else 'days'} off).",
        code="term",
        values={
            "start": inputs.term_start.isoformat(),
            "end": inputs.term_end.isoformat(),
            "behind": behind,
            "left": left,
            "off": off,
        },
        numbers=(float(behind), float(left)),
    )


def _progress_step(inputs: Inputs, remaining: int) -> Step:
    return Step(
        f"You have mastered {inputs.mastered} of the course's {inputs.required} competencies "
        f"({inputs.mastered_this_term} of them this term), so {remaining} are left.",
        code="progress",
        values={
            "mastered": inputs.mastered,
            "required": inputs.required,
            "this_term": inputs.mastered_this_term,
            "remaining": remaining,
        },
        value=float(remaining),
    )


def _student_pace_step(inputs: Inputs, behind: int, pace: float) -> Step:
    weeks = behind / DAYS_A_WEEK
    return Step(
        f"Your pace so far: {inputs.mastered_this_term} competencies in {number(weeks, 2)} school weeks "
        f"({behind} ÷ 5) is {number(pace, 2)} a school week.",
        code="pace.student",
        values={"this_term": inputs.mastered_this_term, "weeks": weeks, "behind": behind, "pace": pace},
        value=pace,
    )


def _guide_step(behind: int, remaining: int, weeks: float) -> Step:
    return Step(
        f"Only {behind} school days are behind you, too few to tell your own pace (it takes "
        f"{MIN_HISTORY_DAYS}), so the pacing guide's is used: it gives the {remaining} competencies left "
        f"{number(weeks, 2)} school weeks.",
        code="pace.guide",
        values={"behind": behind, "min": MIN_HISTORY_DAYS, "remaining": remaining, "weeks": weeks},
        value=weeks,
    )


def _finish_steps(
    inputs: Inputs,
    source: PaceSource,
    remaining: int,
    pace: float | None,
    needed: int | None,
    left: int,
    status: Status,
) -> list[Step]:
    if needed is None:
        return [
            Step(
                "At this pace the course would not be finished: no competency has been mastered this term yet.",
                code="finish.never",
                values={"remaining": remaining},
            ),
            _verdict(status, None, left),
        ]
    finish = nth_school_day(max(inputs.today, inputs.term_start), needed, inputs.days_off)
    if source == PaceSource.STUDENT and pace:
        text = (
            f"{remaining} competencies at {number(pace, 2)} a week take {number(remaining / pace, 2)} "
            f"school weeks: {needed} school days, so you would finish on {day(finish, True)}."
        )
        values: dict[str, float | str] = {
            "remaining": remaining,
            "pace": pace,
            "weeks": remaining / pace,
            "needed": needed,
        }
        code = "finish.student"
    else:
        text = f"That is {needed} school days, so you would finish on {day(finish, True)}."
        values = {"needed": needed}
        code = "finish.guide"
    values["finish"] = finish.isoformat()
    return [Step(text, code=code, values=values, value=float(needed)), _verdict(status, needed, left)]


def _verdict(status: Status, needed: int | None, left: int) -> Step:
    values: dict[str, int | str] = {"left": left, "status": str(status), "at_risk": AT_RISK_DAYS}
    if needed is None:
        text = "So: off track. Talk with your teacher about a plan."
    elif status == Status.ON_TRACK:
        text = f"{needed} school days needed, {left} left: on track, with {left - needed} to spare."
        values |= {"needed": needed, "spare": left - needed}
    else:
        over = needed - left
        values |= {"needed": needed, "over": over}
        word = "at risk" if status == Status.AT_RISK else "off track"
        text = (
            f"{needed} school days needed, {left} left: {over} past the term's end "
            f"({AT_RISK_DAYS} or fewer is at risk), so {word}."
        )
    return Step(text, kind="level", code=f"verdict.{status}", values=values)
