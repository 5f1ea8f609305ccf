"""Defining, rewriting and retiring inventories; rating a student on one."""

from __future__ import annotations

import datetime as dt

import pytest

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.inventories.models import (
    DEFAULT_LEVELS,
    Inventory,
    InventoryItem,
    InventoryRating,
    InventoryTaking,
)
from pathmaker.inventories.services import (
    FORBIDDEN,
    InventoryError,
    ItemSpec,
    inventory_define,
    inventory_retire,
    inventory_take,
)
from pathmaker.profiles.access import profile_access_or_404
from tests.inventories.conftest import STATEMENTS, TODAY, rate

TWO_ITEMS = [
    ItemSpec("Communication", "I explain my ideas clearly"),
    ItemSpec("Creativity", "I try new ideas"),
]


def test_a_district_admin_defines_an_inventory_on_the_default_scale(district, habits):
    assert habits.levels == DEFAULT_LEVELS == ["Beginning", "Developing", "Proficient", "Advanced"]
    assert habits.is_active and habits.created_by == district.user("district_admin")
    items = list(habits.items.all())
    assert [(i.dimension, i.text, i.position) for i in items] == [
        ("Collaboration", STATEMENTS[0], 1),
        ("Collaboration", STATEMENTS[1], 2),
        ("Perseverance", STATEMENTS[2], 3),
    ]
    event = AuditEvent.objects.get(action="inventory.define")
    assert event.object_id == str(habits.pk) and event.detail["items"] == 3


def test_an_item_may_point_at_the_competency_it_describes(district):
    portrait = frameworks.framework_create(
        title="Portrait of a Graduate", description="", actor=Actor.system("test")
    )
    skill = frameworks.competency_create(
        framework=portrait,
        full_statement="Collaboration",
        human_coding_scheme="POG.2",
        actor=Actor.system("test"),
    )
    inventory = inventory_define(
        actor=district.actor("district_admin"),
        title="4Cs",
        items=[ItemSpec("Collaboration", "I do my part", skill)],
    )
    assert inventory.items.get().competency == skill


@pytest.mark.parametrize("persona", ["principal", "teacher", "advisor", "student", "guardian", "unrostered"])
def test_only_the_district_defines_inventories(district, persona):
    with pytest.raises(InventoryError) as forbidden:
        inventory_define(actor=district.actor(persona), title="Mine", items=TWO_ITEMS)
    assert forbidden.value.code == FORBIDDEN
    assert (
        not Inventory.objects.exists() and not AuditEvent.objects.filter(action="inventory.define").exists()
    )


def test_no_actor_is_not_anyone_but_the_system_defines_inventories_under_its_own_name(district):
    with pytest.raises(InventoryError) as forbidden:
        inventory_define(actor=Actor(), title="Mine", items=TWO_ITEMS)  # no user and no system: nobody
    assert forbidden.value.code == FORBIDDEN and not Inventory.objects.exists()
    inventory = inventory_define(actor=Actor.system("demo"), title="Habits", items=TWO_ITEMS)
    row = AuditEvent.objects.get(action="inventory.define")
    assert (row.object_id, row.actor_username) == (str(inventory.pk), "system:demo")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "give the inventory a title"),
        ({"items": []}, "add at least one statement"),
        (
            {"items": [ItemSpec("", "I listen")]},
            r"statement 1 \(“I listen”\) needs a dimension, such as Collaboration",
        ),
        ({"items": [ItemSpec("Listening", " ")]}, "statement 1 .under Listening. has no text"),
        (
            {"items": [*TWO_ITEMS, ItemSpec("Other", "i explain my ideas clearly")]},
            "statement 3 .* appears twice",
        ),
        ({"items": [ItemSpec("Listening", "x" * 301)]}, "statement 1 is longer than 300 characters"),
        ({"levels": ["Only one"]}, "between 2 and 10 levels; it has 1"),
        ({"levels": ["Low", "High", "low"]}, "two levels of the scale have the same name"),
    ],
)
def test_it_refuses_an_inventory_it_cannot_use_and_says_why(district, changes, message):
    arguments = {"title": "Habits", "items": TWO_ITEMS, **changes}
    with pytest.raises(InventoryError, match=message):
        inventory_define(actor=district.actor("district_admin"), **arguments)
    assert not Inventory.objects.exists() and not InventoryItem.objects.exists()


