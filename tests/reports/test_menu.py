"""The menu offers the subgroup page to exactly those the page opens for, whatever the district setting says
(`PATHMAKER_DEMOGRAPHICS_ROLES`): the menu and the page ask the one function in reports/access.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathmaker.access.scope import can_see_demographics, viewer_for
from pathmaker.portal.menu import menu_for
from pathmaker.reports.access import may_split_by_demographics
from tests.personas import ALL_PERSONAS

SETTINGS = [
    ["district_admin", "school_leader"],  # the default
    ["district_admin"],  # the district keeps subgroup splits to itself
    ["district_admin", "school_leader", "teacher"],
    [],
]


def in_menu(user) -> bool:
    return reverse("reports_subgroups") in {link.url for link in menu_for(viewer_for(user))}


@pytest.mark.parametrize("roles", SETTINGS, ids=["+".join(r) or "nobody" for r in SETTINGS])
def test_the_menu_offers_the_subgroup_page_exactly_to_those_it_opens_for(
    district, report, login, settings, roles
):
    settings.PATHMAKER_DEMOGRAPHICS_ROLES = roles
    offered, opens = {}, {}
    for persona in sorted(ALL_PERSONAS):
        offered[persona] = in_menu(district.user(persona))
        status = login(district.user(persona)).get(reverse("reports_subgroups") + report.query()).status_code
        assert status in (200, 404), (persona, status)
        opens[persona] = status == 200
    assert offered == opens


def test_a_principal_loses_the_menu_entry_when_the_district_keeps_splits_to_itself(district, settings):
    assert in_menu(district.user("principal"))
    settings.PATHMAKER_DEMOGRAPHICS_ROLES = ["district_admin"]
    assert not in_menu(district.user("principal"))
    assert in_menu(district.user("district_admin"))


@pytest.mark.parametrize("roles", SETTINGS, ids=["+".join(r) or "nobody" for r in SETTINGS])
def test_the_reports_rule_is_the_scopes_demographic_rule(district, settings, roles):
    settings.PATHMAKER_DEMOGRAPHICS_ROLES = roles
    for persona in sorted(ALL_PERSONAS):
        user = district.user(persona)
        assert may_split_by_demographics(viewer_for(user)) == can_see_demographics(user), persona
