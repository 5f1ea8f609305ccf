"""CASE packages: the shared real files import with their counts, round-trip, and broken ones are refused."""

from __future__ import annotations

import copy
import json

import pytest

from pathmaker.audit.actor import Actor
from pathmaker.frameworks.case.export import package_json
from pathmaker.frameworks.case.package import _schema_errors, read_package, strip_to_schema
from pathmaker.frameworks.models import Association, CaseImport, Competency, CompetencyVersion, Framework
from pathmaker.frameworks.services import case_import
from tests.conftest import SHARED_DATA

CASE = SHARED_DATA / "case"
FILES = [
    "Ordering.json",
    "SmartLevelFramework.json",
    "MarkdownFramework.json",
    "smarter-balanced-hs-math.json",
    "wscb.json",
]
EXPECTED = {
    "Ordering.json": (28, 28),
    "SmartLevelFramework.json": (14, 14),
    "MarkdownFramework.json": (2, 2),
    "smarter-balanced-hs-math.json": (86, 126),
    "wscb.json": (16, 39),
}


def load(name: str) -> dict:
    return json.loads((CASE / name).read_text())


def imported(data: dict | bytes, name: str = "package.json") -> CaseImport:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return case_import(raw=raw, source_name=name, actor=Actor.system("test"))


def snapshot():
    return [
        list(m.objects.order_by("pk").values())
        for m in (Framework, Competency, Association, CompetencyVersion)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILES)
def test_every_shared_case_file_imports_with_all_its_items_and_associations(name):
    record = imported((CASE / name).read_bytes(), name)
    assert record.status == "succeeded", record.errors
    items, associations = EXPECTED[name]
    assert Competency.objects.count() == items and Association.objects.count() == associations
    assert record.summary["items"]["created"] == items


@pytest.mark.django_db
def test_the_lenient_wscb_package_arrives_with_a_warning_for_each_deviation():
    record = imported((CASE / "wscb.json").read_bytes(), "wscb.json")
    warnings = "\n".join(record.warnings)
    assert "number(s) written as text read as numbers" in warnings
    assert "null value(s) dropped" in warnings
    assert "CFPackageURI is a plain string" in warnings
    assert "'educationalLevel' read as 'educationLevel'" in warnings
    assert "list(s) written as text read as lists" in warnings
    ratio = Competency.objects.get(human_coding_scheme="CCSS.Math.Content.6.RP.A.1")
    assert ratio.education_levels == ["06"]
    assert Association.objects.filter(association_type="precedes").count() == 3


@pytest.mark.django_db
def test_items_keep_their_case_identifiers_codes_and_tree():
    imported((CASE / "smarter-balanced-hs-math.json").read_bytes())
    item = Competency.objects.get(identifier="09aba680-053a-11e8-9d21-99e4d8c97d28")
    assert item.item_type == "Clarification" and item.education_levels == ["09", "10", "11", "12"]
    roots = Competency.objects.filter(parent__isnull=True)
    assert roots.exists() and Competency.objects.filter(parent__isnull=False).count() == 86 - roots.count()


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILES)
def test_an_exported_package_reimports_to_the_same_framework(name):
    imported((CASE / name).read_bytes(), name)
    first = package_json(Framework.objects.get())
    assert _schema_errors(strip_to_schema(first)) == []
    Competency.objects.update(parent=None)  # an empty database, as a district receiving the export has
    for model in (CompetencyVersion, Association, Competency, Framework):
        model.objects.all().delete()
    record = imported(first, "export.json")
    assert record.status == "succeeded", record.errors
    second = package_json(Framework.objects.get())
    assert second == first


@pytest.mark.django_db
def test_importing_the_same_package_twice_changes_nothing():
    imported((CASE / "Ordering.json").read_bytes())
    before = snapshot()
    record = imported((CASE / "Ordering.json").read_bytes())
    assert record.summary["items"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 28,
        "retired": 0,
        "restored": 0,
        "changed": [],
    }
    assert snapshot() == before


