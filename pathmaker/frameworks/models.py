"""Competency frameworks, in CASE's vocabulary so imports and exports map one to one.

- Framework (CASE CFDocument): a published set of competencies: a state's standards, a
  publisher's specifications, or the district's own graduation competencies and 4Cs.
- Competency (CASE CFItem): one learning target, with its CASE identifier (a UUID), human
  coding scheme (e.g. `CCSS.Math.Content.6.RP.A.1`), full statement, education levels and
  item type. `kind` is Pathmaker's classification (content standard, performance indicator,
  cross-curricular skill, habit of work, graduation competency). `parent` and `position`
  mirror the framework's isChildOf tree. A competency is never deleted: one removed from a
  newer version of its package is retired, so evidence recorded against it stays attached.
- CompetencyVersion: every wording a competency has had, with when and who (import or edit).
- Association (CASE CFAssociation): a typed link (isChildOf, precedes = prerequisite,
  exactMatchOf / isRelatedTo = crosswalks, exemplar, ...). Either end may be a competency or
  framework here, or a node elsewhere known only by identifier and URI.
- ProficiencyScale and ScaleLevel: e.g. 1 Beginning .. 4 Advanced, with the level that counts
  as mastery; attached to a framework, a competency or a course by a ScaleAssignment.
- Rubric (CFRubric) > RubricCriterion (CFRubricCriterion, optionally for one competency) >
  RubricLevel (CFRubricCriterionLevel).
- CourseCompetency: a course assesses a competency (set by the district, or added by a school).

`extra` fields keep CASE properties Pathmaker does not model, so an export gives back what
an import received.
"""

from __future__ import annotations

from django.db import models

RETIRED = "retired"


class Framework(models.Model):
    identifier = models.CharField(max_length=64, unique=True)
    uri = models.CharField(max_length=1000, blank=True)
    title = models.CharField(max_length=500)
    creator = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    version = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=20, blank=True)
    adoption_status = models.CharField(max_length=100, blank=True)
    subject = models.JSONField(default=list, blank=True)
    official_source_url = models.CharField(max_length=1000, blank=True)
    notes = models.TextField(blank=True)
    last_change = models.CharField(max_length=40, blank=True)  # CASE lastChangeDateTime, as published
    case_version = models.CharField(max_length=10, blank=True)
    is_district_owned = models.BooleanField(default=False, help_text="Written in Pathmaker, not imported.")
    extra = models.JSONField(default=dict, blank=True)
    definitions = models.JSONField(default=dict, blank=True)  # CASE CFDefinitions, kept for export
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Competency(models.Model):
    class Kind(models.TextChoices):
        CONTENT_STANDARD = "content_standard", "Content standard"
        PERFORMANCE_INDICATOR = "performance_indicator", "Performance indicator"
        CROSS_CURRICULAR_SKILL = "cross_curricular_skill", "Cross-curricular skill"
        HABIT_OF_WORK = "habit_of_work", "Habit of work"
        GRADUATION_COMPETENCY = "graduation_competency", "Graduation competency"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="competencies")
    identifier = models.CharField(max_length=64, unique=True)
    uri = models.CharField(max_length=1000, blank=True)
    full_statement = models.TextField()
    abbreviated_statement = models.TextField(blank=True)
    human_coding_scheme = models.CharField(max_length=255, blank=True, db_index=True)
    list_enumeration = models.CharField(max_length=50, blank=True)
    item_type = models.CharField(max_length=255, blank=True)  # CASE CFItemType, free text
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.CONTENT_STANDARD)
    education_levels = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=20, blank=True)
    notes = models.TextField(blank=True)
    last_change = models.CharField(max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.IntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_retired = models.BooleanField(default=False)
    retired_at = models.DateTimeField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "human_coding_scheme", "id"]
        indexes = [models.Index(fields=["framework", "parent"], name="competency_tree")]

    def __str__(self) -> str:
        return f"{self.human_coding_scheme} {self.short_statement}".strip()

    @property
    def short_statement(self) -> str:
        text = self.abbreviated_statement or self.full_statement
        return text if len(text) <= 120 else text[:117].rstrip() + "..."


class CompetencyVersion(models.Model):
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    full_statement = models.TextField()
    abbreviated_statement = models.TextField(blank=True)
    human_coding_scheme = models.CharField(max_length=255, blank=True)
    item_type = models.CharField(max_length=255, blank=True)
    education_levels = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=20)  # "import" or "edit"
    changed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["competency", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "version"], name="unique_competency_version")
        ]


