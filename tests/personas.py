"""The personas, named once, and the register of every table that says who may open what.

`tests/conftest.py` builds exactly `ALL_PERSONAS` in Maple Valley (its docstring tells who each one is).
A persona table lists, for each page or endpoint, the personas allowed and the personas refused; it
registers itself here with `persona_table`, and tests/test_persona_tables.py fails on any row that does
not place every persona exactly once. Adding a persona therefore fails every table until it is placed.
The every-URL guard (tests/test_every_url_is_tested.py) counts a url as persona-tested only through a
complete row of a registered table, so an unregistered table or an empty row covers nothing.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ALL_PERSONAS = frozenset(
    {
        "student",
        "other_student",
        "guardian",
        "other_guardian",
        "teacher",
        "co_teacher",
        "other_school_teacher",
        "teacher_parent",
        "advisor",
        "principal",
        "district_admin",
        "unrostered",
    }
)


@dataclass(frozen=True)
class PersonaTable:
    """Rows are tuples whose first item is the url name and whose last two are the personas allowed and the
    personas refused; `extra_personas` are those the table's own fixture adds to Maple Valley."""

    rows: Sequence[tuple]
    extra_personas: frozenset[str]
    namespace: str


PERSONA_TABLES: dict[str, PersonaTable] = {}


def persona_table(
    title: str, rows: list[tuple], *, extra_personas: Iterable[str] = (), namespace: str = ""
) -> list[tuple]:
    """Register a table so the suite checks that each of its rows places every persona."""
    PERSONA_TABLES[title] = PersonaTable(rows, frozenset(extra_personas), namespace)
    return rows


# A module that imports persona_table registers a table with it.
_REGISTERS = re.compile(r"^from tests\.personas import (\([^)]*|[^\n]*)\bpersona_table\b", re.MULTILINE)


def load_persona_tables() -> dict[str, PersonaTable]:
    """Import every test module that registers a table, so a table added anywhere is checked too."""
    root = Path(__file__).parent
    for path in sorted(root.rglob("test_*.py")):
        if _REGISTERS.search(path.read_text(encoding="utf-8")):
            importlib.import_module(".".join(("tests", *path.relative_to(root).with_suffix("").parts)))
    return PERSONA_TABLES


def row_problems(
    allowed: Iterable[str], refused: Iterable[str], *, extra_personas: Iterable[str] = ()
) -> list[str]:
    """What is wrong with one row's split of the personas; an empty list when the row is complete."""
    allowed, refused = list(allowed), list(refused)
    everyone = ALL_PERSONAS | set(extra_personas)
    problems = []
    if not allowed:
        problems.append("allows nobody")
    if missing := everyone - set(allowed) - set(refused):
        problems.append(f"does not place {sorted(missing)}")
    if both := set(allowed) & set(refused):
        problems.append(f"both allows and refuses {sorted(both)}")
    if unknown := (set(allowed) | set(refused)) - everyone:
        problems.append(f"names unknown personas {sorted(unknown)}")
    if len(set(allowed)) + len(set(refused)) != len(allowed) + len(refused):
        problems.append("names a persona twice")
    return problems


def table_problems(table: PersonaTable) -> dict[str, list[str]]:
    """Each incomplete row of a table, by url name, with what is wrong with it."""
    if not table.rows:
        return {"(the table)": ["has no rows"]}
    found = {}
    for row in table.rows:
        if problems := row_problems(row[-2], row[-1], extra_personas=table.extra_personas):
            found[row[0]] = problems
    return found


def urls_with_complete_rows() -> set[str]:
    """The url names that a complete row of some registered table covers."""
    return {
        table.namespace + row[0]
        for table in load_persona_tables().values()
        for row in table.rows
        if not row_problems(row[-2], row[-1], extra_personas=table.extra_personas)
    }


def assert_opens_only_for(
    login: Any,
    district: Any,
    url: str,
    allowed: Sequence[str],
    refused: Sequence[str],
    *,
    secret: bytes = b"Sam Garcia",
) -> None:
    """The page answers 200 to each allowed persona and 404 to each refused one, and no refused persona
    sees `secret` (what the page would show about the student) in the answer."""
    answers, leaks = {}, []
    for persona in [*allowed, *refused]:
        response = login(district.user(persona)).get(url)
        answers[persona] = response.status_code
        if persona in refused and secret in response.content:
            leaks.append(persona)
    assert answers == {persona: 200 if persona in allowed else 404 for persona in [*allowed, *refused]}
    assert leaks == []
