"""Who may see and change plans, course sequences and playlists, on the shared student scope.

- A plan or playlist is seen by whoever sees the student (`access.scope.relation_or_404`): the student,
  their family, their teachers, advisors, school leaders and the district. Anyone else gets a 404.
- The student reorders their own plan (within the prerequisites), chooses a playlist's modality and
  marks its steps done. Their family reads and never changes anything.
- Teachers of the student, their school's leaders and the district (`Relation.teaches_or_leads`, the
  scope that records evidence) reorder a plan for one student with a reason, build playlists and score
  assessment steps. Advising a student is not teaching them: an advisor reads.
- A course's default sequence is set by the teachers of the course's active sections and the leaders of
  its school (and the district).
- A section's progress page (every student's plan, pace, stuck playlists, resources used) and assigning one
  playlist to several of its students belong to the section's teachers, its school's leaders and the
  district (`may_run_section`).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathmaker.access.scope import (
    Relation,
    relation_or_404,
    section_for_user_or_404,
    taught_sections,
    viewer_for,
)
from pathmaker.frameworks.models import Competency
from pathmaker.lib.bounds import row_id
from pathmaker.paths.models import Playlist, PlaylistStep
from pathmaker.paths.selectors import course_competencies, courses_of
from pathmaker.rostering.models import Course, Enrollment, Section


def may_move_as_student(relation: Relation) -> bool:
    return relation.is_self


def may_move_as_teacher(relation: Relation) -> bool:
    return relation.student is not None and relation.teaches_or_leads and not relation.is_self


def may_build_playlists(relation: Relation) -> bool:
    """Picking resources, confirming suggestions and scoring assessment steps: the evidence scope."""
    return may_move_as_teacher(relation)


def plan_relation_or_404(user: Any, student_id: Any) -> Relation:
    return relation_or_404(user, student_id)


def course_of_student_or_404(relation: Relation, course_id: Any) -> Course:
    """A course the student is actively enrolled in (a section of it); any other is a 404."""
    pk = row_id(course_id)
    course = (
        Course.objects.filter(
            pk=pk,
            sections__enrollments__person=relation.student,
            sections__enrollments__role="student",
            sections__enrollments__is_active=True,
            sections__is_active=True,
        )
        .distinct()
        .first()
        if pk is not None
        else None
    )
    if course is None:
        raise Http404("No such course")
    return course


def competency_of_student_or_404(relation: Relation, competency_id: Any) -> Competency:
    """A competency on one of the student's plans (a competency of a course they take); any other is a 404."""
    for course in courses_of(relation.student):  # type: ignore[arg-type]
        for competency in course_competencies(course):
            if str(competency.pk) == str(competency_id):
                return competency
    raise Http404("No such competency")


def may_set_sequence(user: Any, course: Course) -> bool:
    viewer = viewer_for(user)
    if viewer.is_district_admin:
        return True
    if viewer.person_id is None:
        return False
    if course.org_id in viewer.led_org_ids:
        return True
    return Section.objects.filter(
        course=course, is_active=True, pk__in=taught_sections(viewer.person_id)
    ).exists()


def course_to_sequence_or_404(user: Any, course_id: Any) -> Course:
    pk = row_id(course_id)
    course = Course.objects.filter(pk=pk).first() if pk is not None else None
    if course is None or not may_set_sequence(user, course):
        raise Http404("No such course")
    return course


def playlist_or_404(relation: Relation, competency_id: Any) -> Playlist:
    pk = row_id(competency_id)
    playlist = (
        Playlist.objects.select_related("competency")
        .filter(student=relation.student, competency_id=pk)
        .first()
        if pk is not None
        else None
    )
    if playlist is None:
        raise Http404("No such playlist")
    return playlist


def step_or_404(playlist: Playlist, step_id: Any) -> PlaylistStep:
    pk = row_id(step_id)
    step = (
        PlaylistStep.objects.select_related("resource").filter(playlist=playlist, pk=pk).first()
        if pk is not None
        else None
    )
    if step is None:
        raise Http404("No such step")
    return step


def may_run_section(user: Any, section: Section) -> bool:
    """The section's teachers (and aides), its school's leaders and the district: they see its progress and
    build its students' playlists."""
    viewer = viewer_for(user)
    if viewer.is_district_admin or section.school_id in viewer.led_org_ids:
        return True
    return viewer.person_id is not None and (
        Enrollment.objects.filter(
            section=section, person_id=viewer.person_id, role__in=("teacher", "aide"), is_active=True
        ).exists()
    )


def section_to_assign_or_404(user: Any, section_id: Any) -> Section:
    """A section whose students this account builds playlists for: one they teach, or one their school's
    leaders (or the district) see."""
    section = section_for_user_or_404(user, section_id)
    if not may_run_section(user, section):
        raise Http404("No such section")
    return section


def section_progress_or_404(user: Any, section_id: Any) -> Section:
    """A section whose progress page this account opens: the same people who assign its playlists."""
    return section_to_assign_or_404(user, section_id)
