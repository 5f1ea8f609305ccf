"""Maple Valley's habits inventory for the tests: "Habits of work", two dimensions, three statements.

Collaboration has two statements, Perseverance one, on the default four-level scale
(Beginning, Developing, Proficient, Advanced). The district shows habits to families by default.
Dates are frozen on November 20, 2026 (the school year began on August 1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
import time_machine

from pathmaker.audit.actor import Actor
from pathmaker.inventories.models import Inventory, InventoryTaking
from pathmaker.inventories.services import ItemSpec, inventory_define, inventory_take
from pathmaker.profiles.access import profile_access_or_404

TODAY = dt.date(2026, 11, 20)
STATEMENTS = [
    "I do my part of the team's work on time",
    "I help the team settle disagreements",
    "I keep working when a task gets hard",
]


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def habits(district) -> Inventory:
    return inventory_define(
        actor=district.actor("district_admin"),
        title="Habits of work",
        description="How you work, rated by you and your teachers.",
        items=[
            ItemSpec("Collaboration", STATEMENTS[0]),
            ItemSpec("Collaboration", STATEMENTS[1]),
            ItemSpec("Perseverance", STATEMENTS[2]),
        ],
    )


def rate(
    district,
    persona: str,
    inventory: Inventory,
    values: Sequence[int],
    *,
    on: dt.date | None = None,
    note: str = "",
    student=None,
) -> InventoryTaking:
    """`persona` rates Sam (or `student`) with `values`, one per statement in the inventory's order."""
    user = district.user(persona)
    access = profile_access_or_404(user, (student or district.sam).pk)
    items = list(inventory.items.all())
    assert len(items) == len(values)
    return inventory_take(
        access=access,
        inventory=inventory,
        actor=Actor.for_user(user),
        taken_on=on,
        note=note,
        ratings={item.pk: value for item, value in zip(items, values, strict=True)},
    )
