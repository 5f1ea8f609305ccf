"""Who may see and change pacing, on the one student scope (`pathmaker.access.scope`).

- A student's deadlines and projections are read by everyone who sees the student (the student, their
  family, their teachers, advisors, school leaders, the district); only the student sets their own
  targets and asks for an extension.
- A section's pacing (its students' projections, its hard deadlines, the extension requests) belongs
  to the section's teachers, its school's leaders and the district: they set hard deadlines and decide
  extensions.
- A course's pacing guide is set by the teachers of one of its active sections, the leaders of its
  school and the district; a school's days off by its leaders and the district.
Anything outside this is a 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathmaker.access import scope
from pathmaker.access.scope import Relation
from pathmaker.lib.bounds import row_id
from pathmaker.pacing.models import DayOff, Deadline, ExtensionRequest
from pathmaker.rostering.models import Course, Enrollment, Org, Section


def student_relation_or_404(user: Any, student_id: Any) -> Relation:
    """Everyone who sees the student reads their pacing (the audited 404 for anyone else)."""
    return scope.relation_or_404(user, student_id)


def may_set_own_targets(relation: Relation) -> bool:
    return relation.is_self


def may_manage_section(user: Any, section: Section) -> bool:
    viewer = scope.viewer_for(user)
    return (
        viewer.is_district_admin
        or section.school_id in viewer.led_org_ids
        or scope.teaches_section(user, section)
    )


def managed_section_or_404(user: Any, section_id: Any) -> Section:
    """A section whose pacing this user runs (teaches it, leads its school, or is the district)."""
    section = scope.section_for_user_or_404(user, section_id)
    if not may_manage_section(user, section):
        raise Http404("No such section")
    return section


def may_edit_guide(user: Any, course: Course) -> bool:
    viewer = scope.viewer_for(user)
    if viewer.is_district_admin or course.org_id in viewer.led_org_ids:
        return True
    return (
        viewer.person_id is not None
        and scope.taught_sections(viewer.person_id).filter(section__course=course).exists()
    )


def guide_course_or_404(user: Any, course_id: Any) -> Course:
    course = Course.objects.filter(pk=_pk(course_id), is_active=True).first()
    if course is None or not may_edit_guide(user, course):
        raise Http404("No such course")
    return course


def may_edit_days_off(user: Any, school: Org) -> bool:
    viewer = scope.viewer_for(user)
    return viewer.is_district_admin or school.pk in viewer.led_org_ids


def schools_for_days_off(user: Any) -> list[Org]:
    """The schools whose calendar this user keeps: the schools they lead (every school, for the district)."""
    viewer = scope.viewer_for(user)
    schools = Org.objects.filter(org_type="school", is_active=True).order_by("name")
    if viewer.is_district_admin:
        return list(schools)
    return list(schools.filter(pk__in=viewer.led_org_ids))


def may_decide(user: Any, deadline: Deadline) -> bool:
    """A hard deadline's extensions are decided by those who run its section."""
    return may_manage_section(user, deadline.section)


def deadline_of_student_or_404(relation: Relation, deadline_id: Any) -> Deadline:
    deadline = (
        Deadline.objects.select_related("competency", "section", "course")
        .filter(pk=_pk(deadline_id), student=relation.student)
        .first()
    )
    if deadline is None:
        raise Http404("No such deadline")
    return deadline


def request_in_section_or_404(section: Section, request_id: Any) -> ExtensionRequest:
    found = (
        ExtensionRequest.objects.select_related(
            "deadline", "deadline__student", "deadline__competency", "deadline__section"
        )
        .filter(pk=_pk(request_id), deadline__section=section)
        .first()
    )
    if found is None:
        raise Http404("No such request")
    return found


def request_for_user_or_404(user: Any, request_id: Any) -> ExtensionRequest:
    """An extension request this user may decide (the API's address has no section in it)."""
    found = (
        ExtensionRequest.objects.select_related("deadline", "deadline__section", "deadline__student")
        .filter(pk=_pk(request_id))
        .first()
    )
    if found is None or not may_decide(user, found.deadline):
        raise Http404("No such request")
    return found


def student_in_section_or_404(section: Section, student_id: Any) -> Any:
    enrollment = (
        Enrollment.objects.select_related("person")
        .filter(section=section, person_id=_pk(student_id), role="student", is_active=True)
        .first()
    )
    if enrollment is None:
        raise Http404("No such student in this section")
    return enrollment.person


def _pk(value: Any) -> int:
    """An id to filter on; 0 (no row) for anything that is not one."""
    return row_id(value) or 0


def day_off_or_404(user: Any, day_id: Any) -> DayOff:
    day = DayOff.objects.select_related("school").filter(pk=_pk(day_id)).first()
    if day is None or not may_edit_days_off(user, day.school):
        raise Http404("No such day")
    return day


def course_of_student_or_404(relation: Relation, course_id: Any) -> Course:
    """A course the student is in (through an active section of it)."""
    course = (
        Course.objects.filter(
            pk=_pk(course_id),
            sections__is_active=True,
            sections__enrollments__person=relation.student,
            sections__enrollments__role="student",
            sections__enrollments__is_active=True,
        )
        .distinct()
        .first()
    )
    if course is None:
        raise Http404("No such course")
    return course
