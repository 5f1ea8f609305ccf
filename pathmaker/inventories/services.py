"""Defining inventories (the district) and taking them (the student about themself, adults about the student).

Each service is one transaction with one audit row. Who may rate a student is asked of the access
rule (`ProfileAccess`, from `profile_part_or_404(user, student_id, "habits")`): the student rates
themself (`may_write_own`), the adults who work with them rate them (`may_respond`); families never do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.frameworks.models import Competency
from pathmaker.inventories.access import may_define_inventories
from pathmaker.inventories.models import (
    DEFAULT_LEVELS,
    Inventory,
    InventoryItem,
    InventoryRating,
    InventoryTaking,
)
from pathmaker.lib.bounds import EARLIEST_DATE, date_in_window
from pathmaker.lib.errors import DomainError
from pathmaker.profiles.access import ProfileAccess
from pathmaker.profiles.services import name_of

MAX_ITEMS = 60
MAX_LEVELS = 10
MAX_NOTE_CHARS = 2000
MAX_TEXT_CHARS = 300
MAX_DIMENSION_CHARS = 80
MAX_LEVEL_CHARS = 40


class InventoryError(DomainError):
    """An inventory change that cannot be made as asked; the message says why, in plain words."""

    code = "inventories.invalid"


FORBIDDEN = "inventories.forbidden"


@dataclass(frozen=True)
class ItemSpec:
    """One statement of an inventory as the district writes it."""

    dimension: str
    text: str
    competency: Competency | None = None
    text_es: str = ""  # the statement in Spanish, for Spanish-speaking students and families (optional)


def _clean_levels(levels: Sequence[str] | None) -> list[str]:
    names = [name.strip() for name in (levels if levels is not None else DEFAULT_LEVELS)]
    names = [name for name in names if name]
    if not 2 <= len(names) <= MAX_LEVELS:
        raise InventoryError(f"the scale needs between 2 and {MAX_LEVELS} levels; it has {len(names)}")
    if len({name.casefold() for name in names}) != len(names):
        raise InventoryError("two levels of the scale have the same name")
    if long := next((name for name in names if len(name) > MAX_LEVEL_CHARS), None):
        raise InventoryError(f"the level name “{long[:50]}…” is longer than {MAX_LEVEL_CHARS} characters")
    return names


def _clean_items(items: Sequence[ItemSpec]) -> list[ItemSpec]:
    if not items:
        raise InventoryError("add at least one statement to rate")
    if len(items) > MAX_ITEMS:
        raise InventoryError(f"an inventory has at most {MAX_ITEMS} statements; this one has {len(items)}")
    cleaned, seen = [], set()
    for number, item in enumerate(items, start=1):
        dimension, text = item.dimension.strip(), item.text.strip()
        if not dimension:
            raise InventoryError(
                f"statement {number} (“{text[:60]}”) needs a dimension, such as Collaboration"
            )
        if not text:
            raise InventoryError(f"statement {number} (under {dimension}) has no text")
        if len(dimension) > MAX_DIMENSION_CHARS:
            raise InventoryError(
                f"the dimension of statement {number} is longer than {MAX_DIMENSION_CHARS} "
                "characters: keep it to a short name"
            )
        if len(text) > MAX_TEXT_CHARS:
            raise InventoryError(f"statement {number} is longer than {MAX_TEXT_CHARS} characters")
        text_es = item.text_es.strip()
        if len(text_es) > MAX_TEXT_CHARS:
            raise InventoryError(
                f"the Spanish of statement {number} is longer than {MAX_TEXT_CHARS} characters"
            )
        if text.casefold() in seen:
            raise InventoryError(f"statement {number} (“{text[:60]}”) appears twice")
        if item.competency is not None and item.competency.is_retired:
            raise InventoryError(f"statement {number} points at a retired competency ({item.competency})")
        seen.add(text.casefold())
        cleaned.append(ItemSpec(dimension, text, item.competency, text_es))
    return cleaned


@transaction.atomic
def inventory_define(
    *,
    actor: Actor,
    title: str,
    items: Sequence[ItemSpec],
    description: str = "",
    levels: Sequence[str] | None = None,
    inventory: Inventory | None = None,
) -> Inventory:
    """The district writes a new inventory, or rewrites one nobody has taken yet.

    An inventory already taken is not edited in place (its ratings would change meaning): write a
    new one, and retire the old one.
    """
    if not (actor.is_system or may_define_inventories(actor.user)):  # the system: the demo, a migration
        raise InventoryError("only district administrators define inventories", code=FORBIDDEN)
    title = title.strip()
    if not title:
        raise InventoryError("give the inventory a title")
    if len(title) > 200:
        raise InventoryError("the title is longer than 200 characters")
    names, specs = _clean_levels(levels), _clean_items(items)
    if inventory is not None:
        inventory = Inventory.objects.select_for_update().get(pk=inventory.pk)
        if inventory.takings.exists():
            raise InventoryError(
                f"“{inventory.title}” has already been taken, so it cannot change: "
                "start a new inventory from it and retire this one"
            )
        if not inventory.is_active:
            raise InventoryError(f"“{inventory.title}” is retired")
        try:
            inventory.items.all().delete()
        except ProtectedError:  # someone rated it a moment ago
            raise InventoryError(
                f"“{inventory.title}” has just been taken, so it cannot change: start a new inventory from it"
            ) from None
        inventory.title, inventory.description, inventory.levels = title, description.strip(), names
        inventory.save(update_fields=["title", "description", "levels"])
        action = "inventory.edit"
    else:
        inventory = Inventory.objects.create(
            title=title,
            description=description.strip(),
            levels=names,
            created_by=actor.user,
            created_at=timezone.now(),
        )
        action = "inventory.define"
    InventoryItem.objects.bulk_create(
        [
            InventoryItem(
                inventory=inventory,
                dimension=spec.dimension,
                text=spec.text,
                competency=spec.competency,
                text_es=spec.text_es or None,
                position=position,
            )
            for position, spec in enumerate(specs, start=1)
        ]
    )
    audit_record(
        actor=actor,
        action=action,
        object_type="inventory",
        object_id=str(inventory.pk),
        detail={"title": title, "items": len(specs), "levels": names},
    )
    return inventory


@transaction.atomic
def inventory_retire(*, actor: Actor, inventory: Inventory) -> Inventory:
    """No one takes a retired inventory any more; its ratings stay in every student's history."""
    if not (actor.is_system or may_define_inventories(actor.user)):  # the system: the demo, a migration
        raise InventoryError("only district administrators retire inventories", code=FORBIDDEN)
    inventory = Inventory.objects.select_for_update().get(pk=inventory.pk)
    if not inventory.is_active:
        raise InventoryError(f"“{inventory.title}” is already retired")
    inventory.is_active, inventory.retired_at = False, timezone.now()
    inventory.save(update_fields=["is_active", "retired_at"])
    audit_record(
        actor=actor,
        action="inventory.retire",
        object_type="inventory",
        object_id=str(inventory.pk),
        detail={"title": inventory.title},
    )
    return inventory


