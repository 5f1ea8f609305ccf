"""Proposing, saving, moving and deleting groups; planning station rotations.

Proposing is a read (the levels and, when asked and allowed, a demographic flag); every write is one
transaction with one audit row per student it places or moves. Who may act is checked here again from
`grouping/access.py` (the pages and the API fetched the section or grouping through it first), so a page and
an API client cannot differ. The system actor (the demo) is not limited by the access rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.frameworks.models import Competency
from pathmaker.grouping import propose, selectors
from pathmaker.grouping.access import can_balance_demographics, may_edit_grouping, may_plan, may_plan_all
from pathmaker.grouping.models import Group, Grouping, GroupMember, RotationMember, Station, StationRotation
from pathmaker.grouping.rotation import need_groups
from pathmaker.lib.bounds import date_in_window
from pathmaker.lib.errors import DomainError
from pathmaker.rostering.models import Person, Section

MAX_GROUP_SIZE = 40
MAX_PAIRS = 20
MAX_PURPOSE_CHARS = 500
MAX_NAME_CHARS = 80
MAX_STATIONS = 6
MAX_MINUTES = 120


class GroupingError(DomainError):
    """A grouping or rotation that cannot be made as asked: `code` says which rule, `field` which field."""

    code = "grouping.invalid"


FORBIDDEN = "grouping.forbidden"
NOT_FOUND = "grouping.not_found"
BAD_SIZES = "grouping.bad_sizes"
NOT_IN_SECTIONS = "grouping.not_in_sections"
CONTRADICTORY_PAIRS = "grouping.contradictory_pairs"
NOT_EVERY_STUDENT_ONCE = "grouping.not_every_student_once"
NO_TEACHER_STATION = "grouping.no_teacher_station"
NO_STUDENTS = "grouping.no_students"
NO_STAFF = "grouping.no_staff"
NO_ONE_TO_KEEP = "grouping.no_one_to_keep"


@dataclass(frozen=True)
class GroupAsk:
    """What a teacher asks for: the sections, competencies, goal, size bounds, pairs and balance flag."""

    sections: list[Section]
    competencies: list[Competency]
    goal: str
    min_size: int
    max_size: int
    together: list[tuple[int, int]]
    apart: list[tuple[int, int]]
    balance: str = ""
    # Keep these students (by id, and those a demographic flag marks) with the group this staff person takes.
    keep_with_staff: int | None = None
    keep_with: Sequence[int] = ()
    keep_with_flag: str = ""


@dataclass(frozen=True)
class ProposalRead:
    ask: GroupAsk
    students: list[Person]
    proposal: propose.Proposal
    staff: Person | None = None  # the staff person who takes group `proposal.led`
    flagged: frozenset[int] = frozenset()  # kept with them by `keep_with_flag`, not named by the teacher

    @property
    def by_id(self) -> dict[int, Person]:
        return {s.pk: s for s in self.students}


def _permitted(actor: Actor, sections: Sequence[Section]) -> bool:
    return actor.is_system or may_plan_all(actor.user, sections)


def _check_ask(ask: GroupAsk, actor: Actor, students: Sequence[Person]) -> None:
    if not ask.sections:
        raise GroupingError("choose at least one section", field="sections")
    if not _permitted(actor, ask.sections):
        raise GroupingError("only those who run these sections make their groups", code=FORBIDDEN)
    if ask.goal not in Grouping.Goal.values:
        raise GroupingError("choose alike or mixed groups", field="goal")
    if not 1 <= ask.min_size <= ask.max_size <= MAX_GROUP_SIZE:
        raise GroupingError(
            f"group sizes go from 1 to {MAX_GROUP_SIZE}, the smallest no larger than the largest",
            code=BAD_SIZES,
            field="max_size",
        )
    if not ask.competencies:
        raise GroupingError("choose at least one competency", field="competencies")
    offered = {c.pk for c in selectors.sections_competencies(ask.sections)}
    if any(c.pk not in offered for c in ask.competencies):
        raise GroupingError(
            "choose competencies of these sections' courses", code=NOT_IN_SECTIONS, field="competencies"
        )
    if ask.balance:
        if not (actor.is_system or can_balance_demographics(actor.user)):
            raise GroupingError("you may not group by demographics", code=FORBIDDEN, field="balance")
        if ask.balance not in selectors.BALANCE_FIELDS:
            raise GroupingError("choose a flag to spread from the list", field="balance")
    known = {s.pk for s in students}
    _check_keep_with(ask, actor, known)
    for name, pairs in (("together", ask.together), ("apart", ask.apart)):
        if len(pairs) > MAX_PAIRS:
            raise GroupingError(f"at most {MAX_PAIRS} pairs", field=name)
        for a, b in pairs:
            if a == b or a not in known or b not in known:
                raise GroupingError(
                    "a pair is two different students of these sections", code=NOT_IN_SECTIONS, field=name
                )
    if {frozenset(p) for p in ask.together} & {frozenset(p) for p in ask.apart}:
        raise GroupingError(
            "the same two students cannot be both together and apart", code=CONTRADICTORY_PAIRS, field="apart"
        )


def _check_keep_with(ask: GroupAsk, actor: Actor, known: set[int]) -> None:
    if ask.keep_with_flag:
        if not (actor.is_system or can_balance_demographics(actor.user)):
            raise GroupingError("you may not group by demographics", code=FORBIDDEN, field="keep_with_flag")
        if ask.keep_with_flag not in selectors.BALANCE_FIELDS:
            raise GroupingError("choose a flag from the list", field="keep_with_flag")
    asked = bool(ask.keep_with or ask.keep_with_flag)
    if asked and ask.keep_with_staff is None:
        raise GroupingError(
            "name the staff person whose group these students join", code=NO_STAFF, field="keep_with_staff"
        )
    if ask.keep_with_staff is None:
        return
    if ask.keep_with_staff not in {p.pk for p in selectors.sections_staff(ask.sections)}:
        raise GroupingError(
            "choose a teacher of these sections", code=NOT_IN_SECTIONS, field="keep_with_staff"
        )
    if not asked:
        raise GroupingError(
            "choose the students who join this staff person's group", code=NO_ONE_TO_KEEP, field="keep_with"
        )
    if any(key not in known for key in ask.keep_with):
        raise GroupingError("choose students of these sections", code=NOT_IN_SECTIONS, field="keep_with")


def grouping_propose(*, ask: GroupAsk, actor: Actor) -> ProposalRead:
    """Groups for the ask from the students' current levels, each student's reason and what could not be met.
    A read: nothing is stored (the page that shows it audits the students it shows)."""
    students = selectors.sections_students(ask.sections)
    _check_ask(ask, actor, students)
    labels = selectors.balance_labels([s.pk for s in students], ask.balance) if ask.balance else None
    learners = selectors.learners(students, ask.competencies, labels)
    keep = set(ask.keep_with)
    flagged: set[int] = set()
    if ask.keep_with_flag:
        flagged = set(selectors.balance_labels([s.pk for s in students], ask.keep_with_flag)) - keep
        keep |= flagged
    staff = (
        next((p for p in selectors.sections_staff(ask.sections) if p.pk == ask.keep_with_staff), None)
        if ask.keep_with_staff is not None
        else None
    )
    found = propose.propose(
        learners,
        propose.Ask(
            competencies=tuple(selectors.code_of(c) for c in ask.competencies),
            goal="alike" if ask.goal == "alike" else "mixed",
            min_size=ask.min_size,
            max_size=ask.max_size,
            together=tuple(ask.together),
            apart=tuple(ask.apart),
            balance=bool(ask.balance),
            keep_with=tuple(sorted(keep)),
        ),
    )
    return ProposalRead(ask, students, found, staff, frozenset(flagged))


def _reason_values(reason: propose.Reason, *, by_flag: bool = False) -> dict[str, Any]:
    # `by_flag`: a demographic flag placed them (see words.shown_code, which hides it from some readers).
    return {
        **({"by_flag": True} if by_flag else {}),
        "low": reason.low,
        "high": reason.high,
        "level": None if reason.level is None else round(reason.level, 2),
        "competencies": list(reason.competencies),
    }


def _check_text(purpose: str, on: dt.date) -> str:
    purpose = " ".join((purpose or "").split())
    if len(purpose) > MAX_PURPOSE_CHARS:
        raise GroupingError(f"keep the purpose to {MAX_PURPOSE_CHARS} characters", field="purpose")
    if not date_in_window(on):
        raise GroupingError("that date is out of range", field="on")
    return purpose


@transaction.atomic
def grouping_save(
    *,
    ask: GroupAsk,
    on: dt.date,
    purpose: str,
    groups: Sequence[Sequence[int]] | None = None,
    actor: Actor,
) -> Grouping:
    """Save the groups for a date and purpose: the proposal as it is (`groups` None), or the teacher's
    version of it (every student of the sections exactly once). A student the teacher moved out of their
    proposed group reads "moved by the teacher"; the others keep the proposal's reason."""
    read = grouping_propose(ask=ask, actor=actor)
    purpose = _check_text(purpose, on)
    proposed = {key: i for i, members in enumerate(read.proposal.groups) for key in members}
    if not proposed:
        raise GroupingError("these sections have no students to group", code=NO_STUDENTS, field="sections")
    # Each group keeps the index it was proposed with (the staff person's group is `led`); empty ones go.
    wanted = [
        (i, list(g)) for i, g in enumerate(read.proposal.groups if groups is None else groups) if list(g)
    ]
    placed = [key for _, members in wanted for key in members]
    if sorted(placed) != sorted(proposed):
        raise GroupingError(
            "put every student of these sections in exactly one group",
            code=NOT_EVERY_STUDENT_ONCE,
            field="groups",
        )
    now = timezone.now()
    grouping = Grouping.objects.create(
        goal=ask.goal,
        min_size=ask.min_size,
        max_size=ask.max_size,
        balance=ask.balance,
        purpose=purpose,
        on=on,
        created_by=actor.user,
        created_at=now,
        updated_at=now,
    )
    grouping.sections.set(ask.sections)
    grouping.competencies.set(ask.competencies)
    for position, (index, members) in enumerate(wanted):
        led = read.staff is not None and index == read.proposal.led
        group = Group.objects.create(
            grouping=grouping, name=f"{position + 1}", position=position, staff=read.staff if led else None
        )
        rows = []
        for key in members:
            reason = read.proposal.reasons[key]
            moved = proposed[key] != index and groups is not None
            rows.append(
                GroupMember(
                    grouping=grouping,
                    group=group,
                    student_id=key,
                    reason_code="moved" if moved else reason.code,
                    reason_values=_reason_values(reason, by_flag=key in read.flagged),
                )
            )
        GroupMember.objects.bulk_create(rows)
        for key in members:
            audit_record(
                actor=actor,
                action="grouping.save",
                object_type="grouping",
                object_id=str(grouping.pk),
                student_id=key,
                detail={
                    "group": position + 1,
                    "goal": ask.goal,
                    "on": on.isoformat(),
                    "staff": read.staff.pk if led and read.staff is not None else None,
                },
            )
    return grouping


