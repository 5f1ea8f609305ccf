"""Who may change frameworks and align courses, on the shared scope.

Frameworks hold no student data: every signed-in person reads them. The district edits the frameworks
it owns (an imported publisher's framework is read-only); the district aligns any course to
competencies, and a school's leaders align their own school's courses.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathmaker.access.scope import can_administer_district, viewer_for
from pathmaker.frameworks.models import Competency, Framework
from pathmaker.rostering.models import Course, Org


def may_edit_framework(user: Any, framework: Framework) -> bool:
    return framework.is_district_owned and can_administer_district(user)


def competency_or_404(competency_id: int) -> Competency:
    competency = Competency.objects.select_related("framework", "parent").filter(pk=competency_id).first()
    if competency is None:
        raise Http404("No such competency")
    return competency


def may_align_course(user: Any, course: Course) -> bool:
    viewer = viewer_for(user)
    return viewer.is_district_admin or course.org_id in viewer.led_org_ids


def course_for_alignment_or_404(user: Any, course_id: int) -> tuple[Course, Org | None]:
    """The course and the school acting on it (None when the district acts); a 404 for anyone else."""
    course = Course.objects.select_related("org").filter(pk=course_id).first()
    if course is None or not may_align_course(user, course):
        raise Http404("No such course")
    return course, None if viewer_for(user).is_district_admin else course.org
