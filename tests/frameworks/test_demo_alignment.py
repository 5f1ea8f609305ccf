"""The demo teaches each grade its own mathematics: competencies align to courses by grade band, and credit
lines and the readiness checklist appear only where they apply."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from pathmaker.demo.frameworks import build_demo_frameworks
from pathmaker.frameworks.models import CourseCompetency
from pathmaker.mastery.selectors import course_grants_credit
from pathmaker.profiles.access import profile_access_or_404
from pathmaker.profiles.selectors import readiness_for
from pathmaker.rostering.models import Course
from tests import factories as f

GRADE_8_CODES = {"MV.M.SLOPE", "MV.M.SOLVE"}


def a_student_in(district, title: str, grades: str, *, given: str):
    section = f.section(title, district.north)
    Course.objects.filter(pk=section.course_id).update(title=title, grades=grades, subjects="Mathematics")
    student = f.person(given, "Lee", grades=grades)
    f.role(student, district.north, "student")
    f.enroll(student, section)
    return student, section


def codes_of(section) -> set[str]:
    return set(
        CourseCompetency.objects.filter(course_id=section.course_id).values_list(
            "competency__human_coding_scheme", flat=True
        )
    )


@pytest.fixture
def grades(district):
    first, first_math = a_student_in(district, "Grade 1 Mathematics", "01", given="Fay")
    eighth, eighth_math = a_student_in(district, "Grade 8 Mathematics", "08", given="Eli")
    ninth, algebra = a_student_in(district, "Algebra I", "09", given="Nia")
    build_demo_frameworks()
    return {"first": (first, first_math), "eighth": (eighth, eighth_math), "ninth": (ninth, algebra)}


def test_a_first_grade_mathematics_course_gets_no_middle_school_competency(grades):
    assert not any(code.startswith("MV.M.") for code in codes_of(grades["first"][1]))


def test_an_eighth_grade_course_gets_the_grade_8_competencies_and_not_the_sixth_grade_one(grades):
    codes = codes_of(grades["eighth"][1])
    assert codes >= GRADE_8_CODES and "MV.M.RATIO" not in codes


def test_a_first_graders_profile_lists_no_grade_8_competency(grades, district, login):
    student, _ = grades["first"]
    page = login(district.user("district_admin")).get(
        reverse("student_profile", kwargs={"student_id": student.pk})
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert not any(code in text for code in GRADE_8_CODES) and "linear equations" not in text


def test_a_first_grader_gets_no_credit_lines_and_a_ninth_grader_does(grades, district, login):
    client = login(district.user("district_admin"))
    first = client.get(reverse("student_detail", kwargs={"student_id": grades["first"][0].pk}))
    ninth = client.get(reverse("student_detail", kwargs={"student_id": grades["ninth"][0].pk}))
    assert first.context["courses"] == []
    assert [p.course.title for p in ninth.context["courses"]] == ["Algebra I"]


def test_credit_starts_at_the_districts_grade(district):
    middle = Course(title="Algebra I", grades="08", org=district.north)
    assert not course_grants_credit(middle)
    assert course_grants_credit(Course(title="Biology", grades="09,10", org=district.north))
    with override_settings(PATHMAKER_CREDIT_FROM_GRADE=8):
        assert course_grants_credit(middle)


def test_the_readiness_checklist_starts_at_each_items_grade(grades, district):
    def keys(student):
        return [
            line.item.key
            for line in readiness_for(profile_access_or_404(district.user("district_admin"), student.pk))
        ]

    assert keys(grades["first"][0]) == []
    assert set(keys(grades["eighth"][0])) == {"course_plan", "career_inventory"}
    assert "psat" in keys(grades["ninth"][0]) and "fafsa" not in keys(grades["ninth"][0])


def test_a_first_graders_profile_has_no_readiness_part(grades, district, login):
    student, _ = grades["first"]
    page = login(district.user("district_admin")).get(
        reverse("student_profile", kwargs={"student_id": student.pk})
    )
    assert "readiness" not in {item["section"].kind for item in page.context["shown"]}
    eighth = login(district.user("district_admin")).get(
        reverse("student_profile", kwargs={"student_id": grades["eighth"][0].pk})
    )
    assert "readiness" in {item["section"].kind for item in eighth.context["shown"]}
