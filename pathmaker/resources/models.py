"""Resources: the library of learning material, tagged to competencies, that playlists are built from.

Vocabulary:
- A **Resource** is one piece of learning material: a **link** (a video, a simulation, an article), an
  uploaded **file** (checked and served like portfolio files: outside any public URL, under a random
  stored name, only through the access rule), a teacher-written **activity** or task (instructions, a
  depth-of-knowledge level 1-4, an estimated time), or an **assessment** that records evidence when it
  is scored (by the teacher, or automatically where it is a quiz with an answer key).
- Its **modality** is how a student learns with it (read, watch, practise, hands-on or project, small
  group with a teacher, discussion); its **grade band**, **language** (BCP 47: "en", "es") and
  **accessibility notes** help a teacher and a student choose.
- An **Alignment** ties a resource to a competency with LRMI's alignment type: it *teaches*,
  *assesses* or *practices* it (LRMI's `educationalAlignment`, `teaches`, `assesses`).
- **Who owns it and who sees it.** The district's or a school's curators **publish** resources (the
  district's to everyone, a school's to that school). A teacher adds their own (**private**) and may
  **share** them with their school. Retired resources are kept (playlists point at them).
- A **Rating** is one teacher's stars (1-5) and review of a resource: one per teacher, the average shown
  with the count.
- A **Flag** tells a resource's curator something needs their eye: the link is dead, or a competency
  it is aligned to was retired. A flagged resource is never silently hidden.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.Model):
    class Kind(models.TextChoices):
        LINK = "link", _("Link")
        FILE = "file", _("File")
        ACTIVITY = "activity", _("Activity or task")
        ASSESSMENT = "assessment", _("Assessment")

    class Modality(models.TextChoices):
        READ = "read", _("Read")
        WATCH = "watch", _("Watch")
        PRACTISE = "practise", _("Practise")
        HANDS_ON = "hands_on", _("Hands-on or project")
        SMALL_GROUP = "small_group", _("Small group with a teacher")
        DISCUSSION = "discussion", _("Discussion")

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Only its author")
        SCHOOL = "school", _("Shared with the school")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    modality = models.CharField(max_length=12, choices=Modality.choices)
    language = models.CharField(max_length=16, default="en")  # BCP 47
    grade_low = models.CharField(max_length=8, blank=True)  # OneRoster grade codes: "KG", "07"...
    grade_high = models.CharField(max_length=8, blank=True)
    url = models.URLField(max_length=1000, blank=True)  # links (http/https only)
    instructions = models.TextField(blank=True)  # activities, tasks and assessments
    dok = models.PositiveSmallIntegerField(null=True, blank=True)  # depth of knowledge, 1-4
    minutes = models.PositiveIntegerField(null=True, blank=True)  # estimated time
    accessibility = models.TextField(blank=True)
    # A quiz an assessment is auto-scored from: [{"prompt": ..., "choices": [...], "answer": index}, ...].
    quiz = models.JSONField(default=list, blank=True)
    # Files: kept like portfolio files (random stored name; checked content type).
    stored_name = models.CharField(max_length=64, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # Ownership: the district (org null) or a school; the teacher who wrote it, if one did.
    org = models.ForeignKey(
        "rostering.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        "rostering.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)
    # Where an imported resource came from ("csv", "jsonld") and its id there: re-imports update it.
    source = models.CharField(max_length=12, blank=True)
    source_id = models.CharField(max_length=500, blank=True)
    link_status = models.CharField(max_length=12, blank=True)  # "", "ok", "dead"
    link_checked_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["visibility", "is_active"], name="resource_visibility"),
            models.Index(fields=["org", "visibility"], name="resource_org"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["stored_name"],
                condition=~models.Q(stored_name=""),
                name="resource_stored_name_unique",
            ),
            models.UniqueConstraint(
                fields=["org", "source", "source_id"],
                condition=~models.Q(source_id=""),
                name="resource_source_id_per_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(dok__isnull=True) | models.Q(dok__gte=1, dok__lte=4),
                name="resource_dok_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Alignment(models.Model):
    class Type(models.TextChoices):
        TEACHES = "teaches", _("Teaches")
        ASSESSES = "assesses", _("Assesses")
        PRACTICES = "practices", _("Practices")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="alignments")
    competency = models.ForeignKey(
        "frameworks.Competency", on_delete=models.PROTECT, related_name="resource_alignments"
    )
    alignment_type = models.CharField(max_length=10, choices=Type.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "competency", "alignment_type"], name="one_alignment_per_type"
            )
        ]
        indexes = [models.Index(fields=["competency", "alignment_type"], name="alignment_competency")]


class Rating(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField()
    review = models.TextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "rater"], name="one_rating_per_teacher"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="rating_1_to_5_stars"
            ),
        ]


class Flag(models.Model):
    class Reason(models.TextChoices):
        DEAD_LINK = "dead_link", _("The link does not answer")
        RETIRED_COMPETENCY = "retired_competency", _("A competency it is aligned to was retired")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.TextField(blank=True)
    raised_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "reason"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_flag_per_reason",
            )
        ]
