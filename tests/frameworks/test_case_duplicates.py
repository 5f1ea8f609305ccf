"""Real publishers' CASE packages repeat objects: identical copies import once, different ones need a choice.

No shared file has a duplicate (checked: identifiers are unique in every list of every file in
../shared/data/case/), so each test makes one by copying or changing an object of a real package.
"""

from __future__ import annotations

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks.case.export import package_json
from pathmaker.frameworks.models import Association, CaseImport, Competency, CompetencyVersion, Framework
from pathmaker.frameworks.services import case_import
from tests.conftest import SHARED_DATA

CASE = SHARED_DATA / "case"
SB = "smarter-balanced-hs-math.json"  # 86 items, 126 associations


def load(name: str = SB) -> dict:
    return json.loads((CASE / name).read_text())


def imported(data: dict, *, keep_first_duplicate: bool = False, name: str = "package.json") -> CaseImport:
    return case_import(
        raw=json.dumps(data).encode(),
        source_name=name,
        actor=Actor.system("test"),
        keep_first_duplicate=keep_first_duplicate,
    )


def snapshot():
    return [
        list(m.objects.order_by("pk").values())
        for m in (Framework, Competency, Association, CompetencyVersion)
    ]


def with_a_repeated_association() -> dict:
    data = load()
    data["CFAssociations"].append(copy.deepcopy(data["CFAssociations"][5]))  # byte for byte the same
    return data


def with_two_items_sharing_an_identifier() -> dict:
    data = load()
    twin = copy.deepcopy(data["CFItems"][3])
    twin["abbreviatedStatement"] = "A different short statement"
    data["CFItems"].append(twin)
    return data


def test_no_shared_case_file_has_a_duplicate_identifier():
    for path in CASE.glob("*.json"):
        data = json.loads(path.read_text())
        for name in ("CFItems", "CFAssociations", "CFRubrics"):
            identifiers = [o.get("identifier") for o in data.get(name) or []]
            assert len(identifiers) == len(set(identifiers)), (path.name, name)


@pytest.mark.django_db
def test_an_association_that_appears_twice_identical_is_imported_once_with_a_warning_naming_it():
    data = with_a_repeated_association()
    copied = data["CFAssociations"][5]["identifier"]
    record = imported(data)
    assert record.status == "succeeded", record.errors
    assert Association.objects.count() == 126 and Association.objects.filter(identifier=copied).count() == 1
    assert (
        f"CFAssociations[126] ({copied}): an identical copy of CFAssociations[5]; imported once"
        in record.warnings
    )
    assert record.summary["duplicates"] == {
        "identical_read_once": 1,
        "different_skipped": 0,
        "keep_first_duplicate": False,
    }


@pytest.mark.django_db
def test_a_package_with_an_identical_copy_reimports_unchanged_and_round_trips_like_the_original():
    imported(load())
    original_export = package_json(Framework.objects.get())
    before = snapshot()
    record = imported(with_a_repeated_association())
    assert record.summary["associations"]["unchanged"] == 126 and record.summary["items"]["unchanged"] == 86
    assert snapshot() == before
    assert package_json(Framework.objects.get()) == original_export


@pytest.mark.django_db
def test_two_different_items_with_one_identifier_are_refused_by_default_naming_both():
    data = with_two_items_sharing_an_identifier()
    identifier = data["CFItems"][3]["identifier"]
    record = imported(data)
    assert record.status == "rejected"
    assert [
        e
        for e in record.errors
        if e.startswith(
            f"CFItems[86] ({identifier}): identifier is also used by "
            "CFItems[3], which differs in abbreviatedStatement"
        )
    ]
    assert not Framework.objects.exists() and not Competency.objects.exists()
    assert record.summary["duplicates"]["keep_first_duplicate"] is False


