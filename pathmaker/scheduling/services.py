"""Changing a school's flex schedule: its set-up, workshops, preferences, solves, edits, publishing, attendance.

Each service is one transaction with its audit row and takes the `actor`; who may act is checked here
(with `scheduling/access.py`), so the API, the pages, the job and the demo cannot disagree; a refusal is a
`SchedulingError` with a stable code. `schedule_solve` runs the solver outside the transaction (it may
take a minute) and stores its week in one; `schedule_solve_enqueue` runs it in the worker as a job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.frameworks.models import Competency
from pathmaker.jobs.models import Job
from pathmaker.jobs.services import job_create
from pathmaker.rostering.models import Org, Person
from pathmaker.scheduling import access, selectors, solving, tasks
from pathmaker.scheduling.errors import FORBIDDEN, NOT_FOUND, SchedulingError
from pathmaker.scheduling.models import (
    FlexAttendance,
    FlexBlock,
    FlexSettings,
    FlexWeek,
    Placement,
    Requirement,
    Room,
    Schedule,
    StaffAvailability,
    StudentPreference,
    Workshop,
)

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 2000
MAX_PREFERENCES = 5
MAX_CAPACITY = 500
FEATURE_CHARS = 40


__all__ = ["SchedulingError"]

_name = solving.actor_name
_may = solving.may
_require_runner = solving.require_runner


def _text(value: str, *, what: str, field: str, limit: int = MAX_TEXT_CHARS, required: bool = True) -> str:
    value = " ".join((value or "").split()) if limit <= MAX_TITLE_CHARS else (value or "").strip()
    if required and not value:
        raise SchedulingError(f"write {what}", code="scheduling.text_required", field=field)
    if len(value) > limit:
        raise SchedulingError(
            f"keep {what} to {limit} characters", code="scheduling.text_too_long", field=field
        )
    return value


def _features(values: Sequence[str], *, field: str) -> list[str]:
    found = sorted({" ".join(str(v).split()).lower().replace(" ", "_") for v in values if str(v).strip()})
    if any(len(f) > FEATURE_CHARS for f in found):
        raise SchedulingError(
            f"keep each feature to {FEATURE_CHARS} characters",
            code="scheduling.feature_too_long",
            field=field,
        )
    return found


def _count(value: int, *, what: str, field: str, low: int = 1, high: int = MAX_CAPACITY) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise SchedulingError(
            f"{what} must be a whole number from {low} to {high}", code="scheduling.out_of_range", field=field
        )
    return value


# --- The school's set-up --------------------------------------------------------------------------


@transaction.atomic
def flex_settings_set(
    *, school: Org, threshold: float, study_hall_capacity: int | None, recency_days: int = 14, actor: Actor
) -> FlexSettings:
    _require_runner(actor, school)
    low, high = _scale()
    if not low <= float(threshold) <= high:
        raise SchedulingError(
            f"the threshold must be on the scale, {low:g} to {high:g}",
            code="scheduling.out_of_range",
            field="threshold",
        )
    if study_hall_capacity is not None:
        _count(
            study_hall_capacity,
            what="the study hall's capacity",
            field="study_hall_capacity",
            low=0,
            high=100_000,
        )
    _count(recency_days, what="the recency window", field="recency_days", high=365)
    found, _ = FlexSettings.objects.update_or_create(
        school=school,
        defaults={
            "threshold": float(threshold),
            "study_hall_capacity": study_hall_capacity,
            "recency_days": recency_days,
            "updated_by_name": _name(actor),
            "updated_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action="scheduling.settings_set",
        object_type="flex_settings",
        object_id=str(found.pk),
        detail={
            "school": school.pk,
            "threshold": found.threshold,
            "study_hall_capacity": study_hall_capacity,
        },
    )
    return found


def _scale() -> tuple[float, float]:
    """The default proficiency scale's bounds (the threshold is a level on it)."""
    low, high = settings.PATHMAKER_DEFAULT_SCALE_RANGE
    return float(low), float(high)


