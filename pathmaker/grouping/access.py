"""Who may see and make groups and station rotations, on the one student scope (`pathmaker.access.scope`).

- Groups and rotations are made, edited and deleted by those who run the section: its teachers (and
  aides), its school's leaders and the district (`may_plan`). A grouping over several sections of a grade
  team needs the right on every one of them.
- A saved grouping is read in full by those who may plan one of its sections. Other staff who can see
  some of its students (an advisor, a teacher of another of the students' classes) read it too, and see
  only the members they can see (`members_visible_to`).
- A student sees their own groups only: the members of the group they are in, never the other groups. A
  guardian sees their child's groups the same way (`student_groups_relation_or_404`).
- Spreading a demographic group across the groups (English learners, students with an IEP) is offered only
  to someone the district lets see demographics (`can_see_demographics`); for anyone else the option is
  absent and the service refuses it.
Anything outside this is a 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import Http404

from pathmaker.access import scope
from pathmaker.access.scope import Relation
from pathmaker.grouping.models import Group, Grouping, GroupMember, StationRotation
from pathmaker.lib.bounds import row_id
from pathmaker.rostering.models import Person, Section


def may_plan(user: Any, section: Section) -> bool:
    """The section's teachers and aides, its school's leaders and the district."""
    viewer = scope.viewer_for(user)
    return (
        viewer.is_district_admin
        or section.school_id in viewer.led_org_ids
        or scope.teaches_section(user, section)
    )


def may_plan_all(user: Any, sections: Iterable[Section]) -> bool:
    found = list(sections)
    return bool(found) and all(may_plan(user, section) for section in found)


def planning_section_or_404(user: Any, section_id: Any) -> Section:
    section = scope.section_for_user_or_404(user, section_id)
    if not may_plan(user, section):
        raise Http404("No such section")
    return section


def sections_to_plan_with(user: Any, section: Section) -> list[Section]:
    """The other active sections of the same course at the same school this user may plan: the grade
    team's sections a grouping may take together with this one."""
    if section.course_id is None:
        return []
    candidates = Section.objects.filter(
        course_id=section.course_id, school_id=section.school_id, is_active=True
    ).exclude(pk=section.pk)
    return [found for found in candidates.select_related("school") if may_plan(user, found)]


def can_balance_demographics(user: Any) -> bool:
    return scope.can_see_demographics(user)


def may_edit_grouping(user: Any, grouping: Grouping) -> bool:
    return may_plan_all(user, grouping.sections.all())


def _staff_sees(user: Any, student_ids: Sequence[int]) -> set[int]:
    """The students among these the user sees as staff (not as themself or as their family)."""
    viewer = scope.viewer_for(user)
    if not (viewer.is_district_admin or viewer.is_school_leader or viewer.is_teacher or viewer.is_advisor):
        return set()
    visible = set(scope.students_visible_to(user).filter(pk__in=student_ids).values_list("pk", flat=True))
    if not viewer.is_guardian:
        return visible - {viewer.person_id}
    # A teacher who is also a parent: their own child counts only if they see the child as staff too.
    return {pk for pk in visible if scope.relation_to(user, pk).is_staff}


def members_visible_to(user: Any, grouping: Grouping) -> set[int] | None:
    """The members this user may see on the grouping's page: None for everyone (a planner), else the set."""
    if may_edit_grouping(user, grouping):
        return None
    ids = list(GroupMember.objects.filter(grouping=grouping).values_list("student_id", flat=True))
    return _staff_sees(user, ids)


def grouping_or_404(user: Any, grouping_id: Any) -> Grouping:
    """A grouping the user plans, or one with a member the user sees as staff."""
    pk = row_id(grouping_id)
    grouping = Grouping.objects.filter(pk=pk).first() if pk is not None else None
    if grouping is None:
        raise Http404("No such grouping")
    visible = members_visible_to(user, grouping)
    if visible is not None and not visible:
        raise Http404("No such grouping")
    return grouping


def editable_grouping_or_404(user: Any, grouping_id: Any) -> Grouping:
    grouping = grouping_or_404(user, grouping_id)
    if not may_edit_grouping(user, grouping):
        raise Http404("No such grouping")
    return grouping


def group_of_grouping_or_404(grouping: Grouping, group_id: Any) -> Group:
    pk = row_id(group_id)
    group = Group.objects.filter(grouping=grouping, pk=pk).first() if pk is not None else None
    if group is None:
        raise Http404("No such group")
    return group


def student_groups_relation_or_404(user: Any, student_id: Any) -> Relation:
    """A student's own groups page: the student, their family, and staff who see the student."""
    return scope.relation_or_404(user, student_id)


def peers_visible_to(user: Any, relation: Relation, peer_ids: Sequence[int]) -> set[int]:
    """The members of the student's group this reader may see by name: all of them for the student and
    their family (it is the student's own group); for staff, those they see."""
    if relation.is_self or relation.guards:
        return set(peer_ids)
    return _staff_sees(user, peer_ids)


def rotation_or_404(user: Any, rotation_id: Any) -> StationRotation:
    """A rotation of a section the user plans (its teachers, its school's leaders, the district)."""
    pk = row_id(rotation_id)
    rotation = (
        StationRotation.objects.select_related("section", "section__school").filter(pk=pk).first()
        if pk is not None
        else None
    )
    if rotation is None or not may_plan(user, rotation.section):
        raise Http404("No such rotation")
    return rotation


def student_of_sections_or_404(sections: Sequence[Section], student_id: Any) -> Person:
    pk = row_id(student_id)
    found = (
        Person.objects.filter(
            pk=pk,
            enrollments__section__in=list(sections),
            enrollments__role="student",
            enrollments__is_active=True,
        ).first()
        if pk is not None
        else None
    )
    if found is None:
        raise Http404("No such student")
    return found
