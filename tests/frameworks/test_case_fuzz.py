"""Malformed CASE packages are refused cleanly (an error naming where), never a traceback or a half-change.

A bounded fuzz run (fixed seed, a few dozen mutations of a real package) plus the cases a probe found.
"""

from __future__ import annotations

import json
import random
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.frameworks.models import Association, CaseImport, Competency, CompetencyVersion, Framework
from pathmaker.frameworks.services import case_import
from tests.conftest import SHARED_DATA

CASE = SHARED_DATA / "case"
BASE = (CASE / "Ordering.json").read_text()
SB = (CASE / "smarter-balanced-hs-math.json").read_text()
SEED = 20261206
MUTATIONS = 40


def snapshot():
    return [
        list(m.objects.order_by("pk").values())
        for m in (Framework, Competency, Association, CompetencyVersion)
    ]


def outcome(raw: bytes) -> CaseImport:
    """Import and check the contract: accepted, or refused with located errors and nothing changed."""
    before = snapshot()
    record = case_import(raw=raw, source_name="mutated.json", actor=Actor.system("test"))
    assert record.status in {"succeeded", "rejected"}, record.errors  # "failed" means it crashed
    if record.status == "rejected":
        assert record.errors and all(": " in e for e in record.errors), record.errors
        assert snapshot() == before, "a refused package changed the database"
    return record


RANDOM_VALUES = [
    None,
    "",
    "x" * 300,
    "x" * 70_000,
    10**30,
    -1,
    2**31,
    1.5,
    [],
    {},
    True,
    "1e999",
    "NaN",
    "\u0000",
    [[[[[]]]]],
    {"identifier": 1},
]


def _nodes(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _nodes(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _nodes(child, (*path, i))


def _set(data, path, value):
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def mutate(rng: random.Random, text: str) -> bytes:
    kind = rng.choice(["byte", "truncate", "splice", "value", "value", "value", "drop", "token"])
    raw = text.encode()
    if kind == "byte":
        at = rng.randrange(len(raw))
        return raw[:at] + bytes([rng.randrange(256)]) + raw[at + 1 :]
    if kind == "truncate":
        return raw[: rng.randrange(len(raw))]
    if kind == "splice":
        a, b = sorted(rng.sample(range(len(raw)), 2))
        return raw[:a] + raw[b:]
    if kind == "token":
        token = rng.choice(
            [
                "NaN",
                "Infinity",
                "-Infinity",
                "9" * 5000,
                '"\\ud800"',
                '"\\udfff x"',
                "1e400",
                "[" * 5000,
                '"\\u0000"',
            ]
        )
        spots = [m.end() for m in re.finditer(r'":', text)]
        at = rng.choice(spots)
        end = re.compile(r'("(?:[^"\\]|\\.)*"|[^,}\]]*)').match(text, at).end()
        return (text[:at] + token + text[end:]).encode()
    data = json.loads(text)
    paths = [p for p, _ in _nodes(data) if p]
    path = rng.choice(paths)
    if kind == "drop":
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
    else:
        _set(data, path, rng.choice(RANDOM_VALUES))
    return json.dumps(data).encode()


@pytest.mark.django_db
def test_mutated_packages_are_accepted_or_refused_cleanly_never_a_crash():
    rng = random.Random(SEED)
    statuses = []
    for _ in range(MUTATIONS):
        statuses.append(outcome(mutate(rng, BASE)).status)
    assert "rejected" in statuses  # the run exercised refusals


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "edit", "where"),
    [
        (
            "a lone surrogate",
            lambda t: t.replace('"fullStatement":"', '"fullStatement":"\\ud83d', 1),
            "CFItems[0].fullStatement: text contains a lone UTF-16 surrogate",
        ),
        (
            "a NUL character",
            lambda t: t.replace('"fullStatement":"', '"fullStatement":"\\u0000', 1),
            "CFItems[0].fullStatement: text contains a NUL character",
        ),
        (
            "a 5,000-digit integer",
            lambda t: re.sub(r'"sequenceNumber":\d+', '"sequenceNumber":' + "7" * 5000, t, count=1),
            ".sequenceNumber: an integer of 5000 digits is too long",
        ),
        (
            "very deep nesting",
            lambda t: t.replace('"CFItems":[', '"CFItems":[' + "[" * 100_000 + "]" * 100_000 + ",", 1),
            "nested",
        ),
        (
            "a NaN literal",
            lambda t: re.sub(r'"sequenceNumber":\d+', '"sequenceNumber":NaN', t, count=1),
            ".sequenceNumber: NaN is not a JSON number",
        ),
        (
            "an Infinity",
            lambda t: re.sub(r'"sequenceNumber":\d+', '"sequenceNumber":1e999', t, count=1),
            ".sequenceNumber: 1e999 is too large a number",
        ),
    ],
)
def test_a_package_with_what_no_database_stores_is_refused_naming_where(name, edit, where):
    record = outcome(edit(SB).encode())
    assert record.status == "rejected"
    assert any(where in e for e in record.errors), record.errors


@pytest.mark.django_db
def test_a_256_character_human_coding_scheme_is_refused_naming_item_and_property():
    data = json.loads(SB)
    data["CFItems"][7]["humanCodingScheme"] = "H" * 256
    record = outcome(json.dumps(data).encode())
    assert record.status == "rejected"
    assert record.errors == [
        f"CFItems[7] ({data['CFItems'][7]['identifier']}): humanCodingScheme is 256 characters "
        "long; the limit is 255"
    ]


@pytest.mark.django_db
def test_a_255_character_human_coding_scheme_fits():
    data = json.loads(SB)
    data["CFItems"][7]["humanCodingScheme"] = "H" * 255
    assert outcome(json.dumps(data).encode()).status == "succeeded"


@pytest.mark.django_db
def test_a_sequence_number_beyond_what_the_database_holds_is_refused_naming_the_association():
    data = json.loads(SB)
    data["CFAssociations"][2]["sequenceNumber"] = 99_999_999_999
    record = outcome(json.dumps(data).encode())
    assert record.status == "rejected"
    assert record.errors[0].startswith(
        f"CFAssociations[2] ({data['CFAssociations'][2]['identifier']}): "
        "sequenceNumber 99999999999 is out of range"
    )


@pytest.mark.django_db
def test_rubric_criteria_that_are_not_objects_are_refused_by_the_schema_not_a_crash():
    data = json.loads(BASE)
    data["CFRubrics"] = [
        {
            "identifier": "r1",
            "uri": "u",
            "title": "t",
            "lastChangeDateTime": "2020-01-01T00:00:00Z",
            "CFRubricCriteria": ["not an object", {"CFRubricCriterionLevels": 3}],
        }
    ]
    assert outcome(json.dumps(data).encode()).status == "rejected"


def test_a_mutated_package_uploaded_on_the_page_gives_the_pages_refusal_not_a_server_error(district, login):
    client = login(district.user("district_admin"))
    rng = random.Random(SEED)
    for raw in [
        SB.replace('"fullStatement":"', '"fullStatement":"\\udc00', 1).encode(),
        b"[" * 100_000,
        *(mutate(rng, BASE) for _ in range(5)),
    ]:
        before = CaseImport.objects.count()
        response = client.post(
            reverse("case_import_page"), {"file": SimpleUploadedFile("mutated.json", raw, "application/json")}
        )
        assert response.status_code == 302
        record = CaseImport.objects.latest("pk")
        assert CaseImport.objects.count() == before + 1 and record.status in {"succeeded", "rejected"}
        assert client.get(response["Location"]).status_code == 200
