"""Groups through the JSON API: a section's groupings, proposing and saving one, reading one, a student's
own groups.

The same access rule as the pages (`grouping/access.py`) and the same services. A refusal answers with the
error's code; its family decides the status (forbidden: 403, not found: 404, anything else: 400), as in
`pathmaker.api.views.STATUS_BY_FAMILY`, which this router cannot import (it sits below the web layer).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from pathmaker.audit.services import audit_student_reads
from pathmaker.grouping import access, selectors, services, words
from pathmaker.grouping.services import MAX_GROUP_SIZE, MAX_PAIRS, MAX_PURPOSE_CHARS, GroupAsk, GroupingError
from pathmaker.lib.bounds import EARLIEST_DATE, LATEST_DATE
from pathmaker.lib.errors import FORBIDDEN, NOT_FOUND, family_of

router = Router(tags=["grouping"])

STATUS = {FORBIDDEN: 403, NOT_FOUND: 404}


class ErrorOut(Schema):
    code: str
    field: str | None
    detail: str


class MemberOut(Schema):
    student_id: int
    name: str
    reason_code: str
    reason: str


class GroupOut(Schema):
    id: int
    name: str
    staff_id: int | None
    members: list[MemberOut]
    hidden_members: int


class GroupingOut(Schema):
    id: int
    on: date
    purpose: str
    goal: str
    min_size: int
    max_size: int
    section_ids: list[int]
    competency_ids: list[int]


class GroupingDetailOut(GroupingOut):
    groups: list[GroupOut]


class GroupingIn(Schema):
    competency_ids: list[int] = Field(..., min_length=1, max_length=50)
    goal: str = Field(..., max_length=8)
    min_size: int = Field(..., ge=1, le=MAX_GROUP_SIZE)
    max_size: int = Field(..., ge=1, le=MAX_GROUP_SIZE)
    also_section_ids: list[int] = Field([], max_length=20)
    together: list[tuple[int, int]] = Field([], max_length=MAX_PAIRS)
    apart: list[tuple[int, int]] = Field([], max_length=MAX_PAIRS)
    balance: str = Field("", max_length=32)
    keep_with_staff_id: int | None = None  # a teacher or aide of the sections whose group keeps these:
    keep_with_ids: list[int] = Field([], max_length=MAX_GROUP_SIZE)  # students by id
    keep_with_flag: str = Field("", max_length=32)  # and every student a demographic flag marks
    on: date = Field(..., ge=EARLIEST_DATE, le=LATEST_DATE)
    purpose: str = Field("", max_length=MAX_PURPOSE_CHARS)
    groups: list[list[int]] | None = Field(None, max_length=MAX_GROUP_SIZE * 10)


class StudentGroupOut(Schema):
    grouping_id: int
    on: date
    purpose: str
    group_name: str
    competency_ids: list[int]
    reason_code: str
    reason: str
    members: list[str]  # the names of the other members this reader may see


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# The services name their fields as the pages do; a client reads the field it sent.
API_FIELD = {
    "competencies": "competency_ids",
    "keep_with_staff": "keep_with_staff_id",
    "keep_with": "keep_with_ids",
}


def _error(error: GroupingError) -> Status:
    field = API_FIELD.get(error.field or "", error.field)
    return Status(
        STATUS.get(family_of(error.code), 400),
        {"code": error.code, "field": field, "detail": str(error)},
    )


def _summary(grouping: Any, sections: list[Any], competencies: list[Any]) -> dict[str, Any]:
    return {
        "id": grouping.pk,
        "on": grouping.on,
        "purpose": grouping.purpose,
        "goal": grouping.goal,
        "min_size": grouping.min_size,
        "max_size": grouping.max_size,
        "section_ids": [s.pk for s in sections],
        "competency_ids": [c.pk for c in competencies],
    }


def _member(member: Any, sees: bool) -> dict[str, Any]:
    code = words.shown_code(member.reason_code, member.reason_values, sees_demographics=sees)
    return {
        "student_id": member.student_id,
        "name": member.student.display_name,
        "reason_code": code,
        "reason": words.reason_words(code, member.reason_values),
    }


def _detail(view: selectors.GroupingView, sees: bool) -> dict[str, Any]:
    return {
        **_summary(view.grouping, view.sections, view.competencies),
        "groups": [
            {
                "id": g.group.pk,
                "name": g.group.name,
                "staff_id": g.group.staff_id,
                "hidden_members": g.hidden,
                "members": [_member(m, sees) for m in g.members],
            }
            for g in view.groups
        ],
    }


@router.get("/sections/{section_id}/groupings", response=list[GroupingOut])
def grouping_list_of_section(request: HttpRequest, section_id: int):
    """The section's saved groupings, newest first (its teachers, its school's leaders, the district)."""
    section = access.planning_section_or_404(request.user, section_id)
    return [
        _summary(g, list(g.sections.all()), list(g.competencies.all()))
        for g in selectors.groupings_of(section)
    ]


@router.post("/sections/{section_id}/groupings", response={201: GroupingDetailOut, **ERRORS})
def grouping_create(request: HttpRequest, section_id: int, item: GroupingIn):
    """Propose groups and save them: as proposed (`groups` absent), or as given (lists of student ids, every
    student of the sections exactly once). `balance` (a demographic flag) only for those who may see
    demographics. `keep_with_staff_id` names a teacher of the sections whose group takes the students in
    `keep_with_ids` and, for those who may see demographics, those `keep_with_flag` marks."""
    section = access.planning_section_or_404(request.user, section_id)
    sections = [section] + [
        s for s in access.sections_to_plan_with(request.user, section) if s.pk in set(item.also_section_ids)
    ]
    by_id = {c.pk: c for c in selectors.sections_competencies(sections)}
    unknown = [pk for pk in item.competency_ids if pk not in by_id]
    if unknown:
        return _error(GroupingError("choose competencies of these sections' courses", field="competency_ids"))
    ask = GroupAsk(
        sections=sections,
        competencies=[by_id[pk] for pk in dict.fromkeys(item.competency_ids)],
        goal=item.goal,
        min_size=item.min_size,
        max_size=item.max_size,
        together=[tuple(p) for p in item.together],  # type: ignore[misc]
        apart=[tuple(p) for p in item.apart],  # type: ignore[misc]
        balance=item.balance,
        keep_with_staff=item.keep_with_staff_id,
        keep_with=list(dict.fromkeys(item.keep_with_ids)),
        keep_with_flag=item.keep_with_flag,
    )
    try:
        grouping = services.grouping_save(
            ask=ask, on=item.on, purpose=item.purpose, groups=item.groups, actor=request.actor
        )
    except GroupingError as error:
        return _error(error)
    return Status(
        201, _detail(selectors.grouping_view(grouping), access.can_balance_demographics(request.user))
    )


@router.get("/groupings/{grouping_id}", response=GroupingDetailOut)
def grouping_read(request: HttpRequest, grouping_id: int):
    """A grouping: in full for those who run its sections; other staff see the members they can see."""
    grouping = access.grouping_or_404(request.user, grouping_id)
    view = selectors.grouping_view(grouping, access.members_visible_to(request.user, grouping))
    audit_student_reads(
        actor=request.actor, action="grouping.view", student_ids=view.student_ids, detail={"via": "api"}
    )
    return _detail(view, access.can_balance_demographics(request.user))


@router.get("/students/{student_id}/groups", response=list[StudentGroupOut])
def student_groups_read(request: HttpRequest, student_id: int):
    """The student's own groups (the last eight weeks): their group only, never the others."""
    relation = access.student_groups_relation_or_404(request.user, student_id)
    student = relation.student
    assert student is not None
    found = selectors.student_groups(student)
    audit_student_reads(
        actor=request.actor, action="grouping.student_view", student_ids=[student.pk], detail={"via": "api"}
    )
    rows = []
    sees = access.can_balance_demographics(request.user)
    for item in found:
        visible = access.peers_visible_to(request.user, relation, [p.pk for p in item.peers])
        values = item.member.reason_values
        code = words.shown_code(item.member.reason_code, values, sees_demographics=sees)
        rows.append(
            {
                "grouping_id": item.grouping.pk,
                "on": item.grouping.on,
                "purpose": item.grouping.purpose,
                "group_name": item.group.name,
                "competency_ids": [c.pk for c in item.competencies],
                "reason_code": code,
                "reason": words.reason_words(code, values),
                "members": [p.display_name for p in item.peers if p.pk in visible],
            }
        )
    return rows
