"""Learner profiles: the student's own home in Pathmaker, carried across courses and years.

- A **ProfileSection** is one part of every profile. The district defines the shared ones
  (`org` empty: "tight", the same in every school), says which are required and which families
  see; a school may add its own ("loose", `org` = that school). A `text` section (strengths,
  needs, interests, aspirations, learning preferences, "about me") holds the student's entries;
  the other kinds show a part of Pathmaker built by its own app (goals, habits, portfolio,
  mastery, readiness, conferences, notes), registered in `profiles.parts`.
- A **ProfileEntry** is what the student wrote in a text section, on a date. Entries are never
  edited in place: the newest is current and the older ones stay as the student's own history.
- A **ProfileNote** is what a teacher or advisor adds; the student sees who wrote it and when.
- An **Advisorship** (`pathmaker.rostering.models`, beside guardian links, since it grants visibility)
  says that a staff member advises a student (an advisory teacher, a mentor, a counselor's caseload).
  An advisor sees the profile without teaching the student, and is the one adult who sees
  reflections the student marks "advisor only". Profiles' services assign and end it.
- **ReadinessItem** is a line of the district's college and career readiness checklist (course
  plan, ACT/SAT, FAFSA, internship, dual enrollment, capstone...); a **ReadinessRecord** is a
  student's status on it. Records are never edited in place: the newest is current.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pathmaker.components.display import in_reader_language


class ProfileSection(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Written by the student")
        GOALS = "goals", _("Goals and reflection")
        HABITS = "habits", _("Habits and dispositions")
        PORTFOLIO = "portfolio", _("Portfolio")
        MASTERY = "mastery", _("Mastery across courses and years")
        READINESS = "readiness", _("College and career readiness")
        CONFERENCES = "conferences", _("Student-led conferences")
        NOTES = "notes", _("Notes from teachers and advisors")

    key = models.SlugField(max_length=64)
    title = models.CharField(max_length=200)
    prompt = models.TextField(blank=True, help_text="The question the student answers (text sections).")
    # Optional Spanish beside the English, shown to Spanish readers (English when left empty).
    title_es = models.CharField(max_length=200, null=True, blank=True)
    prompt_es = models.TextField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.TEXT)
    org = models.ForeignKey(
        "rostering.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for a district section; a school for the school's own.",
    )
    required = models.BooleanField(default=False)
    family_visible = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "key"], name="profile_section_key_per_org"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(org__isnull=True), name="profile_section_key_district"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        return in_reader_language(self.title, self.title_es)

    @property
    def shown_prompt(self) -> str:
        return in_reader_language(self.prompt, self.prompt_es)

    @property
    def is_district(self) -> bool:
        return self.org_id is None


class ProfileEntry(models.Model):
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="profile_entries")
    section = models.ForeignKey(ProfileSection, on_delete=models.PROTECT, related_name="entries")
    text = models.TextField()
    written_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_by_name = models.CharField(max_length=200)
    written_at = models.DateTimeField()
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-written_at", "-id"]
        indexes = [models.Index(fields=["student", "section", "is_current"])]


class ProfileNote(models.Model):
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="profile_notes")
    text = models.TextField()
    author = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    author_role = models.CharField(max_length=40)  # "advisor", "teacher", "school leader"...
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["-written_at", "-id"]


class ReadinessItem(models.Model):
    class Kind(models.TextChoices):
        DONE = "done", _("Done or not yet")
        SCORE = "score", _("A test score")
        TEXT = "text", _("A short record")

    key = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Optional Spanish beside the English, shown to Spanish readers (English when left empty).
    title_es = models.CharField(max_length=200, null=True, blank=True)
    description_es = models.TextField(null=True, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.DONE)
    from_grade = models.PositiveSmallIntegerField(default=9, help_text="The grade it starts to matter in.")
    position = models.PositiveIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        return in_reader_language(self.title, self.title_es)

    @property
    def shown_description(self) -> str:
        return in_reader_language(self.description, self.description_es)


class ReadinessRecord(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="readiness")
    item = models.ForeignKey(ReadinessItem, on_delete=models.PROTECT, related_name="records")
    status = models.CharField(max_length=16, choices=Status.choices)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200)
    recorded_at = models.DateTimeField()
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["student", "item", "is_current"])]
