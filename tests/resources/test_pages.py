"""The library pages for each persona: who opens each page and who acts on it, and that everyone else gets
a 404 with nothing changed. The library is staff's: students, families and the unrostered never see it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.resources import services
from pathmaker.resources.models import Flag, Rating, Resource
from tests.personas import assert_opens_only_for, persona_table
from tests.resources.conftest import (
    NOT_NORTH,
    NOT_STAFF,
    SEES_NORTH,
    STAFF,
    district_resource,
    own_resource,
    shared_resource,
    snapshot,
    text_upload,
)
from tests.resources.conftest import spec as a_spec

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
CURATORS = ["principal", "district_admin"]
NOT_CURATORS = ["teacher", "co_teacher", "other_school_teacher", "teacher_parent", "advisor", *NOT_STAFF]
# Alice wrote North's shared resource: she, North's principal and the district edit it.
EDITORS = ["teacher", "principal", "district_admin"]
NOT_EDITORS = ["co_teacher", "teacher_parent", "advisor", *NOT_NORTH]
# Teachers who see it rate it; the principal and the district see it but do not teach.
RATERS = ["teacher", "co_teacher", "teacher_parent", "advisor"]
NOT_RATERS = ["principal", "district_admin", *NOT_NORTH]


def a_shared(d, ratios) -> list[int]:
    return [shared_resource(d, ratios[0], title="North's shared ratio game").pk]


def a_private(d, ratios) -> list[int]:
    return [own_resource(d, ratios[0], title="Alice's draft").pk]


def a_shared_file(d, ratios) -> list[int]:
    resource = services.resource_create(
        spec=a_spec(ratios[0], kind="file", url="", title="North's shared notes"),
        org=d.north,
        actor=d.actor("teacher"),
        upload=text_upload(),
    )
    return [services.resource_share(resource=resource, actor=d.actor("teacher")).pk]


def a_flag(d, ratios) -> list[int]:
    resource = shared_resource(d, ratios[0], title="North's shared ratio game")
    return [
        services.flag_raise(
            resource=resource, reason="dead_link", detail="404", actor=Actor.system("test")
        ).pk
    ]


def nothing(d, ratios) -> list[int]:
    district_resource(ratios[0], title="The district's unit rates video")
    return []


# (url name, its arguments, personas who get the page, personas who get a 404)
RESOURCE_PAGES = persona_table(
    "resource pages",
    [
        ("resource_library", nothing, STAFF, NOT_STAFF),
        ("resource_new", nothing, STAFF, NOT_STAFF),
        ("resource_detail", a_shared, SEES_NORTH, NOT_NORTH),
        ("resource_file", a_shared_file, SEES_NORTH, NOT_NORTH),
        ("resource_edit", a_shared, EDITORS, NOT_EDITORS),
        ("resource_flags", nothing, CURATORS, NOT_CURATORS),
        ("resource_import", nothing, CURATORS, NOT_CURATORS),
    ],
)


def new_resource_form(d, ratios, args):
    return {
        "title": "Ratio tables by hand",
        "kind": "activity",
        "modality": "hands_on",
        "competencies": [ratios[0].pk],
        "alignment_type": "practices",
        "instructions": "Build a ratio table for the recipe.",
        "dok": "2",
        "minutes": "20",
        "language": "en",
    }


def import_form(d, ratios, args):
    body = f"id,title,kind,modality,url,teaches\nr1,Rates video,link,watch,https://example.org/r,{ratios[0].human_coding_scheme}\n"
    return {"owner": str(d.north.pk), "file": SimpleUploadedFile("library.csv", body.encode(), "text/csv")}


# (url name, its arguments, the form, personas whose POST changes something, personas whose POST gets a 404)
RESOURCE_ACTIONS = persona_table(
    "resource actions",
    [
        ("resource_new", nothing, new_resource_form, STAFF, NOT_STAFF),
        (
            "resource_rate",
            a_shared,
            lambda d, r, a: {"stars": "4", "review": "Kids loved it"},
            RATERS,
            NOT_RATERS,
        ),
        (
            "resource_share",
            a_private,
            lambda d, r, a: {},
            ["teacher"],
            [*NOT_EDITORS, "principal", "district_admin"],
        ),
        ("resource_publish", a_shared, lambda d, r, a: {}, CURATORS, ["teacher", *NOT_EDITORS]),
        ("resource_retire", a_shared, lambda d, r, a: {}, EDITORS, NOT_EDITORS),
        ("resource_flag_resolve", a_flag, lambda d, r, a: {}, CURATORS, NOT_CURATORS),
        ("resource_import", nothing, import_form, CURATORS, NOT_CURATORS),
    ],
)

COVERED_URLS = {row[0] for row in RESOURCE_PAGES + RESOURCE_ACTIONS}


@pytest.mark.parametrize(
    ("name", "args", "allowed", "refused"), RESOURCE_PAGES, ids=[c[0] for c in RESOURCE_PAGES]
)
def test_each_library_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, ratios, login, name, args, allowed, refused
):
    url = reverse(name, args=args(district, ratios))
    assert_opens_only_for(login, district, url, allowed, refused, secret=b"North&#x27;s shared")


@pytest.mark.parametrize(
    ("name", "args", "form", "allowed", "refused"), RESOURCE_ACTIONS, ids=[c[0] for c in RESOURCE_ACTIONS]
)
def test_each_library_action_is_taken_by_the_right_personas_and_refused_to_the_others(
    district, ratios, login, name, args, form, allowed, refused
):
    arguments = args(district, ratios)
    url = reverse(name, args=arguments)
    before = snapshot()
    answers = {
        persona: login(district.user(persona)).post(url, form(district, ratios, arguments)).status_code
        for persona in refused
    }
    assert answers == dict.fromkeys(refused, 404)
    assert snapshot() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, form(district, ratios, arguments))
            assert (response.status_code, snapshot() != before) == (302, True), persona
            transaction.set_rollback(True)


# --- What the pages show --------------------------------------------------------------------------------


def test_the_library_search_finds_by_competency_and_shows_the_average_with_its_count(district, ratios, login):
    video = district_resource(ratios[0], title="Unit rates with recipes")
    district_resource(ratios[1], title="Proportional graphs")
    services.rating_set(resource=video, stars=4, actor=district.actor("teacher"))
    services.rating_set(resource=video, stars=5, actor=district.actor("co_teacher"))
    page = (
        login(district.user("advisor"))
        .get(reverse("resource_library"), {"competency": ratios[0].pk})
        .content.decode()
    )
    assert "Unit rates with recipes" in page and "Proportional graphs" not in page
    assert "4.5 of 5 (2 ratings)" in page


def test_a_teacher_rates_on_the_detail_page_and_changing_it_keeps_one_rating(district, ratios, login):
    resource = district_resource(ratios[0])
    client = login(district.user("teacher"))
    client.post(reverse("resource_rate", args=[resource.pk]), {"stars": "2"})
    client.post(reverse("resource_rate", args=[resource.pk]), {"stars": "5", "review": "Great second time"})
    assert list(Rating.objects.values_list("stars", "review")) == [(5, "Great second time")]
    page = client.get(reverse("resource_detail", args=[resource.pk])).content.decode()
    assert "5 of 5 stars from 1 teacher" in page and "Change my rating" in page


def test_a_refused_rating_goes_back_on_the_form(district, ratios, login):
    resource = district_resource(ratios[0])
    response = login(district.user("teacher")).post(
        reverse("resource_rate", args=[resource.pk]), {"stars": "9"}
    )
    assert response.status_code == 400 and Rating.objects.count() == 0


def test_the_new_resource_form_says_what_is_wrong_beside_its_field(district, ratios, login):
    response = login(district.user("teacher")).post(
        reverse("resource_new"),
        {
            "title": "A link",
            "kind": "link",
            "modality": "watch",
            "competencies": [ratios[0].pk],
            "alignment_type": "teaches",
            "url": "javascript:alert(1)",
            "language": "en",
        },
    )
    assert response.status_code == 400
    assert "a link needs a web address" in response.content.decode()
    assert Resource.objects.count() == 0


def test_the_flag_list_shows_the_curators_open_flags_only(district, ratios, login):
    north = shared_resource(district, ratios[0], title="North's game")
    theirs = district_resource(ratios[0], title="District video")
    for resource in (north, theirs):
        services.flag_raise(
            resource=resource, reason="dead_link", detail="404 Not Found", actor=Actor.system("t")
        )
    principal = login(district.user("principal")).get(reverse("resource_flags")).content.decode()
    assert "North&#x27;s game" in principal and "District video" not in principal
    admin = login(district.user("district_admin")).get(reverse("resource_flags")).content.decode()
    assert "North&#x27;s game" in admin and "District video" in admin


def test_the_import_page_lists_every_row_problem_and_imports_nothing(district, ratios, login):
    body = b"id,title,kind,modality,teaches\nr1,Good,link,watch,7.RP.1\nr2,,link,watch,9.ZZ.9\n"
    response = login(district.user("district_admin")).post(
        reverse("resource_import"), {"owner": "district", "file": SimpleUploadedFile("lib.csv", body)}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "lib.csv" in page and "resources.no_such_competency" in page and "resources.bad_url" in page
    assert Resource.objects.count() == 0


def test_a_file_resource_is_served_as_a_download_that_cannot_run_scripts(district, ratios, login):
    resource_id = a_shared_file(district, ratios)[0]
    response = login(district.user("co_teacher")).get(reverse("resource_file", args=[resource_id]))
    assert b"".join(response.streaming_content) == b"Ratios are comparisons.\n"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_flag_is_resolved_from_the_list(district, ratios, login):
    flag_id = a_flag(district, ratios)[0]
    login(district.user("principal")).post(reverse("resource_flag_resolve", args=[flag_id]))
    assert Flag.objects.get(pk=flag_id).resolved_at is not None
