"""Each OneRoster file has one field spec, from which the importer derives both its change digest and
its writer: a field cannot be written without being digested (a re-import would never update it)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from pathmaker.audit.actor import Actor
from pathmaker.rostering.models import AcademicSession, ImportRun, SectionTerm
from pathmaker.rostering.oneroster.importer import GUARDIAN_LINKS, KEY, SPECS, TableSpec
from pathmaker.rostering.oneroster.reader import read_upload
from pathmaker.rostering.services import roster_import
from tests.conftest import SHARED_DATA

ONEROSTER = SHARED_DATA / "oneroster"
# One row in every file that has a spec (1.2, with roles.csv and demographics.csv).
EVERY_FILE = ONEROSTER / "oneroster_test_data.zip"
FULL_1_2 = ONEROSTER / "v1p2_full_dataset.zip"
# The importer's own bookkeeping, on every imported model.
BOOKKEEPING = {"id", "sourced_id", "is_active", "source_hash", "created_at", "updated_at", "deactivated_at"}
# Set after the rows are written, from a column of the spec (`_relink` follows `parent_sourced_id`).
SET_AFTER_THE_ROWS = {"parent_id"}


def first_rows() -> dict[str, Any]:
    upload = read_upload(EVERY_FILE)
    rows = {
        "orgs": upload.orgs,
        "academicSessions": upload.sessions,
        "courses": upload.courses,
        "classes": upload.classes,
        "users": upload.users,
        "roles": upload.roles,
        "enrollments": upload.enrollments,
        "demographics": upload.demographics,
    }
    assert set(rows) == set(SPECS)
    return {file: next(iter(found.values())) for file, found in rows.items()}


def different(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, tuple):
        return (*value, "another")
    return f"{value or ''}-changed"


def with_value(spec: TableSpec, row: Any, source: str) -> Any:
    """The row with one value changed, where the reader keeps it."""
    if spec.in_values and source in row.values:
        return dataclasses.replace(row, values={**row.values, source: different(row.values[source])})
    return dataclasses.replace(row, **{source: different(getattr(row, source))})


def sources(spec: TableSpec) -> set[str]:
    return {f.source for f in spec.fields}


@pytest.mark.parametrize("file", sorted(SPECS))
def test_every_value_a_spec_names_changes_the_digest_and_no_other_value_does(file):
    spec, row = SPECS[file], first_rows()[file]
    digest = spec.digest(row.active, row)
    named = sources(spec) - {KEY}
    others = {f.name for f in dataclasses.fields(row)} - named - {"active", "values"}
    if spec.in_values:
        assert named == set(row.values), "every value the reader keeps is named by the spec"
    for source in sorted(named):
        assert spec.digest(row.active, with_value(spec, row, source)) != digest, source
    # The row number, the row's own sourcedId, and values other specs store (users.csv's roles and agents)
    for source in sorted(others):
        assert spec.digest(row.active, with_value(spec, row, source)) == digest, source
    assert spec.digest(not row.active, row) != digest


def test_both_people_of_a_guardian_link_are_digested():
    link = SimpleNamespace(guardian="parent-1", student="student-1")
    digest = GUARDIAN_LINKS.digest(True, link)
    assert GUARDIAN_LINKS.digest(True, SimpleNamespace(guardian="parent-2", student="student-1")) != digest
    assert GUARDIAN_LINKS.digest(True, SimpleNamespace(guardian="parent-1", student="student-2")) != digest


@pytest.mark.parametrize("spec", [*SPECS.values(), GUARDIAN_LINKS], ids=lambda spec: spec.model.__name__)
def test_every_column_of_an_imported_model_is_named_by_its_spec(spec):
    columns = {f.attname for f in spec.model._meta.concrete_fields}
    assert columns - BOOKKEEPING - SET_AFTER_THE_ROWS == set(spec.columns)


@pytest.mark.django_db
def test_the_writer_stores_every_column_of_a_spec_from_the_value_the_spec_names():
    assert roster_import(path=EVERY_FILE, actor=Actor.system("test")).status == ImportRun.Status.SUCCEEDED
    for file, row in first_rows().items():
        spec = SPECS[file]
        stored = spec.model.objects.values(*spec.columns).get(sourced_id=row.sourced_id)
        for f in spec.fields:
            value = spec.getter(f.source)(row)
            if f.column is None:  # a class's terms
                assert set(
                    SectionTerm.objects.filter(section__sourced_id=row.sourced_id).values_list(
                        "session__sourced_id", flat=True
                    )
                ) == set(value)
            elif f.ref is not None:
                target = f.ref.objects.filter(sourced_id=value).values_list("id", flat=True).first()
                assert stored[f.column] == target, (file, f.column)
            else:
                assert stored[f.column] == value, (file, f.column)


@pytest.mark.django_db
def test_a_field_added_to_a_spec_is_written_by_the_next_import_of_the_same_files(monkeypatch):
    sessions = SPECS["academicSessions"]
    without_school_year = dataclasses.replace(
        sessions, fields=tuple(f for f in sessions.fields if f.source != "school_year")
    )
    monkeypatch.setitem(SPECS, "academicSessions", without_school_year)
    assert roster_import(path=FULL_1_2, actor=Actor.system("test")).status == ImportRun.Status.SUCCEEDED
    assert set(AcademicSession.objects.values_list("school_year", flat=True)) == {None}

    monkeypatch.setitem(SPECS, "academicSessions", sessions)  # the field is added
    run = roster_import(path=FULL_1_2, actor=Actor.system("test"))

    assert set(AcademicSession.objects.values_list("school_year", flat=True)) == {2023}
    assert run.summary["academicSessions.csv"]["updated"] == AcademicSession.objects.count() == 5
    assert all(
        counts["updated"] == counts["created"] == counts["deactivated"] == 0
        for label, counts in run.summary.items()
        if label != "academicSessions.csv"
    )
