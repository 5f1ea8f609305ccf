"""The district as its student information system (SIS) describes it.

Vocabulary (OneRoster's, so an import maps one row to one record):

- Org: a node of the district tree. The district itself, its schools, and other
  orgs (departments, local/state bodies). Orgs nest through `parent`.
- AcademicSession: a school year, with its terms/semesters and grading periods.
- Course: what is taught ("Algebra I"), owned by an org.
- Section: one class of a course (OneRoster calls it a "class"; `class` is a
  Python keyword), held at a school in one or more sessions.
- Person: anyone the SIS knows: students, guardians, teachers, leaders. A person
  may hold several roles (a teacher who is also a parent), each a PersonRole at an org.
- Enrollment: a person in a section with a role (student, teacher, aide).
- GuardianLink: a guardian and the student they are responsible for.
- Advisorship: an adult of the school who advises a student (set by the school's leaders or the
  district, not by the SIS). Kept here beside guardian links because, like them, it grants
  visibility: `pathmaker.access` reads it and imports nothing but this app.
- StudentDemographics: equity-reporting data, in its own table and shown only to
  the roles `pathmaker.access` allows.

Every rostered record keeps its SIS `sourced_id`, is never hard-deleted (an SIS
removal deactivates it, so its history stays), and stores `source_hash`, a digest
of the fields the last import wrote, so a re-import can tell "unchanged" cheaply.
"""

from __future__ import annotations

from django.db import models


class RosterRecord(models.Model):
    sourced_id = models.CharField(max_length=255, unique=True)
    is_active = models.BooleanField(default=True)
    source_hash = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Org(RosterRecord):
    class Type(models.TextChoices):
        DISTRICT = "district"
        SCHOOL = "school"
        DEPARTMENT = "department"
        LOCAL = "local"
        STATE = "state"
        NATIONAL = "national"

    name = models.CharField(max_length=255)
    org_type = models.CharField(max_length=20, choices=Type.choices)
    identifier = models.CharField(max_length=255, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Kept even when the parent is not in any import, so it links once the parent arrives.
    parent_sourced_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AcademicSession(RosterRecord):
    class Type(models.TextChoices):
        SCHOOL_YEAR = "schoolYear"
        SEMESTER = "semester"
        TERM = "term"
        GRADING_PERIOD = "gradingPeriod"

    title = models.CharField(max_length=255)
    session_type = models.CharField(max_length=20, choices=Type.choices)
    start_date = models.DateField()
    end_date = models.DateField()
    school_year = models.PositiveIntegerField(null=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    parent_sourced_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["start_date", "title"]

    def __str__(self) -> str:
        return self.title


class Course(RosterRecord):
    title = models.CharField(max_length=255)
    course_code = models.CharField(max_length=255, blank=True)
    grades = models.CharField(max_length=255, blank=True)
    subjects = models.CharField(max_length=255, blank=True)
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="courses")
    school_year = models.ForeignKey(AcademicSession, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Section(RosterRecord):
    class Type(models.TextChoices):
        HOMEROOM = "homeroom"
        SCHEDULED = "scheduled"

    title = models.CharField(max_length=255)
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.PROTECT, related_name="sections"
    )
    # The SIS's course id, kept when the course itself was not delivered (so it links later).
    course_sourced_id = models.CharField(max_length=255, blank=True)
    class_code = models.CharField(max_length=255, blank=True)
    class_type = models.CharField(max_length=20, choices=Type.choices)
    location = models.CharField(max_length=255, blank=True)
    school = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="sections")
    terms = models.ManyToManyField(AcademicSession, through="SectionTerm", related_name="sections")
    grades = models.CharField(max_length=255, blank=True)
    subjects = models.CharField(max_length=255, blank=True)
    periods = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SectionTerm(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE)
    session = models.ForeignKey(AcademicSession, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["section", "session"], name="unique_section_term")]


