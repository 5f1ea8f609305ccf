"""The real OneRoster files in ../shared/data import, with their quirks reported as warnings."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.rostering.models import (
    AcademicSession,
    Enrollment,
    GuardianLink,
    ImportRun,
    Org,
    Person,
    PersonRole,
    Section,
    StudentDemographics,
)
from pathmaker.rostering.services import roster_import
from tests.conftest import SHARED_DATA

ONEROSTER = SHARED_DATA / "oneroster"


def run_import(path: Path, **kwargs) -> ImportRun:
    return roster_import(path=path, actor=Actor.system("test"), **kwargs)


def warning_texts(run: ImportRun) -> str:
    return "\n".join(w["text"] for w in run.warnings)


@pytest.mark.django_db
def test_it_imports_the_oneroster_1_1_full_data_set_with_its_quirks_as_warnings():
    run = run_import(ONEROSTER / "Test_full_data_set.zip")
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    assert Person.objects.count() == 6 and Section.objects.count() == 2 and Enrollment.objects.count() == 6
    warnings = warning_texts(run)
    assert "parent org 'org-sch-222-3456' is not in the upload" in warnings
    assert "status 'inactive' is not OneRoster" in warnings
    assert "courses are marked absent in the manifest" in warnings
    assert "password column ignored" in warnings
    # tobedeleted rows arrive deactivated, never skipped: their history stays
    assert not AcademicSession.objects.get(sourced_id="as-grp-222-23456").is_active
    assert not Section.objects.get(sourced_id="cls-222-123478").is_active
    # the parent (role "parent") is linked to the child named in agentSourcedIds
    assert GuardianLink.objects.filter(
        guardian__username="thomas.joness", student__username="mary.jones"
    ).exists()


@pytest.mark.django_db
def test_it_imports_the_oneroster_1_2_full_data_set_with_d_mm_yyyy_dates_and_a_misspelled_header():
    run = run_import(ONEROSTER / "v1p2_full_dataset.zip")
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    warnings = warning_texts(run)
    assert "'1/05/2023' is not ISO 8601 (YYYY-MM-DD); read as day/month/year" in warnings
    assert "prefferedGivenName: unknown column read as 'preferredGivenName'" in warnings
    assert "userprofiles.csv; the file is ignored" in warnings
    assert Person.objects.get(username="mary.jones").preferred_given_name == "MJ"
    # 1.2 roles come from roles.csv: John Doe is a teacher and, secondarily, a guardian
    assert set(PersonRole.objects.filter(person__username="john.doe").values_list("role", flat=True)) == {
        "teacher",
        "guardian",
    }
    assert GuardianLink.objects.filter(guardian__username="john.doe", student__username="mary.jones").exists()


@pytest.mark.django_db
def test_it_imports_the_oneroster_1_2_delta_sample_with_demographics():
    run = run_import(ONEROSTER / "oneroster_test_data.zip")
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    assert (
        StudentDemographics.objects.get(person__username="brucewayne").birth_date.isoformat() == "2010-04-17"
    )


@pytest.mark.django_db
def test_it_accepts_the_nonconforming_files_with_a_warning_for_each_broken_reference():
    run = run_import(SHARED_DATA / "oneroster-nonconforming")
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    warnings = warning_texts(run)
    assert "classes.csv row 2, column courseSourcedId: class has no course" in warnings
    assert "classes.csv row 2, column termSourcedIds: term '1' is not in academicSessions" in warnings
    assert Org.objects.get(sourced_id="12345").parent.sourced_id == "54321"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["Test_full_data_set.zip", "v1p2_full_dataset.zip", "oneroster_test_data.zip"]
)
def test_importing_the_same_files_twice_changes_nothing(name):
    run_import(ONEROSTER / name)
    before = {m.__name__: list(m.objects.order_by("pk").values()) for m in (Org, Person, Section, Enrollment)}
    second = run_import(ONEROSTER / name)
    assert all(c["created"] == c["updated"] == c["deactivated"] == 0 for c in second.summary.values())
    assert before == {
        m.__name__: list(m.objects.order_by("pk").values()) for m in (Org, Person, Section, Enrollment)
    }


@pytest.mark.django_db
def test_no_password_from_any_shared_file_is_stored_anywhere():
    for name in ("Test_full_data_set.zip", "v1p2_full_dataset.zip", "oneroster_test_data.zip"):
        run_import(ONEROSTER / name)
    stored = repr([list(m.objects.values()) for m in (Person, PersonRole, ImportRun, AuditEvent)])
    assert "Password1-" not in stored and "Batman.Ru1ez" not in stored


@pytest.mark.django_db
def test_each_import_is_summarised_and_audited():
    run = run_import(ONEROSTER / "Test_full_data_set.zip")
    assert run.summary["users.csv"] == {
        "created": 6,
        "updated": 0,
        "unchanged": 0,
        "deactivated": 0,
        "warnings": run.summary["users.csv"]["warnings"],
        "rows": 6,
    }
    assert AuditEvent.objects.filter(action="roster.import", object_id=str(run.pk)).exists()


def unzip(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name.removesuffix(".zip")
    with zipfile.ZipFile(ONEROSTER / name) as archive:
        archive.extractall(folder)
    return folder


@pytest.mark.django_db
def test_a_later_export_updates_changed_rows_and_deactivates_missing_ones(tmp_path):
    folder = unzip(tmp_path, "Test_full_data_set.zip")
    run_import(folder)
    users = (folder / "users.csv").read_text().replace("Anna,Brown", "Anna,Browne")
    users = "\n".join(line for line in users.splitlines() if not line.startswith("usr-222-1234561232,"))
    (folder / "users.csv").write_text(users + "\n")
    enrollments = (folder / "enrollments.csv").read_text().splitlines()
    (folder / "enrollments.csv").write_text(
        "\n".join(line for line in enrollments if "usr-222-1234561232" not in line) + "\n"
    )
    run = run_import(folder)
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    assert run.summary["users.csv"]["updated"] == 1 and run.summary["users.csv"]["deactivated"] == 1
    assert Person.objects.get(username="anna.brown").family_name == "Browne"
    gone = Person.objects.get(sourced_id="usr-222-1234561232")
    assert not gone.is_active and gone.deactivated_at is not None  # deactivated, never deleted
    assert not Enrollment.objects.filter(person=gone, is_active=True).exists()


@pytest.mark.django_db
def test_a_row_that_comes_back_after_being_dropped_is_reactivated(tmp_path):
    folder = unzip(tmp_path, "Test_full_data_set.zip")
    original = (folder / "users.csv").read_text()
    run_import(folder)
    (folder / "users.csv").write_text(
        "\n".join(line for line in original.splitlines() if "anna.brown" not in line) + "\n"
    )
    run_import(folder)
    (folder / "users.csv").write_text(original)
    run_import(folder)
    assert Person.objects.get(username="anna.brown").is_active


@pytest.mark.django_db
def test_a_file_marked_absent_in_the_manifest_leaves_its_records_alone(tmp_path):
    folder = unzip(tmp_path, "Test_full_data_set.zip")
    run_import(folder)
    manifest = (folder / "manifest.csv").read_text().replace("file.users,bulk", "file.users,absent")
    (folder / "manifest.csv").write_text(manifest)
    (folder / "users.csv").unlink()
    run = run_import(folder)
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    assert Person.objects.filter(is_active=True).count() == 6


def test_shared_data_is_where_the_tests_expect_it():
    assert ONEROSTER.is_dir() and shutil.which("python3")


@pytest.mark.django_db
def test_a_course_that_arrives_in_a_later_export_is_linked_to_its_classes(tmp_path):
    folder = unzip(tmp_path, "Test_full_data_set.zip")
    run_import(folder)
    assert Section.objects.get(sourced_id="cls-222-123456").course is None
    (folder / "manifest.csv").write_text(
        (folder / "manifest.csv").read_text().replace("file.courses,absent", "file.courses,delta")
    )
    (folder / "courses.csv").write_text(
        "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId\n"
        "crs-222-2023-456-12345,active,,,Physics,PHY100,09,org-sch-222-456\n"
    )
    run = run_import(folder)
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    assert Section.objects.get(sourced_id="cls-222-123456").course.title == "Physics"
