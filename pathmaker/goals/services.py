"""Setting goals, planning steps, checking in and responding.

Each service is one transaction with one audit row. Who may act is read from the access rule's
`ProfileAccess`, which the caller obtained through `rules.profile_part_or_404(user, student_id,
"goals")`: the student writes their own goals and reflections; an advisor or a teacher of the
student may propose a goal (it waits for the student's acceptance); the adults who work with the
student respond to the reflections they can see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.frameworks.models import Competency
from pathmaker.goals.access import may_plan, may_propose, may_see_checkin
from pathmaker.goals.models import CheckIn, Goal, GoalStep
from pathmaker.lib.errors import DomainError
from pathmaker.profiles.access import ProfileAccess
from pathmaker.profiles.services import name_of, role_label

MAX_TITLE_CHARS = 200
MAX_STEP_CHARS = 300
MAX_TEXT_CHARS = 4000
MAX_STEPS = 20
MAX_COMPETENCIES = 10


class GoalError(DomainError):
    """A goal change that cannot be made as asked; the message says why, in plain words, `code` which
    rule, `field` the form field it is about (when there is one)."""

    code = "goals.invalid"


FORBIDDEN = "goals.forbidden"
NO_SUCH_CHECKIN = "there is no such check-in on this goal"


@dataclass(frozen=True)
class StepSpec:
    text: str
    due_on: dt.date | None = None


# --- Who may do what (expressed with the access rule's flags) ------------------------------------


# --- Validation -----------------------------------------------------------------------------------


def _text(value: str, *, what: str, field: str, limit: int = MAX_TEXT_CHARS, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise GoalError(f"write {what} first", field=field)
    if len(value) > limit:
        raise GoalError(f"{what} is {len(value)} characters; keep it to {limit} or fewer", field=field)
    return value


def _title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise GoalError("give the goal a title", field="title")
    if len(title) > MAX_TITLE_CHARS:
        raise GoalError(
            f"the title is {len(title)} characters; keep it to {MAX_TITLE_CHARS} or fewer", field="title"
        )
    return title


def _competencies(ids: Sequence[int]) -> list[Competency]:
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if len(wanted) > MAX_COMPETENCIES:
        raise GoalError(
            f"choose at most {MAX_COMPETENCIES} competencies ({len(wanted)} chosen)", field="competencies"
        )
    found = {c.pk: c for c in Competency.objects.filter(pk__in=wanted)}
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise GoalError(f"no competency has the id {', '.join(missing)}", field="competencies")
    retired = [found[i] for i in wanted if found[i].is_retired]
    if retired:
        names = "; ".join(f"“{c}”" for c in retired)
        raise GoalError(
            f"{names} {'is' if len(retired) == 1 else 'are'} retired: choose a current competency",
            field="competencies",
        )
    return [found[i] for i in wanted]


def _step(spec: StepSpec, *, target_date: dt.date, today: dt.date, text_field: str = "steps") -> StepSpec:
    text = " ".join((spec.text or "").split())
    if not text:
        raise GoalError("write what the step is", field=text_field)
    if len(text) > MAX_STEP_CHARS:
        raise GoalError(
            f"the step “{text[:40]}…” is {len(text)} characters; keep each step to {MAX_STEP_CHARS} or fewer",
            field=text_field,
        )
    if spec.due_on is not None:
        if spec.due_on < today:
            raise GoalError(
                f"the step “{text[:60]}” is due {spec.due_on.isoformat()}, which has passed; "
                "choose today or a later date",
                field="due_on",
            )
        if spec.due_on > target_date:
            raise GoalError(
                f"the step “{text[:60]}” is due {spec.due_on.isoformat()}, after the goal's target "
                f"date {target_date.isoformat()}",
                field="due_on",
            )
    return StepSpec(text, spec.due_on)


def _open_goal(goal: Goal) -> Goal:
    """The goal as it is now in the database (locked for the transaction), so two tabs cannot race."""
    return Goal.objects.select_for_update().get(pk=goal.pk)


def _ensure_student(access: ProfileAccess, goal: Goal) -> None:
    if goal.student_id != access.student.pk:
        raise GoalError("that goal belongs to another student", code="goals.wrong_student")


# --- Services -------------------------------------------------------------------------------------


@transaction.atomic
def goal_create(
    *,
    access: ProfileAccess,
    actor: Actor,
    category: str,
    title: str,
    target_date: dt.date | None,
    why: str = "",
    steps: Sequence[StepSpec | str] = (),
    competency_ids: Sequence[int] = (),
) -> Goal:
    """The student sets a goal (active at once), or an advisor or teacher proposes one (it waits for
    the student to accept it)."""
    if access.may_write_own:
        status = Goal.Status.ACTIVE
    elif may_propose(access):
        status = Goal.Status.PROPOSED
    elif access.may_respond:
        raise GoalError("only the student, their advisors and their teachers set goals", code=FORBIDDEN)
    else:
        raise GoalError("only the student sets their own goals", code=FORBIDDEN)
    if category not in Goal.Category.values:
        raise GoalError(
            "choose a category: academic, habits, personal, or college and career", field="category"
        )
    title = _title(title)
    why = _text(why, what="why it matters", field="why", required=False)
    today = timezone.localdate()
    if target_date is None:
        raise GoalError("choose a target date", field="target_date")
    if target_date < today:
        raise GoalError(
            f"the target date {target_date.isoformat()} has passed; choose today or a later date",
            field="target_date",
        )
    specs = [s if isinstance(s, StepSpec) else StepSpec(s) for s in steps]
    specs = [s for s in specs if (s.text or "").strip()]
    if len(specs) > MAX_STEPS:
        raise GoalError(f"a goal has at most {MAX_STEPS} steps ({len(specs)} given)", field="steps")
    specs = [_step(s, target_date=target_date, today=today) for s in specs]
    competencies = _competencies(competency_ids)
    now = timezone.now()
    goal = Goal.objects.create(
        student=access.student,
        category=category,
        title=title,
        why=why,
        target_date=target_date,
        status=status,
        proposed_by=actor.user,
        proposed_by_name=name_of(actor.user),
        proposed_by_role=role_label(access, actor.user),
        created_at=now,
        accepted_at=now if status == Goal.Status.ACTIVE else None,
    )
    GoalStep.objects.bulk_create(
        [
            GoalStep(
                goal=goal,
                text=s.text,
                due_on=s.due_on,
                position=i,
                added_by=actor.user,
                added_by_name=name_of(actor.user),
                added_at=now,
            )
            for i, s in enumerate(specs, start=1)
        ]
    )
    goal.competencies.set(competencies)
    audit_record(
        actor=actor,
        action="goal.create",
        object_type="goal",
        object_id=str(goal.pk),
        student_id=access.student.pk,
        detail={
            "status": status,
            "category": category,
            "steps": len(specs),
            "competencies": [c.pk for c in competencies],
        },
    )
    return goal


@transaction.atomic
def goal_accept(*, access: ProfileAccess, goal: Goal, actor: Actor) -> Goal:
    """The student takes on a goal an adult proposed: it becomes active."""
    _ensure_student(access, goal)
    if not access.may_write_own:
        raise GoalError("only the student accepts a goal proposed to them", code=FORBIDDEN)
    goal = _open_goal(goal)
    if goal.status != Goal.Status.PROPOSED:
        raise GoalError(f"this goal is {goal.get_status_display().lower()}, not waiting to be accepted")
    if goal.target_date < timezone.localdate():
        raise GoalError(
            f"the target date {goal.target_date.isoformat()} has passed; ask "
            f"{goal.proposed_by_name} for a new date, or decline the goal"
        )
    goal.status, goal.accepted_at = Goal.Status.ACTIVE, timezone.now()
    goal.save(update_fields=["status", "accepted_at"])
    audit_record(
        actor=actor,
        action="goal.accept",
        object_type="goal",
        object_id=str(goal.pk),
        student_id=access.student.pk,
    )
    return goal


@transaction.atomic
def goal_decline(*, access: ProfileAccess, goal: Goal, actor: Actor, reason: str = "") -> Goal:
    """The student turns a proposed goal down (with a reason if they want to give one); it is set aside."""
    _ensure_student(access, goal)
    if not access.may_write_own:
        raise GoalError("only the student declines a goal proposed to them", code=FORBIDDEN)
    reason = _text(reason, what="the reason", field="reason", required=False)
    goal = _open_goal(goal)
    if goal.status != Goal.Status.PROPOSED:
        raise GoalError(f"this goal is {goal.get_status_display().lower()}, not waiting to be accepted")
    goal.status, goal.closed_at, goal.closing_reflection = Goal.Status.SET_ASIDE, timezone.now(), reason
    goal.save(update_fields=["status", "closed_at", "closing_reflection"])
    audit_record(
        actor=actor,
        action="goal.decline",
        object_type="goal",
        object_id=str(goal.pk),
        student_id=access.student.pk,
        detail={"reason_given": bool(reason)},
    )
    return goal


@transaction.atomic
def goal_step_add(
    *,
    access: ProfileAccess,
    goal: Goal,
    actor: Actor,
    text: str,
    due_on: dt.date | None = None,
) -> GoalStep:
    _ensure_student(access, goal)
    goal = _open_goal(goal)
    if not goal.is_open:
        raise GoalError(f"this goal is {goal.get_status_display().lower()}: it takes no new steps")
    if not may_plan(access, goal, actor.user):
        raise GoalError(
            "only the student (or the adult who proposed the goal, until it is accepted) adds steps",
            code=FORBIDDEN,
        )
    spec = _step(
        StepSpec(text, due_on), target_date=goal.target_date, today=timezone.localdate(), text_field="text"
    )
    if goal.steps.count() >= MAX_STEPS:
        raise GoalError(f"a goal has at most {MAX_STEPS} steps", field="text")
    last = goal.steps.aggregate(last=Max("position"))["last"] or 0
    step = GoalStep.objects.create(
        goal=goal,
        text=spec.text,
        due_on=spec.due_on,
        position=last + 1,
        added_by=actor.user,
        added_by_name=name_of(actor.user),
        added_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="goal.step_add",
        object_type="goal_step",
        object_id=str(step.pk),
        student_id=access.student.pk,
        detail={"goal": goal.pk},
    )
    return step


@transaction.atomic
def goal_step_done(*, access: ProfileAccess, step: GoalStep, actor: Actor) -> GoalStep:
    goal = _open_goal(step.goal)
    _ensure_student(access, goal)
    if not goal.is_open:
        raise GoalError(f"this goal is {goal.get_status_display().lower()}: its steps are settled")
    if not may_plan(access, goal, actor.user):
        raise GoalError(
            "only the student (or the adult who proposed the goal, until it is accepted) ticks off steps",
            code=FORBIDDEN,
        )
    step = GoalStep.objects.select_for_update().get(pk=step.pk)
    if step.done_on is not None:
        raise GoalError(f"the step “{step.text}” was already done on {step.done_on.isoformat()}")
    step.done_on = timezone.localdate()
    step.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        action="goal.step_done",
        object_type="goal_step",
        object_id=str(step.pk),
        student_id=access.student.pk,
        detail={"goal": goal.pk},
    )
    return step


@transaction.atomic
def goal_checkin(
    *,
    access: ProfileAccess,
    goal: Goal,
    actor: Actor,
    text: str,
    progress: int | None = None,
    advisor_only: bool = False,
) -> CheckIn:
    """The student reflects on an active goal: how it is going (1-4) and what they think."""
    _ensure_student(access, goal)
    if not access.may_write_own:
        raise GoalError(
            "only the student checks in on their own goal; adults respond to a check-in", code=FORBIDDEN
        )
    goal = _open_goal(goal)
    if goal.status != Goal.Status.ACTIVE:
        raise GoalError(f"this goal is {goal.get_status_display().lower()}: check in on an active goal")
    if progress is not None and progress not in CheckIn.Progress.values:
        raise GoalError("choose how it is going from 1 (stuck) to 4 (going great)", field="progress")
    text = _text(text, what="your check-in", field="text")
    checkin = CheckIn.objects.create(
        goal=goal,
        author=actor.user,
        author_name=name_of(actor.user),
        author_role="student",
        text=text,
        progress=progress,
        advisor_only=bool(advisor_only),
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="goal.checkin",
        object_type="goal_checkin",
        object_id=str(checkin.pk),
        student_id=access.student.pk,
        detail={"goal": goal.pk, "progress": progress, "advisor_only": bool(advisor_only)},
    )
    return checkin


@transaction.atomic
def goal_respond(*, access: ProfileAccess, checkin: CheckIn, actor: Actor, text: str) -> CheckIn:
    """An adult who works with the student answers one of the student's reflections they can see."""
    goal = checkin.goal
    _ensure_student(access, goal)
    if not access.may_respond:
        raise GoalError(
            "only the student's teachers, advisors and school staff respond to a check-in", code=FORBIDDEN
        )
    if checkin.responds_to_id is not None:
        raise GoalError("respond to the student's check-in, not to another response")
    if not may_see_checkin(access, checkin):
        # Said the same way as a check-in that does not exist: the mark itself is private.
        raise GoalError(NO_SUCH_CHECKIN, code="goals.not_found")
    text = _text(text, what="your response", field="text")
    response = CheckIn.objects.create(
        goal=goal,
        author=actor.user,
        author_name=name_of(actor.user),
        author_role=role_label(access, actor.user),
        text=text,
        responds_to=checkin,
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="goal.respond",
        object_type="goal_checkin",
        object_id=str(response.pk),
        student_id=access.student.pk,
        detail={"goal": goal.pk, "responds_to": checkin.pk},
    )
    return response


@transaction.atomic
def goal_close(
    *,
    access: ProfileAccess,
    goal: Goal,
    actor: Actor,
    outcome: str,
    reflection: str,
) -> Goal:
    """The student closes an active goal as achieved or set aside, saying what they learned."""
    _ensure_student(access, goal)
    if not access.may_write_own:
        raise GoalError("only the student closes their own goal", code=FORBIDDEN)
    if outcome not in Goal.CLOSED:
        raise GoalError("choose whether the goal was achieved or set aside", field="outcome")
    reflection = _text(reflection, what="a closing reflection", field="reflection")
    goal = _open_goal(goal)
    if goal.status != Goal.Status.ACTIVE:
        raise GoalError(f"this goal is {goal.get_status_display().lower()}: only an active goal is closed")
    goal.status, goal.closed_at, goal.closing_reflection = outcome, timezone.now(), reflection
    goal.save(update_fields=["status", "closed_at", "closing_reflection"])
    audit_record(
        actor=actor,
        action="goal.close",
        object_type="goal",
        object_id=str(goal.pk),
        student_id=access.student.pk,
        detail={"outcome": outcome},
    )
    return goal