class Person(RosterRecord):
    username = models.CharField(max_length=255, blank=True, db_index=True)
    given_name = models.CharField(max_length=255)
    family_name = models.CharField(max_length=255)
    middle_name = models.CharField(max_length=255, blank=True)
    preferred_given_name = models.CharField(max_length=255, blank=True)
    preferred_family_name = models.CharField(max_length=255, blank=True)
    pronouns = models.CharField(max_length=100, blank=True)
    identifier = models.CharField(max_length=255, blank=True)
    email = models.CharField(max_length=255, blank=True)
    phone = models.CharField(max_length=100, blank=True)
    sms = models.CharField(max_length=100, blank=True)
    grades = models.CharField(max_length=255, blank=True)
    enabled = models.BooleanField(default=True)
    primary_org = models.ForeignKey(Org, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return (
            f"{self.preferred_given_name or self.given_name} {self.preferred_family_name or self.family_name}"
        )

    @property
    def sort_name(self) -> str:
        return f"{self.family_name}, {self.preferred_given_name or self.given_name}"


class Role(models.TextChoices):
    """OneRoster 1.1 and 1.2 role vocabulary."""

    STUDENT = "student"
    TEACHER = "teacher"
    AIDE = "aide"
    GUARDIAN = "guardian"
    PARENT = "parent"
    RELATIVE = "relative"
    PROCTOR = "proctor"
    COUNSELOR = "counselor"
    PRINCIPAL = "principal"
    SITE_ADMINISTRATOR = "siteAdministrator"
    DISTRICT_ADMINISTRATOR = "districtAdministrator"
    SYSTEM_ADMINISTRATOR = "systemAdministrator"
    ADMINISTRATOR = "administrator"  # OneRoster 1.1; its scope depends on the org it is held at


class PersonRole(RosterRecord):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="person_roles")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_primary = models.BooleanField(default=True)
    begin_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["org", "role", "is_active"], name="personrole_org_role")]


class GuardianLink(RosterRecord):
    guardian = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="children_links")
    student = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="guardian_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["guardian", "student"], name="unique_guardian_link")]


class Advisorship(models.Model):
    """An advisor and an advisee. Assigned and ended by `pathmaker.profiles.services`; an ended one is
    kept (inactive) for the record. The table keeps its first name, from when profiles held it."""

    advisor = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="advisees")
    student = models.ForeignKey("rostering.Person", on_delete=models.CASCADE, related_name="advisors")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    assigned_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "profiles_advisorship"
        constraints = [
            models.UniqueConstraint(
                fields=["advisor", "student"],
                condition=models.Q(is_active=True),
                name="one_active_advisorship_per_pair",
            )
        ]
        indexes = [models.Index(fields=["advisor", "is_active"], name="profiles_ad_advisor_c490cc_idx")]


class Enrollment(RosterRecord):
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="enrollments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrollments")
    school = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_primary = models.BooleanField(default=False)
    begin_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["section", "role", "is_active"], name="enrollment_section_role"),
            models.Index(fields=["person", "role", "is_active"], name="enrollment_person_role"),
        ]


class StudentDemographics(RosterRecord):
    """Kept apart from everyday data; read only through pathmaker.access.can_see_demographics."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="demographics")
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=20, blank=True)
    american_indian_or_alaska_native = models.BooleanField(null=True)
    asian = models.BooleanField(null=True)
    black_or_african_american = models.BooleanField(null=True)
    native_hawaiian_or_other_pacific_islander = models.BooleanField(null=True)
    white = models.BooleanField(null=True)
    two_or_more_races = models.BooleanField(null=True)
    hispanic_or_latino = models.BooleanField(null=True)
    country_of_birth = models.CharField(max_length=10, blank=True)
    state_of_birth = models.CharField(max_length=10, blank=True)
    city_of_birth = models.CharField(max_length=255, blank=True)
    public_school_residence_status = models.CharField(max_length=100, blank=True)
    # Pathmaker extensions (OneRoster has no field for them; read from metadata.pathmaker.* columns).
    english_learner = models.BooleanField(null=True)
    free_reduced_lunch = models.BooleanField(null=True)
    iep = models.BooleanField(null=True)
    section_504 = models.BooleanField(null=True)
    gifted = models.BooleanField(null=True)

    RACE_FIELDS = (
        ("american_indian_or_alaska_native", "American Indian or Alaska Native"),
        ("asian", "Asian"),
        ("black_or_african_american", "Black or African American"),
        ("native_hawaiian_or_other_pacific_islander", "Native Hawaiian or Other Pacific Islander"),
        ("white", "White"),
        ("two_or_more_races", "Two or more races"),
    )

    @property
    def race_ethnicity(self) -> str:
        if self.hispanic_or_latino:
            return "Hispanic or Latino"
        races = [label for field, label in self.RACE_FIELDS if getattr(self, field)]
        if len(races) > 1:
            return "Two or more races"
        return races[0] if races else "Not reported"


class ImportRun(models.Model):
    """One OneRoster import: what was asked, what happened, and what it changed."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        REJECTED = "rejected"  # the files were refused; nothing changed
        FAILED = "failed"  # an unexpected error; nothing changed (the transaction rolled back)

    source_name = models.CharField(max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    force = models.BooleanField(default=False)
    started_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL)
    job = models.OneToOneField(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_run"
    )
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    oneroster_version = models.CharField(max_length=10, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    warning_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