@transaction.atomic
def flex_block_add(
    *, school: Org, weekday: int, starts_at: dt.time, minutes: int, label: str = "", actor: Actor
) -> FlexBlock:
    _require_runner(actor, school)
    if weekday not in FlexBlock.Weekday.values:
        raise SchedulingError(
            "choose a weekday, Monday to Friday", code="scheduling.weekday", field="weekday"
        )
    _count(minutes, what="the block's minutes", field="minutes", high=240)
    label = _text(label, what="the label", field="label", limit=60, required=False)
    try:
        with transaction.atomic():
            block = FlexBlock.objects.create(
                school=school, weekday=weekday, starts_at=starts_at, minutes=minutes, label=label
            )
    except IntegrityError:
        raise SchedulingError(
            "the school already has a block at that time", code="scheduling.block_exists", field="starts_at"
        ) from None
    audit_record(
        actor=actor,
        action="scheduling.block_add",
        object_type="flex_block",
        object_id=str(block.pk),
        detail={
            "school": school.pk,
            "weekday": weekday,
            "starts_at": starts_at.isoformat(),
            "minutes": minutes,
        },
    )
    return block


@transaction.atomic
def flex_block_remove(*, block: FlexBlock, actor: Actor) -> None:
    _require_runner(actor, block.school)
    if Placement.objects.filter(block=block, schedule__status=Schedule.Status.PUBLISHED).exists():
        raise SchedulingError(
            "a published schedule places students in this block", code="scheduling.block_in_use"
        )
    audit_record(
        actor=actor,
        action="scheduling.block_remove",
        object_type="flex_block",
        object_id=str(block.pk),
        detail={"school": block.school_id, "label": str(block)},
    )
    block.delete()


@transaction.atomic
def room_save(
    *,
    school: Org,
    name: str,
    capacity: int,
    features: Sequence[str] = (),
    room: Room | None = None,
    actor: Actor,
) -> Room:
    """Add a room (`room` None) or change one of the school's rooms."""
    _require_runner(actor, school)
    if room is not None and room.school_id != school.pk:
        raise SchedulingError("that room is not at this school", code=NOT_FOUND)
    name = _text(name, what="the room's name", field="name", limit=120)
    _count(capacity, what="the capacity", field="capacity")
    found = room or Room(school=school)
    found.name, found.capacity, found.features = name, capacity, _features(features, field="features")
    try:
        with transaction.atomic():
            found.save()
    except IntegrityError:
        raise SchedulingError(
            "the school has a room of that name", code="scheduling.room_exists", field="name"
        ) from None
    audit_record(
        actor=actor,
        action="scheduling.room_save",
        object_type="room",
        object_id=str(found.pk),
        detail={"school": school.pk, "name": name, "capacity": capacity, "features": found.features},
    )
    return found


@transaction.atomic
def staff_availability_set(
    *, school: Org, person: Person, block_ids: Sequence[int], actor: Actor
) -> list[StaffAvailability]:
    """The blocks the staff member is free to lead in (replacing what was set)."""
    _require_runner(actor, school)
    if not access.is_staff_of(person.pk, school):
        raise SchedulingError(
            "only the school's teachers lead workshops", code="scheduling.not_staff", field="person"
        )
    blocks = list(FlexBlock.objects.filter(school=school, pk__in=list(block_ids)))
    if len(blocks) != len(set(block_ids)):
        raise SchedulingError("choose blocks of this school", code="scheduling.unknown_block", field="blocks")
    StaffAvailability.objects.filter(person=person, block__school=school).delete()
    rows = StaffAvailability.objects.bulk_create([StaffAvailability(person=person, block=b) for b in blocks])
    audit_record(
        actor=actor,
        action="scheduling.availability_set",
        object_type="person",
        object_id=str(person.pk),
        detail={"school": school.pk, "blocks": sorted(b.pk for b in blocks)},
    )
    return rows


def flex_week_open(*, school: Org, week_start: dt.date, actor: Actor) -> FlexWeek:
    """The week (of any of its days) for workshops and a schedule; made (and audited) on first use."""
    if not _may(actor, lambda user: access.may_offer_workshop(user, school)):
        raise SchedulingError("only the school's staff plan its flex weeks", code=FORBIDDEN)
    return solving.week_open(school=school, week_start=week_start, actor=actor)


