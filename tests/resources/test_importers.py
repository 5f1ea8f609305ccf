"""Bulk import: CSV with named columns and LRMI JSON-LD; all or nothing, each problem by file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.services import case_import
from pathmaker.resources.importers import (
    ImportFailed,
    RowProblem,
    minutes_of,
    resources_import_csv,
    resources_import_jsonld,
)
from pathmaker.resources.models import Resource
from pathmaker.resources.services import ResourceError
from tests.conftest import SHARED_DATA
from tests.resources.conftest import SYSTEM

HEADER = "id,title,description,kind,modality,language,grade_low,grade_high,url,instructions,dok,minutes,accessibility,teaches,assesses,practices\n"
LRMI = Path(__file__).parent / "data" / "lrmi-radical-equations.jsonld"
SB = "https://case.smarterbalanced.org/ims/case/v1p0/CFItems/"


def csv_import(body: str, *, actor=SYSTEM, org=None, name="library.csv"):
    return resources_import_csv(data=body.encode(), file_name=name, org=org, actor=actor)


def problems_of(body: str) -> list[tuple]:
    with pytest.raises(ImportFailed) as failed:
        csv_import(body)
    return [(p.file, p.row, p.column, p.code) for p in failed.value.problems]


def test_a_clean_csv_is_imported_published_with_its_alignments_and_one_audit_row(district, ratios):
    result = csv_import(
        HEADER
        + "r1,Rates video,,link,watch,en,6,8,https://example.org/r,,1,12,Captions,7.RP.1,,\n"
        + f"r2,Tabla de razones,,activity,hands-on,es,07,07,,Construye una tabla.,3,30,,,{ratios[1].identifier},7.RP.1;7.NS.1\n"
    )
    assert (result.created, result.updated) == (2, 0)
    video, table = Resource.objects.order_by("source_id")
    assert (video.visibility, video.org, video.grade_low, video.grade_high, video.dok, video.minutes) == (
        "published",
        None,
        "06",
        "08",
        1,
        12,
    )
    assert (table.modality, table.language) == ("hands_on", "es")
    assert sorted(table.alignments.values_list("competency__human_coding_scheme", "alignment_type")) == [
        ("7.NS.1", "practices"),
        ("7.RP.1", "practices"),
        ("7.RP.2", "assesses"),
    ]
    event = AuditEvent.objects.get(action="resource.import")
    assert event.detail == {"file": "library.csv", "format": "csv", "created": 2, "updated": 0}


def test_importing_the_same_ids_again_updates_instead_of_adding(district, ratios):
    csv_import(HEADER + "r1,Rates video,,link,watch,en,,,https://example.org/r,,,,,7.RP.1,,\n")
    result = csv_import(
        HEADER + "r1,Rates video (captioned),,link,watch,en,,,https://example.org/r,,,,,7.RP.2,,\n"
    )
    assert (result.created, result.updated) == (0, 1)
    resource = Resource.objects.get()
    assert resource.title == "Rates video (captioned)"
    assert list(resource.alignments.values_list("competency__human_coding_scheme", flat=True)) == ["7.RP.2"]


def test_every_problem_is_named_by_file_row_and_column_and_nothing_is_stored(district, ratios):
    before = (Resource.objects.count(), AuditEvent.objects.filter(action__startswith="resource.").count())
    assert problems_of(
        HEADER
        + "r1,Good row,,link,watch,en,,,https://example.org/r,,,,,7.RP.1,,\n"
        + "r2,,,link,watch,en,,,https://example.org/r,,,,,7.RP.1,,\n"
        + "r3,Bad code,,link,watch,en,,,https://example.org/r,,,,,9.ZZ.9,,\n"
        + "r4,Bad dok,,activity,read,en,,,,Read it,five,,,7.RP.1,,\n"
        + "r5,No link,,link,watch,en,,,,,,,,7.RP.1,,\n"
        + "r1,Twice,,link,watch,en,,,https://example.org/r,,,,,7.RP.1,,\n"
    ) == [
        ("library.csv", 3, "title", "resources.title_missing"),
        ("library.csv", 4, "teaches", "resources.no_such_competency"),
        ("library.csv", 5, "dok", "resources.not_a_number"),
        ("library.csv", 6, "url", "resources.bad_url"),
        ("library.csv", 7, "id", "resources.duplicate_id"),
    ]
    assert (
        Resource.objects.count(),
        AuditEvent.objects.filter(action__startswith="resource.").count(),
    ) == before


def test_a_header_without_the_required_columns_is_refused_whole(district, ratios):
    assert problems_of("name,teaches\nRates,7.RP.1\n") == [
        ("library.csv", 1, "title, kind, modality", "resources.missing_column"),
        ("library.csv", 1, "name", "resources.unknown_column"),
    ]


def test_a_code_shared_by_two_frameworks_must_be_named_by_identifier(district, ratios):
    other = frameworks.framework_create(title="Math 7 (2027)", description="", actor=SYSTEM)
    frameworks.competency_create(
        framework=other, full_statement="Unit rates", human_coding_scheme="7.RP.1", actor=SYSTEM
    )
    assert problems_of(HEADER + "r1,Rates,,link,watch,en,,,https://example.org/r,,,,,7.RP.1,,\n") == [
        ("library.csv", 2, "teaches", "resources.ambiguous_competency")
    ]


def test_a_retired_competency_is_refused_by_name(district, ratios):
    frameworks.competency_retire(competency=ratios[0], actor=SYSTEM)
    assert problems_of(HEADER + "r1,Rates,,link,watch,en,,,https://example.org/r,,,,,7.RP.1,,\n") == [
        ("library.csv", 2, "teaches", "resources.competency_retired")
    ]


def test_only_a_curator_imports_and_a_principal_only_for_their_school(district, ratios):
    body = HEADER + "r1,Rates,,link,watch,en,,,https://example.org/r,,,,,7.RP.1,,\n"
    for persona, org in (("teacher", district.north), ("principal", None), ("principal", district.south)):
        with pytest.raises(ResourceError) as refused:
            csv_import(body, actor=district.actor(persona), org=org)
        assert refused.value.code == "resources.forbidden"
    csv_import(body, actor=district.actor("principal"), org=district.north)
    assert Resource.objects.get().org == district.north


def test_a_row_problem_reads_as_a_sentence_naming_where_it_is():
    problem = RowProblem(
        "library.csv", 4, "teaches", "no competency has the code “9.ZZ.9”", "resources.no_such_competency"
    )
    assert str(problem) == "library.csv, row 4, teaches: no competency has the code “9.ZZ.9”"


# --- LRMI JSON-LD -----------------------------------------------------------------------------------


@pytest.fixture
def smarter_balanced(db):
    raw = (SHARED_DATA / "case" / "smarter-balanced-hs-math.json").read_bytes()
    return case_import(raw=raw, source_name="sb.json", actor=SYSTEM).framework


def test_an_lrmi_file_is_imported_with_case_items_resolved_by_their_uri(smarter_balanced):
    result = resources_import_jsonld(data=LRMI.read_bytes(), file_name=LRMI.name, org=None, actor=SYSTEM)
    assert (result.created, result.updated) == (2, 0)
    video, practice = Resource.objects.order_by("pk")
    assert (video.kind, video.modality, video.language, video.grade_low, video.grade_high) == (
        "link",
        "watch",
        "en",
        "10",
        "11",
    )
    assert (video.minutes, video.dok, video.source_id) == (
        12,
        2,
        "https://library.example.org/resources/radical-equations-video",
    )
    assert "Captioned in English" in video.accessibility and "captions, transcript" in video.accessibility
    assert sorted(video.alignments.values_list("competency__uri", "alignment_type")) == [
        (SB + "0b5705d8-053a-11e8-a5ac-2b26909e7953", "practices"),
        (SB + "0b57c3d8-053a-11e8-9988-fd2bb66f6be2", "teaches"),
    ]
    assert (practice.modality, practice.language, practice.minutes, practice.grade_low) == (
        "practise",
        "es",
        60,
        "11",
    )
    assert list(practice.alignments.values_list("competency__identifier", "alignment_type")) == [
        ("0b5705d8-053a-11e8-a5ac-2b26909e7953", "assesses")
    ]


def test_re_importing_the_lrmi_file_updates_by_its_ids(smarter_balanced):
    resources_import_jsonld(data=LRMI.read_bytes(), file_name=LRMI.name, org=None, actor=SYSTEM)
    changed = LRMI.read_text().replace("step by step", "in four steps")
    result = resources_import_jsonld(data=changed, file_name=LRMI.name, org=None, actor=SYSTEM)
    assert (result.created, result.updated) == (0, 2)
    assert Resource.objects.filter(title="Solving radical equations, in four steps").exists()


def test_an_lrmi_node_with_an_unknown_case_item_and_a_bad_duration_stores_nothing(smarter_balanced):
    broken = (
        LRMI.read_text()
        .replace("0b57c3d8-053a-11e8-9988-fd2bb66f6be2", "00000000-0000-0000-0000-000000000000")
        .replace('"PT1H"', '"an hour"')
    )
    with pytest.raises(ImportFailed) as failed:
        resources_import_jsonld(data=broken, file_name="broken.jsonld", org=None, actor=SYSTEM)
    assert [(p.file, p.row, p.column, p.code) for p in failed.value.problems] == [
        ("broken.jsonld", 1, "teaches", "resources.no_such_competency"),
        ("broken.jsonld", 2, "timeRequired", "resources.bad_duration"),
    ]
    assert Resource.objects.count() == 0


def test_a_document_that_is_not_schema_org_is_refused(smarter_balanced):
    with pytest.raises(ImportFailed) as failed:
        resources_import_jsonld(
            data='{"@context": "https://example.org/", "name": "x"}',
            file_name="x.json",
            org=None,
            actor=SYSTEM,
        )
    assert [p.code for p in failed.value.problems] == ["resources.not_schema_org"]


@pytest.mark.parametrize(
    ("duration", "minutes"),
    [
        ("PT45M", 45),
        ("PT1H30M", 90),
        ("P1D", 1440),
        ("PT90S", 2),
        ("pt10m", 10),
        ("PT", None),
        ("45 minutes", None),
    ],
)
def test_iso_8601_durations_become_whole_minutes(duration, minutes):
    assert minutes_of(duration) == minutes


def test_the_import_page_takes_the_lrmi_file_for_the_district(smarter_balanced, district, login):
    response = login(district.user("district_admin")).post(
        reverse("resource_import"),
        {
            "owner": "district",
            "file": SimpleUploadedFile(LRMI.name, LRMI.read_bytes(), "application/ld+json"),
        },
    )
    assert response.status_code == 302
    assert Resource.objects.filter(org=None, visibility="published", source="jsonld").count() == 2
