"""House rules the tooling checks: lint, format, types, app boundaries, migrations."""

from __future__ import annotations

import ast
import os
import re
import shutil
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


def test_mypy_finds_nothing():
    # What is checked, and how strictly, is [tool.mypy] in pyproject.toml; the cache is .mypy_cache.
    result = run(str(BIN / "mypy"))
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


# --- The layers and where access is decided (docs/architecture.md) ---------------------------------

ACCESS_NAME = re.compile(r"^_?(may|can)_|_or_404$")


def _python_files(package: Path) -> list[Path]:
    return [p for p in sorted(package.rglob("*.py")) if "migrations" not in p.parts]


def _is_access_module(path: Path) -> bool:
    relative = path.relative_to(ROOT).parts
    return relative[:2] == ("pathmaker", "access") or path.name == "access.py"


def access_names_outside_access_modules(files: list[Path]) -> list[str]:
    """Every `may_*`, `can_*` and `*_or_404` function defined outside an `access.py` or `pathmaker.access`."""
    found = []
    for path in files:
        if _is_access_module(path):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and ACCESS_NAME.search(node.name):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return found


def pathmaker_imports_inside_functions(files: list[Path]) -> list[str]:
    """Imports of Pathmaker modules inside a function of a domain or web app. Django's `AppConfig.ready`
    is where an app registers itself (the documented place), and the tooling (demo, benchmarks) times
    or sets up Django before importing the domain, so they are not counted."""
    found = []
    for path in files:
        relative = path.relative_to(ROOT)
        if relative.parts[1] in ("benchmarks", "demo") or path.name == "apps.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                module = inner.module if isinstance(inner, ast.ImportFrom) else None
                names = [a.name for a in inner.names] if isinstance(inner, ast.Import) else [module or ""]
                if any(name.startswith("pathmaker") for name in names):
                    found.append(f"{relative}:{inner.lineno} {names}")
    return found


def test_who_may_do_what_is_decided_only_in_access_modules():
    assert access_names_outside_access_modules(_python_files(ROOT / "pathmaker")) == []


def test_the_access_rule_finds_a_check_written_in_a_view(tmp_path):
    view = tmp_path / "pathmaker" / "goals" / "views.py"
    view.parent.mkdir(parents=True)
    view.write_text("def _may_edit(user, goal):\n    return True\n\n\ndef goal_or_404(goal_id):\n    pass\n")
    allowed = tmp_path / "pathmaker" / "goals" / "access.py"
    allowed.write_text("def may_edit(user, goal):\n    return True\n")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = access_names_outside_access_modules([view, allowed])
    finally:
        ROOT = saved
    assert found == ["pathmaker/goals/views.py:1 _may_edit", "pathmaker/goals/views.py:5 goal_or_404"]


def test_no_domain_or_web_module_imports_pathmaker_inside_a_function():
    assert pathmaker_imports_inside_functions(_python_files(ROOT / "pathmaker")) == []


def test_the_layers_contract_fails_on_an_upward_import(tmp_path):
    """The roster importing mastery (a layer above it) breaks the layers contract: checked on a copy."""
    shutil.copytree(
        ROOT / "pathmaker", tmp_path / "pathmaker", ignore=shutil.ignore_patterns("locale", "static")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    models = tmp_path / "pathmaker" / "rostering" / "models.py"
    models.write_text(models.read_text() + "\nfrom pathmaker.mastery import engine  # noqa\n")
    result = subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "pathmaker.rostering is not allowed to import pathmaker.mastery" in result.stdout
