"""Pacing: how long a course's competencies should take in a term, and the dates a student works to.

- A **DayOff** is a day a school has no classes (a holiday, a teacher workday), set by the school's
  leaders. A **school day** is a weekday that is not a day off at the student's school; a **school
  week** is five school days, so a week with a holiday in it counts as four fifths of one.
- A **PacingGuide** says, for one course in one term (a rostering AcademicSession of type term or
  semester, with its start and end dates; a year-long section's school year), how many school weeks each of the course's competencies
  (frameworks.CourseCompetency) should take: its **PacingTarget** rows. The course's teachers and its
  school's leaders set it. Laid end to end from the term's start, the targets give each competency a
  *suggested date*.
- A **Deadline** is a date by which one student should master one competency of a course. A *soft*
  deadline is the student's own target: they set it, or accept the guide's suggested date. A *hard*
  deadline is set by a teacher of the section (for the whole section, or for one student) and only a
  teacher moves it, by granting an extension.
- A deadline is **met** when the competency's level reached mastery on or before its date (read from
  the mastery summary and, when the last evidence came after the date, from the evidence as it stood
  that day); **missed** when the date has passed without that; otherwise it is **upcoming**. This is
  computed whenever it is read, never by a scheduled job.
- An **ExtensionRequest** is a student's request for more time on a hard deadline, with their reason.
  A teacher grants it (with the new date, which becomes the deadline's date; the first date is kept)
  or declines it with a note. A deadline has at most one open request at a time.

The on-track projection (`projection.py`) is pure: at the student's pace so far, or the guide's when
there is too little history, when they finish the course's competencies compared with the term's end.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DayOff(models.Model):
    school = models.ForeignKey("rostering.Org", on_delete=models.CASCADE, related_name="days_off")
    on = models.DateField()
    name = models.CharField(max_length=120, help_text="What the day is, e.g. Thanksgiving.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["on", "id"]
        constraints = [models.UniqueConstraint(fields=["school", "on"], name="pacing_one_day_off_a_day")]

    def __str__(self) -> str:
        return f"{self.on}: {self.name}"


class PacingGuide(models.Model):
    course = models.ForeignKey("rostering.Course", on_delete=models.CASCADE, related_name="pacing_guides")
    term = models.ForeignKey("rostering.AcademicSession", on_delete=models.CASCADE, related_name="+")
    updated_by_name = models.CharField(max_length=200)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "term"], name="pacing_one_guide_a_term")]

    def __str__(self) -> str:
        return f"{self.course} ({self.term})"


class PacingTarget(models.Model):
    guide = models.ForeignKey(PacingGuide, on_delete=models.CASCADE, related_name="targets")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    weeks = models.DecimalField(max_digits=4, decimal_places=1, help_text="School weeks, e.g. 1.5.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "competency"], name="pacing_one_target_a_competency"),
            models.CheckConstraint(condition=models.Q(weeks__gt=0), name="pacing_target_weeks_positive"),
        ]


class Deadline(models.Model):
    class Kind(models.TextChoices):
        SOFT = "soft", pgettext_lazy("deadline kind", "My target")
        HARD = "hard", pgettext_lazy("deadline kind", "Hard deadline")

    class State(models.TextChoices):
        UPCOMING = "upcoming", pgettext_lazy("deadline state", "Upcoming")
        MET = "met", pgettext_lazy("deadline state", "Met")
        MISSED = "missed", pgettext_lazy("deadline state", "Missed")

    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="deadlines")
    section = models.ForeignKey("rostering.Section", on_delete=models.CASCADE, related_name="deadlines")
    course = models.ForeignKey("rostering.Course", on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    due_on = models.DateField()
    first_due_on = models.DateField(help_text="The date first set, kept when an extension moves it.")
    for_whole_section = models.BooleanField(default=False)
    set_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_by_name = models.CharField(max_length=200)
    set_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["section", "kind", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "course", "competency", "kind"], name="pacing_one_deadline_of_a_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"

    @property
    def was_extended(self) -> bool:
        return self.due_on != self.first_due_on


class ExtensionRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("extension", "Waiting for the teacher")
        GRANTED = "granted", pgettext_lazy("extension", "Granted")
        DECLINED = "declined", pgettext_lazy("extension", "Declined")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extension_requests")
    reason = models.TextField()
    asked_on_date = models.DateField(help_text="The deadline's date when the student asked.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    asked_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    new_due_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, verbose_name=_("note"))

    class Meta:
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline"], condition=models.Q(status="open"), name="pacing_one_open_request"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="granted") | models.Q(new_due_on__isnull=False),
                name="pacing_granted_has_a_date",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
