"""Mastery results kept beside the evidence.

- MasteryRule: the district's calculation rule (method and parameters) for a scope: one
  competency, a course, a framework, or (all empty) the whole district; the most specific applies.
  A course's rule applies to the competencies whose *home course* it is (the first course the
  district aligned them to), since a level is per student and competency, not per course. The
  scale's bounds and mastery level come from the competency's proficiency scale, not the rule
  (`services.rules_for`), and are stored in each result's `rule_snapshot`.
  Rules are versioned: a change is a new row, the old one stays (is_current = False), so every
  stored result can name the rule that produced it.
- MasterySummary: one row per student and competency: the current level, its status, how many
  pieces of evidence count, and a copy of the rule (`rule_snapshot`) that produced it. It is
  refreshed whenever that student's evidence for that competency changes.
- MasteryOverride: a teacher's level with a required reason. It replaces the computed level in the
  summary but never hides the evidence: explanations show both.
- MasteryPolicy: what the district says beyond the calculation rule: whether self- and
  peer-assessments count toward mastery (they are always shown), and course credit (at least
  `credit_min_share` percent of a course's competencies proficient, none below `credit_floor`).
  Versioned like rules: a change is a new row. Until the district sets one, the server's settings
  (PATHMAKER_SELF_PEER_COUNT, PATHMAKER_CREDIT_MIN_SHARE, PATHMAKER_CREDIT_FLOOR) are the policy.
- RulesStamp: one row whose `stamp` the database itself changes (triggers, migration 0007) in the same
  transaction as any change to what a rule or scale is read from (rules, the policy, scales, their
  levels and assignments, course alignments). Each process keeps the rules it has read for as long as
  the stamp is the same (`rules.rule_for`), so a change made by any process, or by hand, is seen by
  the next read everywhere.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathmaker.mastery import rollup


class MasteryRule(models.Model):
    framework = models.ForeignKey("frameworks.Framework", null=True, blank=True, on_delete=models.CASCADE)
    course = models.ForeignKey("rostering.Course", null=True, blank=True, on_delete=models.CASCADE)
    competency = models.ForeignKey("frameworks.Competency", null=True, blank=True, on_delete=models.CASCADE)
    method = models.CharField(max_length=32)
    parameters = models.JSONField(default=dict, blank=True)  # engine.Rule.as_dict()
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]


class MasterySummary(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_EVALUATION = "awaiting_evaluation", _("Awaiting evaluation")
        NEEDS_REVISION = "needs_revision", _("Needs revision")
        PROFICIENT = "proficient", _("Proficient")
        ADVANCED = "advanced", _("Advanced")

    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="mastery")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="mastery")
    level = models.FloatField(null=True, blank=True)
    computed_level = models.FloatField(null=True, blank=True)  # before any override
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.NOT_STARTED)
    evidence_count = models.PositiveIntegerField(default=0)
    last_demonstrated_on = models.DateField(null=True, blank=True)
    rule = models.ForeignKey(MasteryRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rule_snapshot = models.JSONField(default=dict)
    overridden = models.BooleanField(default=False)
    computed_at = models.DateTimeField()
    # running.Running as JSON: lets a new latest score update the level without re-reading history
    # (empty after a district recompute: the next change rebuilds it).
    running = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "competency"], name="unique_mastery_summary")
        ]

    @property
    def scale_max(self) -> float:
        """The top of the scale the level is on (from the rule that produced it), for bars drawn out of it."""
        return float(self.rule_snapshot.get("scale_max") or settings.PATHMAKER_DEFAULT_SCALE_RANGE[1])

    @property
    def mastery_level(self) -> float:
        """The level that means mastery on that scale."""
        return float(self.rule_snapshot.get("mastery") or 3.0)


class MasteryOverride(models.Model):
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    level = models.FloatField()
    reason = models.TextField()
    by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-at", "-id"]


class MasteryHistory(models.Model):
    """A level as it stood before a rule change recomputed it, with the rule that had produced it."""

    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    level = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=24)
    rule_snapshot = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["-replaced_at", "-id"]
        indexes = [models.Index(fields=["student", "competency"], name="mastery_history_pair")]


class KnowledgeTracing(models.Model):
    """Bayesian Knowledge Tracing parameters for one competency, fitted by EM on the district's practice data."""

    competency = models.OneToOneField("frameworks.Competency", on_delete=models.CASCADE, related_name="bkt")
    prior = models.FloatField()
    learn = models.FloatField()
    guess = models.FloatField()
    slip = models.FloatField()
    students = models.PositiveIntegerField()
    responses = models.PositiveIntegerField()
    log_likelihood = models.FloatField()
    fitted_at = models.DateTimeField()


class MasteryFlag(models.Model):
    """Work waiting on someone: a student asked for evaluation, or a teacher asked for a revision.

    A current flag sets the status (awaiting evaluation, needs revision) until new evidence is recorded.
    """

    class Kind(models.TextChoices):
        AWAITING_EVALUATION = "awaiting_evaluation", "Awaiting evaluation"
        NEEDS_REVISION = "needs_revision", "Needs revision"

    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey("frameworks.Competency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-at", "-id"]


class MasteryPolicyManager(models.Manager["MasteryPolicy"]):
    def current(self) -> MasteryPolicy:
        """The policy in force; until the district sets one, the server's settings as an unsaved policy."""
        found = self.filter(is_current=True).first()
        if found is not None:
            return found
        return self.model(
            self_peer_count=settings.PATHMAKER_SELF_PEER_COUNT,
            credit_min_share=Decimal(str(round(settings.PATHMAKER_CREDIT_MIN_SHARE * 100, 2))),
            credit_floor=Decimal(str(round(settings.PATHMAKER_CREDIT_FLOOR, 2))),
            version=0,
        )


class MasteryPolicy(models.Model):
    self_peer_count = models.BooleanField(help_text="Self- and peer-assessments count toward mastery.")
    credit_min_share = models.DecimalField(
        max_digits=5, decimal_places=2, help_text="Percent of a course's competencies proficient for credit."
    )
    credit_floor = models.DecimalField(
        max_digits=6, decimal_places=2, help_text="For credit, no competency's level may be below this."
    )
    version = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    objects = MasteryPolicyManager()

    class Meta:
        ordering = ["-version", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_mastery_policy"
            ),
            models.CheckConstraint(
                condition=models.Q(credit_min_share__gte=0, credit_min_share__lte=100),
                name="mastery_policy_share_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"mastery policy {self.version}" if self.pk else "mastery policy from the server's settings"

    @property
    def is_from_settings(self) -> bool:
        return self.pk is None

    @property
    def credit_rule(self) -> rollup.CreditRule:
        return rollup.CreditRule(float(self.credit_min_share) / 100, float(self.credit_floor))


class RulesStamp(models.Model):
    """The one row (`ONE`) whose stamp changes with every change to the rules' and scales' tables: a fresh
    value each time (a sequence on PostgreSQL, a random 64-bit number on SQLite), never an old one again,
    so rules read inside a transaction that is rolled back are never taken for the ones committed."""

    ONE = 1

    id = models.PositiveSmallIntegerField(primary_key=True)
    stamp = models.BigIntegerField()

    def __str__(self) -> str:
        return f"rules stamp {self.stamp}"
