"""Malformed roster uploads are refused cleanly (an error naming file and row), never a traceback.

A bounded fuzz run (fixed seed, a few dozen mutations of a real upload) plus the cases a probe found:
a cell over 128 KiB, a bare CR, UTF-16 without a byte-order mark, a corrupt zip, over-long values,
a zip that expands far beyond its size.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path

import pytest

from pathmaker.audit.actor import Actor
from pathmaker.rostering.models import (
    AcademicSession,
    Course,
    Enrollment,
    ImportRun,
    Org,
    Person,
    PersonRole,
    Section,
)
from pathmaker.rostering.oneroster.reader import UploadUnreadable, open_upload
from pathmaker.rostering.services import roster_import
from tests.conftest import SHARED_DATA

ZIP = SHARED_DATA / "oneroster" / "Test_full_data_set.zip"
MODELS = (Org, AcademicSession, Course, Section, Person, PersonRole, Enrollment)
SEED = 20261206
MUTATIONS = 36


def snapshot():
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}


def members(source: Path = ZIP) -> dict[str, bytes]:
    with zipfile.ZipFile(source) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def outcome(tmp_path: Path, raw: bytes, name: str = "upload.zip") -> ImportRun:
    """Import and check the contract: accepted, or refused naming the file, with nothing changed."""
    path = tmp_path / name
    path.write_bytes(raw)
    before = snapshot()
    run = roster_import(path=path, actor=Actor.system("test"))  # an unexpected exception fails the test here
    assert run.status in {ImportRun.Status.SUCCEEDED, ImportRun.Status.REJECTED}
    if run.status == ImportRun.Status.REJECTED:
        assert run.errors and all(e["file"] for e in run.errors), run.errors
        assert snapshot() == before, "a refused import changed the database"
    return run


def edited(file: str, change) -> bytes:
    files = members()
    files[file] = change(files[file])
    return zipped(files)


def mutate(rng: random.Random) -> bytes:
    files = members()
    kind = rng.choice(
        [
            "byte",
            "cr",
            "nul",
            "long",
            "huge",
            "utf16",
            "utf16-bom",
            "truncate",
            "line",
            "quote",
            "zip-byte",
            "zip-cut",
        ]
    )
    if kind == "zip-byte":
        raw = bytearray(zipped(files))
        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        return bytes(raw)
    if kind == "zip-cut":
        raw = zipped(files)
        return raw[: rng.randrange(len(raw))]
    name = rng.choice([n for n in files if n.endswith(".csv")])
    data = files[name]
    at = rng.randrange(len(data))
    if kind == "byte":
        data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    elif kind == "cr":
        data = data[:at] + b"\r" + data[at:]
    elif kind == "nul":
        data = data[:at] + b"\x00" + data[at:]
    elif kind == "long":
        data = data[:at] + b"x" * rng.choice([256, 300, 70_000]) + data[at:]
    elif kind == "huge":
        data = data[:at] + b"y" * (130 * 1024) + data[at:]
    elif kind == "utf16":
        data = data.decode("utf-8").encode("utf-16-le")
    elif kind == "utf16-bom":
        data = data.decode("utf-8").encode("utf-16")
    elif kind == "truncate":
        data = data[:at]
    elif kind == "quote":
        data = data[:at] + b'"' + data[at:]
    else:
        lines = data.splitlines(keepends=True)
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(lines))
        data = b"".join(lines)
    files[name] = data
    return zipped(files)


@pytest.mark.django_db
def test_mutated_uploads_are_accepted_or_refused_cleanly_never_a_crash(tmp_path):
    rng = random.Random(SEED)
    statuses = [outcome(tmp_path, mutate(rng), f"m{i}.zip").status for i in range(MUTATIONS)]
    assert ImportRun.Status.REJECTED in statuses


@pytest.mark.django_db
def test_mutated_uploads_over_an_existing_roster_leave_it_unchanged_when_refused(tmp_path):
    assert outcome(tmp_path, ZIP.read_bytes()).status == ImportRun.Status.SUCCEEDED
    rng = random.Random(SEED + 1)
    for i in range(12):
        outcome(tmp_path, mutate(rng), f"again{i}.zip")


def error_texts(run: ImportRun) -> list[str]:
    return [e["text"] for e in run.errors]


@pytest.mark.django_db
def test_a_cell_over_128_kib_is_refused_naming_file_and_row(tmp_path):
    run = outcome(tmp_path, edited("classes.csv", lambda d: d.replace(b"Room 2-B", b"R" * (130 * 1024), 1)))
    assert run.status == ImportRun.Status.REJECTED
    [error] = run.errors
    assert (
        error["file"] == "classes.csv" and error["row"] == 2 and "cannot be read as CSV" in error["message"]
    )


@pytest.mark.django_db
def test_a_bare_carriage_return_inside_a_value_is_refused_naming_file_and_row(tmp_path):
    run = outcome(tmp_path, edited("users.csv", lambda d: d.replace(b"mary.jones,", b"mary\rjones,", 1)))
    assert run.status == ImportRun.Status.REJECTED
    assert [(e["file"], e["row"]) for e in run.errors] == [("users.csv", 3)]


@pytest.mark.django_db
def test_utf16_without_a_byte_order_mark_is_refused_naming_the_file(tmp_path):
    run = outcome(tmp_path, edited("orgs.csv", lambda d: d.decode().encode("utf-16-le")))
    assert run.status == ImportRun.Status.REJECTED
    assert (
        error_texts(run)[0].startswith("upload.zip: ")
        and "orgs.csv: line 1 contains a NUL" in run.errors[0]["text"]
    )


@pytest.mark.django_db
def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    run = outcome(tmp_path, edited("orgs.csv", lambda d: d.decode().encode("utf-16")))
    assert run.status == ImportRun.Status.SUCCEEDED, error_texts(run)


@pytest.mark.django_db
@pytest.mark.parametrize("damage", ["deflate", "encrypted", "cut"])
def test_a_corrupt_zip_is_refused_naming_it(tmp_path, damage):
    raw = bytearray(zipped(members()))
    first = zipfile.ZipFile(io.BytesIO(bytes(raw))).infolist()[0]
    if damage == "deflate":  # the first byte of the first member's data: a broken deflate stream (zlib.error)
        raw[first.header_offset + 30 + len(first.filename) + len(first.extra)] ^= 0xFF
    elif damage == "encrypted":  # the flag says encrypted, so reading asks for a password (RuntimeError)
        at = raw.find(b"PK\x01\x02")
        raw[at + 8] |= 1
        raw[first.header_offset + 6] |= 1
    else:
        raw = raw[: len(raw) - 30]
    run = outcome(tmp_path, bytes(raw), "broken.zip")
    assert run.status == ImportRun.Status.REJECTED and error_texts(run)[0].startswith("broken.zip")


@pytest.mark.django_db
def test_a_70000_character_class_title_is_refused_naming_file_row_and_column(tmp_path):
    run = outcome(
        tmp_path, edited("classes.csv", lambda d: d.replace(b"Introduction to Physics", b"P" * 70_000, 1))
    )
    assert run.status == ImportRun.Status.REJECTED
    assert [(e["file"], e["row"], e["column"]) for e in run.errors] == [("classes.csv", 2, "title")]
    assert "70,000 characters long; the limit is 255" in run.errors[0]["message"]


@pytest.mark.django_db
def test_a_256_character_given_name_is_refused_and_255_fits(tmp_path):
    run = outcome(tmp_path, edited("users.csv", lambda d: d.replace(b",Mary,", b"," + b"M" * 256 + b",", 1)))
    assert [(e["file"], e["row"], e["column"]) for e in run.errors] == [("users.csv", 3, "givenName")]
    run = outcome(tmp_path, edited("users.csv", lambda d: d.replace(b",Mary,", b"," + b"M" * 255 + b",", 1)))
    assert run.status == ImportRun.Status.SUCCEEDED


def bomb(size: int) -> bytes:
    files = members()
    files["users.csv"] = files["users.csv"] + b"\n" * size  # blank lines compress to almost nothing
    return zipped(files)


@pytest.mark.django_db
def test_a_zip_that_expands_beyond_the_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.PATHMAKER_IMPORT_MAX_EXPANDED_BYTES = 1024 * 1024
    raw = bomb(3 * 1024 * 1024)
    assert len(raw) < 20_000
    run = outcome(tmp_path, raw, "bomb.zip")
    assert run.status == ImportRun.Status.REJECTED
    assert "PATHMAKER_IMPORT_MAX_EXPANDED_BYTES" in run.errors[0]["text"]
    settings.PATHMAKER_IMPORT_MAX_EXPANDED_BYTES = 8 * 1024 * 1024
    assert outcome(tmp_path, raw, "fine.zip").status == ImportRun.Status.SUCCEEDED


def lying(raw: bytes, declared: int) -> bytes:
    """The zip with every member's size in the central directory rewritten to `declared` bytes."""
    data = bytearray(raw)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        struct.pack_into("<I", data, at + 24, declared)  # uncompressed size
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def test_a_zip_whose_declared_sizes_lie_is_still_stopped_while_reading(tmp_path):
    path = tmp_path / "liar.zip"
    path.write_bytes(lying(bomb(3 * 1024 * 1024), 10))
    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) < 1000
    with pytest.raises(UploadUnreadable):
        open_upload(path, max_expanded_bytes=1024 * 1024)


def test_the_reader_counts_the_bytes_it_expands_not_the_declared_sizes(tmp_path, monkeypatch):
    path = tmp_path / "big.zip"
    path.write_bytes(bomb(3 * 1024 * 1024))
    # Even if the declared sizes passed the check, reading stops at the limit.
    monkeypatch.setattr("pathmaker.rostering.oneroster.reader._Budget.declare", lambda self, size: None)
    with pytest.raises(UploadUnreadable, match="expand to more than"):
        open_upload(path, max_expanded_bytes=1024 * 1024)