@transaction.atomic
def grouping_move(*, grouping: Grouping, student: Person, group: Group, actor: Actor) -> GroupMember:
    """Move one student of a saved grouping to another of its groups."""
    if not (actor.is_system or may_edit_grouping(actor.user, grouping)):
        raise GroupingError("only those who run these sections change their groups", code=FORBIDDEN)
    member = GroupMember.objects.select_for_update().filter(grouping=grouping, student=student).first()
    if member is None or group.grouping_id != grouping.pk:
        raise GroupingError("that student or group is not part of this grouping", code=NOT_FOUND)
    before = member.group
    if before.pk == group.pk:
        return member
    member.group = group
    member.reason_code = "moved"
    member.save(update_fields=["group", "reason_code"])
    Grouping.objects.filter(pk=grouping.pk).update(updated_at=timezone.now())
    audit_record(
        actor=actor,
        action="grouping.move",
        object_type="grouping",
        object_id=str(grouping.pk),
        student_id=student.pk,
        detail={"from": before.name, "to": group.name},
    )
    return member


@transaction.atomic
def group_update(*, group: Group, name: str, staff: Person | None, actor: Actor) -> Group:
    """Rename a group, and name (or clear) the staff person who takes it: one of the sections' teachers."""
    grouping = group.grouping
    if not (actor.is_system or may_edit_grouping(actor.user, grouping)):
        raise GroupingError("only those who run these sections change their groups", code=FORBIDDEN)
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME_CHARS:
        raise GroupingError(f"a group's name has 1 to {MAX_NAME_CHARS} characters", field="name")
    if staff is not None and staff.pk not in {
        p.pk for p in selectors.sections_staff(grouping.sections.all())
    }:
        raise GroupingError("choose a teacher of these sections", code=NOT_IN_SECTIONS, field="staff")
    group.name, group.staff = name, staff
    group.save(update_fields=["name", "staff"])
    audit_record(
        actor=actor,
        action="grouping.group_update",
        object_type="group",
        object_id=str(group.pk),
        detail={"grouping": grouping.pk, "name": name, "staff": staff.pk if staff else None},
    )
    return group


