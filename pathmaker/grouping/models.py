"""Flexible grouping: small groups from mastery, and station rotations for one class period.

Vocabulary:
- A **Grouping** is one set of groups a teacher made for a date and a purpose ("Tuesday's small groups on
  ratios"): for one section or several sections of a grade team together, on chosen competencies, with a
  goal: *alike* (students at similar levels, for targeted teaching) or *mixed* (each group spans the levels,
  for peer work). Pathmaker proposes the groups (`propose.py`, pure); the teacher moves students and saves.
- A **Group** is one of its groups: a name, its members and, optionally, the staff person who takes it.
- A **GroupMember** is a student in a group with the reason they are there: a code and the numbers it
  names ("levels 1.9–2.3 on 7.RP.2"; "moved by the teacher"), worded at display time in the reader's
  language by `words.py`. A student is in at most one group of a grouping.
- A **StationRotation** is one class period of a section split into stations (a teacher-led small group,
  online practice, a collaborative task) that the section's rotation groups move through, a set number of
  minutes each. Its **Station** rows are the stations in order (the teacher-led one first); its
  **RotationMember** rows put each student in a rotation group by need on the chosen competencies, so the
  teacher-led station takes the students with the greatest need first (`rotation.py`, pure). The schedule
  (which group is where, and when) is computed when it is read.

Groups and rotations are seen by the students in them (their own group only), their families, and the
staff who can see those students (`access.py`); every save, move and delete is audited.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grouping(models.Model):
    class Goal(models.TextChoices):
        ALIKE = "alike", _("Alike: similar levels, for targeted teaching")
        MIXED = "mixed", _("Mixed: each group spans the levels, for peer work")

    sections = models.ManyToManyField("rostering.Section", related_name="+")
    competencies = models.ManyToManyField("frameworks.Competency", related_name="+")
    goal = models.CharField(max_length=8, choices=Goal.choices)
    min_size = models.PositiveSmallIntegerField()
    max_size = models.PositiveSmallIntegerField()
    balance = models.CharField(max_length=32, blank=True)  # a StudentDemographics flag, when one was spread
    purpose = models.TextField(blank=True)
    on = models.DateField()
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_size__gte=1, max_size__gte=models.F("min_size")),
                name="grouping_size_bounds",
            )
        ]


class Group(models.Model):
    grouping = models.ForeignKey(Grouping, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField()
    staff = models.ForeignKey(
        "rostering.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["grouping", "position"]
        constraints = [
            models.UniqueConstraint(fields=["grouping", "position"], name="grouping_group_position_unique")
        ]


class GroupMember(models.Model):
    grouping = models.ForeignKey(Grouping, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="+")
    reason_code = models.CharField(max_length=24)
    reason_values = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["group", "student__family_name", "student__given_name", "student_id"]
        constraints = [
            models.UniqueConstraint(fields=["grouping", "student"], name="grouping_one_group_a_student")
        ]


class StationRotation(models.Model):
    section = models.ForeignKey("rostering.Section", on_delete=models.CASCADE, related_name="+")
    competencies = models.ManyToManyField("frameworks.Competency", related_name="+")
    on = models.DateField()
    starts_at = models.TimeField()
    minutes = models.PositiveSmallIntegerField()
    rotations = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, rotations__gte=1), name="grouping_rotation_has_time"
            )
        ]


class Station(models.Model):
    class Kind(models.TextChoices):
        TEACHER_LED = "teacher_led", _("Teacher-led small group")
        ONLINE = "online", _("Online practice")
        COLLABORATIVE = "collaborative", _("Collaborative task")

    rotation = models.ForeignKey(StationRotation, on_delete=models.CASCADE, related_name="stations")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=80, blank=True)  # empty: the kind names it

    class Meta:
        ordering = ["rotation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rotation", "position"], name="grouping_station_position_unique")
        ]


class RotationMember(models.Model):
    rotation = models.ForeignKey(StationRotation, on_delete=models.CASCADE, related_name="members")
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="+")
    group = models.PositiveSmallIntegerField()  # 0: the greatest need, who start at the teacher-led station
    level = models.FloatField(null=True, blank=True)  # mean level on the competencies when planned

    class Meta:
        ordering = ["rotation", "group", "student__family_name", "student__given_name", "student_id"]
        constraints = [
            models.UniqueConstraint(fields=["rotation", "student"], name="grouping_rotation_once_a_student")
        ]
