"""People, roles, enrollments, sections, guardian links and advisorships the roster (or the district) ends
stop counting at once: the access rule ignores them, and the person's login and API tokens stop working.

Where the roster ends a record, the test ends it the way a district does: a OneRoster delta import that
marks the row `tobedeleted`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.urls import reverse

from pathmaker.access import scope
from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.evidence.access import can_record_evidence
from pathmaker.mastery.access import may_open_gradebook
from pathmaker.profiles.access import profile_access_or_404
from pathmaker.rostering.models import (
    Advisorship,
    Enrollment,
    GuardianLink,
    ImportRun,
    Person,
    PersonRole,
    Section,
)
from pathmaker.rostering.services import roster_import

FILES = (
    "academicSessions",
    "categories",
    "classes",
    "classResources",
    "courses",
    "courseResources",
    "demographics",
    "enrollments",
    "lineItems",
    "orgs",
    "resources",
    "results",
    "users",
)


def delta_import(folder: Path, file: str, rows: list[dict[str, str]]) -> ImportRun:
    """A OneRoster 1.1 delta upload carrying only `file`, the way a nightly SIS sync sends changes."""
    folder.mkdir(exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["propertyName", "value"])
        writer.writerows([["manifest.version", "1.0"], ["oneroster.version", "1.1"]])
        writer.writerows([[f"file.{name}", "delta" if name == file else "absent"] for name in FILES])
    with (folder / f"{file}.csv").open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    run = roster_import(path=folder, actor=Actor.system("test"))
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    return run


def user_row(person: Person, role: PersonRole) -> dict[str, str]:
    return {
        "sourcedId": person.sourced_id,
        "status": "tobedeleted",
        "dateLastModified": "2026-10-01",
        "enabledUser": "true",
        "orgSourcedIds": role.org.sourced_id,
        "role": role.role,
        "username": person.username,
        "givenName": person.given_name,
        "familyName": person.family_name,
    }


def deactivate_person_by_delta(tmp_path: Path, person: Person) -> None:
    delta_import(tmp_path / "users", "users", [user_row(person, person.roles.first())])
    person.refresh_from_db()
    assert not person.is_active


def visible(district, persona: str) -> set[str]:
    return set(scope.students_visible_to(district.user(persona)).values_list("given_name", flat=True))


# --- the person ---------------------------------------------------------------------------------


def test_a_teacher_the_roster_deactivates_sees_no_student_and_no_section(district, tmp_path):
    deactivate_person_by_delta(tmp_path, district.user("teacher").person)
    teacher = district.user("teacher")
    assert visible(district, "teacher") == set()
    assert not scope.sections_visible_to(teacher).exists()
    assert not scope.enrollments_visible_to(teacher).exists()
    assert scope.viewer_for(teacher) == scope.NOBODY
    assert not can_record_evidence(teacher, district.sam)


def test_a_guardian_the_roster_deactivates_sees_neither_child(district, tmp_path):
    deactivate_person_by_delta(tmp_path, district.user("guardian").person)
    assert visible(district, "guardian") == set()
    assert not scope.sections_visible_to(district.user("guardian")).exists()


def test_a_deactivated_teachers_session_ends_at_the_next_request(district, client, tmp_path):
    client.force_login(district.user("teacher"))
    student_page = reverse("student_detail", kwargs={"student_id": district.sam.pk})
    assert client.get(student_page).status_code == 200
    deactivate_person_by_delta(tmp_path, district.user("teacher").person)
    response = client.get(student_page)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    gradebook = client.get(reverse("section_gradebook", kwargs={"section_id": district.math.pk}))
    assert gradebook.status_code == 302


def test_a_deactivated_teacher_cannot_log_in(district, client, tmp_path):
    deactivate_person_by_delta(tmp_path, district.user("teacher").person)
    client.post(reverse("login"), {"username": "alice.adams", "password": "correct horse battery"})
    assert "_auth_user_id" not in client.session


def test_a_deactivated_teachers_api_token_stops_working_at_once(district, client, tmp_path):
    token = api_token_create(
        user=district.user("teacher"), name="gradebook sync", actor=Actor.for_user(district.user("teacher"))
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/students", **auth).status_code == 200
    deactivate_person_by_delta(tmp_path, district.user("teacher").person)
    assert client.get("/api/v1/students", **auth).status_code == 401
    assert (
        client.post(
            "/api/v1/evidence", {"student_id": district.sam.pk}, content_type="application/json", **auth
        ).status_code
        == 401
    )


def test_a_deactivated_student_is_no_longer_seen_by_their_teacher(district, tmp_path):
    deactivate_person_by_delta(tmp_path, district.sam)
    assert visible(district, "teacher") == {"Tia"}
    assert visible(district, "guardian") == set()
    assert visible(district, "principal") == {"Tia"}
    # The district keeps custody of every record, active or not.
    assert "Sam" in visible(district, "district_admin")


# --- roles, enrollments, sections -----------------------------------------------------------------


def test_a_principal_whose_role_ends_loses_the_school(district):
    PersonRole.objects.filter(person=district.user("principal").person).update(is_active=False)
    assert visible(district, "principal") == set()
    assert not scope.sections_visible_to(district.user("principal")).exists()


def test_a_teaching_enrollment_the_roster_ends_ends_the_teachers_access_to_that_class(district, tmp_path):
    teaching = Enrollment.objects.get(person=district.user("teacher").person, section=district.math)
    delta_import(
        tmp_path / "enrollments",
        "enrollments",
        [
            {
                "sourcedId": teaching.sourced_id,
                "status": "tobedeleted",
                "dateLastModified": "2026-10-01",
                "classSourcedId": district.math.sourced_id,
                "schoolSourcedId": district.north.sourced_id,
                "userSourcedId": teaching.person.sourced_id,
                "role": "teacher",
                "primary": "true",
            }
        ],
    )
    teacher = district.user("teacher")
    assert visible(district, "teacher") == {"Sam"}  # still teaches Sam in Art
    assert set(scope.sections_visible_to(teacher)) == {district.art}
    assert not may_open_gradebook(teacher, district.math)
    assert not can_record_evidence(teacher, district.tia)


def test_a_student_enrollment_the_roster_ends_hides_the_student_from_that_class(district, tmp_path):
    enrollment = Enrollment.objects.get(person=district.tia, section=district.math)
    delta_import(
        tmp_path / "enrollments",
        "enrollments",
        [
            {
                "sourcedId": enrollment.sourced_id,
                "status": "tobedeleted",
                "dateLastModified": "2026-10-01",
                "classSourcedId": district.math.sourced_id,
                "schoolSourcedId": district.north.sourced_id,
                "userSourcedId": district.tia.sourced_id,
                "role": "student",
                "primary": "false",
            }
        ],
    )
    assert visible(district, "teacher") == {"Sam"}
    assert not can_record_evidence(district.user("teacher"), district.tia)


def test_a_section_the_roster_ends_is_gone_for_its_teachers_and_its_students(district, tmp_path):
    delta_import(
        tmp_path / "classes",
        "classes",
        [
            {
                "sourcedId": district.math.sourced_id,
                "status": "tobedeleted",
                "dateLastModified": "2026-10-01",
                "title": "Math 7",
                "courseSourcedId": district.math.course.sourced_id,
                "classType": "scheduled",
                "schoolSourcedId": district.north.sourced_id,
            }
        ],
    )
    assert not Section.objects.get(pk=district.math.pk).is_active
    assert visible(district, "co_teacher") == set()
    assert district.math not in scope.sections_visible_to(district.user("student"))
    assert district.math not in scope.sections_visible_to(district.user("principal"))
    assert not scope.roster_visible_in(district.user("teacher"), district.math).exists()


# --- guardian links and advisorships --------------------------------------------------------------


def test_an_ended_guardian_link_ends_the_guardians_access_and_the_childs_sections(district):
    GuardianLink.objects.filter(guardian=district.user("guardian").person).update(is_active=False)
    guardian = district.user("guardian")
    assert visible(district, "guardian") == set()
    assert not scope.viewer_for(guardian).is_guardian
    assert not scope.sections_visible_to(guardian).exists()
    with pytest.raises(scope.Http404):
        profile_access_or_404(guardian, district.sam.pk)


def test_an_ended_advisorship_ends_the_advisors_access(district):
    Advisorship.objects.filter(student=district.sam).update(is_active=False)
    assert visible(district, "advisor") == set()
    with pytest.raises(scope.Http404):
        profile_access_or_404(district.user("advisor"), district.sam.pk)


def test_an_advisor_who_is_deactivated_sees_no_advisee(district, tmp_path):
    deactivate_person_by_delta(tmp_path, district.user("advisor").person)
    assert visible(district, "advisor") == set()


# --- one staff scope ------------------------------------------------------------------------------


def test_a_principal_may_record_evidence_for_every_student_they_see(district):
    """A student enrolled at the school but with no role record there: seen, so also recordable."""
    PersonRole.objects.filter(person=district.tia).delete()
    principal = district.user("principal")
    assert "Tia" in visible(district, "principal")
    assert can_record_evidence(principal, district.tia)


def test_a_principal_may_not_record_evidence_for_another_schools_student(district):
    assert not can_record_evidence(district.user("principal"), district.omar)