@transaction.atomic
def grouping_delete(*, grouping: Grouping, actor: Actor) -> None:
    if not (actor.is_system or may_edit_grouping(actor.user, grouping)):
        raise GroupingError("only those who run these sections delete their groups", code=FORBIDDEN)
    for student_id in GroupMember.objects.filter(grouping=grouping).values_list("student_id", flat=True):
        audit_record(
            actor=actor,
            action="grouping.delete",
            object_type="grouping",
            object_id=str(grouping.pk),
            student_id=student_id,
            detail={"on": grouping.on.isoformat()},
        )
    grouping.delete()


# --- Station rotations ---------------------------------------------------------------------------------


@transaction.atomic
def rotation_plan(
    *,
    section: Section,
    competencies: Sequence[Competency],
    on: dt.date,
    starts_at: dt.time,
    minutes: int,
    rotations: int,
    stations: Sequence[tuple[str, str]],
    actor: Actor,
) -> StationRotation:
    """A station rotation for one period: `stations` as (kind, name), the teacher-led ones placed first;
    the students split into one rotation group per station by need, the greatest need first at the
    teacher-led station."""
    if not (actor.is_system or may_plan(actor.user, section)):
        raise GroupingError("only those who run this section plan its rotations", code=FORBIDDEN)
    if not competencies:
        raise GroupingError("choose at least one competency", field="competencies")
    offered = {c.pk for c in selectors.sections_competencies([section])}
    if any(c.pk not in offered for c in competencies):
        raise GroupingError(
            "choose competencies of this section's course", code=NOT_IN_SECTIONS, field="competencies"
        )
    if not 2 <= len(stations) <= MAX_STATIONS:
        raise GroupingError(f"a rotation has 2 to {MAX_STATIONS} stations", field="stations")
    if any(kind not in Station.Kind.values for kind, _ in stations):
        raise GroupingError("choose each station's kind from the list", field="stations")
    if not any(kind == Station.Kind.TEACHER_LED for kind, _ in stations):
        raise GroupingError(
            "one station is the teacher-led small group", code=NO_TEACHER_STATION, field="stations"
        )
    if not 1 <= rotations <= len(stations):
        raise GroupingError("at most one rotation per station", field="rotations")
    if not 5 <= minutes <= MAX_MINUTES:
        raise GroupingError(f"a rotation lasts 5 to {MAX_MINUTES} minutes", field="minutes")
    _check_text("", on)
    ordered = sorted(stations, key=lambda s: s[0] != Station.Kind.TEACHER_LED)
    students = selectors.sections_students([section])
    levels = selectors.levels_of([s.pk for s in students], competencies)
    codes = [selectors.code_of(c) for c in competencies]
    means = {s.pk: propose.mean_level(propose.Learner(s.pk, levels.get(s.pk, {})), codes) for s in students}
    groups = need_groups(list(means.items()), len(ordered))
    found = StationRotation.objects.create(
        section=section,
        on=on,
        starts_at=starts_at,
        minutes=minutes,
        rotations=rotations,
        created_by=actor.user,
        created_at=timezone.now(),
    )
    found.competencies.set(competencies)
    for position, (kind, name) in enumerate(ordered):
        # An unnamed station shows its kind, in the reader's language (templates: name|default:kind).
        label = " ".join((name or "").split())[:MAX_NAME_CHARS]
        Station.objects.create(rotation=found, position=position, kind=kind, name=label)
    for index, members in enumerate(groups):
        RotationMember.objects.bulk_create(
            [RotationMember(rotation=found, student_id=key, group=index, level=means[key]) for key in members]
        )
        for key in members:
            audit_record(
                actor=actor,
                action="grouping.rotation_plan",
                object_type="rotation",
                object_id=str(found.pk),
                student_id=key,
                detail={"group": index + 1, "on": on.isoformat()},
            )
    return found


@transaction.atomic
def rotation_delete(*, rotation: StationRotation, actor: Actor) -> None:
    if not (actor.is_system or may_plan(actor.user, rotation.section)):
        raise GroupingError("only those who run this section delete its rotations", code=FORBIDDEN)
    audit_record(
        actor=actor,
        action="grouping.rotation_delete",
        object_type="rotation",
        object_id=str(rotation.pk),
        detail={"section": rotation.section_id, "on": rotation.on.isoformat()},
    )
    rotation.delete()
