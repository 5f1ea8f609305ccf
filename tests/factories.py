"""Builders for roster data that keep the district's invariants.

An enrollment's school is its section's school; a course belongs to the section's
school; every record gets a unique sourcedId. Tests build only through these.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from pathmaker.accounts.models import User
from pathmaker.rostering.models import (
    Course,
    Enrollment,
    GuardianLink,
    Org,
    Person,
    PersonRole,
    Section,
    StudentDemographics,
)

NOW = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)
_ids = itertools.count(1)


def _record() -> dict[str, Any]:
    return {"sourced_id": f"test-{next(_ids)}", "created_at": NOW, "updated_at": NOW}


def org(name: str, org_type: str = "school", parent: Org | None = None) -> Org:
    return Org.objects.create(
        name=name,
        org_type=org_type,
        parent=parent,
        parent_sourced_id=parent.sourced_id if parent else "",
        **_record(),
    )


def person(given: str, family: str, *, username: str | None = None, grades: str = "") -> Person:
    return Person.objects.create(
        given_name=given,
        family_name=family,
        grades=grades,
        username=username or f"{given}.{family}".lower(),
        **_record(),
    )


def role(who: Person, where: Org, name: str, *, primary: bool = True) -> PersonRole:
    return PersonRole.objects.create(person=who, org=where, role=name, is_primary=primary, **_record())


def section(title: str, school: Org) -> Section:
    course = Course.objects.create(title=f"{title} course", org=school, **_record())
    return Section.objects.create(
        title=title,
        course=course,
        course_sourced_id=course.sourced_id,
        class_type="scheduled",
        school=school,
        **_record(),
    )


def enroll(who: Person, where: Section, role_name: str = "student", *, primary: bool = False) -> Enrollment:
    return Enrollment.objects.create(
        person=who, section=where, school=where.school, role=role_name, is_primary=primary, **_record()
    )


def link(guardian: Person, student: Person) -> GuardianLink:
    return GuardianLink.objects.create(guardian=guardian, student=student, **_record())


def demographics(student: Person, **values: Any) -> StudentDemographics:
    return StudentDemographics.objects.create(person=student, **_record(), **values)


def account(who: Person | None = None, *, username: str | None = None, district_admin: bool = False) -> User:
    user = User.objects.create(
        username=username or who.username, person=who, is_district_admin=district_admin
    )
    user.set_password("correct horse battery")
    user.save()
    return user
