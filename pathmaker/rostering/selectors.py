"""Reads of roster data for pages and the API. Callers pass querysets already scoped by pathmaker.access."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from pathmaker.rostering.models import (
    Enrollment,
    GuardianLink,
    Org,
    Person,
    PersonRole,
    Section,
)

GRADE_ORDER = ["PK", "TK", "KG", *[f"{n:02d}" for n in range(1, 14)], "PS", "UG", "Other"]


def grade_label(code: str) -> str:
    if code == "KG":
        return "Kindergarten"
    if code.isdigit():
        return f"Grade {int(code)}"
    return code or "Not given"


@dataclass(frozen=True)
class SchoolNumbers:
    school: Org
    students: int
    teachers: int
    sections: int
    enrollments: int
    by_grade: list[tuple[str, int]]

    @property
    def largest_grade(self) -> int:
        return max((n for _, n in self.by_grade), default=0)


def school_numbers(school: Org) -> SchoolNumbers:
    students = PersonRole.objects.filter(org=school, role="student", is_active=True, person__is_active=True)
    grades = Counter(
        (g.split(",")[0].strip() or "Not given") for g in students.values_list("person__grades", flat=True)
    )
    ordered = sorted(grades.items(), key=lambda kv: GRADE_ORDER.index(kv[0]) if kv[0] in GRADE_ORDER else 99)
    return SchoolNumbers(
        school=school,
        students=students.count(),
        teachers=PersonRole.objects.filter(org=school, role="teacher", is_active=True).count(),
        sections=Section.objects.filter(school=school, is_active=True).count(),
        enrollments=Enrollment.objects.filter(school=school, role="student", is_active=True).count(),
        by_grade=[(grade_label(g), n) for g, n in ordered],
    )


def schools_with_counts() -> QuerySet[Org]:
    return (
        Org.objects.filter(org_type="school", is_active=True)
        .annotate(
            student_count=Count(
                "person_roles", filter=Q(person_roles__role="student", person_roles__is_active=True)
            )
        )
        .order_by("name")
    )


def sections_with_counts(sections: QuerySet[Section]) -> QuerySet[Section]:
    return (
        sections.filter(is_active=True)
        .select_related("school", "course")
        .annotate(
            student_count=Count(
                "enrollments", filter=Q(enrollments__role="student", enrollments__is_active=True)
            )
        )
        .order_by("title")
    )


def student_schools(student: Person) -> QuerySet[Org]:
    return Org.objects.filter(
        person_roles__person=student, person_roles__role="student", person_roles__is_active=True
    ).distinct()


def guardians_of(student: Person) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=GuardianLink.objects.filter(student=student, is_active=True).values("guardian_id"),
        is_active=True,
    )


def teachers_of(section: Section) -> QuerySet[Person]:
    return Person.objects.filter(
        enrollments__section=section, enrollments__role__in=("teacher", "aide"), enrollments__is_active=True
    ).distinct()
