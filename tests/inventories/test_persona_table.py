"""Sam's habits of work, persona by persona: who sees and rates them and who defines the inventories, and
that everyone else gets a 404 and changes nothing. What each page shows is tested in test_pages.py."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from pathmaker.inventories.models import Inventory, InventoryTaking
from tests.inventories.conftest import TODAY
from tests.personas import assert_opens_only_for, persona_table

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
RATERS = ["student", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
NOT_DISTRICT = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", *WRONG]


def rating(inventory: Inventory) -> dict[str, str]:
    return {"taken_on": TODAY.isoformat(), "note": ""} | {
        f"item_{item.pk}": "3" for item in inventory.items.all()
    }


# (url name, its arguments, personas who get the page, personas who get a 404)
INVENTORY_PAGES = persona_table(
    "inventory pages",
    [
        ("student_habits", lambda d, habits: [d.sam.pk], ["guardian", *RATERS], WRONG),
        ("inventory_take", lambda d, habits: [d.sam.pk, habits.pk], RATERS, ["guardian", *WRONG]),
        ("inventory_list", lambda d, habits: [], ["district_admin"], NOT_DISTRICT),
    ],
)

# (url name, its arguments, the form, personas whose POST changes something, personas whose POST gets a 404)
INVENTORY_ACTIONS = persona_table(
    "inventory actions",
    [
        ("inventory_take", lambda d, habits: [d.sam.pk, habits.pk], rating, RATERS, ["guardian", *WRONG]),
        (
            "inventory_list",
            lambda d, habits: [],
            lambda habits: {
                "title": "Mine",
                "levels": "A\nB",
                "items": "Collaboration | I do my part on time",
            },
            ["district_admin"],
            NOT_DISTRICT,
        ),
        (
            "inventory_retire",
            lambda d, habits: [habits.pk],
            lambda habits: {},
            ["district_admin"],
            NOT_DISTRICT,
        ),
    ],
)


def inventory_state() -> list[list]:
    return [
        list(Inventory.objects.order_by("pk").values_list("pk", "title", "is_active")),
        list(InventoryTaking.objects.order_by("pk").values_list("pk", "rater_id")),
    ]


@pytest.mark.parametrize(
    ("name", "args", "allowed", "refused"), INVENTORY_PAGES, ids=[c[0] for c in INVENTORY_PAGES]
)
def test_each_inventory_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, login, habits, name, args, allowed, refused
):
    url = reverse(name, args=args(district, habits))
    assert_opens_only_for(login, district, url, allowed, refused)


@pytest.mark.parametrize(
    ("name", "args", "form", "allowed", "refused"), INVENTORY_ACTIONS, ids=[c[0] for c in INVENTORY_ACTIONS]
)
def test_each_inventory_change_is_made_by_the_right_personas_and_refused_to_the_others(
    district, login, habits, name, args, form, allowed, refused
):
    url, data = reverse(name, args=args(district, habits)), form(habits)
    before = inventory_state()
    answers = {persona: login(district.user(persona)).post(url, data).status_code for persona in refused}
    assert answers == dict.fromkeys(refused, 404)
    assert inventory_state() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, data)
            assert (response.status_code, inventory_state() != before) == (302, True), persona
            transaction.set_rollback(True)
