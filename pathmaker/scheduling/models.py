"""Scheduling: a school's flex blocks, and next week's workshops solved from this week's mastery.

- A **FlexBlock** is one period of the school's week kept free of the bell schedule (e.g. Tuesday
  10:15, 45 minutes). A school's **FlexSettings** hold its *threshold* (a level below which a
  competency is a need) and the capacity of its *study hall* (the home-room fallback every student
  not in a workshop goes to; empty means it has room for everyone).
- A **Room** has a capacity and *features* (short codes such as "lab_bench", "computers").
- **StaffAvailability** says a staff member (a rostered Person) is free to lead in a block.
- A **FlexWeek** is one school week of flex time (its Monday). Teachers offer **Workshops** in it: a
  title, the competencies it works on, its leader, a capacity, the room features it needs, the blocks
  it may run in (none named: any block its leader is free), its *kind* (intervention, enrichment or
  study hall), and optionally *required below* a level: every student below that level on one of its
  competencies must attend, at the workshop's *priority* (1 first, as the flex tools schools use
  have). A teacher may also require one student (**Requirement**). Students rank enrichment workshops
  they would like (**StudentPreference**).
- A student's **needs** are computed, never stored (`needs.py`): each competency below the threshold,
  weighted by how far below, how long since it was last seen, and whether a workshop is required.
- A **Schedule** is one solve of a week (`solver.py`, OR-Tools CP-SAT): a *draft* until a leader
  publishes it; publishing a later draft *supersedes* the one before. It keeps the solver's figures
  (status, objective, best bound, gap, seconds, share of needs met), the needs it could not meet with
  the reason in codes, and, when the hard rules cannot all hold, what to relax.
- A **Placement** puts one student in one activity for one block of a schedule: a workshop in a room,
  or the study hall (no workshop). It says why (a reason code and its values, worded at display
  time), where it came from (the solver or a manual edit), and whether a leader *locked* it (a
  re-solve keeps locked placements). A re-solve starts from the published schedule and moves only the
  students it must.
- **FlexAttendance** is what the workshop leader recorded for one placement: present, absent, late.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FlexSettings(models.Model):
    school = models.OneToOneField("rostering.Org", on_delete=models.CASCADE, related_name="flex_settings")
    threshold = models.FloatField(
        default=3.0, help_text="A competency below this level is a need (the scale's mastery level)."
    )
    study_hall_capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Students the study hall holds in one block; empty: everyone."
    )
    recency_days = models.PositiveIntegerField(
        default=14, help_text="Evidence older than this many days makes a need weigh more."
    )
    updated_by_name = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.school}: threshold {self.threshold}"


class FlexBlock(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")

    school = models.ForeignKey("rostering.Org", on_delete=models.CASCADE, related_name="flex_blocks")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    minutes = models.PositiveSmallIntegerField(default=45)
    label = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["school", "weekday", "starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "weekday", "starts_at"], name="scheduling_one_block_a_time"
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gt=0), name="scheduling_block_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.get_weekday_display()} {self.starts_at:%H:%M}"


class Room(models.Model):
    school = models.ForeignKey("rostering.Org", on_delete=models.CASCADE, related_name="flex_rooms")
    name = models.CharField(max_length=120)
    capacity = models.PositiveIntegerField()
    features = models.JSONField(default=list, blank=True, help_text='Codes, e.g. ["lab_bench"].')
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["school", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="scheduling_room_name_unique")]

    def __str__(self) -> str:
        return self.name


class StaffAvailability(models.Model):
    person = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="flex_availability")
    block = models.ForeignKey(FlexBlock, on_delete=models.CASCADE, related_name="available_staff")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "block"], name="scheduling_available_once_a_block")
        ]


class FlexWeek(models.Model):
    school = models.ForeignKey("rostering.Org", on_delete=models.CASCADE, related_name="flex_weeks")
    week_start = models.DateField(help_text="The Monday of the week.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["school", "-week_start"]
        constraints = [models.UniqueConstraint(fields=["school", "week_start"], name="scheduling_one_week")]

    def __str__(self) -> str:
        return f"{self.school}: {self.week_start}"


class Workshop(models.Model):
    class Kind(models.TextChoices):
        INTERVENTION = "intervention", pgettext_lazy("workshop kind", "Intervention")
        ENRICHMENT = "enrichment", pgettext_lazy("workshop kind", "Enrichment")
        STUDY_HALL = "study_hall", pgettext_lazy("workshop kind", "Study hall")

    week = models.ForeignKey(FlexWeek, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INTERVENTION)
    competencies = models.ManyToManyField("frameworks.Competency", blank=True, related_name="+")
    leader = models.ForeignKey("rostering.Person", on_delete=models.PROTECT, related_name="flex_workshops")
    capacity = models.PositiveIntegerField()
    room_features = models.JSONField(default=list, blank=True, help_text="Features its room must have.")
    blocks = models.ManyToManyField(
        FlexBlock,
        blank=True,
        related_name="+",
        help_text="Blocks it may run in; none: any its leader is free.",
    )
    required_below = models.FloatField(
        null=True, blank=True, help_text="Students below this level on one of its competencies must attend."
    )
    priority = models.PositiveSmallIntegerField(default=2, help_text="1 is placed first.")
    created_by_name = models.CharField(max_length=200)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["week", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gt=0), name="scheduling_workshop_capacity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=3),
                name="scheduling_workshop_priority_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Requirement(models.Model):
    """A teacher requires one student to attend a workshop (the need is then required, at a priority)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="requirements")
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="+")
    priority = models.PositiveSmallIntegerField(default=1)
    note = models.TextField(blank=True)
    set_by_name = models.CharField(max_length=200)
    set_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "student"], name="scheduling_required_once"),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=3),
                name="scheduling_requirement_priority_1_to_3",
            ),
        ]


