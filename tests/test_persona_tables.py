"""Every persona table places every persona in each of its rows: allowed or refused, never both, never
neither, and never a row that allows nobody."""

from __future__ import annotations

import pytest

from tests import personas
from tests.personas import ALL_PERSONAS, load_persona_tables, row_problems, table_problems


def everyone_but(*left_out: str) -> list[str]:
    return sorted(ALL_PERSONAS - set(left_out))


# The tables the suite has today; a new one registers itself with persona_table and is checked too.
KNOWN_TABLES = {
    "pages",
    "api reads",
    "api writes",
    "framework pages",
    "framework actions",
    "evidence actions",
    "account pages",
    "account actions",
    "profile pages",
    "profile actions",
    "goal pages",
    "goal actions",
    "conference pages",
    "conference actions",
    "portfolio pages",
    "portfolio actions",
    "inventory pages",
    "inventory actions",
}


def test_the_district_builds_exactly_the_named_personas(district):
    assert set(district.accounts) == ALL_PERSONAS


def test_every_persona_table_is_found():
    assert set(load_persona_tables()) >= KNOWN_TABLES


@pytest.mark.parametrize("title", sorted(load_persona_tables()))
def test_each_row_of_each_table_places_every_persona_exactly_once(title):
    assert table_problems(personas.PERSONA_TABLES[title]) == {}


def test_a_new_persona_fails_every_row_of_every_table_until_it_is_placed(monkeypatch):
    tables = load_persona_tables()
    monkeypatch.setattr(personas, "ALL_PERSONAS", ALL_PERSONAS | {"counselor"})
    unplaced = {title: set(table_problems(table)) for title, table in tables.items()}
    assert unplaced == {title: {row[0] for row in table.rows} for title, table in tables.items()}


def test_a_row_that_leaves_out_a_persona_is_reported():
    allowed = ["student", "guardian", "teacher", "co_teacher", "principal", "district_admin"]
    refused = everyone_but(*allowed, "advisor")
    assert row_problems(allowed, refused) == ["does not place ['advisor']"]


def test_a_row_with_no_personas_is_reported():
    assert row_problems([], []) == ["allows nobody", f"does not place {sorted(ALL_PERSONAS)}"]


def test_a_persona_both_allowed_and_refused_is_reported():
    assert row_problems(["teacher"], everyone_but()) == ["both allows and refuses ['teacher']"]


def test_a_persona_nobody_built_is_reported_unless_the_table_adds_it():
    refused = [*everyone_but("district_admin"), "other_school_principal"]
    assert row_problems(["district_admin"], refused) == ["names unknown personas ['other_school_principal']"]
    assert row_problems(["district_admin"], refused, extra_personas={"other_school_principal"}) == []


def test_a_table_with_an_incomplete_row_is_reported_and_covers_nothing(monkeypatch):
    monkeypatch.setattr(personas, "PERSONA_TABLES", {})
    monkeypatch.setattr(personas, "load_persona_tables", lambda: personas.PERSONA_TABLES)
    personas.persona_table(
        "a new table",
        [
            ("complete", lambda d: {}, ["district_admin"], everyone_but("district_admin")),
            (
                "forgets_the_advisor",
                lambda d: {},
                ["district_admin"],
                everyone_but("district_admin", "advisor"),
            ),
            ("empty", lambda d: {}, [], []),
        ],
    )
    problems = table_problems(personas.PERSONA_TABLES["a new table"])
    assert set(problems) == {"forgets_the_advisor", "empty"}
    assert personas.urls_with_complete_rows() == {"complete"}


def test_a_table_with_no_rows_is_reported():
    assert table_problems(personas.PersonaTable(rows=[], extra_personas=frozenset(), namespace="")) == {
        "(the table)": ["has no rows"]
    }