def test_an_inventory_nobody_has_taken_is_rewritten_in_place(district, habits):
    inventory_define(
        actor=district.actor("district_admin"),
        inventory=habits,
        title="Habits of work (v2)",
        items=TWO_ITEMS,
        levels=["Not yet", "Sometimes", "Usually"],
    )
    habits.refresh_from_db()
    assert habits.title == "Habits of work (v2)" and habits.levels == ["Not yet", "Sometimes", "Usually"]
    assert [i.text for i in habits.items.all()] == ["I explain my ideas clearly", "I try new ideas"]
    assert AuditEvent.objects.filter(action="inventory.edit", object_id=str(habits.pk)).count() == 1


def test_an_inventory_already_taken_is_not_edited_in_place(district, habits):
    rate(district, "student", habits, [2, 3, 2])
    with pytest.raises(
        InventoryError, match="has already been taken, so it cannot change: start a new inventory"
    ):
        inventory_define(
            actor=district.actor("district_admin"), inventory=habits, title="Changed", items=TWO_ITEMS
        )
    habits.refresh_from_db()
    assert habits.title == "Habits of work" and [i.text for i in habits.items.all()] == STATEMENTS


def test_a_retired_inventory_is_no_longer_taken_and_keeps_its_history(district, habits):
    taking = rate(district, "student", habits, [2, 3, 2], on=TODAY - dt.timedelta(days=7))
    inventory_retire(actor=district.actor("district_admin"), inventory=habits)
    habits.refresh_from_db()
    assert not habits.is_active and habits.retired_at is not None
    with pytest.raises(InventoryError, match="is retired: it is no longer taken"):
        rate(district, "student", habits, [3, 3, 3])
    with pytest.raises(InventoryError, match="already retired"):
        inventory_retire(actor=district.actor("district_admin"), inventory=habits)
    assert list(InventoryTaking.objects.all()) == [taking]
    assert AuditEvent.objects.filter(action="inventory.retire").count() == 1


def test_only_the_district_retires_an_inventory(district, habits):
    with pytest.raises(InventoryError) as forbidden:
        inventory_retire(actor=district.actor("principal"), inventory=habits)
    assert forbidden.value.code == FORBIDDEN
    habits.refresh_from_db()
    assert habits.is_active


def test_the_student_rates_themself(district, habits):
    taking = rate(district, "student", habits, [2, 3, 1], note="  Group work is getting easier.  ")
    assert (taking.rater_role, taking.rater, taking.rater_name) == (
        "self",
        district.user("student"),
        "Sam Garcia",
    )
    assert taking.taken_on == TODAY and taking.note == "Group work is getting easier."
    assert sorted(taking.ratings.values_list("item__text", "value")) == sorted(
        zip(STATEMENTS, [2, 3, 1], strict=True)
    )
    event = AuditEvent.objects.get(action="inventory.take")
    assert (event.student_id, event.object_id, event.detail["role"]) == (
        district.sam.pk,
        str(taking.pk),
        "self",
    )


@pytest.mark.parametrize(
    ("persona", "role"),
    [
        ("teacher", "teacher"),
        ("co_teacher", "teacher"),
        ("advisor", "advisor"),
        ("principal", "staff"),
        ("district_admin", "staff"),
    ],
)
def test_the_adults_who_work_with_the_student_rate_them(district, habits, persona, role):
    taking = rate(district, persona, habits, [3, 3, 3])
    assert taking.rater_role == role and taking.rater == district.user(persona)


def test_a_family_never_rates_the_student(district, habits):
    with pytest.raises(InventoryError) as forbidden:
        rate(district, "guardian", habits, [4, 4, 4])
    assert forbidden.value.code == FORBIDDEN
    assert (
        not InventoryTaking.objects.exists()
        and not AuditEvent.objects.filter(action="inventory.take").exists()
    )


