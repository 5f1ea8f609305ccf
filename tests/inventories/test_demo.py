"""The demo's habits inventory: the 4Cs and habits of work, linked to the Portrait of a Graduate, rated over the year."""

from __future__ import annotations

import datetime as dt
from statistics import fmean

from pathmaker.demo.data.inventories import DIMENSIONS
from pathmaker.demo.frameworks import build_demo_frameworks
from pathmaker.demo.inventories import build_demo_inventories
from pathmaker.inventories.models import Inventory, InventoryTaking
from pathmaker.inventories.selectors import trend
from tests.inventories.conftest import TODAY


def _build(district, today=TODAY):
    return build_demo_inventories(
        student=district.user("student"),
        advisor=district.user("advisor"),
        teacher=district.user("teacher"),
        today=today,
    )


def test_the_demo_inventory_stands_on_its_own_without_the_portrait(district):
    assert _build(district) == {"inventories": 1, "takings": 8}
    inventory = Inventory.objects.get()
    assert inventory.title == "Habits of success" and inventory.levels[0] == "Beginning"
    dimensions = list(dict.fromkeys(inventory.items.values_list("dimension", flat=True)))
    assert (
        dimensions
        == [
            "Communication",
            "Collaboration",
            "Creativity",
            "Critical thinking",
            "Perseverance",
            "Organization",
            "Responsibility",
        ]
        == list(DIMENSIONS)
    )
    assert inventory.items.count() == 14 and not inventory.items.filter(competency__isnull=False).exists()


def test_each_dimension_points_at_the_portrait_of_a_graduate_when_it_is_there(district):
    build_demo_frameworks()
    _build(district)
    links = {
        item.dimension: item.competency.human_coding_scheme
        for item in Inventory.objects.get().items.select_related("competency")
    }
    assert links == {
        "Communication": "MV.POG.1",
        "Collaboration": "MV.POG.2",
        "Creativity": "MV.POG.3",
        "Critical thinking": "MV.POG.4",
        "Perseverance": "MV.POG.5.2",
        "Organization": "MV.POG.5.1",
        "Responsibility": "MV.POG.5",
    }


def test_the_student_teacher_and_advisor_rate_about_every_six_weeks_since_the_year_began(district):
    _build(district)
    takings = InventoryTaking.objects.all()
    own = sorted(t.taken_on for t in takings if t.rater_role == "self")
    assert own == [dt.date(2026, 8, 11), dt.date(2026, 9, 22), dt.date(2026, 11, 3)]
    assert sorted(t.taken_on for t in takings if t.rater_role == "teacher") == [
        dt.date(2026, 8, 15),
        dt.date(2026, 9, 26),
        dt.date(2026, 11, 7),
    ]
    assert sorted(t.taken_on for t in takings if t.rater_role == "advisor") == [
        dt.date(2026, 8, 13),
        dt.date(2026, 11, 5),
    ]
    assert all(t.taken_on < TODAY for t in takings)  # the student can still rate themself today


def test_the_trend_climbs_over_the_year(district):
    _build(district)
    dimensions = trend(district.sam, Inventory.objects.get()).dimensions
    for side in ("own", "staff"):
        first = fmean(getattr(d, side)[0].value for d in dimensions)
        last = fmean(getattr(d, side)[-1].value for d in dimensions)
        assert last > first + 0.5, side


def test_early_in_the_year_the_rounds_reach_back_into_the_year_before(district):
    _build(district, today=dt.date(2026, 8, 20))
    own = sorted(InventoryTaking.objects.filter(rater_role="self").values_list("taken_on", flat=True))
    assert own == [dt.date(2026, 5, 22), dt.date(2026, 7, 3), dt.date(2026, 8, 14)]


def test_building_the_demo_twice_adds_nothing(district):
    _build(district)
    assert _build(district) == {"inventories": 1, "takings": 0}
    assert InventoryTaking.objects.count() == 8
