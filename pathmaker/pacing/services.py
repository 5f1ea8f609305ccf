"""Changing pacing: guides, days off, deadlines and extension requests.

Each service is one transaction with one audit row and takes the `actor`. Who may act is checked here
too (with `pacing/access.py`), so the API, the pages and the demo cannot disagree; a refusal is a
`PacingError` with a stable code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from pathmaker.access import scope
from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.frameworks.models import Competency
from pathmaker.lib.errors import DomainError
from pathmaker.pacing import access, selectors
from pathmaker.pacing.models import DayOff, Deadline, ExtensionRequest, PacingGuide, PacingTarget
from pathmaker.pacing.signals import pace_changed
from pathmaker.rostering.models import AcademicSession, Course, Enrollment, Org, Person, Section

MAX_WEEKS = Decimal("40")
MAX_TEXT_CHARS = 2000
MAX_NAME_CHARS = 120


class PacingError(DomainError):
    """A pacing change that cannot be made as asked: `code` names the rule, `field` the form field."""

    code = "pacing.invalid"


FORBIDDEN = "pacing.forbidden"


def _name(actor: Actor) -> str:
    return actor.display_name


def _may(actor: Actor, check: Callable[[Any], bool]) -> bool:
    """System work (the demo, an import) acts for the district; a person acts within their own reach."""
    return actor.is_system or (actor.user is not None and check(actor.user))


def _text(value: str, *, what: str, field: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise PacingError(f"write {what}", code="pacing.text_required", field=field)
    if len(value) > MAX_TEXT_CHARS:
        raise PacingError(
            f"{what} is {len(value)} characters; keep it to {MAX_TEXT_CHARS} or fewer",
            code="pacing.text_too_long",
            field=field,
        )
    return value


# --- The pacing guide -----------------------------------------------------------------------------------


def _weeks(value: Any, competency: Competency) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        weeks = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise PacingError(
            f"the weeks for {competency.human_coding_scheme or competency.pk} are not a number",
            code="pacing.weeks_not_a_number",
            field=f"weeks_{competency.pk}",
        ) from None
    if not Decimal("0.1") <= weeks <= MAX_WEEKS:
        raise PacingError(
            f"give each competency between 0.1 and {MAX_WEEKS} school weeks ({weeks} given)",
            code="pacing.weeks_out_of_range",
            field=f"weeks_{competency.pk}",
        )
    return weeks


@transaction.atomic
def pacing_guide_set(
    *, course: Course, term: AcademicSession, weeks: Mapping[int, Any], actor: Actor
) -> PacingGuide:
    """Set the target school weeks of each of the course's competencies in one term (blank: no target)."""
    if not _may(actor, lambda user: access.may_edit_guide(user, course)):
        raise PacingError(
            "only the course's teachers and its school's leaders set its pacing guide", code=FORBIDDEN
        )
    if term.session_type not in selectors.PACED_TYPES:
        raise PacingError(
            "choose a term, a semester or a school year", code="pacing.not_a_term", field="term"
        )
    competencies = selectors.course_competencies(course)
    unknown = set(weeks) - {c.pk for c in competencies}
    if unknown:
        raise PacingError(
            f"competency {sorted(unknown)[0]} is not one of the course's",
            code="pacing.not_in_course",
            field="weeks",
        )
    targets = [(c, w) for c in competencies if (w := _weeks(weeks.get(c.pk), c)) is not None]
    if not targets:
        raise PacingError("give at least one competency its weeks", code="pacing.guide_empty", field="weeks")
    guide, _ = PacingGuide.objects.update_or_create(
        course=course, term=term, defaults={"updated_by_name": _name(actor), "updated_at": timezone.now()}
    )
    guide.targets.all().delete()
    PacingTarget.objects.bulk_create(
        [PacingTarget(guide=guide, competency=c, weeks=w, position=i) for i, (c, w) in enumerate(targets)]
    )
    total = sum((w for _, w in targets), Decimal(0))
    audit_record(
        actor=actor,
        action="pacing.guide_set",
        object_type="pacing_guide",
        object_id=str(guide.pk),
        detail={"course": course.pk, "term": term.pk, "targets": len(targets), "weeks": str(total)},
    )
    pace_changed.send(sender=PacingGuide, student_ids=None, course_id=course.pk)
    return guide


# --- Days off -----------------------------------------------------------------------------------------