def test_every_statement_must_be_rated_and_the_error_names_it(district, habits):
    user = district.user("student")
    first, second, third = habits.items.all()
    with pytest.raises(InventoryError, match="choose a level for “I help the team settle disagreements”"):
        inventory_take(
            access=profile_access_or_404(user, district.sam.pk),
            inventory=habits,
            actor=Actor.for_user(user),
            ratings={first.pk: 2, third.pk: 3},
        )
    assert not InventoryTaking.objects.exists() and not InventoryRating.objects.exists()


@pytest.mark.parametrize("value", [0, 5, -1, True, "3", 2.5])
def test_a_value_off_the_scale_is_refused_naming_the_statement(district, habits, value):
    with pytest.raises(
        InventoryError,
        match="the level for “I keep working when a task gets hard” must be a whole number from 1 to 4",
    ):
        rate(district, "student", habits, [2, 2, value])
    assert not InventoryTaking.objects.exists() and not InventoryRating.objects.exists()


def test_a_statement_of_another_inventory_is_refused(district, habits):
    other = inventory_define(actor=Actor.system("test"), title="Other", items=TWO_ITEMS)
    user = district.user("student")
    ratings = {item.pk: 2 for item in habits.items.all()} | {other.items.first().pk: 2}
    with pytest.raises(InventoryError, match="is not part of “Habits of work”"):
        inventory_take(
            access=profile_access_or_404(user, district.sam.pk),
            inventory=habits,
            actor=Actor.for_user(user),
            ratings=ratings,
        )
    assert not InventoryTaking.objects.exists()


def test_a_rating_cannot_be_dated_in_the_future(district, habits):
    with pytest.raises(
        InventoryError, match=r"the date of the rating \(November 21, 2026\) is in the future"
    ):
        rate(district, "teacher", habits, [2, 2, 2], on=TODAY + dt.timedelta(days=1))
    assert not InventoryTaking.objects.exists()


def test_a_rater_rates_a_student_on_an_inventory_at_most_once_a_day(district, habits):
    rate(district, "student", habits, [2, 2, 2])
    with pytest.raises(
        InventoryError, match="you already rated yourself on “Habits of work” on November 20, 2026"
    ):
        rate(district, "student", habits, [3, 3, 3])
    rate(district, "teacher", habits, [3, 3, 3])
    with pytest.raises(InventoryError, match="you already rated this student"):
        rate(district, "teacher", habits, [1, 1, 1])
    # Another rater the same day, the same rater another day, or the same rater about another student: fine.
    rate(district, "co_teacher", habits, [2, 3, 2])
    rate(district, "student", habits, [3, 3, 3], on=TODAY - dt.timedelta(days=1))
    rate(district, "teacher", habits, [1, 1, 1], student=district.tia)
    assert InventoryTaking.objects.count() == 5
    assert list(
        InventoryTaking.objects.filter(rater=district.user("student"), taken_on=TODAY).values_list(
            "ratings__value", flat=True
        )
    ) == [2, 2, 2]


def test_a_note_is_kept_short(district, habits):
    with pytest.raises(InventoryError, match="the note is 2001 characters"):
        rate(district, "teacher", habits, [2, 2, 2], note="x" * 2001)
    assert not InventoryTaking.objects.exists()


def test_an_inventory_rated_while_it_was_being_rewritten_is_left_as_it_was(district, habits):
    # A rating that lands between the "has it been taken?" check and the rewrite: its statement is protected.
    other = inventory_define(actor=Actor.system("test"), title="Other", items=TWO_ITEMS)
    taking = rate(district, "student", other, [2, 2])
    InventoryRating.objects.create(taking=taking, item=habits.items.first(), value=2)
    with pytest.raises(InventoryError, match="has just been taken, so it cannot change"):
        inventory_define(
            actor=district.actor("district_admin"), inventory=habits, title="Changed", items=TWO_ITEMS
        )
    habits.refresh_from_db()
    assert habits.title == "Habits of work" and [i.text for i in habits.items.all()] == STATEMENTS