class StudentPreference(models.Model):
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="+")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField(help_text="1 is the first choice.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["student", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["student", "workshop"], name="scheduling_prefer_once"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="scheduling_rank_positive"),
        ]


class Schedule(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("schedule status", "Draft")
        PUBLISHED = "published", pgettext_lazy("schedule status", "Published")
        SUPERSEDED = "superseded", pgettext_lazy("schedule status", "Replaced")

    week = models.ForeignKey(FlexWeek, on_delete=models.CASCADE, related_name="schedules")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The published schedule this solve kept changes from.",
    )
    # The solver's figures (solver.Result).
    solver_status = models.CharField(max_length=16, help_text="optimal, feasible, infeasible, unknown.")
    objective = models.FloatField(null=True, blank=True)
    best_bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(
        null=True, blank=True, help_text="(objective - bound) / objective, 0 is proven best."
    )
    seconds = models.FloatField(default=0)
    needs_met_share = models.FloatField(null=True, blank=True)
    students_moved = models.PositiveIntegerField(null=True, blank=True)
    unmet = models.JSONField(
        default=list, blank=True, help_text="Needs not met: student, competency, reason code and values."
    )
    relax = models.JSONField(default=list, blank=True, help_text="When infeasible: the rule groups to relax.")
    solved_by_name = models.CharField(max_length=200)
    solved_at = models.DateTimeField()
    published_by_name = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["week", "-solved_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["week"],
                condition=models.Q(status="published"),
                name="scheduling_one_published_a_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week} ({self.status})"

    @property
    def is_infeasible(self) -> bool:
        return self.solver_status == "infeasible"


class Placement(models.Model):
    class Source(models.TextChoices):
        SOLVER = "solver", pgettext_lazy("placement source", "Solver")
        MANUAL = "manual", pgettext_lazy("placement source", "Manual")

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="placements")
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="flex_placements")
    block = models.ForeignKey(FlexBlock, on_delete=models.CASCADE, related_name="+")
    workshop = models.ForeignKey(
        Workshop,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="placements",
        help_text="Empty: the study hall.",
    )
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    competency = models.ForeignKey(
        "frameworks.Competency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The need this placement serves.",
    )
    reason_code = models.CharField(max_length=40)
    reason_values = models.JSONField(default=dict, blank=True)
    locked = models.BooleanField(default=False)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.SOLVER)
    changed_by_name = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["schedule", "block", "student"]
        indexes = [models.Index(fields=["schedule", "workshop", "block"])]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "student", "block"], name="scheduling_one_place_a_block"
            )
        ]

    @property
    def is_study_hall(self) -> bool:
        return self.workshop_id is None


class FlexAttendance(models.Model):
    class Mark(models.TextChoices):
        PRESENT = "present", pgettext_lazy("attendance", "Present")
        ABSENT = "absent", pgettext_lazy("attendance", "Absent")
        LATE = "late", pgettext_lazy("attendance", "Late")

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="attendance")
    mark = models.CharField(max_length=8, choices=Mark.choices)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200)
    at = models.DateTimeField()