@transaction.atomic
def day_off_add(*, school: Org, on: dt.date | None, name: str, actor: Actor) -> DayOff:
    if not _may(actor, lambda user: access.may_edit_days_off(user, school)):
        raise PacingError("only the school's leaders keep its calendar", code=FORBIDDEN)
    if on is None:
        raise PacingError("choose the day", code="pacing.date_required", field="on")
    name = " ".join((name or "").split())
    if not name:
        raise PacingError("say what the day is", code="pacing.text_required", field="name")
    if len(name) > MAX_NAME_CHARS:
        raise PacingError(
            f"keep the name to {MAX_NAME_CHARS} characters", code="pacing.text_too_long", field="name"
        )
    if on.weekday() >= 5:
        raise PacingError(
            f"{on.isoformat()} is a weekend day: it is never a school day", code="pacing.weekend", field="on"
        )
    try:
        with transaction.atomic():
            day = DayOff.objects.create(school=school, on=on, name=name, created_at=timezone.now())
    except IntegrityError:
        raise PacingError(
            f"{on.isoformat()} is already a day off at {school.name}",
            code="pacing.day_off_exists",
            field="on",
        ) from None
    audit_record(
        actor=actor,
        action="pacing.day_off_add",
        object_type="day_off",
        object_id=str(day.pk),
        detail={"school": school.pk, "on": on.isoformat()},
    )
    pace_changed.send(sender=DayOff, student_ids=None, course_id=None)
    return day


@transaction.atomic
def day_off_remove(*, day: DayOff, actor: Actor) -> None:
    if not _may(actor, lambda user: access.may_edit_days_off(user, day.school)):
        raise PacingError("only the school's leaders keep its calendar", code=FORBIDDEN)
    audit_record(
        actor=actor,
        action="pacing.day_off_remove",
        object_type="day_off",
        object_id=str(day.pk),
        detail={"school": day.school_id, "on": day.on.isoformat()},
    )
    day.delete()
    pace_changed.send(sender=DayOff, student_ids=None, course_id=None)


# --- Deadlines ----------------------------------------------------------------------------------------


def _course_competency(course: Course, competency_id: int) -> Competency:
    competency = (
        Competency.objects.filter(pk=competency_id, course_links__course=course, is_retired=False)
        .select_related("framework")
        .first()
    )
    if competency is None:
        raise PacingError(
            "choose one of the course's competencies", code="pacing.not_in_course", field="competency"
        )
    return competency


def _section_of(student: Person, course: Course) -> Section:
    enrollment = (
        Enrollment.objects.filter(
            person=student, role="student", is_active=True, section__is_active=True, section__course=course
        )
        .select_related("section")
        .first()
    )
    if enrollment is None:
        raise PacingError("the student is not in a section of this course", code="pacing.not_enrolled")
    return enrollment.section


def _check_date(due_on: dt.date | None, *, today: dt.date, field: str = "due_on") -> dt.date:
    if due_on is None:
        raise PacingError("choose the date", code="pacing.date_required", field=field)
    if due_on < today:
        raise PacingError(
            f"{due_on.isoformat()} has passed; choose today or a later date",
            code="pacing.date_passed",
            field=field,
        )
    return due_on


@transaction.atomic
def soft_deadline_set(
    *, student: Person, course: Course, competency_id: int, due_on: dt.date | None, actor: Actor
) -> Deadline:
    """The student sets (or accepts the guide's) personal target date for one competency; again moves it."""
    relation = scope.relation_to(actor.user, student.pk)
    if relation.student is None or not access.may_set_own_targets(relation):
        raise PacingError("only the student sets their own targets", code=FORBIDDEN)
    due_on = _check_date(due_on, today=timezone.localdate())
    competency = _course_competency(course, competency_id)
    section = _section_of(student, course)
    now = timezone.now()
    deadline, created = Deadline.objects.select_for_update().get_or_create(
        student=student,
        course=course,
        competency=competency,
        kind=Deadline.Kind.SOFT,
        defaults={
            "section": section,
            "due_on": due_on,
            "first_due_on": due_on,
            "set_by": actor.user,
            "set_by_name": _name(actor),
            "set_at": now,
        },
    )
    before = None if created else deadline.due_on.isoformat()
    if not created:
        deadline.due_on, deadline.set_at = due_on, now
        deadline.save(update_fields=["due_on", "set_at"])
    audit_record(
        actor=actor,
        action="pacing.soft_deadline_set",
        object_type="deadline",
        object_id=str(deadline.pk),
        student_id=student.pk,
        detail={"competency": competency.pk, "due_on": due_on.isoformat(), "before": before},
    )
    pace_changed.send(sender=Deadline, student_ids=[student.pk], course_id=course.pk)
    return deadline


