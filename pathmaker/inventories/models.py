"""Habits and dispositions inventories: how a student works, rated by the student and by adults, over the year.

- An **Inventory** is a questionnaire the district defines (for example "Habits of success": the 4Cs
  and habits of work). Its `levels` name the points of its rating scale, lowest first: value 1 is
  the first name ("Beginning"), value 2 the second, and so on. An inventory that has been taken is
  never edited in place (the ratings would change meaning): the district makes a new one and
  retires the old one (`is_active` false). Retired inventories keep their history.
- An **InventoryItem** is one statement of an inventory ("I keep working when a task gets hard"),
  grouped under a **dimension** (a short name such as "Collaboration" or "Perseverance"). An item
  may point at the district's Portrait of a Graduate competency it describes.
- An **InventoryTaking** is one rating of one student on the whole inventory, on a day, by one
  rater: the student themself (`self`), a teacher, an advisor or other school staff. A taking is
  never edited: a newer one supersedes it in the trend, and the older ones stay as the history.
  A rater takes an inventory for a student at most once a day.
- An **InventoryRating** is the value (1..number of levels) a taking gives one item.

A dimension's score in a taking is the mean of its items' values; the trend shows it over the
year, the student's own view and the adults' view side by side.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pathmaker.components.display import in_reader_language

DEFAULT_LEVELS = ["Beginning", "Developing", "Proficient", "Advanced"]


def default_levels() -> list[str]:
    return list(DEFAULT_LEVELS)


class Inventory(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    levels = models.JSONField(
        default=default_levels,
        help_text="The names of the scale's levels, lowest first; value 1 is the first.",
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_active", "title", "id"]
        verbose_name_plural = "inventories"

    def __str__(self) -> str:
        return self.title

    @property
    def top(self) -> int:
        """The highest value on the scale."""
        return len(self.levels)

    def level_name(self, value: int) -> str:
        return self.levels[value - 1] if 1 <= value <= len(self.levels) else ""


class InventoryItem(models.Model):
    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(max_length=300)
    # Optional Spanish statement beside the English, shown to Spanish readers (English when left empty).
    text_es = models.CharField(max_length=300, null=True, blank=True)
    dimension = models.CharField(max_length=80)
    competency = models.ForeignKey(
        "frameworks.Competency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        return in_reader_language(self.text, self.text_es)


class InventoryTaking(models.Model):
    class RaterRole(models.TextChoices):
        SELF = "self", _("Self")
        TEACHER = "teacher", _("Teacher")
        ADVISOR = "advisor", _("Advisor")
        STAFF = "staff", _("School staff")

    student = models.ForeignKey(
        "rostering.Person", on_delete=models.CASCADE, related_name="inventory_takings"
    )
    inventory = models.ForeignKey(Inventory, on_delete=models.PROTECT, related_name="takings")
    rater = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rater_name = models.CharField(max_length=200)
    rater_role = models.CharField(max_length=8, choices=RaterRole.choices)
    taken_on = models.DateField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["taken_on", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "inventory", "rater", "taken_on"],
                name="one_inventory_taking_per_rater_per_day",
            )
        ]
        indexes = [models.Index(fields=["student", "inventory", "taken_on"])]

    @property
    def is_self(self) -> bool:
        return self.rater_role == self.RaterRole.SELF


class InventoryRating(models.Model):
    taking = models.ForeignKey(InventoryTaking, on_delete=models.CASCADE, related_name="ratings")
    item = models.ForeignKey(InventoryItem, on_delete=models.PROTECT, related_name="ratings")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["taking", "item"], name="one_rating_per_item_per_taking"),
            models.CheckConstraint(condition=models.Q(value__gte=1), name="inventory_rating_at_least_1"),
        ]
