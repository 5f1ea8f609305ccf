"""Portfolios: the work a student chooses to keep and show, in their own words.

- A **PortfolioItem** is one piece of the student's work: a **file** they upload (a lab report as
  a PDF, a photo of a poster, a recording, a slide deck...) or a **link** to work that lives
  elsewhere (a video, a website they built). Only the student adds, edits and removes their items.
- Files are kept under `settings.PATHMAKER_PORTFOLIO_DIR` (outside STATIC and any public URL),
  sharded by a random **stored name**; the name the student uploaded (`original_name`) is only
  shown and offered back on download. The **content type** is the one Pathmaker checked from the
  file's bytes, never the browser's claim. `size` and `sha256` say exactly which bytes were kept.
  A file is served only through the access rule (the portfolio part of the learner profile).
- The **reflection** is the student's own words about the work: what it shows, what they would do
  differently. The **description** says what the work is (and is read aloud in place of an image).
- **Competencies** are the tags: what the student says the work shows.
- A **featured** item is one the student chose to show first: on their profile, to their family
  (families see featured items only) and in their student-led conference packet.
- **Removing** an item (`removed_at`) hides it from the portfolio, the profile and the packet. The
  row and the file are kept for the audit trail (and for the teachers' evidence made from it);
  nothing a student uploaded is deleted from the disk by Pathmaker.
- A teacher may turn an item into **evidence** of mastery: an Evidence row of kind "portfolio
  item" that links back to the item's page. `evidence` is the latest such row, `evidence_by` who
  recorded it.
"""

from __future__ import annotations

from django.db import models


class PortfolioItem(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"

    student = models.ForeignKey("rostering.Person", on_delete=models.PROTECT, related_name="portfolio_items")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Files: where the bytes are kept and what they are.
    stored_name = models.CharField(max_length=64, blank=True, help_text="Random; never the uploaded name.")
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # Links.
    url = models.URLField(max_length=1000, blank=True)
    reflection = models.TextField(blank=True)
    featured = models.BooleanField(default=False)
    competencies = models.ManyToManyField("frameworks.Competency", blank=True, related_name="portfolio_items")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    evidence = models.ForeignKey(
        "evidence.Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="portfolio_items"
    )
    evidence_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-featured", "-created_at", "-id"]
        indexes = [models.Index(fields=["student", "removed_at", "featured"], name="portfolio_student_items")]
        constraints = [
            models.UniqueConstraint(
                fields=["stored_name"],
                condition=~models.Q(stored_name=""),
                name="portfolio_stored_name_unique",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="file") & ~models.Q(stored_name="") & models.Q(url=""))
                | (models.Q(kind="link") & models.Q(stored_name="") & ~models.Q(url="")),
                name="portfolio_item_is_a_file_or_a_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return self.kind == self.Kind.FILE

    @property
    def is_image(self) -> bool:
        return self.is_file and self.content_type.startswith("image/")

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
