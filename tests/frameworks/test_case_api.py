"""The CASE 1.1 REST read endpoints, checked against what the package holds."""

from __future__ import annotations

import pytest

from pathmaker.audit.actor import Actor
from pathmaker.frameworks.models import Competency, Framework
from pathmaker.frameworks.services import CriterionSpec, case_import, rubric_create
from tests.conftest import SHARED_DATA

BASE = "/ims/case/v1p1"
DOC = "f5fcd780-0539-11e8-b5aa-2b654ff8ee27"
ITEM = "09aba680-053a-11e8-9d21-99e4d8c97d28"


@pytest.fixture
def smarter_balanced(db):
    raw = (SHARED_DATA / "case" / "smarter-balanced-hs-math.json").read_bytes()
    return case_import(raw=raw, source_name="sb.json", actor=Actor.system("test")).framework


def test_cf_documents_lists_every_framework(client, smarter_balanced):
    body = client.get(f"{BASE}/CFDocuments").json()
    assert [d["identifier"] for d in body["CFDocuments"]] == [DOC]


def test_cf_packages_returns_the_whole_framework(client, smarter_balanced):
    body = client.get(f"{BASE}/CFPackages/{DOC}").json()
    assert body["CFDocument"]["identifier"] == DOC
    assert len(body["CFItems"]) == 86 and len(body["CFAssociations"]) == 126
    assert body["CFDocument"]["caseVersion"] == "1.1"


def test_cf_items_and_item_associations_answer_by_identifier(client, smarter_balanced):
    item = client.get(f"{BASE}/CFItems/{ITEM}").json()
    assert item["identifier"] == ITEM and item["CFItemType"] == "Clarification"
    links = client.get(f"{BASE}/CFItemAssociations/{ITEM}").json()
    assert links["CFItem"]["identifier"] == ITEM
    assert (
        all(
            ITEM in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
            for a in links["CFAssociations"]
        )
        and links["CFAssociations"]
    )


def test_cf_associations_and_definitions_answer_by_identifier(client, smarter_balanced):
    association = Framework.objects.get().associations.first()
    assert client.get(f"{BASE}/CFAssociations/{association.identifier}").json()["identifier"] == (
        association.identifier
    )
    item_type = "f6e54927-6d0a-4ed6-94f7-3ee1f5ca4fcf"
    assert client.get(f"{BASE}/CFItemTypes/{item_type}").json()["title"] == "Clarification"


def test_a_document_a_rubric_and_a_subject_answer_by_identifier(client, smarter_balanced):
    assert client.get(f"{BASE}/CFDocuments/{DOC}").json()["identifier"] == DOC
    rubric = rubric_create(
        title="Modeling rubric",
        framework=smarter_balanced,
        criteria=[
            CriterionSpec("Models it", Competency.objects.first(), [(1, "Beginning", ""), (2, "Secure", "")])
        ],
        actor=Actor.system("test"),
    )
    assert client.get(f"{BASE}/CFRubrics/{rubric.identifier}").json()["title"] == "Modeling rubric"
    subject = "d41fb0f6-b390-11e7-9a98-233b080813ce"
    assert client.get(f"{BASE}/CFSubjects/{subject}").json()["identifier"] == subject


def test_each_kind_of_definition_has_its_own_address(client, smarter_balanced):
    item_type = "f6e54927-6d0a-4ed6-94f7-3ee1f5ca4fcf"
    assert client.get(f"{BASE}/CFItemTypes/{item_type}").status_code == 200
    for kind in ("CFConcepts", "CFLicenses", "CFAssociationGroupings", "CFSubjects"):
        assert client.get(f"{BASE}/{kind}/{item_type}").status_code == 404, kind


def test_an_unknown_identifier_gets_the_case_status_payload(client, smarter_balanced):
    response = client.get(f"{BASE}/CFItems/not-there")
    assert response.status_code == 404
    body = response.json()
    assert body["imsx_codeMajor"] == "failure"
    assert body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "unknownobject"


def test_a_retired_item_is_no_longer_served(client, smarter_balanced):
    Competency.objects.filter(identifier=ITEM).update(is_retired=True)
    assert client.get(f"{BASE}/CFItems/{ITEM}").status_code == 404


def test_the_endpoints_can_be_closed_to_anonymous_callers(
    client, smarter_balanced, settings, district, login
):
    settings.PATHMAKER_CASE_API_PUBLIC = False
    assert client.get(f"{BASE}/CFDocuments").status_code == 401
    assert login(district.user("teacher")).get(f"{BASE}/CFDocuments").status_code == 200


def test_paging_arguments_are_checked(client, smarter_balanced):
    assert client.get(f"{BASE}/CFDocuments?limit=abc").status_code == 400
    assert client.get(f"{BASE}/CFDocuments?limit=1&offset=1").json() == {"CFDocuments": []}
