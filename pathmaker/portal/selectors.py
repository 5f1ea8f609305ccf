"""Reads for the leaders' lists (students, sections, teachers of the schools they lead).

Every list starts from the access rule's querysets; a principal's lists are then cut to the schools
they lead (the rule also lets a principal who teaches see their own classes, which belong on their
teacher home, not in the school's lists). The district sees every school.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet

from pathmaker.access import scope
from pathmaker.rostering.models import Enrollment, Org, Person, PersonRole, Section


def schools_led_by(user: Any) -> QuerySet[Org]:
    viewer = scope.viewer_for(user)
    schools = Org.objects.filter(org_type="school", is_active=True)
    return (schools if viewer.is_district_admin else schools.filter(pk__in=viewer.led_org_ids)).order_by(
        "name"
    )


def _school_ids(user: Any, school_id: int | None) -> QuerySet[Org, int]:
    schools = schools_led_by(user)
    return (schools.filter(pk=school_id) if school_id else schools).values_list("pk", flat=True)


def name_matches(query: str, *prefixes: str) -> Q:
    """Every word of the query in a given, family or preferred name (`Tia Tr` finds Tia Tran)."""
    match = Q()
    for word in query.split()[:5]:
        any_name = Q()
        for prefix in prefixes or ("",):
            for field in ("given_name", "family_name", "preferred_given_name", "preferred_family_name"):
                any_name |= Q(**{f"{prefix}{field}__icontains": word})
        match &= any_name
    return match


def leader_students(user: Any, *, query: str = "", school_id: int | None = None) -> QuerySet[Person]:
    in_schools = PersonRole.objects.filter(
        org_id__in=_school_ids(user, school_id), role="student", is_active=True
    )
    return (
        scope.students_visible_to(user)
        .filter(pk__in=in_schools.values("person_id"), is_active=True)
        .filter(name_matches(query))
        .order_by("family_name", "given_name", "pk")
    )


def _sections_in_scope(user: Any, school_id: int | None) -> QuerySet[Section]:
    return scope.sections_visible_to(user).filter(school_id__in=_school_ids(user, school_id), is_active=True)


def leader_sections(user: Any, *, query: str = "", school_id: int | None = None) -> QuerySet[Section]:
    sections = _sections_in_scope(user, school_id)
    if query.strip():
        teaching = Enrollment.objects.filter(
            Q(name_matches(query, "person__")), role__in=scope.TEACHING_ROLES, is_active=True
        ).values("section_id")
        sections = sections.filter(
            Q(title__icontains=query.strip()) | Q(course__title__icontains=query.strip()) | Q(pk__in=teaching)
        )
    return (
        sections.select_related("school", "course")
        .annotate(
            student_count=Count(
                "enrollments", filter=Q(enrollments__role="student", enrollments__is_active=True)
            )
        )
        .order_by("school__name", "title", "pk")
    )


def leader_teachers(user: Any, *, query: str = "", school_id: int | None = None) -> QuerySet[Person]:
    schools = _school_ids(user, school_id)
    teaching = Enrollment.objects.filter(
        section__in=_sections_in_scope(user, school_id), role__in=scope.TEACHING_ROLES, is_active=True
    )
    roles = PersonRole.objects.filter(org_id__in=schools, role__in=scope.TEACHING_ROLES, is_active=True)
    return (
        Person.objects.filter(
            Q(pk__in=teaching.values("person_id")) | Q(pk__in=roles.values("person_id")), is_active=True
        )
        .filter(name_matches(query))
        .order_by("family_name", "given_name", "pk")
    )


def teachers_by_section(sections: list[Section]) -> dict[int, list[Person]]:
    """The teachers of each section on a page, in one query."""
    found: dict[int, list[Person]] = defaultdict(list)
    for enrollment in (
        Enrollment.objects.filter(section__in=sections, role__in=scope.TEACHING_ROLES, is_active=True)
        .select_related("person")
        .order_by("person__family_name")
    ):
        found[enrollment.section_id].append(enrollment.person)
    return found


def sections_by_teacher(
    user: Any, teachers: list[Person], *, school_id: int | None = None
) -> dict[int, list[Section]]:
    """The sections each teacher on a page teaches, within the leader's schools, in one query."""
    found: dict[int, list[Section]] = defaultdict(list)
    for enrollment in (
        Enrollment.objects.filter(
            person__in=teachers,
            role__in=scope.TEACHING_ROLES,
            is_active=True,
            section__in=_sections_in_scope(user, school_id),
        )
        .select_related("section", "section__school")
        .order_by("section__title")
    ):
        found[enrollment.person_id].append(enrollment.section)
    return found


def schools_of(people: list[Person], *, role: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for person_id, name in (
        PersonRole.objects.filter(person__in=people, role=role, is_active=True)
        .values_list("person_id", "org__name")
        .order_by("org__name")
    ):
        if name not in found[person_id]:
            found[person_id].append(name)
    return found
