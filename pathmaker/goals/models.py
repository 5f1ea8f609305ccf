"""Goals and reflection: what a student sets out to do, the steps on the way, and how it is going.

- A **Goal** belongs to one student, in a category (academic, habits, personal, college and
  career), with a title, why it matters to them, and a target date. The student's own goal is
  *active* at once. An advisor or teacher may *propose* one; it becomes active only when the
  student accepts it (a declined proposal is set aside, never accepted). A goal ends *achieved*
  or *set aside*, with the student's closing reflection. It may name competencies it works on.
- A **GoalStep** is one concrete step toward a goal, with an optional due date; it is done on a
  date. Steps keep the order they were added in.
- A **CheckIn** is one dated piece of writing on a goal. With `responds_to` empty it is the
  student's *reflection* ("how is it going", 1 to 4, and their words), which the student may mark
  *advisor only*: then the student and their advisors see it and nobody else (not teachers,
  school leaders, the district or the family), and the same holds for the responses to it. With
  `responds_to` set it is an adult's *response* to a reflection, signed with the adult's name and
  role. Check-ins are never edited in place: a change of mind is a new check-in.

A goal is *overdue* when it is active and its target date, or the due date of a step not yet
done, has passed; it is *stalled* when it is active and the student has not reflected on it for
`PATHMAKER_GOAL_STALLED_DAYS` days (counted from the last reflection, or else from when the goal
became active).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Goal(models.Model):
    class Category(models.TextChoices):
        ACADEMIC = "academic", _("Academic")
        HABITS = "habits", _("Habits")
        PERSONAL = "personal", _("Personal")
        COLLEGE_CAREER = "college_career", _("College and career")

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("goal status", "Proposed")
        ACTIVE = "active", pgettext_lazy("goal status", "Active")
        ACHIEVED = "achieved", pgettext_lazy("goal status", "Achieved")
        SET_ASIDE = "set_aside", pgettext_lazy("goal status", "Set aside")

    OPEN = (Status.PROPOSED, Status.ACTIVE)
    CLOSED = (Status.ACHIEVED, Status.SET_ASIDE)

    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="goals")
    category = models.CharField(max_length=16, choices=Category.choices)
    title = models.CharField(max_length=200)
    why = models.TextField(blank=True, help_text="Why the goal matters to the student, in their words.")
    target_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices)
    proposed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by_name = models.CharField(max_length=200)
    proposed_by_role = models.CharField(max_length=40, help_text="student, advisor or teacher")
    competencies = models.ManyToManyField("frameworks.Competency", blank=True, related_name="+")
    created_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True, help_text="When the goal became active.")
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_reflection = models.TextField(blank=True)

    class Meta:
        ordering = ["target_date", "id"]
        indexes = [models.Index(fields=["student", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["achieved", "set_aside"]) | models.Q(closed_at__isnull=True),
                name="goal_closed_at_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def was_declined(self) -> bool:
        """A proposal the student turned down: set aside without ever becoming active."""
        return self.status == self.Status.SET_ASIDE and self.accepted_at is None


class GoalStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_by_name = models.CharField(max_length=200)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class CheckIn(models.Model):
    class Progress(models.IntegerChoices):
        STUCK = 1, _("Stuck")
        SLOW = 2, _("Slow going")
        ON_TRACK = 3, _("On track")
        GREAT = 4, _("Going great")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="checkins")
    author = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    author_role = models.CharField(
        max_length=40
    )  # "student", "advisor", "teacher", "school leader", "district"
    text = models.TextField()
    progress = models.PositiveSmallIntegerField(choices=Progress.choices, null=True, blank=True)
    advisor_only = models.BooleanField(default=False)
    responds_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["goal", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__gte=1, progress__lte=4),
                name="checkin_progress_1_to_4",
            ),
            # Only the student's own reflections carry a progress rating or the advisor-only mark;
            # a response is hidden with the reflection it answers.
            models.CheckConstraint(
                condition=models.Q(responds_to__isnull=True)
                | models.Q(progress__isnull=True, advisor_only=False),
                name="checkin_response_plain",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a check-in is never edited in place: write a new one")
        super().save(*args, **kwargs)

    @property
    def is_reflection(self) -> bool:
        return self.responds_to_id is None