def rater_role_for(access: ProfileAccess) -> str | None:
    """How a rating by this account is labelled, or None if this account may not rate the student."""
    if access.may_write_own:
        return InventoryTaking.RaterRole.SELF
    if not access.may_respond:
        return None
    if access.is_advisor:
        return InventoryTaking.RaterRole.ADVISOR
    if access.is_teacher:
        return InventoryTaking.RaterRole.TEACHER
    return InventoryTaking.RaterRole.STAFF


@transaction.atomic
def inventory_take(
    *,
    access: ProfileAccess,
    inventory: Inventory,
    ratings: Mapping[int, int],
    actor: Actor,
    taken_on: dt.date | None = None,
    note: str = "",
) -> InventoryTaking:
    """One rating of the student on every statement of the inventory, by the student or an adult.

    `ratings` maps each item's id to a value on the inventory's scale (1 to the number of levels).
    """
    role = rater_role_for(access)
    if role is None:
        raise InventoryError("only the student and the adults who work with them rate habits", code=FORBIDDEN)
    if not inventory.is_active:
        raise InventoryError(f"“{inventory.title}” is retired: it is no longer taken")
    today = timezone.localdate()
    taken_on = taken_on or today
    if taken_on > today:
        raise InventoryError(f"the date of the rating ({long_date(taken_on)}) is in the future")
    if not date_in_window(taken_on):
        raise InventoryError(f"the date of the rating must be after {EARLIEST_DATE:%Y}")
    note = note.strip()
    if len(note) > MAX_NOTE_CHARS:
        raise InventoryError(f"the note is {len(note)} characters; keep it under {MAX_NOTE_CHARS}")
    items = list(inventory.items.all())
    known = {item.pk for item in items}
    if stray := sorted(set(ratings) - known):
        raise InventoryError(f"statement {stray[0]} is not part of “{inventory.title}”")
    top = inventory.top
    for item in items:
        value = ratings.get(item.pk)
        if value is None:
            raise InventoryError(f"choose a level for “{item.text}”")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise InventoryError(
                f"the level for “{item.text}” must be a whole number from 1 to {top}; it was {value!r}"
            )
    if InventoryTaking.objects.filter(
        student=access.student, inventory=inventory, rater=actor.user, taken_on=taken_on
    ).exists():
        raise InventoryError(_already_rated(role, inventory, taken_on))
    try:
        with transaction.atomic():
            taking = InventoryTaking.objects.create(
                student=access.student,
                inventory=inventory,
                rater=actor.user,
                rater_name=name_of(actor.user),
                rater_role=role,
                taken_on=taken_on,
                note=note,
                created_at=timezone.now(),
            )
    except IntegrityError:  # the same rater, in a second tab, a moment ago
        raise InventoryError(_already_rated(role, inventory, taken_on)) from None
    InventoryRating.objects.bulk_create(
        [InventoryRating(taking=taking, item=item, value=ratings[item.pk]) for item in items]
    )
    audit_record(
        actor=actor,
        action="inventory.take",
        object_type="inventory_taking",
        object_id=str(taking.pk),
        student_id=access.student.pk,
        detail={"inventory": inventory.pk, "role": role, "taken_on": taken_on.isoformat()},
    )
    return taking


def long_date(day: dt.date) -> str:
    """November 7, 2026: the way an error message names a day."""
    return f"{day:%B} {day.day}, {day.year}"


def _already_rated(role: str, inventory: Inventory, day: dt.date) -> str:
    who = (
        "you already rated yourself"
        if role == InventoryTaking.RaterRole.SELF
        else "you already rated this student"
    )
    return (
        f"{who} on “{inventory.title}” on {long_date(day)}; a rating is not changed, rate again another day"
    )
