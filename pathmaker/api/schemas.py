"""Output shapes of the API: explicit, with no logic in them."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class SchoolOut(Schema):
    id: int
    sourced_id: str
    name: str
    org_type: str
    identifier: str
    is_active: bool


class SectionOut(Schema):
    id: int
    sourced_id: str
    title: str
    class_code: str
    class_type: str
    location: str
    periods: str
    school_id: int
    course_id: int | None
    is_active: bool


class EnrollmentOut(Schema):
    id: int
    sourced_id: str
    section_id: int
    person_id: int
    role: str
    is_primary: bool
    begin_date: date | None
    end_date: date | None
    is_active: bool


class StudentOut(Schema):
    id: int
    sourced_id: str
    username: str
    given_name: str
    family_name: str
    preferred_given_name: str
    grades: str
    is_active: bool


class DemographicsOut(Schema):
    birth_date: date | None
    sex: str
    race_ethnicity: str
    english_learner: bool | None
    free_reduced_lunch: bool | None
    iep: bool | None
    section_504: bool | None
    gifted: bool | None


class StudentDetailOut(StudentOut):
    school_ids: list[int]
    section_ids: list[int]
    guardian_ids: list[int]
    demographics: DemographicsOut | None


class ErrorOut(Schema):
    detail: str
