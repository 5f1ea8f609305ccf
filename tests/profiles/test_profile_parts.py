"""Every part of a profile is declared one way: in its app's `profile_part.py`, found by profiles at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathmaker.profiles.parts import PART_MODULE, part_for

PACKAGE = Path(__file__).resolve().parents[2] / "pathmaker"
KINDS = {
    "mastery": "pathmaker.profiles",
    "readiness": "pathmaker.profiles",
    "notes": "pathmaker.profiles",
    "goals": "pathmaker.goals",
    "habits": "pathmaker.inventories",
    "portfolio": "pathmaker.portfolios",
    "conferences": "pathmaker.conferences",
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_part_is_registered_from_its_apps_profile_part_module(kind):
    part = part_for(kind)
    assert part is not None
    assert part.context.__module__ == f"{KINDS[kind]}.{PART_MODULE}"


def test_no_module_but_a_profile_part_module_declares_a_part():
    declaring = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "ProfilePart(" in path.read_text(encoding="utf-8")
    }
    assert declaring == {f"{app.removeprefix('pathmaker.')}/{PART_MODULE}.py" for app in KINDS.values()}
