"""A broken roster upload gives the import page's refusal, never a server error; uploads and the database
are private files (0600 in 0700 folders), and an upload is deleted once the worker is done with it."""

from __future__ import annotations

import io
import os
import random
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathmaker.rostering.models import ImportRun, Person
from pathmaker.rostering.services import roster_upload_store
from tests import factories as f
from tests.conftest import SHARED_DATA
from tests.rostering.test_import_fuzz import SEED, mutate

ZIP = SHARED_DATA / "oneroster" / "Test_full_data_set.zip"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def post(client, content: bytes, name: str = "roster.zip"):
    return client.post(reverse("import_list"), {"file": SimpleUploadedFile(name, content, "application/zip")})


def with_users(change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(ZIP) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == "users.csv" else data)
    return out.getvalue()


def corrupt(raw: bytes) -> bytes:
    """The first byte of the first member's compressed data flipped: a broken deflate stream."""
    first = zipfile.ZipFile(io.BytesIO(raw)).infolist()[0]
    data = bytearray(raw)
    data[first.header_offset + 30 + len(first.filename) + len(first.extra)] ^= 0xFF
    return bytes(data)


BROKEN = {
    "a corrupt zip": corrupt(with_users(lambda d: d)),
    "a cell over 128 KiB": with_users(lambda d: d.replace(b"mary.jones,", b"m" * (130 * 1024) + b",", 1)),
    "a bare CR": with_users(lambda d: d.replace(b"mary.jones,", b"mary\rjones,", 1)),
    "UTF-16 without a BOM": with_users(lambda d: d.decode().encode("utf-16-le")),
    "a 70,000-character value": with_users(lambda d: d.replace(b",Mary,", b"," + b"M" * 70_000 + b",", 1)),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_roster_upload_gives_the_import_pages_refusal_not_a_server_error(
    name, district, login, media, django_capture_on_commit_callbacks
):
    client = login(district.user("district_admin"))
    people = Person.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, BROKEN[name])
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import_detail", args=[run.pk])
    assert run.status == ImportRun.Status.REJECTED and run.errors
    page = client.get(response["Location"])
    assert page.status_code == 200 and "nothing was changed" in page.content.decode()
    assert Person.objects.count() == people
    assert list((media / "imports").iterdir()) == [], "a refused upload was kept"


def test_mutated_roster_uploads_never_give_a_server_error(
    district, login, media, django_capture_on_commit_callbacks
):
    # An account-level administrator: an accepted mutation replaces the test district's roster, Dana included.
    client = login(f.account(username="it.admin", district_admin=True))
    rng = random.Random(SEED)
    for _ in range(12):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, mutate(rng))
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
    assert ImportRun.objects.filter(status__in=["failed", "running", "queued"]).count() == 0
    assert list((media / "imports").iterdir()) == []


def test_a_stored_roster_upload_is_readable_by_the_server_only(media):
    target = roster_upload_store(chunks=[b"PK", b"\x05\x06"])
    assert target.read_bytes() == b"PK\x05\x06"
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700 and mode(media) == 0o700


def test_the_sqlite_database_and_the_data_folder_are_created_private(tmp_path):
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(PATHMAKER_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="pathmaker.settings")
    script = (
        "import django; django.setup(); from django.db import connection; "
        "connection.cursor().execute('create table t (x integer)'); connection.close()"
    )
    subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True, timeout=120)  # noqa: S603
    database = data / "pathmaker.sqlite3"
    assert mode(data) == 0o700 and mode(database) == 0o600
    for extra in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        assert not extra.exists() or mode(extra) == 0o600


def test_an_earlier_world_readable_database_is_made_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    database = data / "pathmaker.sqlite3"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(PATHMAKER_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="pathmaker.settings")
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=ROOT,
        check=True,  # noqa: S603
        timeout=120,
    )
    assert mode(database) == 0o600 and mode(data) == 0o700


def test_an_upload_is_deleted_even_when_the_import_fails_unexpectedly(
    district, login, media, monkeypatch, django_capture_on_commit_callbacks
):
    def crash(**kwargs):
        raise RuntimeError("a defect")

    monkeypatch.setattr("pathmaker.rostering.tasks.roster_import", crash)
    client = login(district.user("district_admin"))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, ZIP.read_bytes())
    assert ImportRun.objects.get().job.status == "failed"
    assert list((media / "imports").iterdir()) == []