class Association(models.Model):
    class Type(models.TextChoices):
        IS_CHILD_OF = "isChildOf"
        IS_PEER_OF = "isPeerOf"
        IS_PART_OF = "isPartOf"
        EXACT_MATCH_OF = "exactMatchOf"
        PRECEDES = "precedes"
        IS_RELATED_TO = "isRelatedTo"
        REPLACED_BY = "replacedBy"
        EXEMPLAR = "exemplar"
        HAS_SKILL_LEVEL = "hasSkillLevel"
        IS_TRANSLATION_OF = "isTranslationOf"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="associations")
    identifier = models.CharField(max_length=64, unique=True)
    uri = models.CharField(max_length=1000, blank=True)
    association_type = models.CharField(max_length=32, choices=Type.choices)
    origin_identifier = models.CharField(max_length=64, db_index=True)
    origin_uri = models.CharField(max_length=1000, blank=True)
    origin_title = models.CharField(max_length=500, blank=True)
    origin = models.ForeignKey(Competency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    destination_identifier = models.CharField(max_length=64, db_index=True)
    destination_uri = models.CharField(max_length=1000, blank=True)
    destination_title = models.CharField(max_length=500, blank=True)
    destination = models.ForeignKey(
        Competency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sequence_number = models.IntegerField(null=True, blank=True)
    last_change = models.CharField(max_length=40, blank=True)
    is_retired = models.BooleanField(default=False)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["origin", "association_type"], name="association_origin"),
            models.Index(fields=["destination", "association_type"], name="association_destination"),
        ]


class ProficiencyScale(models.Model):
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    mastery_value = models.DecimalField(max_digits=6, decimal_places=2)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class ScaleLevel(models.Model):
    scale = models.ForeignKey(ProficiencyScale, on_delete=models.CASCADE, related_name="levels")
    value = models.DecimalField(max_digits=6, decimal_places=2)
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["scale", "value"]
        constraints = [models.UniqueConstraint(fields=["scale", "value"], name="unique_scale_value")]


class ScaleAssignment(models.Model):
    """Which scale applies: the most specific assignment wins (competency, then course, then framework)."""

    scale = models.ForeignKey(ProficiencyScale, on_delete=models.PROTECT, related_name="assignments")
    framework = models.OneToOneField(Framework, null=True, blank=True, on_delete=models.CASCADE)
    competency = models.OneToOneField(Competency, null=True, blank=True, on_delete=models.CASCADE)
    course = models.OneToOneField("rostering.Course", null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(framework__isnull=False, competency__isnull=True, course__isnull=True)
                    | models.Q(framework__isnull=True, competency__isnull=False, course__isnull=True)
                    | models.Q(framework__isnull=True, competency__isnull=True, course__isnull=False)
                ),
                name="scale_assignment_has_one_target",
            )
        ]


class Rubric(models.Model):
    framework = models.ForeignKey(
        Framework, null=True, blank=True, on_delete=models.PROTECT, related_name="rubrics"
    )
    identifier = models.CharField(max_length=64, unique=True)
    uri = models.CharField(max_length=1000, blank=True)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    last_change = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.title


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    identifier = models.CharField(max_length=64, unique=True)
    uri = models.CharField(max_length=1000, blank=True)
    category = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    competency = models.ForeignKey(
        Competency, null=True, blank=True, on_delete=models.PROTECT, related_name="rubric_criteria"
    )
    competency_identifier = models.CharField(max_length=64, blank=True)
    weight = models.FloatField(null=True, blank=True)
    position = models.IntegerField(null=True, blank=True)
    last_change = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["rubric", "position", "id"]


class RubricLevel(models.Model):
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels")
    identifier = models.CharField(max_length=64, unique=True)
    uri = models.CharField(max_length=1000, blank=True)
    description = models.TextField(blank=True)
    quality = models.CharField(max_length=255, blank=True)
    score = models.FloatField(null=True, blank=True)
    feedback = models.TextField(blank=True)
    position = models.IntegerField(null=True, blank=True)
    last_change = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["criterion", "position", "id"]


class CourseCompetency(models.Model):
    course = models.ForeignKey("rostering.Course", on_delete=models.CASCADE, related_name="competency_links")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="course_links")
    added_by_school = models.ForeignKey(
        "rostering.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Set when a school added it within district rules.",
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["course", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "competency"], name="unique_course_competency")
        ]


class CaseImport(models.Model):
    """One CASE package import and what it changed (or why it was refused)."""

    source_name = models.CharField(max_length=500)
    framework = models.ForeignKey(Framework, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=20)  # succeeded | rejected
    started_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField()
    summary = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
