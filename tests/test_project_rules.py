"""House rules the tooling checks: lint, app boundaries, migrations."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    result = run(str(BIN / "ruff"), "check", "pathmaker", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted_as_ruff_format_writes_it():
    result = run(str(BIN / "ruff"), "format", "--check", "pathmaker", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_apps_keep_to_their_boundaries():
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_migration_is_auto_named():
    names = [p.name for p in ROOT.glob("pathmaker/*/migrations/0*.py")]
    assert names and not [n for n in names if re.search(r"_auto_\d", n)]


@pytest.mark.django_db
def test_the_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
