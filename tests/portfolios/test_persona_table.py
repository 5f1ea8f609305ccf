"""Sam's portfolio, persona by persona: who opens his featured work and who adds, edits, removes or records
it as evidence, and that everyone else gets a 404 and changes nothing. What each page shows is tested in
test_pages.py."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from pathmaker.evidence.models import Evidence
from pathmaker.portfolios.models import PortfolioItem
from tests.personas import assert_opens_only_for, persona_table
from tests.portfolios.conftest import add, png, upload

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
STAFF = ["teacher", "co_teacher", "advisor", "principal", "district_admin"]
SEES_THE_PROFILE = ["student", "guardian", *STAFF]
NOT_SAM = [*STAFF, "guardian", *WRONG]
# Advising Sam is not teaching him: his advisor records no evidence.
RECORDS_FOR_SAM = ["teacher", "co_teacher", "principal", "district_admin"]
NEVER_RECORDS_FOR_SAM = ["student", "guardian", "advisor", *WRONG]


@pytest.fixture
def poster(district, tags) -> PortfolioItem:
    """Sam's featured poster, tagged with a competency of his Math 7 course."""
    return add(
        district,
        title="Ratio table poster",
        featured=True,
        competencies=[tags.ratio],
        upload=upload("poster.png", png()),
    )


def the_poster(district, poster) -> list[int]:
    return [district.sam.pk, poster.pk]


# (url name, its arguments, personas who get the page, personas who get a 404)
PORTFOLIO_PAGES = persona_table(
    "portfolio pages",
    [
        ("portfolio", lambda d, poster: [d.sam.pk], SEES_THE_PROFILE, WRONG),
        ("portfolio_item", the_poster, SEES_THE_PROFILE, WRONG),
        ("portfolio_file", the_poster, SEES_THE_PROFILE, WRONG),
    ],
)

# (url name, its arguments, the form, personas whose POST changes something, personas whose POST gets a 404)
PORTFOLIO_ACTIONS = persona_table(
    "portfolio actions",
    [
        (
            "portfolio_add",
            lambda d, poster: [d.sam.pk],
            lambda tags: {
                "title": "My explainer video",
                "url": "https://video.example.org/sam",
                "reflection": "",
            },
            ["student"],
            NOT_SAM,
        ),
        (
            "portfolio_item_edit",
            the_poster,
            lambda tags: {"title": "Changed", "reflection": "", "featured": ""},
            ["student"],
            NOT_SAM,
        ),
        ("portfolio_item_remove", the_poster, lambda tags: {}, ["student"], NOT_SAM),
        (
            "portfolio_item_evidence",
            the_poster,
            lambda tags: {"competency": tags.ratio.pk, "score": "3.00", "demonstrated_on": "2026-10-14"},
            RECORDS_FOR_SAM,
            NEVER_RECORDS_FOR_SAM,
        ),
    ],
)


def portfolio_state() -> list[list]:
    return [
        list(
            PortfolioItem.objects.order_by("pk").values_list(
                "pk", "title", "featured", "removed_at", "evidence"
            )
        ),
        list(Evidence.objects.order_by("pk").values_list("pk", "score")),
    ]


@pytest.mark.parametrize(
    ("name", "args", "allowed", "refused"), PORTFOLIO_PAGES, ids=[c[0] for c in PORTFOLIO_PAGES]
)
def test_each_portfolio_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, login, poster, name, args, allowed, refused
):
    url = reverse(name, args=args(district, poster))
    assert_opens_only_for(login, district, url, allowed, refused, secret=b"Ratio table poster")


@time_machine.travel(dt.datetime(2026, 10, 15, 12, 0, tzinfo=dt.UTC))
@pytest.mark.parametrize(
    ("name", "args", "form", "allowed", "refused"), PORTFOLIO_ACTIONS, ids=[c[0] for c in PORTFOLIO_ACTIONS]
)
def test_each_portfolio_change_is_made_by_the_right_personas_and_refused_to_the_others(
    district, login, tags, poster, name, args, form, allowed, refused
):
    url, data = reverse(name, args=args(district, poster)), form(tags)
    before = portfolio_state()
    answers = {persona: login(district.user(persona)).post(url, data).status_code for persona in refused}
    assert answers == dict.fromkeys(refused, 404)
    assert portfolio_state() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, data)
            assert (response.status_code, portfolio_state() != before) == (302, True), persona
            transaction.set_rollback(True)