@transaction.atomic
def hard_deadline_set(
    *,
    section: Section,
    competency_id: int,
    due_on: dt.date | None,
    actor: Actor,
    student: Person | None = None,
) -> list[Deadline]:
    """A teacher fixes the date for one competency, for the whole section or one of its students.

    A student's own hard deadline stays as it is when the section's date is set again; an extension is
    the only other way a hard date moves."""
    if not _may(actor, lambda user: access.may_manage_section(user, section)):
        raise PacingError(
            "only the section's teachers and its school's leaders set hard deadlines", code=FORBIDDEN
        )
    if section.course is None:
        raise PacingError("this section has no course", code="pacing.no_course")
    due_on = _check_date(due_on, today=timezone.localdate())
    competency = _course_competency(section.course, competency_id)
    students = selectors.section_students(section)
    if student is not None:
        if student.pk not in {s.pk for s in students}:
            raise PacingError(
                "the student is not in this section", code="pacing.not_enrolled", field="student"
            )
        students = [student]
    existing = {
        d.student_id: d
        for d in Deadline.objects.select_for_update().filter(
            course=section.course, competency=competency, kind=Deadline.Kind.HARD, student__in=students
        )
    }
    now, name, changed = timezone.now(), _name(actor), []
    for person in students:
        deadline = existing.get(person.pk)
        if deadline is None:
            deadline = Deadline(
                student=person,
                section=section,
                course=section.course,
                competency=competency,
                kind=Deadline.Kind.HARD,
                first_due_on=due_on,
            )
        elif student is None and not deadline.for_whole_section:
            continue  # set for this one student: the section's date does not overwrite it
        deadline.due_on, deadline.for_whole_section = due_on, student is None
        deadline.set_by, deadline.set_by_name, deadline.set_at = actor.user, name, now
        deadline.save()
        changed.append(deadline)
    for deadline in changed:
        audit_record(
            actor=actor,
            action="pacing.hard_deadline_set",
            object_type="deadline",
            object_id=str(deadline.pk),
            student_id=deadline.student_id,
            detail={"section": section.pk, "competency": competency.pk, "due_on": due_on.isoformat()},
        )
    if changed:
        pace_changed.send(
            sender=Deadline, student_ids=[d.student_id for d in changed], course_id=section.course_id
        )
    return changed


# --- Extensions ---------------------------------------------------------------------------------------


@transaction.atomic
def extension_ask(*, deadline: Deadline, reason: str, actor: Actor) -> ExtensionRequest:
    relation = scope.relation_to(actor.user, deadline.student_id)
    if relation.student is None or not relation.is_self:
        raise PacingError("only the student asks for more time", code=FORBIDDEN)
    if deadline.kind != Deadline.Kind.HARD:
        raise PacingError("a target of your own is yours to move: change its date", code="pacing.not_hard")
    reason = _text(reason, what="why you need more time", field="reason")
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if deadline.extension_requests.filter(status=ExtensionRequest.Status.OPEN).exists():
        raise PacingError("you already asked; wait for your teacher's answer", code="pacing.already_asked")
    request = ExtensionRequest.objects.create(
        deadline=deadline, reason=reason, asked_on_date=deadline.due_on, asked_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="pacing.extension_ask",
        object_type="extension_request",
        object_id=str(request.pk),
        student_id=deadline.student_id,
        detail={"deadline": deadline.pk},
    )
    return request


@transaction.atomic
def extension_decide(
    *, request: ExtensionRequest, grant: bool, actor: Actor, new_due_on: dt.date | None = None, note: str = ""
) -> ExtensionRequest:
    """A teacher grants (the deadline moves to the new date) or declines (with a note) a student's request."""
    if not _may(actor, lambda user: access.may_decide(user, request.deadline)):
        raise PacingError(
            "only the section's teachers and its school's leaders decide extensions", code=FORBIDDEN
        )
    request = ExtensionRequest.objects.select_for_update().select_related("deadline").get(pk=request.pk)
    if not request.is_open:
        raise PacingError(f"this request was already {request.status}", code="pacing.already_decided")
    deadline = request.deadline
    note = _text(note, what="a note for the student", field="note", required=not grant)
    if grant:
        new_due_on = _check_date(new_due_on, today=timezone.localdate(), field="new_due_on")
        if new_due_on <= deadline.due_on:
            raise PacingError(
                f"choose a date after the deadline ({deadline.due_on.isoformat()})",
                code="pacing.not_later",
                field="new_due_on",
            )
        deadline.due_on = new_due_on
        deadline.save(update_fields=["due_on"])
    request.status = ExtensionRequest.Status.GRANTED if grant else ExtensionRequest.Status.DECLINED
    request.new_due_on = new_due_on if grant else None
    request.note, request.decided_by, request.decided_by_name = note, actor.user, _name(actor)
    request.decided_at = timezone.now()
    request.save()
    audit_record(
        actor=actor,
        action="pacing.extension_grant" if grant else "pacing.extension_decline",
        object_type="extension_request",
        object_id=str(request.pk),
        student_id=deadline.student_id,
        detail={
            "deadline": deadline.pk,
            "new_due_on": new_due_on.isoformat() if grant and new_due_on else None,
        },
    )
    if grant:
        pace_changed.send(sender=Deadline, student_ids=[deadline.student_id], course_id=deadline.course_id)
    return request
