"""The pure OneRoster reader: one file at a time, every problem located by file, row and column."""

from __future__ import annotations

from pathmaker.lib.dates import infer_day_first, parse_date
from pathmaker.rostering.oneroster.reader import read_texts

MANIFEST = "propertyName,value\noneroster.version,1.2\nfile.orgs,bulk\nfile.users,bulk\n"
ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\nsch,active,,Lake School,school,,\n"


def read(**files: str):
    texts = {"manifest": ("manifest.csv", MANIFEST), "orgs": ("orgs.csv", ORGS)}
    texts.update({name.lower(): (f"{name}.csv", text) for name, text in files.items()})
    return read_texts(texts, source_name="test")


def test_slash_dates_are_read_day_first_when_one_value_in_the_column_says_so():
    assert infer_day_first(["1/05/2023", "15/06/2023"]) is True
    assert infer_day_first(["05/13/2023"]) is False
    assert parse_date("1/05/2023", day_first=True).isoformat() == "2023-05-01"
    assert parse_date("2023-05-01T18:25:43.511Z").isoformat() == "2023-05-01"


def test_it_never_reads_the_password_column():
    upload = read(users="sourcedId,givenName,familyName,password\nu1,Ann,Lee,hunter2\n")
    assert "hunter2" not in repr(upload.users)
    assert any("password column ignored" in str(w) for w in upload.problems.warnings)


def test_alike_warnings_fold_into_one_line_with_a_count():
    rows = "".join(f"u{i},inactive,,Ann,Lee\n" for i in range(50))
    upload = read(users="sourcedId,status,dateLastModified,givenName,familyName\n" + rows)
    [warning] = [w for w in upload.problems.warnings if w.column == "status"]
    assert warning.count == 50 and str(warning).startswith("users.csv row 2, column status:")


def test_rows_keep_their_spreadsheet_numbers_across_multi_line_cells():
    users = 'sourcedId,givenName,familyName,middleName\nu1,Ann,Lee,"two\nlines"\nu1,Bo,Kim,\n'
    upload = read(users=users)
    assert [str(e) for e in upload.problems.errors] == [
        "users.csv row 4, column sourcedId: duplicate sourcedId 'u1' (each row needs its own)"
    ]


def test_an_unknown_status_is_an_error_and_a_blank_one_means_active():
    upload = read(users="sourcedId,status,givenName,familyName\nu1,,Ann,Lee\nu2,gone,Bo,Kim\n")
    assert upload.users["u1"].active
    assert [str(e) for e in upload.problems.errors] == [
        "users.csv row 3, column status: 'gone' is not a OneRoster status (active or tobedeleted)"
    ]


def test_a_missing_manifest_reads_present_files_as_bulk_with_a_warning():
    upload = read_texts({"orgs": ("orgs.csv", ORGS)}, source_name="test")
    assert upload.modes == {"orgs": "bulk"} and "no manifest.csv" in str(upload.problems.warnings[0])
