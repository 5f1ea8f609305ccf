"""The library through the JSON API, persona by persona, with the same access rule as the pages."""

from __future__ import annotations

import pytest

from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.resources.models import Rating, Resource
from tests.personas import persona_table
from tests.resources.conftest import (
    NOT_NORTH,
    NOT_STAFF,
    SEES_NORTH,
    STAFF,
    district_resource,
    shared_resource,
)

RATERS = ["teacher", "co_teacher", "teacher_parent", "advisor"]


def bearer(user):
    return {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='test', actor=Actor.for_user(user))}"
    }


def north_shared(d, ratios) -> str:
    return f"/api/v1/resources/{shared_resource(d, ratios[0], title='North shared game').pk}"


def the_library(d, ratios) -> str:
    shared_resource(d, ratios[0], title="North shared game")
    return "/api/v1/resources"


# GET endpoints: (url name, path, personas who get it (a list: and find North's shared resource in it),
# personas refused (a record: 404; the list: 200 without it))
RESOURCE_API_READS = persona_table(
    "resource api reads",
    namespace="api-v1:",
    rows=[
        ("list_resources", the_library, SEES_NORTH, NOT_NORTH),
        ("get_resource", north_shared, SEES_NORTH, NOT_NORTH),
    ],
)


@pytest.mark.parametrize(
    ("name", "path", "allowed", "refused"), RESOURCE_API_READS, ids=[r[0] for r in RESOURCE_API_READS]
)
def test_each_library_read_answers_the_right_personas_and_refuses_the_wrong_ones(
    district, ratios, client, name, path, allowed, refused
):
    url = path(district, ratios)
    answers = {}
    for persona in allowed + refused:
        response = client.get(url, **bearer(district.user(persona)))
        body = response.json()
        found = "North shared game" in response.content.decode() if response.status_code == 200 else None
        answers[persona] = (response.status_code, found)
        assert response.status_code != 200 or "items" not in body or body["count"] == len(body["items"])
    listing = name == "list_resources"
    assert answers == {p: (200, True) for p in allowed} | {
        p: ((200, False) if listing else (404, None)) for p in refused
    }


def a_new_resource(d, ratios):
    return {
        "title": "Rates with recipes",
        "kind": "link",
        "modality": "watch",
        "url": "https://example.org/rates",
        "alignments": [{"competency_id": ratios[0].pk, "alignment_type": "teaches"}],
    }


# POST endpoints: (url name, path, body, status for each refused persona, personas whose write is stored,
# personas refused)
RESOURCE_API_WRITES = persona_table(
    "resource api writes",
    namespace="api-v1:",
    rows=[
        (
            "post_resource",
            lambda d, r: "/api/v1/resources",
            a_new_resource,
            {p: 404 for p in NOT_STAFF},
            STAFF,
            NOT_STAFF,
        ),
        (
            "rate_resource",
            lambda d, r: north_shared(d, r) + "/rating",
            lambda d, r: {"stars": 4, "review": "Works"},
            {"principal": 403, "district_admin": 403} | {p: 404 for p in NOT_NORTH},
            RATERS,
            ["principal", "district_admin", *NOT_NORTH],
        ),
    ],
)


@pytest.mark.parametrize(
    ("name", "path", "body", "statuses", "allowed", "refused"),
    RESOURCE_API_WRITES,
    ids=[r[0] for r in RESOURCE_API_WRITES],
)
def test_each_library_write_is_stored_for_the_right_personas_and_refused_to_the_others(
    district, ratios, client, name, path, body, statuses, allowed, refused
):
    url, data = path(district, ratios), body(district, ratios)
    before = (Resource.objects.count(), Rating.objects.count())
    answers = {
        p: client.post(url, data, content_type="application/json", **bearer(district.user(p))).status_code
        for p in refused
    }
    assert answers == statuses
    assert (Resource.objects.count(), Rating.objects.count()) == before
    for persona in allowed:
        response = client.post(url, data, content_type="application/json", **bearer(district.user(persona)))
        assert response.status_code in (200, 201), persona
    assert (Resource.objects.count(), Rating.objects.count()) != before


def test_a_refused_write_answers_with_its_code_and_field(district, ratios, client):
    body = a_new_resource(district, ratios) | {"url": "ftp://example.org/x"}
    response = client.post(
        "/api/v1/resources", body, content_type="application/json", **bearer(district.user("teacher"))
    )
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400,
        "resources.bad_url",
        "url",
    )


def test_the_api_search_filters_and_reports_the_average_with_its_count(district, ratios, client):
    video = district_resource(ratios[0], title="Rates video")
    district_resource(ratios[1], title="Graphs reading", modality="read", language="es")
    client.post(
        f"/api/v1/resources/{video.pk}/rating",
        {"stars": 3},
        content_type="application/json",
        **bearer(district.user("teacher")),
    )
    body = client.get(
        f"/api/v1/resources?competency_id={ratios[0].pk}", **bearer(district.user("co_teacher"))
    ).json()
    assert [(i["title"], i["stars_average"], i["stars_count"]) for i in body["items"]] == [
        ("Rates video", 3.0, 1)
    ]
    spanish = client.get(
        "/api/v1/resources?language=es&modality=read", **bearer(district.user("co_teacher"))
    ).json()
    assert [i["title"] for i in spanish["items"]] == ["Graphs reading"]
    assert spanish["items"][0]["alignments"][0]["code"] == "7.RP.2"