# --- Workshops, requirements, preferences --------------------------------------------------------


@transaction.atomic
def workshop_offer(
    *,
    week: FlexWeek,
    title: str,
    leader: Person,
    capacity: int,
    competency_ids: Sequence[int],
    kind: str = Workshop.Kind.INTERVENTION,
    room_features: Sequence[str] = (),
    block_ids: Sequence[int] = (),
    required_below: float | None = None,
    priority: int = 2,
    description: str = "",
    actor: Actor,
) -> Workshop:
    school = week.school
    if not _may(actor, lambda user: access.may_offer_workshop(user, school)):
        raise SchedulingError("only the school's staff offer workshops", code=FORBIDDEN)
    runs_it = actor.is_system or (actor.user is not None and access.may_run_schedule(actor.user, school))
    if not runs_it and (actor.user is None or actor.user.person_id != leader.pk):
        raise SchedulingError("a teacher offers workshops they lead", code=FORBIDDEN, field="leader")
    if not access.is_staff_of(leader.pk, school):
        raise SchedulingError(
            "the leader must teach at the school", code="scheduling.not_staff", field="leader"
        )
    if kind not in Workshop.Kind.values:
        raise SchedulingError("choose the kind of workshop", code="scheduling.kind", field="kind")
    title = _text(title, what="a title", field="title", limit=MAX_TITLE_CHARS)
    _count(capacity, what="the capacity", field="capacity")
    _count(priority, what="the priority", field="priority", high=3)
    competencies = list(Competency.objects.filter(pk__in=list(competency_ids), is_retired=False))
    if len(competencies) != len(set(competency_ids)):
        raise SchedulingError(
            "choose competencies of the district's frameworks",
            code="scheduling.unknown_competency",
            field="competencies",
        )
    if kind == Workshop.Kind.INTERVENTION and not competencies:
        raise SchedulingError(
            "an intervention works on at least one competency",
            code="scheduling.no_competency",
            field="competencies",
        )
    if required_below is not None:
        low, high = _scale()
        if not competencies or not low < float(required_below) <= high:
            raise SchedulingError(
                f"required below needs competencies and a level from {low:g} to {high:g}",
                code="scheduling.out_of_range",
                field="required_below",
            )
    blocks = list(FlexBlock.objects.filter(school=school, pk__in=list(block_ids)))
    if len(blocks) != len(set(block_ids)):
        raise SchedulingError("choose blocks of this school", code="scheduling.unknown_block", field="blocks")
    workshop = Workshop.objects.create(
        week=week,
        title=title,
        description=_text(description, what="the description", field="description", required=False),
        kind=kind,
        leader=leader,
        capacity=capacity,
        room_features=_features(room_features, field="room_features"),
        required_below=None if required_below is None else float(required_below),
        priority=priority,
        created_by_name=_name(actor),
        created_at=timezone.now(),
    )
    workshop.competencies.set(competencies)
    workshop.blocks.set(blocks)
    audit_record(
        actor=actor,
        action="scheduling.workshop_offer",
        object_type="workshop",
        object_id=str(workshop.pk),
        detail={"week": week.pk, "title": title, "leader": leader.pk, "capacity": capacity},
    )
    return workshop


@transaction.atomic
def workshop_withdraw(*, workshop: Workshop, actor: Actor) -> None:
    if not _may(actor, lambda user: access.may_change_workshop(user, workshop)):
        raise SchedulingError("only its leader and the school's leaders withdraw a workshop", code=FORBIDDEN)
    if Placement.objects.filter(workshop=workshop, schedule__status=Schedule.Status.PUBLISHED).exists():
        raise SchedulingError(
            "a published schedule places students in it: move them first", code="scheduling.workshop_in_use"
        )
    audit_record(
        actor=actor,
        action="scheduling.workshop_withdraw",
        object_type="workshop",
        object_id=str(workshop.pk),
        detail={"week": workshop.week_id, "title": workshop.title},
    )
    workshop.delete()


