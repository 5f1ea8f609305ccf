"""Solving a week and storing it: shared by `services.schedule_solve` (in the request) and the worker's job
(`tasks.schedule_solve_task`), so both check the same rule and write the same rows.

The solver runs outside any transaction (it may take a minute); the schedule, its placements and the
audit row are written in one. Older drafts of the week are marked replaced: the newest solve is the draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.frameworks.models import Competency
from pathmaker.rostering.models import Org, Person
from pathmaker.scheduling import access, problem, selectors, solver
from pathmaker.scheduling.errors import FORBIDDEN, SchedulingError
from pathmaker.scheduling.models import FlexBlock, FlexWeek, Placement, Schedule, Workshop

MAX_TIME_LIMIT = 300.0


def actor_name(actor: Actor) -> str:
    return actor.display_name


def may(actor: Actor, check: Callable[[Any], bool]) -> bool:
    """System work (the demo, a job nobody queued) acts for the district; a person within their reach."""
    return actor.is_system or (actor.user is not None and check(actor.user))


def require_runner(actor: Actor, school: Org) -> None:
    if not may(actor, lambda user: access.may_run_schedule(user, school)):
        raise SchedulingError("only the school's leaders run its flex schedule", code=FORBIDDEN)


def week_open(*, school: Org, week_start: dt.date, actor: Actor) -> FlexWeek:
    """The week of `week_start` (its Monday), made and audited on first use; the caller checked access."""
    monday = selectors.monday_of(week_start)
    with transaction.atomic():
        week, created = FlexWeek.objects.get_or_create(
            school=school, week_start=monday, defaults={"created_at": timezone.now()}
        )
        if created:
            audit_record(
                actor=actor,
                action="scheduling.week_open",
                object_type="flex_week",
                object_id=str(week.pk),
                detail={"school": school.pk, "week_start": monday.isoformat()},
            )
    return week


def solve_week(
    *,
    school: Org,
    week_start: dt.date,
    actor: Actor,
    time_limit: float,
    progress: Callable[[float, str], None] | None = None,
) -> Schedule:
    require_runner(actor, school)
    if not 1.0 <= float(time_limit) <= MAX_TIME_LIMIT:
        raise SchedulingError(
            f"the time limit is from 1 to {MAX_TIME_LIMIT:g} seconds",
            code="scheduling.out_of_range",
            field="time_limit",
        )
    week = week_open(school=school, week_start=week_start, actor=actor)
    inputs = selectors.week_problem(week)
    if not inputs.problem.blocks:
        raise SchedulingError("the school has no flex blocks yet", code="scheduling.no_blocks")
    result = solver.solve(inputs.problem, time_limit=float(time_limit), progress=progress)
    with transaction.atomic():
        return _store(week, inputs, result, actor)


def _store(week: FlexWeek, inputs: selectors.WeekInputs, result: problem.Result, actor: Actor) -> Schedule:
    now = timezone.now()
    Schedule.objects.filter(week=week, status=Schedule.Status.DRAFT).update(status=Schedule.Status.SUPERSEDED)
    words = _Words(week, inputs)
    schedule = Schedule.objects.create(
        week=week,
        status=Schedule.Status.DRAFT,
        based_on=inputs.based_on,
        solver_status=result.status,
        objective=result.objective,
        best_bound=result.bound,
        gap=result.gap,
        seconds=round(result.seconds, 3),
        needs_met_share=result.needs_met_share,
        students_moved=len(result.moved) if inputs.based_on is not None else None,
        unmet=[words.unmet(u) for u in result.unmet],
        relax=[{"code": r.code, "values": words.values(r.values)} for r in result.relax],
        solved_by_name=actor_name(actor),
        solved_at=now,
    )
    locked = {(s.student, s.block) for s in inputs.problem.locked}
    Placement.objects.bulk_create(
        [
            Placement(
                schedule=schedule,
                student_id=p.student,
                block_id=p.block,
                workshop_id=p.workshop,
                room_id=p.room,
                competency_id=p.competency,
                reason_code=p.reason,
                reason_values=words.reason(p),
                locked=(p.student, p.block) in locked,
            )
            for p in result.placements
        ],
        batch_size=2000,
    )
    audit_record(
        actor=actor,
        action="scheduling.schedule_solve",
        object_type="schedule",
        object_id=str(schedule.pk),
        detail={
            "week": week.pk,
            "status": result.status,
            "objective": result.objective,
            "gap": result.gap,
            "needs_met": result.needs_met,
            "needs": result.needs_total,
            "placements": len(result.placements),
            "moved": len(result.moved),
        },
    )
    return schedule


class _Words:
    """The values a reason or an unmet need is worded from later, in the reader's language: competency
    codes, levels and workshop titles beside the ids (a code stays readable if the row goes)."""

    def __init__(self, week: FlexWeek, inputs: selectors.WeekInputs) -> None:
        self.workshops = dict(Workshop.objects.filter(week=week).values_list("pk", "title"))
        ids = {n.competency for found in inputs.needs.by_student.values() for n in found}
        self.codes = {
            c.pk: c.human_coding_scheme or c.abbreviated_statement[:40] or c.full_statement[:40]
            for c in Competency.objects.filter(pk__in=ids)
        }
        self.levels = {
            (n.student, n.competency): n for found in inputs.needs.by_student.values() for n in found
        }
        self.blocks = {b.pk: str(b) for b in FlexBlock.objects.filter(school=week.school)}
        named = {s.student for s in inputs.problem.locked}
        self.students = {p.pk: p.sort_name for p in Person.objects.filter(pk__in=named)}

    def values(self, values: problem.Values) -> dict[str, Any]:
        out: dict[str, Any] = dict(values)
        if "workshop" in out:
            out["workshop_title"] = self.workshops.get(int(out["workshop"]), "")
        if "competency" in out:
            out["competency_code"] = self.codes.get(int(out["competency"]), "")
        if "block" in out:
            out["block_label"] = self.blocks.get(int(out["block"]), "")
        if "student" in out:
            out["student_name"] = self.students.get(int(out["student"]), "")
        return out

    def reason(self, placement: problem.Placement) -> dict[str, Any]:
        out = self.values(placement.values)
        if placement.competency is not None:
            out["competency_code"] = self.codes.get(placement.competency, "")
            need = self.levels.get((placement.student, placement.competency))
            if need is not None:
                out["level"], out["threshold"] = round(need.level, 2), need.threshold
        return out

    def unmet(self, unmet: problem.Unmet) -> dict[str, Any]:
        need = self.levels.get((unmet.student, unmet.competency or 0))
        return {
            "student": unmet.student,
            "competency": unmet.competency,
            "competency_code": self.codes.get(unmet.competency or 0, ""),
            "level": round(need.level, 2) if need else None,
            "workshop": unmet.workshop,
            "workshop_title": self.workshops.get(unmet.workshop or 0, ""),
            "weight": unmet.weight,
            "code": unmet.code,
            "values": self.values(unmet.values),
        }
