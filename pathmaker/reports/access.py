"""Who may see subgroup reports, on the one scope (`pathmaker.access.scope`).

Splitting by a demographic field is for those `can_see_demographics` allows (the district setting
`PATHMAKER_DEMOGRAPHICS_ROLES`: the district and school leaders by default; teachers only if it names them).
Rows are the schools of the viewer's scope (the district: every school; a principal: the schools they lead;
an allowed teacher: the schools of the sections they teach), and each row counts only the students the
viewer may see (`students_visible_to`), so no table describes a student outside the scope.

`may_split_by_demographics` decides it on the resolved `Viewer`, so the page, its export, its endpoint and
the main menu (`portal/menu.py`) ask the one function and cannot disagree.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from pathmaker.access.scope import (
    Viewer,
    can_see_demographics,
    sections_visible_to,
    students_visible_to,
    viewer_for,
)
from pathmaker.rostering.models import Org, Person

# The personas the setting may name (the scope's `can_see_demographics` honours these three).
DEMOGRAPHICS_PERSONAS = frozenset({"district_admin", "school_leader", "teacher"})


def may_split_by_demographics(viewer: Viewer) -> bool:
    """The district setting `PATHMAKER_DEMOGRAPHICS_ROLES` names the personas who may split by demographics."""
    return bool(set(settings.PATHMAKER_DEMOGRAPHICS_ROLES) & set(viewer.personas) & DEMOGRAPHICS_PERSONAS)


def can_split_by_demographics(user: Any) -> bool:
    """The scope's demographic rule and the menu's agree (tests/reports test both on every persona)."""
    return may_split_by_demographics(viewer_for(user)) and can_see_demographics(user)


def subgroups_or_404(user: Any) -> None:
    """A subgroup report does not admit it exists to anyone who may not split by demographics."""
    if not can_split_by_demographics(user):
        raise Http404("Not found")


def report_schools(user: Any) -> QuerySet[Org]:
    viewer = viewer_for(user)
    schools = Org.objects.filter(org_type=Org.Type.SCHOOL, is_active=True)
    if viewer.is_district_admin:
        return schools
    if viewer.is_school_leader:
        return schools.filter(pk__in=viewer.led_org_ids)
    if viewer.is_teacher:
        return schools.filter(pk__in=sections_visible_to(user).values("school_id"))
    return schools.none()


def report_students(user: Any) -> QuerySet[Person]:
    return students_visible_to(user)
