"""Evidence of learning.

An Evidence row says a student showed something about one competency: a score on the
competency's proficiency scale, or correct/incorrect for a practice item; the day the student
demonstrated it (`demonstrated_on`: mastery is computed in this order, never in the order scores
were typed); the kind (a teacher-scored task or rubric, a quiz or test item, a project, an
observation, a conference, a self- or peer-assessment, a portfolio item, an imported result);
who recorded it and when; and optionally the section, a link to the work, the task's name ("Quiz 3",
`task_name`, shown beside the score) and written feedback for the student (`feedback`).

A score may come from a rubric: `rubric_choices` keeps the teacher's pick for each criterion of
the rubric on this competency ([{criterion_id, criterion, level_id, level, value}], names as they
read when scored) and the score is their mean, kept on the competency's scale. With a single
criterion, `rubric_level` also points at the chosen level.

Evidence is never edited in place. A correction is a new row that `corrects` the old one (which
stops being current); a retraction marks the row not current with who, when and why. History
stays, and the audit log says who did each.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

TASK_NAME_MAX = 200  # the task's name: "Quiz 3", "Lab report: density"
FEEDBACK_MAX = 4000  # written feedback on one piece of evidence (checked by evidence_record)


class Evidence(models.Model):
    class Kind(models.TextChoices):
        TASK = "task", _("Teacher-scored task or rubric")
        QUIZ_ITEM = "quiz_item", _("Quiz item")
        TEST_ITEM = "test_item", _("Test item")
        PROJECT = "project", _("Project")
        OBSERVATION = "observation", _("Observation")
        CONFERENCE = "conference", _("Conference")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        PEER_ASSESSMENT = "peer_assessment", _("Peer assessment")
        PORTFOLIO_ITEM = "portfolio_item", _("Portfolio item")
        IMPORTED = "imported", _("Imported result")

    SELF_OR_PEER = (Kind.SELF_ASSESSMENT, Kind.PEER_ASSESSMENT)

    student = models.ForeignKey("rostering.Person", on_delete=models.PROTECT, related_name="evidence")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.PROTECT, related_name="evidence")
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    correct = models.BooleanField(null=True, blank=True)
    demonstrated_on = models.DateField()
    kind = models.CharField(max_length=32, choices=Kind.choices)
    section = models.ForeignKey(
        "rostering.Section", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rubric_level = models.ForeignKey(
        "frameworks.RubricLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rubric_choices = models.JSONField(default=list, blank=True)
    link = models.URLField(max_length=1000, blank=True)
    task_name = models.CharField(max_length=TASK_NAME_MAX, blank=True)
    feedback = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    is_current = models.BooleanField(default=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    retracted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retraction_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["demonstrated_on", "id"]
        indexes = [
            models.Index(
                fields=["student", "competency", "is_current", "demonstrated_on"],
                name="evidence_student_competency",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(score__isnull=False, correct__isnull=True)
                    | models.Q(score__isnull=True, correct__isnull=False)
                ),
                name="evidence_score_or_correct",
            ),
        ]