@pytest.mark.django_db
def test_keeping_the_first_duplicate_imports_the_first_and_reports_the_rest_in_the_summary():
    data = with_two_items_sharing_an_identifier()
    first = data["CFItems"][3]
    record = imported(data, keep_first_duplicate=True)
    assert record.status == "succeeded", record.errors
    assert Competency.objects.count() == 86
    assert Competency.objects.get(identifier=first["identifier"]).abbreviated_statement == first.get(
        "abbreviatedStatement", ""
    )
    assert any(
        w.startswith(f"CFItems[86] ({first['identifier']}): identifier is also used by CFItems[3]")
        and "kept CFItems[3], skipped this one" in w
        for w in record.warnings
    )
    assert record.summary["duplicates"] == {
        "identical_read_once": 0,
        "different_skipped": 1,
        "keep_first_duplicate": True,
    }
    event = AuditEvent.objects.get(action="framework.import")
    assert event.detail["duplicates"]["keep_first_duplicate"] is True


@pytest.mark.django_db
def test_a_skipped_duplicate_keeps_its_extension_properties_out_of_the_kept_item():
    data = with_two_items_sharing_an_identifier()
    data["CFItems"][-1]["publisherNote"] = "only on the copy"
    imported(data, keep_first_duplicate=True)
    assert "publisherNote" not in Competency.objects.get(identifier=data["CFItems"][3]["identifier"]).extra


@pytest.mark.django_db
def test_keeping_the_first_duplicate_then_reimporting_changes_nothing_and_round_trips():
    data = with_two_items_sharing_an_identifier()
    imported(data, keep_first_duplicate=True)
    before, exported = snapshot(), package_json(Framework.objects.get())
    record = imported(data, keep_first_duplicate=True)
    assert record.summary["items"]["unchanged"] == 86 and snapshot() == before
    Competency.objects.update(parent=None)
    for model in (CompetencyVersion, Association, Competency, Framework):
        model.objects.all().delete()
    assert imported(exported).status == "succeeded"
    assert package_json(Framework.objects.get()) == exported


@pytest.mark.django_db
def test_an_error_after_a_dropped_copy_still_names_the_object_by_its_place_in_the_file():
    data = with_a_repeated_association()
    data["CFAssociations"].insert(0, copy.deepcopy(data["CFAssociations"][0]))  # later objects shift by one
    del data["CFAssociations"][-1]["associationType"]
    record = imported(data)
    assert any(
        e.startswith(f"CFAssociations[127] ({data['CFAssociations'][-1]['identifier']})")
        for e in record.errors
    ), record.errors


@pytest.mark.django_db
def test_the_import_command_refuses_a_conflicting_duplicate_unless_told_to_keep_the_first(tmp_path):
    path = tmp_path / "ela.json"
    path.write_text(json.dumps(with_two_items_sharing_an_identifier()))
    with pytest.raises(CommandError):
        call_command("import_case", str(path))
    assert not Framework.objects.exists()
    call_command("import_case", str(path), "--keep-first-duplicate")
    assert Competency.objects.count() == 86
    assert CaseImport.objects.latest("pk").summary["duplicates"]["keep_first_duplicate"] is True


def upload(client, data: dict, **fields):
    package = SimpleUploadedFile("ela.json", json.dumps(data).encode(), "application/json")
    return client.post(reverse("case_import_page"), {"file": package, **fields})


def test_the_upload_page_refuses_a_conflicting_duplicate_unless_the_box_is_ticked(district, login):
    client = login(district.user("district_admin"))
    assert upload(client, with_two_items_sharing_an_identifier()).status_code == 302
    assert CaseImport.objects.get().status == "rejected" and not Competency.objects.exists()
    page = client.get(reverse("case_import_page")).content.decode()
    assert 'name="keep_first_duplicate"' in page
    response = upload(client, with_two_items_sharing_an_identifier(), keep_first_duplicate="on")
    record = CaseImport.objects.latest("pk")
    assert response["Location"] == reverse("case_import_detail", args=[record.pk])
    assert record.status == "succeeded" and record.summary["duplicates"]["keep_first_duplicate"] is True
    detail = client.get(response["Location"]).content.decode()
    assert 'id="duplicates"' in detail
