"""Student-led conferences: the student presents their learning to their family and the adults who work
with them, from a packet Pathmaker assembles and the student edits.

- A **Conference** is one meeting about one student ("Fall conference"), planned for a date. While it is
  `planned`, its **packet** is the student's to edit: a JSON snapshot of what the profile's parts offered
  (goals, featured portfolio work, mastery, reflections...) when it was built,

      {"opening": str, "sections": [{"kind", "title", "items": [{"key", "title", "detail", "included"}]}],
       "closing": str, "built_at": iso datetime, "edited_at": iso datetime or null}

  The student writes the opening and closing words and leaves items in or out; a rebuild refreshes the
  items and keeps those choices (by each item's key). A packet is shown to the family, so it only ever
  holds what the family may see.
- Once it has taken place, an adult **records** it: the day it was held, who attended, the notes and the
  agreed next steps (one a line). The conference is then `held`, and its record and packet are kept as
  they were: nothing is edited in place.
- A **ConferenceAttendee** is one person who was there, with the part they came in (student, guardian,
  advisor, teacher, other), linked to the rostered person when Pathmaker knows who it is.
- A **ConferenceAddendum** is a dated, signed addition to a held conference's notes (a follow-up call,
  a correction): the record grows, it is never rewritten.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class Conference(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="conferences")
    title = models.CharField(max_length=200)
    scheduled_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PLANNED)
    packet = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    held_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    next_steps = models.TextField(blank=True, help_text="One agreed next step a line.")
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-scheduled_on", "-id"]
        indexes = [models.Index(fields=["student", "status", "scheduled_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="planned")
                | models.Q(held_on__isnull=False, recorded_at__isnull=False),
                name="conference_held_has_a_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.scheduled_on:%Y-%m-%d})"

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def next_step_lines(self) -> list[str]:
        return [line.strip() for line in self.next_steps.splitlines() if line.strip()]

    @property
    def day(self) -> dt.date:
        """The day it was held, or the day it is planned for."""
        return self.held_on or self.scheduled_on


class ConferenceAttendee(models.Model):
    class Role(models.TextChoices):
        STUDENT = "student", _("student")
        GUARDIAN = "guardian", _("guardian")
        ADVISOR = "advisor", _("advisor")
        TEACHER = "teacher", _("teacher")
        OTHER = "other", _("other")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=16, choices=Role.choices)
    person = models.ForeignKey(
        "rostering.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class ConferenceAddendum(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="addenda")
    text = models.TextField()
    written_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_by_name = models.CharField(max_length=200)
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"Addendum {self.pk} to {self.conference_id}"