@pytest.mark.django_db
def test_a_newer_version_updates_by_identifier_retires_what_it_dropped_and_keeps_old_wording():
    original = load("smarter-balanced-hs-math.json")
    imported(original)
    newer = copy.deepcopy(original)
    changed = newer["CFItems"][0]
    changed["fullStatement"] = "A clearer statement of the same target."
    dropped = newer["CFItems"].pop()
    newer["CFAssociations"] = [
        a
        for a in newer["CFAssociations"]
        if dropped["identifier"]
        not in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    ]
    record = imported(newer)
    assert record.summary["items"]["updated"] == 1 and record.summary["items"]["retired"] == 1
    item = Competency.objects.get(identifier=changed["identifier"])
    assert item.version == 2 and item.full_statement == "A clearer statement of the same target."
    assert [v.full_statement for v in item.versions.order_by("version")][0] == original["CFItems"][0][
        "fullStatement"
    ]
    retired = Competency.objects.get(identifier=dropped["identifier"])
    assert retired.is_retired and retired.retired_at is not None  # never deleted: evidence stays attached
    assert imported(original).summary["items"]["restored"] == 1


def refused(data: dict) -> list[str]:
    before = snapshot()
    record = imported(data)
    assert record.status == "rejected"
    assert snapshot() == before, "a refused package changed the database"
    return record.errors


@pytest.mark.django_db
def test_a_package_whose_association_points_at_nothing_is_refused_naming_it():
    data = load("Ordering.json")
    bad = data["CFAssociations"][3]
    bad["destinationNodeURI"]["identifier"] = "00000000-0000-0000-0000-000000000000"
    [error] = refused(data)
    assert error.startswith(f"CFAssociations[3] ({bad['identifier']}): isChildOf to 00000000-")
    assert "points at nothing" in error


@pytest.mark.django_db
def test_a_package_whose_is_child_of_links_form_a_cycle_is_refused_naming_the_items():
    data = load("SmartLevelFramework.json")
    items = {i["identifier"] for i in data["CFItems"]}
    child = next(a for a in data["CFAssociations"] if a["destinationNodeURI"]["identifier"] in items)
    parent, kid = child["destinationNodeURI"], child["originNodeURI"]
    data["CFAssociations"].append(
        {
            **copy.deepcopy(child),
            "identifier": "11111111-2222-3333-4444-555555555555",
            "originNodeURI": parent,
            "destinationNodeURI": kid,
        }
    )
    errors = refused(data)
    assert any(e.startswith("isChildOf cycle:") and kid["identifier"] in e for e in errors)


@pytest.mark.django_db
def test_a_package_with_colliding_identifiers_is_refused():
    data = load("Ordering.json")
    data["CFItems"][1]["identifier"] = data["CFItems"][0]["identifier"]
    errors = refused(data)
    assert any("CFItems[1]" in e and "is also used by CFItems[0]" in e for e in errors)


@pytest.mark.django_db
def test_an_item_identifier_owned_by_another_framework_is_refused():
    imported(load("Ordering.json"))
    taken = load("Ordering.json")["CFItems"][0]["identifier"]
    text = (CASE / "MarkdownFramework.json").read_text()
    other = json.loads(text.replace(json.loads(text)["CFItems"][0]["identifier"], taken))
    errors = refused(other)
    assert any("already belongs to an item of framework" in e for e in errors)


@pytest.mark.django_db
def test_a_package_that_breaks_the_schema_is_refused_naming_item_and_property():
    data = load("Ordering.json")
    del data["CFItems"][2]["fullStatement"]
    errors = refused(data)
    assert any(
        e.startswith(f"CFItems[2] ({data['CFItems'][2]['identifier']})") and "fullStatement" in e
        for e in errors
    )


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused():
    record = imported(b"{not json", "broken.json")
    assert record.status == "rejected" and record.errors[0].startswith("broken.json: not JSON")


def test_the_reader_is_pure_and_reports_the_case_version():
    package = read_package((CASE / "Ordering.json").read_bytes())
    assert package.case_version == "1.0" and len(package.items) == 28