@transaction.atomic
def requirement_set(
    *, workshop: Workshop, student: Person, priority: int = 1, note: str = "", actor: Actor
) -> Requirement:
    """A teacher requires one student to attend the workshop (at a priority: 1 must hold)."""
    if not _may(actor, lambda user: access.may_change_workshop(user, workshop)):
        raise SchedulingError("only its leader and the school's leaders require students", code=FORBIDDEN)
    if student.pk not in set(selectors.school_student_ids(workshop.week.school)):
        raise SchedulingError(
            "the student is not at this school", code="scheduling.not_a_student", field="student"
        )
    _count(priority, what="the priority", field="priority", high=3)
    found, _ = Requirement.objects.update_or_create(
        workshop=workshop,
        student=student,
        defaults={
            "priority": priority,
            "note": _text(note, what="the note", field="note", required=False),
            "set_by_name": _name(actor),
            "set_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action="scheduling.requirement_set",
        object_type="requirement",
        object_id=str(found.pk),
        student_id=student.pk,
        detail={"workshop": workshop.pk, "priority": priority},
    )
    return found


@transaction.atomic
def requirement_remove(*, requirement: Requirement, actor: Actor) -> None:
    if not _may(actor, lambda user: access.may_change_workshop(user, requirement.workshop)):
        raise SchedulingError("only its leader and the school's leaders change requirements", code=FORBIDDEN)
    audit_record(
        actor=actor,
        action="scheduling.requirement_remove",
        object_type="requirement",
        object_id=str(requirement.pk),
        student_id=requirement.student_id,
        detail={"workshop": requirement.workshop_id},
    )
    requirement.delete()


@transaction.atomic
def preferences_set(
    *, week: FlexWeek, student: Person, workshop_ids: Sequence[int], actor: Actor
) -> list[StudentPreference]:
    """The student's enrichment choices for the week, first choice first (replacing earlier ones)."""
    if not _may(actor, lambda user: access.may_choose_for(user, student)):
        raise SchedulingError("students choose their own workshops", code=FORBIDDEN)
    ids = list(dict.fromkeys(workshop_ids))
    if len(ids) > MAX_PREFERENCES:
        raise SchedulingError(
            f"choose up to {MAX_PREFERENCES} workshops", code="scheduling.too_many", field="workshops"
        )
    found = {w.pk: w for w in Workshop.objects.filter(week=week, pk__in=ids)}
    if len(found) != len(ids):
        raise SchedulingError(
            "choose workshops of this week", code="scheduling.unknown_workshop", field="workshops"
        )
    StudentPreference.objects.filter(student=student, workshop__week=week).delete()
    now = timezone.now()
    rows = StudentPreference.objects.bulk_create(
        [
            StudentPreference(student=student, workshop=found[w], rank=rank, created_at=now)
            for rank, w in enumerate(ids, 1)
        ]
    )
    audit_record(
        actor=actor,
        action="scheduling.preferences_set",
        object_type="flex_week",
        object_id=str(week.pk),
        student_id=student.pk,
        detail={"workshops": ids},
    )
    return rows


# --- Solving --------------------------------------------------------------------------------------


def schedule_solve(
    *,
    school: Org,
    week_start: dt.date,
    actor: Actor,
    time_limit: float = 20.0,
    progress: Callable[[float, str], None] | None = None,
) -> Schedule:
    """Solve the week from the latest mastery and store it as a draft (older drafts are replaced); an
    infeasible week is stored too, with what to relax. The solve runs outside any transaction; the
    schedule, its placements and the audit row are one (`solving.solve_week`)."""
    return solving.solve_week(
        school=school, week_start=week_start, actor=actor, time_limit=time_limit, progress=progress
    )


def schedule_solve_enqueue(
    *, school: Org, week_start: dt.date, actor: Actor, time_limit: float = 60.0
) -> Job:
    """Solve in the worker; the job's progress says how far through its time the solver is."""
    _require_runner(actor, school)
    with transaction.atomic():
        job = job_create(kind="scheduling_solve", actor=actor)
        audit_record(
            actor=actor,
            action="scheduling.schedule_solve_queued",
            object_type="job",
            object_id=str(job.pk),
            detail={"school": school.pk, "week_start": week_start.isoformat(), "time_limit": time_limit},
        )
        transaction.on_commit(
            lambda: tasks.schedule_solve_task(job.pk, school.pk, week_start.isoformat(), time_limit)
        )
    return job


# --- Editing and publishing ----------------------------------------------------------------------


def _editable(placement: Placement, actor: Actor) -> Schedule:
    schedule = placement.schedule
    _require_runner(actor, schedule.week.school)
    if schedule.status == Schedule.Status.SUPERSEDED:
        raise SchedulingError("this schedule was replaced by a newer one", code="scheduling.superseded")
    return schedule


@transaction.atomic
def placement_lock(*, placement: Placement, locked: bool, actor: Actor) -> Placement:
    """Lock a placement (a re-solve keeps it) or unlock it."""
    _editable(placement, actor)
    placement.locked = bool(locked)
    placement.changed_by_name, placement.changed_at = _name(actor), timezone.now()
    placement.save(update_fields=["locked", "changed_by_name", "changed_at"])
    audit_record(
        actor=actor,
        action="scheduling.placement_lock" if locked else "scheduling.placement_unlock",
        object_type="placement",
        object_id=str(placement.pk),
        student_id=placement.student_id,
        detail={"schedule": placement.schedule_id, "block": placement.block_id},
    )
    return placement


@transaction.atomic
def placement_move(
    *, placement: Placement, workshop: Workshop | None, actor: Actor, room: Room | None = None
) -> Placement:
    """Move a student, in one block, to another workshop (None: the study hall); the move is locked, so a
    re-solve keeps it. The workshop must be offered in the block, its leader free, and a seat left."""
    schedule = _editable(placement, actor)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    block = placement.block
    if workshop is None:
        room = None
    else:
        if workshop.week_id != schedule.week_id:
            raise SchedulingError(
                "choose a workshop of this week", code="scheduling.unknown_workshop", field="workshop"
            )
        offered = set(workshop.blocks.values_list("pk", flat=True))
        if offered and block.pk not in offered:
            raise SchedulingError(
                "the workshop is not offered in this block", code="scheduling.not_offered", field="workshop"
            )
        if not StaffAvailability.objects.filter(person_id=workshop.leader_id, block=block).exists():
            raise SchedulingError(
                "its leader is not available in this block",
                code="scheduling.leader_unavailable",
                field="workshop",
            )
        elsewhere = Placement.objects.filter(
            schedule=schedule, block=block, workshop__leader_id=workshop.leader_id
        ).exclude(workshop=workshop)
        if elsewhere.exists():
            raise SchedulingError(
                "its leader runs another workshop in this block",
                code="scheduling.leader_busy",
                field="workshop",
            )
        if (
            Placement.objects.filter(schedule=schedule, student_id=placement.student_id, workshop=workshop)
            .exclude(pk=placement.pk)
            .exists()
        ):
            raise SchedulingError(
                "the student attends it in another block", code="scheduling.already_attends", field="workshop"
            )
        room = _room_for(schedule, workshop, block, room)
        seats = min(workshop.capacity, room.capacity)
        taken = (
            Placement.objects.filter(schedule=schedule, block=block, workshop=workshop)
            .exclude(pk=placement.pk)
            .count()
        )
        if taken >= seats:
            raise SchedulingError(
                "the workshop is full in this block", code="scheduling.full", field="workshop"
            )
    before = {"workshop": placement.workshop_id, "room": placement.room_id}
    placement.workshop, placement.room = workshop, room
    placement.competency = None
    placement.reason_code = "manual" if workshop is not None else "study_hall"
    placement.reason_values = {"by": _name(actor)}
    placement.locked = True
    placement.source = Placement.Source.MANUAL
    placement.changed_by_name, placement.changed_at = _name(actor), timezone.now()
    placement.save()
    audit_record(
        actor=actor,
        action="scheduling.placement_move",
        object_type="placement",
        object_id=str(placement.pk),
        student_id=placement.student_id,
        detail={
            "schedule": schedule.pk,
            "block": block.pk,
            "from": before,
            "to": {"workshop": workshop.pk if workshop else None, "room": room.pk if room else None},
        },
    )
    return placement


def _room_for(schedule: Schedule, workshop: Workshop, block: FlexBlock, asked: Room | None) -> Room:
    """The room the workshop already has in the block, else the asked room, else the free room of the
    school with its features that fits it best."""
    held = (
        Placement.objects.filter(schedule=schedule, block=block, workshop=workshop, room__isnull=False)
        .select_related("room")
        .first()
    )
    if held is not None and held.room is not None:
        if asked is not None and asked.pk != held.room_id:
            raise SchedulingError(
                "the workshop meets in another room in this block", code="scheduling.room_taken", field="room"
            )
        return held.room
    busy = set(
        Placement.objects.filter(schedule=schedule, block=block, room__isnull=False)
        .exclude(workshop=workshop)
        .values_list("room_id", flat=True)
    )
    needed = set(workshop.room_features or [])
    rooms = [
        r
        for r in Room.objects.filter(school=schedule.week.school, is_active=True)
        if needed <= set(r.features or []) and r.pk not in busy
    ]
    if asked is not None:
        if asked not in rooms:
            raise SchedulingError(
                "that room is taken or lacks what the workshop needs",
                code="scheduling.room_taken",
                field="room",
            )
        return asked
    if not rooms:
        raise SchedulingError(
            "no free room has what the workshop needs", code="scheduling.no_room", field="room"
        )
    return min(
        rooms, key=lambda r: (r.capacity < workshop.capacity, abs(r.capacity - workshop.capacity), r.pk)
    )


@transaction.atomic
def schedule_publish(*, schedule: Schedule, actor: Actor) -> Schedule:
    """Publish a draft: students, families and leaders see it; the week's earlier published one is replaced."""
    _require_runner(actor, schedule.week.school)
    schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
    if schedule.status != Schedule.Status.DRAFT:
        raise SchedulingError("only a draft is published", code="scheduling.not_a_draft")
    if schedule.is_infeasible or not schedule.placements.exists():
        raise SchedulingError(
            "this solve has no schedule to publish: relax what it names and solve again",
            code="scheduling.nothing_to_publish",
        )
    Schedule.objects.filter(week=schedule.week, status=Schedule.Status.PUBLISHED).update(
        status=Schedule.Status.SUPERSEDED
    )
    schedule.status = Schedule.Status.PUBLISHED
    schedule.published_by_name, schedule.published_at = _name(actor), timezone.now()
    schedule.save(update_fields=["status", "published_by_name", "published_at"])
    counts = dict(
        schedule.placements.values_list("source").annotate(n=Count("id")).values_list("source", "n")
    )
    audit_record(
        actor=actor,
        action="scheduling.schedule_publish",
        object_type="schedule",
        object_id=str(schedule.pk),
        detail={"week": schedule.week_id, "placements": counts, "based_on": schedule.based_on_id},
    )
    return schedule


@transaction.atomic
def attendance_record(*, placement: Placement, mark: str, actor: Actor) -> FlexAttendance:
    """The workshop's leader (or a school leader) marks a student present, absent or late."""
    if not _may(actor, lambda user: access.may_take_attendance(user, placement)):
        raise SchedulingError("only the workshop's leader takes its attendance", code=FORBIDDEN)
    if placement.workshop_id is None:
        raise SchedulingError("attendance is taken in workshops", code="scheduling.not_a_workshop")
    if placement.schedule.status != Schedule.Status.PUBLISHED:
        raise SchedulingError(
            "attendance is taken on the published schedule", code="scheduling.not_published"
        )
    if mark not in FlexAttendance.Mark.values:
        raise SchedulingError("choose present, absent or late", code="scheduling.mark", field="mark")
    found, _ = FlexAttendance.objects.update_or_create(
        placement=placement,
        defaults={
            "mark": mark,
            "recorded_by": actor.user,
            "recorded_by_name": _name(actor),
            "at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action="scheduling.attendance_record",
        object_type="placement",
        object_id=str(placement.pk),
        student_id=placement.student_id,
        detail={"mark": mark, "workshop": placement.workshop_id, "block": placement.block_id},
    )
    return found
