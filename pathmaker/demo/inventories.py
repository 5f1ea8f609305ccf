"""The demo district's habits inventory: "Habits of success" (the 4Cs and habits of work), rated over the year.

The statements are written for Pathmaker. Each dimension points at the demo district's Portrait of a
Graduate competency it describes when that framework is there (pathmaker/demo/frameworks.py: the
skills are MV.POG.1-5, found by their statement, and the habits-of-work indicators MV.POG.5.1-2);
without it the inventory stands on its own. The student rates themself about every six weeks since
the school year began, a teacher a few days later, the advisor every other time: a believable
upward trend, with dips.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.http import Http404

from pathmaker.audit.actor import Actor
from pathmaker.demo.data.inventories import DESCRIPTION, DIMENSIONS, TITLE
from pathmaker.frameworks.models import Competency
from pathmaker.inventories.models import Inventory
from pathmaker.inventories.selectors import school_year_start
from pathmaker.inventories.services import InventoryError, ItemSpec, inventory_define, inventory_take
from pathmaker.profiles.access import profile_access_or_404

EVERY = dt.timedelta(weeks=6)


def _competency(references: list[str]) -> Competency | None:
    live = Competency.objects.filter(is_retired=False)
    for reference in references:
        found = (
            live.filter(full_statement__iexact=reference).first()
            or live.filter(human_coding_scheme__iexact=reference).first()
        )
        if found is not None:
            return found
    return None


def demo_inventory() -> Inventory:
    existing = Inventory.objects.filter(title=TITLE, is_active=True).first()
    if existing is not None:
        return existing
    items = [
        ItemSpec(dimension, text, _competency(references))
        for dimension, (references, texts) in DIMENSIONS.items()
        for text in texts
    ]
    return inventory_define(actor=Actor.system("demo"), title=TITLE, description=DESCRIPTION, items=items)


def _rounds(today: dt.date) -> list[dt.date]:
    """About every six weeks since the school year began, the last a few days before today."""
    last = today - dt.timedelta(days=6)
    day, days = school_year_start(today) + dt.timedelta(days=10), []
    while day <= last:
        days.append(day)
        day += EVERY
    if len(days) < 3:  # early in the year: the last few rounds run back into the year before
        days = [last - 2 * EVERY, last - EVERY, last]
    return days


def _value(base: float, progress: float, dip: bool, rng: random.Random) -> int:
    value = base + 1.4 * progress - (0.8 if dip else 0.0) + rng.uniform(-0.35, 0.35)
    return max(1, min(4, round(value)))


def build_demo_inventories(
    *, student: Any, advisor: Any, teacher: Any, today: dt.date, seed: int = 11
) -> dict[str, int]:
    """Define the demo inventory and rate `student` (accounts.User objects with `.person`) over the year."""
    rng = random.Random(seed)
    inventory = demo_inventory()
    items = list(inventory.items.all())
    rounds = _rounds(today)
    raters = []  # (user, access, days after the student, rates on which rounds, how generous)
    for user, delay, every_other, lean in (
        (student, 0, False, 0.3),
        (teacher, 4, False, -0.2),
        (advisor, 2, True, 0.0),
    ):
        if user is None:
            continue
        try:
            access = profile_access_or_404(user, student.person.pk)
        except Http404:
            continue  # this demo account does not see the student: it does not rate them
        raters.append((user, access, delay, every_other, lean))
    base = {dimension: rng.uniform(1.4, 2.3) for dimension in DIMENSIONS}
    dips = {
        dimension: rng.randrange(1, len(rounds)) if rng.random() < 0.6 else None for dimension in DIMENSIONS
    }
    taken = 0
    for number, day in enumerate(rounds):
        progress = number / max(len(rounds) - 1, 1)
        for user, access, delay, every_other, lean in raters:
            if every_other and number % 2:
                continue
            ratings = {
                item.pk: _value(base[item.dimension] + lean, progress, dips[item.dimension] == number, rng)
                for item in items
            }
            try:
                inventory_take(
                    access=access,
                    inventory=inventory,
                    ratings=ratings,
                    actor=Actor.for_user(user),
                    taken_on=min(day + dt.timedelta(days=delay), today - dt.timedelta(days=1)),
                )
            except InventoryError:
                continue  # already rated that day (the demo was built twice)
            taken += 1
    return {"inventories": Inventory.objects.filter(is_active=True).count(), "takings": taken}
