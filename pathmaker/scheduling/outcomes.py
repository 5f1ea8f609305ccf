"""What happened after a workshop: attendance, and the mean level change on its competency two weeks later for
the students who attended and for similar students who did not.

- *Attended*: a placement in the week's published schedule in the workshop, marked present or late.
- *Similar non-attendees*: students of the same school who did not attend it that week and whose level on
  the competency, the day before the week, was in the same whole-level band as an attendee's (2.0 to 2.99, say).
- *Level change*: the level two weeks after the week's Friday minus the level the day before its Monday,
  both from the evidence with the same engine and rules as the gradebook (`mastery.engine.level`), over the
  students with a level on both days.
- A mean is shown only when at least `MIN_GROUP` students stand behind it on each side; under that it is
  suppressed (the count is still said), so a small group cannot single out a student. The numbers describe
  what followed; they make no claim that the workshop caused it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from pathmaker.frameworks.models import Competency
from pathmaker.mastery import engine, rules
from pathmaker.rostering.models import Org, PersonRole
from pathmaker.scheduling import selectors
from pathmaker.scheduling.models import FlexAttendance, Placement, Schedule, Workshop

MIN_GROUP = 10
LATER = dt.timedelta(days=14)
BAND = 1.0  # whole levels: 1.0-1.99, 2.0-2.99, ... (the scale's own steps)
ATTENDED = (FlexAttendance.Mark.PRESENT, FlexAttendance.Mark.LATE)


@dataclass(frozen=True)
class Outcome:
    workshop: Workshop
    competency: Competency | None
    placed: int  # students placed in it (any block of the published week)
    present: int
    late: int
    absent: int
    not_taken: int  # placements with no attendance mark
    measured_on: dt.date  # the day "two weeks later" falls on
    ready: bool  # that day has come
    attendees: int  # attendees with a level on both days
    attendee_change: float | None  # None when suppressed or not ready
    others: int  # similar non-attendees with a level on both days
    others_change: float | None

    @property
    def shown(self) -> bool:
        return self.attendee_change is not None and self.others_change is not None


def _band(level: float) -> int:
    return math.floor(level / BAND)


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 2) if len(values) >= MIN_GROUP else None


def _outcomes(schedule: Schedule, workshops: Sequence[Workshop], today: dt.date) -> list[Outcome]:
    week = schedule.week
    before_day = week.week_start - dt.timedelta(days=1)
    measured_on = week.week_start + dt.timedelta(days=4) + LATER
    ready = measured_on <= today
    placements = list(
        Placement.objects.filter(schedule=schedule, workshop__in=list(workshops)).select_related("attendance")
    )
    school_students = list(
        PersonRole.objects.filter(org=week.school, role="student", is_active=True)
        .values_list("person_id", flat=True)
        .distinct()
    )
    competencies = {c.pk: c for w in workshops for c in w.competencies.all()}
    scores = rules.scores_by_pair(school_students, competencies) if ready and competencies else {}
    rule_of = (
        {pk: rule for pk, (_, rule) in rules.rules_for(list(competencies.values())).items()} if scores else {}
    )

    def level(student_id: int, competency_id: int, on: dt.date) -> float | None:
        found = scores.get((student_id, competency_id))
        if not found:
            return None
        return engine.level(found, rule_of[competency_id], as_of=on).level

    by_competency: dict[int, dict[int, tuple[float, float]]] = {}

    def changes_on(competency_id: int) -> dict[int, tuple[float, float]]:
        """Each school student's (level before, change) on the competency, read once per week."""
        if competency_id not in by_competency:
            found = {}
            for student_id in school_students:
                was = level(student_id, competency_id, before_day)
                now = level(student_id, competency_id, measured_on)
                if was is not None and now is not None:
                    found[student_id] = (was, now - was)
            by_competency[competency_id] = found
        return by_competency[competency_id]

    results = []
    for workshop in workshops:
        mine = [p for p in placements if p.workshop_id == workshop.pk]
        marks = [p.attendance.mark if hasattr(p, "attendance") else "" for p in mine]
        attended = {p.student_id for p, m in zip(mine, marks, strict=True) if m in ATTENDED}
        for competency in workshop.competencies.all() or [None]:
            changes: dict[str, list[float]] = {"in": [], "out": []}
            if ready and competency is not None:
                starts = changes_on(competency.pk)
                bands = {_band(starts[s][0]) for s in attended if s in starts}
                for student_id, (was, change) in starts.items():
                    if student_id in attended:
                        changes["in"].append(change)
                    elif _band(was) in bands:
                        changes["out"].append(change)
            results.append(
                Outcome(
                    workshop=workshop,
                    competency=competency,
                    placed=len({p.student_id for p in mine}),
                    present=marks.count(FlexAttendance.Mark.PRESENT),
                    late=marks.count(FlexAttendance.Mark.LATE),
                    absent=marks.count(FlexAttendance.Mark.ABSENT),
                    not_taken=marks.count(""),
                    measured_on=measured_on,
                    ready=ready,
                    attendees=len(changes["in"]),
                    attendee_change=_mean(changes["in"]),
                    others=len(changes["out"]),
                    others_change=_mean(changes["out"]),
                )
            )
    return results


def workshop_outcome(workshop: Workshop, *, today: dt.date | None = None) -> list[Outcome]:
    """The workshop's outcome on each of its competencies (nothing before its week is published)."""
    schedule = selectors.published_schedule(workshop.week)
    if schedule is None:
        return []
    return _outcomes(schedule, [workshop], today or timezone.localdate())


def school_outcomes(school: Org, *, today: dt.date, weeks: int = 8) -> list[Outcome]:
    """The outcomes of the school's workshops in its last published weeks (newest week first)."""
    found: list[Outcome] = []
    schedules = (
        Schedule.objects.filter(
            week__school=school, status=Schedule.Status.PUBLISHED, week__week_start__lte=today
        )
        .select_related("week", "week__school")
        .order_by("-week__week_start")[:weeks]
    )
    for schedule in schedules:
        workshops = list(
            Workshop.objects.filter(week=schedule.week)
            .prefetch_related("competencies")
            .order_by("title", "id")
        )
        found += _outcomes(schedule, workshops, today)
    return found
