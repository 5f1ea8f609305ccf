"""Personal learning paths: each student's plan per course, and the playlists that teach it.

Vocabulary:
- A course's **sequence** (`SequenceStep` rows) is the order its teachers (or its school's leaders) want
  its competencies learned in; competencies it does not name follow in the course's alignment order.
- A **Plan** is one student's path through one course: the course's competencies they have not yet
  mastered, in order, each with the reason it sits where it does ("needs 7.RP.1 first", "you chose this",
  "your teacher moved it", "the course's order"). A **PlanChange** is one move on a plan: the student's
  own (only within what the prerequisites allow) or a teacher's (with a reason). Changes are never
  edited or deleted: they are the plan's history, and each is audited.
- A **Playlist** is the resources one student works through for one competency on their plan: steps the
  teacher picked, or confirmed from the library's suggestions, in at least two modalities where the
  library has them, and the modality the student chose. A **PlaylistStep** is one resource on it:
  to do, done (marked by the student), scored (an assessment: the score is recorded as evidence and moves
  the level at once), or skipped (with the reason: the student reached mastery, so mastery and not seat
  time moves them on). A student who finishes a playlist without mastery gets a "try another way" step:
  a resource in a modality they have not used yet.

Why the order is not stored: a plan's order is computed when it is read (`paths/sequence.py`, pure) from
the summaries mastery keeps, the CASE prerequisites, the course's sequence and the plan's changes. A
course has tens of competencies, so this costs a few small queries, and a changed level (recorded
anywhere: the gradebook, the API, a playlist step) shows in the plan and in "what next" on the very next
read. Lists over many students read `PathSnapshot` instead, the same answers stored (`snapshots.py`):
rebuilt for everyone by a worker job, and for one student by mastery's `level_changed` signal (mastery sits
below paths and must not import it) inside the transaction that changed the level. What a level
change *does* write to a playlist (skipping the rest once mastered, adding a "try another way" step) is
written by paths' own step services in the same transaction as the evidence; a playlist read also shows
steps as skipped once the competency is mastered some other way.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SequenceStep(models.Model):
    course = models.ForeignKey("rostering.Course", on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    set_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField()

    class Meta:
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "competency"], name="paths_sequence_once_per_course"),
            models.UniqueConstraint(fields=["course", "position"], name="paths_sequence_position_unique"),
        ]


class Plan(models.Model):
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("rostering.Course", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "course"], name="paths_one_plan_per_course")
        ]


class PlanChange(models.Model):
    class By(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        STUDENT = "student", _("Student")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    # The competency it now follows; empty: first. An anchor, not a position, so a move keeps its meaning
    # after the student masters something.
    after = models.ForeignKey(
        "frameworks.Competency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    by_role = models.CharField(max_length=8, choices=By.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(by_role="teacher") | ~models.Q(reason=""),
                name="paths_teacher_move_has_a_reason",
            )
        ]


class Playlist(models.Model):
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    chosen_modality = models.CharField(max_length=12, blank=True)  # resources.Resource.Modality
    chosen_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "competency"], name="paths_one_playlist_per_competency"
            )
        ]


class PlaylistStep(models.Model):
    class State(models.TextChoices):
        TODO = "todo", _("To do")
        DONE = "done", _("Done")
        SCORED = "scored", _("Scored")
        SKIPPED = "skipped", _("Skipped")

    class Origin(models.TextChoices):
        PICKED = "picked", _("Picked by the teacher")
        SUGGESTED = "suggested", _("Suggested, confirmed by the teacher")
        ANOTHER_WAY = "another_way", _("Try another way")

    playlist = models.ForeignKey(Playlist, on_delete=models.CASCADE, related_name="steps")
    resource = models.ForeignKey("resources.Resource", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.PICKED)
    state = models.CharField(max_length=8, choices=State.choices, default=State.TODO)
    skip_reason = models.CharField(max_length=24, blank=True)  # "mastered"
    evidence = models.ForeignKey(
        "evidence.Evidence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["playlist", "position"]
        constraints = [
            models.UniqueConstraint(fields=["playlist", "resource"], name="paths_resource_once_per_playlist"),
            models.UniqueConstraint(fields=["playlist", "position"], name="paths_step_position_unique"),
        ]

    @property
    def is_open(self) -> bool:
        return self.state == self.State.TODO


class PathSnapshot(models.Model):
    """One student's plan, projection and recommendation in one course, as the pages last computed them.

    Written by `paths/snapshots.py` with the same pure functions the pages use (`sequence.plan_order`,
    `next.recommend`, `pacing.projection.project`): for every student by the worker's rebuild job, and
    for one student when mastery reports a changed level. Lists over many students (the teachers' and
    advisors' alerts) read it instead of computing each student's projection; a student's own pages still
    compute on read. `computed_for` is the school day it was computed for: a projection counts days."""

    class PaceStatus(models.TextChoices):
        DONE = "done", _("Done")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")
        UNKNOWN = "unknown", _("No projection yet")

    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("rostering.Course", on_delete=models.CASCADE, related_name="+")
    # The section the projection was made in (its term and school calendar).
    section = models.ForeignKey("rostering.Section", on_delete=models.CASCADE, related_name="+")
    next_competency = models.ForeignKey(
        "frameworks.Competency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    remaining = models.PositiveIntegerField()  # the course's competencies not yet mastered
    pace_status = models.CharField(max_length=10, choices=PaceStatus.choices)
    finish_on = models.DateField(null=True, blank=True)
    missed_hard = models.PositiveIntegerField(default=0)  # hard deadlines in the course missed
    recommended = models.ForeignKey(
        "frameworks.Competency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=12, blank=True)  # next.Recommendation.reason
    reason_values = models.JSONField(default=dict, blank=True)
    computed_for = models.DateField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "course"], name="paths_one_snapshot_per_course")
        ]
        indexes = [models.Index(fields=["course", "pace_status"])]
