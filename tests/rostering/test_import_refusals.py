"""Broken uploads are refused with file, row, column and reason, and nothing changes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pathmaker.audit.actor import Actor
from pathmaker.rostering.models import Enrollment, ImportRun, Org, Person, PersonRole, Section
from pathmaker.rostering.services import roster_import
from tests.conftest import SHARED_DATA

MODELS = (Org, Person, PersonRole, Section, Enrollment)


def snapshot():
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}


@pytest.fixture
def imported(tmp_path, db) -> Path:
    """The 1.1 full data set, imported once, unpacked for editing."""
    folder = tmp_path / "export"
    with zipfile.ZipFile(SHARED_DATA / "oneroster" / "Test_full_data_set.zip") as archive:
        archive.extractall(folder)
    assert roster_import(path=folder, actor=Actor.system("test")).status == ImportRun.Status.SUCCEEDED
    return folder


def edit(folder: Path, file: str, old: str, new: str) -> None:
    text = (folder / file).read_text()
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1))


def refused(folder: Path) -> ImportRun:
    before = snapshot()
    run = roster_import(path=folder, actor=Actor.system("test"))
    assert run.status == ImportRun.Status.REJECTED
    assert snapshot() == before, "a refused import changed the database"
    return run


def error_texts(run: ImportRun) -> list[str]:
    return [e["text"] for e in run.errors]


def test_it_rejects_a_class_at_an_unknown_school_naming_file_row_and_column(imported):
    edit(imported, "classes.csv", "Room 2-B,org-sch-222-456", "Room 2-B,org-nowhere")
    edit(imported, "users.csv", "Anna,Brown", "Anna,Browne")  # a valid change that must not land either
    run = refused(imported)
    assert error_texts(run) == ["classes.csv row 2, column schoolSourcedId: unknown org 'org-nowhere'"]
    assert Person.objects.get(username="anna.brown").family_name == "Brown"


def test_it_rejects_a_duplicate_sourced_id(imported):
    edit(imported, "users.csv", "usr-222-567891,", "usr-222-123456,")
    assert (
        "users.csv row 7, column sourcedId: duplicate sourcedId 'usr-222-123456' (each row needs its own)"
        in (error_texts(refused(imported)))
    )


def test_it_rejects_an_enrollment_of_an_unknown_user(imported):
    edit(
        imported,
        "enrollments.csv",
        "org-sch-222-456,usr-222-987654,student",
        "org-sch-222-456,usr-ghost,student",
    )
    assert error_texts(refused(imported)) == [
        "enrollments.csv row 3, column userSourcedId: enrollment of an unknown user 'usr-ghost'"
    ]


def test_it_rejects_a_bad_role(imported):
    edit(imported, "users.csv", "org-sch-222-456,teacher,john.doe", "org-sch-222-456,teachr,john.doe")
    [error] = error_texts(refused(imported))
    assert error.startswith(
        "users.csv row 2, column role: 'teachr' is not a OneRoster role (expected one of:"
    )


def test_it_rejects_a_file_missing_a_required_column(imported):
    edit(
        imported,
        "orgs.csv",
        "sourcedId,status,dateLastModified,name,",
        "sourcedId,status,dateLastModified,title,",
    )
    assert "orgs.csv row 1, column name: required column is missing" in error_texts(refused(imported))


def test_it_rejects_a_file_the_manifest_promises_but_the_upload_lacks(imported):
    (imported / "enrollments.csv").unlink()
    assert error_texts(refused(imported)) == [
        "manifest.csv, column file.enrollments: the manifest says enrollments is bulk but enrollments.csv is not "
        "in the upload"
    ]


def test_it_rejects_a_date_it_cannot_read(imported):
    edit(imported, "enrollments.csv", "2022-03-15,2022-06-15", "2022-13-45,2022-06-15")
    [error] = error_texts(refused(imported))
    assert error.startswith("enrollments.csv row 2, column beginDate:")


def test_it_rejects_something_that_is_not_a_zip(tmp_path, db):
    bogus = tmp_path / "roster.zip"
    bogus.write_text("not a zip")
    run = roster_import(path=bogus, actor=Actor.system("test"))
    assert run.status == ImportRun.Status.REJECTED
    assert "not a zip file" in run.errors[0]["text"]


def build_school(folder: Path, students: int) -> None:
    folder.mkdir()
    (folder / "manifest.csv").write_text(
        "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\n"
        "file.orgs,bulk\nfile.users,bulk\nfile.roles,bulk\n"
    )
    (folder / "orgs.csv").write_text(
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
        "sch1,active,,Lake School,school,,\n"
    )
    (folder / "users.csv").write_text(
        "sourcedId,status,dateLastModified,enabledUser,username,givenName,familyName\n"
        + "".join(f"s{i},active,,true,kid{i},Kid,Number{i}\n" for i in range(students))
    )
    (folder / "roles.csv").write_text(
        "sourcedId,status,dateLastModified,userSourcedId,roleType,role,orgSourcedId\n"
        + "".join(f"r{i},active,,s{i},primary,student,sch1\n" for i in range(students))
    )


def truncate(folder: Path, keep: int) -> None:
    for name in ("users.csv", "roles.csv"):
        lines = (folder / name).read_text().splitlines()
        (folder / name).write_text("\n".join(lines[: keep + 1]) + "\n")


def test_it_refuses_a_sync_that_would_deactivate_too_many_of_a_schools_students(tmp_path, db):
    build_school(tmp_path / "lake", 40)
    roster_import(path=tmp_path / "lake", actor=Actor.system("test"))
    truncate(tmp_path / "lake", 20)  # a truncated export: half the school gone
    run = refused(tmp_path / "lake")
    assert (
        "Lake School: this sync would deactivate 20 of its 40 active students (50%, above the 20% limit)"
        in (run.errors[0]["text"])
    )


def test_a_forced_sync_deactivates_them_and_keeps_their_records(tmp_path, db):
    build_school(tmp_path / "lake", 40)
    roster_import(path=tmp_path / "lake", actor=Actor.system("test"))
    truncate(tmp_path / "lake", 20)
    run = roster_import(path=tmp_path / "lake", actor=Actor.system("test"), force=True)
    assert run.status == ImportRun.Status.SUCCEEDED
    assert Person.objects.count() == 40 and Person.objects.filter(is_active=True).count() == 20


def test_a_small_withdrawal_passes_the_guard(tmp_path, db, settings):
    build_school(tmp_path / "lake", 40)
    roster_import(path=tmp_path / "lake", actor=Actor.system("test"))
    truncate(tmp_path / "lake", 36)
    assert (
        roster_import(path=tmp_path / "lake", actor=Actor.system("test")).status == ImportRun.Status.SUCCEEDED
    )
