"""Apply a read OneRoster upload to the database: resolve references, plan, guard, write.

The import applies whole or not at all:
1. every reference is checked against the upload and, for files that are not
   bulk, against what Pathmaker already holds; any error refuses the upload;
2. the plan is compared with the database by a digest of each row (`source_hash`),
   so re-importing the same files writes nothing; the digest and the columns written
   both come from the file's field spec (`SPECS`), so adding a field to a spec makes
   the next import rewrite that table once;
3. a guard refuses a sync that would deactivate too large a share of a school's
   students (a truncated export) unless forced;
4. the writes run in one transaction, with bulk statements.

Rows are never deleted: `tobedeleted` rows, and rows missing from a bulk file,
are deactivated so their history stays.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from operator import attrgetter, itemgetter
from typing import Any

from django.db import models, transaction

from pathmaker.jobs.bulkwrite import insert_rows, update_rows
from pathmaker.lib.errors import DomainError
from pathmaker.rostering.models import (
    AcademicSession,
    Course,
    Enrollment,
    GuardianLink,
    Org,
    Person,
    PersonRole,
    Section,
    SectionTerm,
    StudentDemographics,
)
from pathmaker.rostering.oneroster.reader import Problem, RosterUpload

GUARDIAN_ROLES = frozenset({"guardian", "parent", "relative"})
# A school with only a handful of departing students is never blocked (one withdrawal of three is not a
# truncated export); above this many, the share rule applies.
GUARD_MIN_STUDENTS = 5
ProgressFn = Callable[[str, int, int], None]


class ImportRejected(DomainError):
    """The upload was refused; nothing was changed."""

    code = "rostering.import_rejected"

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        self.total = total if total is not None else len(problems)
        first = str(problems[0]) if problems else "unknown problem"
        super().__init__(f"{self.total} error(s); first: {first}")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
        }


@dataclass
class ImportOutcome:
    version: str
    summary: dict[str, dict[str, int]]
    warnings: list[Problem]
    guard: dict[str, dict[str, int]] = field(default_factory=dict)


def _digest(values: tuple[Any, ...]) -> str:
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


# The field spec of each OneRoster file: the one list from which the change digest, the writer's columns
# and the length checks are all derived, so a field cannot be written without being digested (a
# re-import would then never update it) or digested without being written.
KEY = "sourced_id"


@dataclass(frozen=True, slots=True)
class Field:
    """One value of a reader row: digested once, and written to `column`.

    `ref` marks a sourcedId of another table: the column takes that row's id (`optional`: left empty
    when it is not there yet, else it must resolve). `column` None: written beside the row by the
    importer (a class's terms, to SectionTerm by `_sync_terms`), but digested like any other value.
    """

    source: str
    header: str
    column: str | None
    ref: type[models.Model] | None = None
    optional: bool = False


@dataclass(frozen=True)
class TableSpec:
    """What one file stores in one model. The digest is (active, each source value once, in spec order);
    the row's own sourcedId is never digested, as it names the row. `in_values`: the reader keeps the
    values in a `values` dict (demographics), digested as (name, value) pairs in name order, as they
    were before the specs existed, so stored digests stay valid."""

    model: type[models.Model]
    fields: tuple[Field, ...]
    in_values: bool = False

    @property
    def columns(self) -> list[str]:
        return [f.column for f in self.fields if f.column is not None]

    def digest(self, active: bool, row: Any) -> str:
        return _digest((active, *self._digested(row)))

    @cached_property
    def _digested(self) -> Callable[[Any], tuple[Any, ...]]:
        sources = [s for s in dict.fromkeys(f.source for f in self.fields) if s != KEY]
        if self.in_values:
            names = sorted(sources)
            values = itemgetter(*names)
            return lambda row: tuple(zip(names, values(row.values), strict=True))
        return self._values_of(sources)

    def writer(self, ids_of: Callable[[type[models.Model]], dict[str, int]]) -> Callable[[Any], list[Any]]:
        """The values of `columns` for a row; references are resolved when a row is written, not before,
        so an import that changes nothing never loads another table's ids."""
        written = [f for f in self.fields if f.column is not None]
        read = self._values_of([f.source for f in written])
        refs = [(i, f.ref, f.optional) for i, f in enumerate(written) if f.ref is not None]

        def write(row: Any) -> list[Any]:
            values = list(read(row))
            for i, ref, optional in refs:
                ids = ids_of(ref)
                values[i] = ids.get(values[i]) if optional else ids[values[i]]
            return values

        return write

    def _values_of(self, sources: list[str]) -> Callable[[Any], tuple[Any, ...]]:
        """Row -> its values of `sources`; one C-level getter where it can, as it runs for every row."""
        if self.in_values:
            getters = [self.getter(source) for source in sources]
            return lambda row: tuple(get(row) for get in getters)
        read = attrgetter(*sources)
        return read if len(sources) > 1 else lambda row: (read(row),)

    def getter(self, source: str) -> Callable[[Any], Any]:
        """Row -> one of its values, where the reader keeps it."""
        if self.in_values and source != KEY:
            return lambda row: row.values[source]
        return attrgetter(source)


def _values(*pairs: tuple[str, str]) -> tuple[Field, ...]:
    """Demographics fields: the reader's name for each value is also the model's column."""
    return tuple(Field(name, header, name) for name, header in pairs)


SPECS: dict[str, TableSpec] = {
    "orgs": TableSpec(
        Org,
        (
            Field("name", "name", "name"),
            Field("org_type", "type", "org_type"),
            Field("identifier", "identifier", "identifier"),
            # The parent may arrive later: `_relink` points `parent` at it once it exists.
            Field("parent", "parentSourcedId", "parent_sourced_id"),
        ),
    ),
    "academicSessions": TableSpec(
        AcademicSession,
        (
            Field("title", "title", "title"),
            Field("session_type", "type", "session_type"),
            Field("start_date", "startDate", "start_date"),
            Field("end_date", "endDate", "end_date"),
            Field("parent", "parentSourcedId", "parent_sourced_id"),
            Field("school_year", "schoolYear", "school_year"),
        ),
    ),
    "courses": TableSpec(
        Course,
        (
            Field("title", "title", "title"),
            Field("course_code", "courseCode", "course_code"),
            Field("grades", "grades", "grades"),
            Field("subjects", "subjects", "subjects"),
            Field("org", "orgSourcedId", "org_id", ref=Org),
            Field("school_year", "schoolYearSourcedId", "school_year_id", ref=AcademicSession, optional=True),
        ),
    ),
    "classes": TableSpec(
        Section,
        (
            Field("title", "title", "title"),
            Field("course", "courseSourcedId", "course_sourced_id"),
            Field("course", "courseSourcedId", "course_id", ref=Course, optional=True),
            Field("class_code", "classCode", "class_code"),
            Field("class_type", "classType", "class_type"),
            Field("location", "location", "location"),
            Field("school", "schoolSourcedId", "school_id", ref=Org),
            Field("terms", "termSourcedIds", None),
            Field("grades", "grades", "grades"),
            Field("subjects", "subjects", "subjects"),
            Field("periods", "periods", "periods"),
        ),
    ),
    "users": TableSpec(
        Person,
        (
            Field("enabled", "enabledUser", "enabled"),
            Field("username", "username", "username"),
            Field("given_name", "givenName", "given_name"),
            Field("family_name", "familyName", "family_name"),
            Field("middle_name", "middleName", "middle_name"),
            Field("preferred_given_name", "preferredGivenName", "preferred_given_name"),
            Field("preferred_family_name", "preferredFamilyName", "preferred_family_name"),
            Field("pronouns", "pronouns", "pronouns"),
            Field("identifier", "identifier", "identifier"),
            Field("email", "email", "email"),
            Field("phone", "phone", "phone"),
            Field("sms", "sms", "sms"),
            Field("grades", "grades", "grades"),
            Field("primary_org", "primaryOrgSourcedId", "primary_org_id", ref=Org, optional=True),
        ),
    ),
    # roles.csv (1.2); the role column of users.csv (1.1) is read into the same shape (`_SyntheticRole`).
    "roles": TableSpec(
        PersonRole,
        (
            Field("user", "userSourcedId", "person_id", ref=Person),
            Field("role", "role", "role"),
            Field("is_primary", "roleType", "is_primary"),
            Field("org", "orgSourcedId", "org_id", ref=Org),
            Field("begin_date", "beginDate", "begin_date"),
            Field("end_date", "endDate", "end_date"),
        ),
    ),
    "enrollments": TableSpec(
        Enrollment,
        (
            Field("section", "classSourcedId", "section_id", ref=Section),
            Field("school", "schoolSourcedId", "school_id", ref=Org),
            Field("user", "userSourcedId", "person_id", ref=Person),
            Field("role", "role", "role"),
            Field("is_primary", "primary", "is_primary"),
            Field("begin_date", "beginDate", "begin_date"),
            Field("end_date", "endDate", "end_date"),
        ),
    ),
    "demographics": TableSpec(
        StudentDemographics,
        (
            Field(KEY, "sourcedId", "person_id", ref=Person),
            *_values(
                ("birth_date", "birthDate"),
                ("sex", "sex"),
                ("american_indian_or_alaska_native", "americanIndianOrAlaskaNative"),
                ("asian", "asian"),
                ("black_or_african_american", "blackOrAfricanAmerican"),
                ("native_hawaiian_or_other_pacific_islander", "nativeHawaiianOrOtherPacificIslander"),
                ("white", "white"),
                ("two_or_more_races", "demographicRaceTwoOrMoreRaces"),
                ("hispanic_or_latino", "hispanicOrLatinoEthnicity"),
                ("country_of_birth", "countryOfBirthCode"),
                ("state_of_birth", "stateOfBirthAbbreviation"),
                ("city_of_birth", "cityOfBirth"),
                ("public_school_residence_status", "publicSchoolResidenceStatus"),
                ("english_learner", "metadata.pathmaker.englishLearner"),
                ("free_reduced_lunch", "metadata.pathmaker.freeReducedLunch"),
                ("iep", "metadata.pathmaker.iep"),
                ("section_504", "metadata.pathmaker.section504"),
                ("gifted", "metadata.pathmaker.gifted"),
            ),
        ),
        in_values=True,
    ),
}
# Guardian links come from users.csv's agentSourcedIds, as (guardian, student) pairs (`_Link`).
GUARDIAN_LINKS = TableSpec(
    GuardianLink,
    (
        Field("guardian", "agentSourcedIds", "guardian_id", ref=Person),
        Field("student", "sourcedId", "student_id", ref=Person),
    ),
)


@dataclass
class _Entity:
    """The desired state of one table: sourcedId -> (digest, active, source row)."""

    spec: TableSpec
    label: str
    mode: str
    rows: dict[str, tuple[str, bool, Any]] = field(default_factory=dict)

    @property
    def model(self) -> type[models.Model]:
        return self.spec.model


class _Resolver:
    """Checks references across files and the database, collecting errors and warnings."""

    def __init__(self, upload: RosterUpload) -> None:
        self.upload = upload
        self.problems = upload.problems
        self.db_ids: dict[type[models.Model], dict[str, int]] = {}

    def db(self, model: type[models.Model]) -> dict[str, int]:
        if model not in self.db_ids:
            self.db_ids[model] = dict(model.objects.values_list("sourced_id", "id"))
        return self.db_ids[model]

    def known(self, file: str, in_file: dict[str, Any], model: type[models.Model]) -> Callable[[str], bool]:
        """A reference is known if it is in the upload, or (unless the file is bulk) already in Pathmaker."""
        if self.upload.mode(file) == "bulk":
            return in_file.__contains__
        db = self.db(model)
        return lambda sid: sid in in_file or sid in db


def plan_and_check(upload: RosterUpload) -> list[_Entity]:
    """Resolve references and build the desired state. Errors are added to upload.problems."""
    r = _Resolver(upload)
    u = upload
    label = u.label
    org_known = r.known("orgs", u.orgs, Org)
    session_known = r.known("academicSessions", u.sessions, AcademicSession)
    course_known = r.known("courses", u.courses, Course)
    class_known = r.known("classes", u.classes, Section)
    user_known = r.known("users", u.users, Person)

    for org in u.orgs.values():
        if org.parent and not org_known(org.parent):
            r.problems.warn(
                label("orgs"),
                org.row,
                "parentSourcedId",
                f"parent org {org.parent!r} is not in the upload or in Pathmaker; kept without a parent",
                kind="missing-parent",
            )
    for session in u.sessions.values():
        if session.parent and not session_known(session.parent):
            r.problems.warn(
                label("academicSessions"),
                session.row,
                "parentSourcedId",
                f"parent session {session.parent!r} is not in the upload or in Pathmaker; "
                "kept without a parent",
                kind="missing-parent",
            )
    for course in u.courses.values():
        if not org_known(course.org):
            r.problems.error(label("courses"), course.row, "orgSourcedId", f"unknown org {course.org!r}")
        if course.school_year and not session_known(course.school_year):
            r.problems.warn(
                label("courses"),
                course.row,
                "schoolYearSourcedId",
                f"school year {course.school_year!r} is not in the upload or in Pathmaker; left empty",
                kind="missing-school-year",
            )
    for cls in u.classes.values():
        if not org_known(cls.school):
            r.problems.error(label("classes"), cls.row, "schoolSourcedId", f"unknown org {cls.school!r}")
        if not cls.course:
            r.problems.warn(
                label("classes"),
                cls.row,
                "courseSourcedId",
                "class has no course; kept without one",
                kind="no-course",
            )
        elif not course_known(cls.course):
            why = (
                "courses are marked absent in the manifest"
                if u.mode("courses") == "absent"
                else "not in courses.csv"
            )
            r.problems.warn(
                label("classes"),
                cls.row,
                "courseSourcedId",
                f"course {cls.course!r} is not in Pathmaker ({why}); the class is kept without a course "
                "until the course arrives",
                kind="missing-course",
            )
        for term in cls.terms:
            if not session_known(term):
                r.problems.warn(
                    label("classes"),
                    cls.row,
                    "termSourcedIds",
                    f"term {term!r} is not in academicSessions nor in Pathmaker; not linked",
                    kind="missing-term",
                )
    for user in u.users.values():
        for org in user.orgs:
            if not org_known(org):
                r.problems.error(label("users"), user.row, "orgSourcedIds", f"unknown org {org!r}")
        if user.primary_org and not org_known(user.primary_org):
            r.problems.warn(
                label("users"),
                user.row,
                "primaryOrgSourcedId",
                f"primary org {user.primary_org!r} is unknown; left empty",
                kind="missing-primary-org",
            )
    for role in u.roles.values():
        if not user_known(role.user):
            r.problems.error(
                label("roles"), role.row, "userSourcedId", f"role for an unknown user {role.user!r}"
            )
        if not org_known(role.org):
            r.problems.error(label("roles"), role.row, "orgSourcedId", f"unknown org {role.org!r}")
    for enrollment in u.enrollments.values():
        if not class_known(enrollment.section):
            r.problems.error(
                label("enrollments"),
                enrollment.row,
                "classSourcedId",
                f"enrollment in an unknown class {enrollment.section!r}",
            )
        if not user_known(enrollment.user):
            r.problems.error(
                label("enrollments"),
                enrollment.row,
                "userSourcedId",
                f"enrollment of an unknown user {enrollment.user!r}",
            )
        if not org_known(enrollment.school):
            r.problems.error(
                label("enrollments"), enrollment.row, "schoolSourcedId", f"unknown org {enrollment.school!r}"
            )
        cls = u.classes.get(enrollment.section)
        if cls is not None and cls.school != enrollment.school:
            r.problems.warn(
                label("enrollments"),
                enrollment.row,
                "schoolSourcedId",
                f"school {enrollment.school!r} differs from the class's school {cls.school!r}",
                kind="school-mismatch",
            )
        if cls is not None and not cls.active and enrollment.active:
            r.problems.warn(
                label("enrollments"),
                enrollment.row,
                "classSourcedId",
                "active enrollment in a class marked tobedeleted; it stays but the class is inactive",
                kind="enrollment-in-deleted-class",
            )
    for demo in u.demographics.values():
        if not user_known(demo.sourced_id):
            r.problems.error(
                label("demographics"),
                demo.row,
                "sourcedId",
                f"demographics for an unknown user {demo.sourced_id!r}",
            )

    _check_lengths(u)
    entities = _desired_state(u, r)
    return entities


def _limit(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length or 0


def _text_limit(model: type[models.Model], name: str) -> int:
    """The length limit of a free-text column; 0 for others (the reader checks choices against OneRoster's)."""
    return 0 if model._meta.get_field(name).choices else _limit(model, name)


def _check_lengths(u: RosterUpload) -> None:
    rows_of = _rows_of(u)

    def check(file: str, row: int, column: str, value: object, limit: int) -> None:
        if isinstance(value, str) and limit and len(value) > limit:
            u.problems.error(
                u.label(file),
                row,
                column,
                f"{column} is {len(value):,} characters long; the limit is {limit}",
            )

    # A value longer than its column's max_length is refused on every database (PostgreSQL would fail
    # the whole transaction on it; SQLite would store it as it is). References are checked by resolving.
    for file, spec in SPECS.items():
        limits = [(attrgetter(KEY), "sourcedId", _limit(spec.model, KEY))]
        limits += [
            (spec.getter(f.source), f.header, limit)
            for f in spec.fields
            if f.column is not None and f.ref is None and (limit := _text_limit(spec.model, f.column))
        ]
        for record in rows_of[file].values():
            for get, column, limit in limits:
                check(file, record.row, column, get(record), limit)
    # Roles from users.csv (1.1) and guardian links are keyed by two sourcedIds together.
    role_limit, link_limit = _limit(PersonRole, "sourced_id"), _limit(GuardianLink, "sourced_id")
    for user in u.users.values():
        for org in user.orgs if user.role else ():
            if len(f"{user.sourced_id}|{user.role}|{org}") > role_limit:
                u.problems.error(
                    u.label("users"),
                    user.row,
                    "orgSourcedIds",
                    f"sourcedId, role and org {org[:40]!r} together are longer than {role_limit} "
                    "characters, the limit of a role's key",
                )
        for agent in user.agents:
            if len(f"{agent}>{user.sourced_id}") > link_limit:
                u.problems.error(
                    u.label("users"),
                    user.row,
                    "agentSourcedIds",
                    f"sourcedId and agent {agent[:40]!r} together are longer than {link_limit} "
                    "characters, the limit of a guardian link's key",
                )


def _rows_of(u: RosterUpload) -> dict[str, dict[str, Any]]:
    """The reader's rows of each file that has a spec, by sourcedId."""
    return {
        "orgs": u.orgs,
        "academicSessions": u.sessions,
        "courses": u.courses,
        "classes": u.classes,
        "users": u.users,
        "roles": u.roles,
        "enrollments": u.enrollments,
        "demographics": u.demographics,
    }


def _desired_state(u: RosterUpload, r: _Resolver) -> list[_Entity]:
    entities: list[_Entity] = []
    rows_of = _rows_of(u)

    def add(file: str) -> None:
        spec = SPECS[file]
        entity = _Entity(spec, u.label(file), u.mode(file))
        for row in rows_of[file].values():
            entity.rows[row.sourced_id] = (spec.digest(row.active, row), row.active, row)
        entities.append(entity)

    # In the order they are written: a table's references are written before it.
    for file in ("orgs", "academicSessions", "courses", "classes", "users"):
        if u.mode(file) != "absent":
            add(file)
    # Roles: roles.csv (1.2) and/or the role column of users.csv (1.1).
    role_mode = (
        u.mode("roles")
        if u.mode("roles") != "absent"
        else (u.mode("users") if any(p.role for p in u.users.values()) else "absent")
    )
    if role_mode != "absent":
        spec = SPECS["roles"]
        roles = _Entity(
            spec,
            u.label("roles") if u.mode("roles") != "absent" else "roles (from users.csv)",
            role_mode,
        )
        for role in u.roles.values():
            active = role.active and _user_active(u, role.user)
            roles.rows[role.sourced_id] = (spec.digest(active, role), active, role)
        for person in u.users.values():
            for position, org in enumerate(person.orgs if person.role else ()):
                sid = f"{person.sourced_id}|{person.role}|{org}"
                synthetic = _SyntheticRole(person.sourced_id, person.role, position == 0, org)
                roles.rows[sid] = (spec.digest(person.active, synthetic), person.active, synthetic)
        entities.append(roles)
        links = _guardian_links(u, r, roles)
        if links is not None:
            entities.append(links)
    for file in ("enrollments", "demographics"):
        if u.mode(file) != "absent":
            add(file)
    return entities


def _user_active(u: RosterUpload, sid: str) -> bool:
    user = u.users.get(sid)
    return True if user is None else user.active


@dataclass(slots=True)
class _SyntheticRole:
    """A role read from the role column of users.csv (OneRoster 1.1), shaped like roles.csv's rows."""

    user: str
    role: str
    is_primary: bool
    org: str
    begin_date: None = None
    end_date: None = None


@dataclass(frozen=True, slots=True)
class _Link:
    """A guardian link read from agentSourcedIds."""

    guardian: str
    student: str


def _guardian_links(u: RosterUpload, r: _Resolver, roles: _Entity) -> _Entity | None:
    """Guardian links from agentSourcedIds: between a student and a parent, guardian or relative only."""
    if u.mode("users") == "absent":
        return None
    kinds: dict[str, set[str]] = defaultdict(set)
    for _, active, role in roles.rows.values():
        if active:
            kinds[role.user].add(role.role)
    if u.mode("users") != "bulk" or roles.mode != "bulk":
        for sid, role in PersonRole.objects.filter(is_active=True).values_list("person__sourced_id", "role"):
            if sid not in u.users:
                kinds[sid].add(role)
    person_known = r.known("users", u.users, Person)
    links = _Entity(GUARDIAN_LINKS, "guardian links (from agentSourcedIds)", u.mode("users"))
    for person in u.users.values():
        for agent in person.agents:
            if not person_known(agent):
                r.problems.warn(
                    u.label("users"),
                    person.row,
                    "agentSourcedIds",
                    f"agent {agent!r} is not in the upload or in Pathmaker; not linked",
                    kind="missing-agent",
                )
                continue
            if "student" in kinds[person.sourced_id] and kinds[agent] & GUARDIAN_ROLES:
                guardian, student = agent, person.sourced_id
            elif "student" in kinds[agent] and kinds[person.sourced_id] & GUARDIAN_ROLES:
                guardian, student = person.sourced_id, agent
            else:
                r.problems.warn(
                    u.label("users"),
                    person.row,
                    "agentSourcedIds",
                    f"agent {agent!r} is not a parent, guardian or relative of this student (or the "
                    "other way round); not linked as a guardian",
                    kind="agent-not-guardian",
                )
                continue
            sid = f"{guardian}>{student}"
            active = _user_active(u, guardian) and _user_active(u, student)
            link = _Link(guardian, student)
            links.rows[sid] = (GUARDIAN_LINKS.digest(active, link), active, link)
    return links


def guard_deactivations(
    u: RosterUpload, entities: list[_Entity], max_share: float
) -> dict[str, dict[str, int]]:
    """Per school: active students now, and how many this import would deactivate."""
    by_model = {e.model: e for e in entities}
    roles, people = by_model.get(PersonRole), by_model.get(Person)
    if roles is None and people is None:
        return {}
    current = PersonRole.objects.filter(role="student", is_active=True).values_list(
        "sourced_id", "org__sourced_id", "org__name", "person__sourced_id"
    )
    report: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for role_sid, org_sid, org_name, person_sid in current:
        names[org_sid] = org_name
        stays = True
        if roles is not None:
            row = roles.rows.get(role_sid)
            stays = row[1] if row is not None else roles.mode != "bulk"
        if stays and people is not None:
            person = people.rows.get(person_sid)
            stays = person[1] if person is not None else people.mode != "bulk"
        entry = report.setdefault(org_sid, {"students": 0, "deactivated": 0})
        entry["students"] += 1
        entry["deactivated"] += 0 if stays else 1
    refused = [
        (org_sid, entry)
        for org_sid, entry in report.items()
        if entry["deactivated"] >= GUARD_MIN_STUDENTS and entry["deactivated"] > max_share * entry["students"]
    ]
    if refused:
        raise DeactivationGuardTripped(
            [
                Problem(
                    "(whole upload)",
                    None,
                    None,
                    f"{names[org]}: this sync would deactivate {e['deactivated']} of its {e['students']} active "
                    f"students ({100 * e['deactivated'] / e['students']:.0f}%, above the "
                    f"{100 * max_share:.0f}% limit). If the export is complete, import again with --force.",
                )
                for org, e in refused
            ]
        )
    return report


class DeactivationGuardTripped(ImportRejected):
    """The sync would deactivate too many of a school's students; refused unless forced."""


def apply(
    u: RosterUpload, entities: list[_Entity], *, now: datetime, progress: ProgressFn
) -> dict[str, Counts]:
    """Write the desired state. Call inside a transaction."""
    ids: dict[type[models.Model], dict[str, int]] = {}
    summary: dict[str, Counts] = {}

    def ids_of(model: type[models.Model]) -> dict[str, int]:
        if model not in ids:
            ids[model] = dict(model.objects.values_list("sourced_id", "id"))
        return ids[model]

    for step, entity in enumerate(entities):
        progress(f"Saving {entity.label}", step, len(entities))
        counts, changed = _sync(entity, entity.spec.writer(ids_of), now)
        summary[entity.label] = counts
        ids.pop(entity.model, None)
        if entity.model is Org:
            _relink(Org, "parent", ids_of(Org))
        elif entity.model is AcademicSession:
            _relink(AcademicSession, "parent", ids_of(AcademicSession))
        elif entity.model is Course:
            # Sections imported earlier may name a course that only arrives now.
            _relink(Section, "course", ids_of(Course))
        elif entity.model is Section:
            _sync_terms(u, changed, ids_of(Section), ids_of(AcademicSession))
    progress("Saved", len(entities), len(entities))
    return summary


def _sync(entity: _Entity, write: Callable[[Any], list[Any]], now: datetime) -> tuple[Counts, set[str]]:
    model = entity.model
    counts = Counts()
    existing = {
        sid: (pk, digest, active, deactivated_at)
        for sid, pk, digest, active, deactivated_at in model.objects.values_list(
            "sourced_id", "id", "source_hash", "is_active", "deactivated_at"
        )
    }
    to_create: list[tuple[Any, ...]] = []
    to_update: list[tuple[Any, ...]] = []
    columns = ["is_active", "source_hash", "updated_at", "deactivated_at", *entity.spec.columns]
    changed: set[str] = set()
    for sid, (digest, active, source) in entity.rows.items():
        current = existing.get(sid)
        if current is not None and current[1] == digest and current[2] == active:
            counts.unchanged += 1
            continue
        changed.add(sid)
        if active:
            deactivated_at = None
        else:
            # already inactive: keep the date it was first deactivated
            deactivated_at = current[3] if current is not None and not current[2] else now
        values = (active, digest, now, deactivated_at, *write(source))
        if current is None:
            to_create.append((sid, now, *values))
            counts.created += 1
        else:
            to_update.append((*values, current[0]))
            if current[2] and not active:
                counts.deactivated += 1
            else:
                counts.updated += 1
    insert_rows(model, ["sourced_id", "created_at", *columns], to_create)
    update_rows(model, columns, to_update)
    if entity.mode == "bulk":
        missing = [pk for sid, (pk, _, active, _) in existing.items() if active and sid not in entity.rows]
        for start in range(0, len(missing), 900):
            # The digest is cleared so the row counts as changed if it comes back in a later export.
            model.objects.filter(pk__in=missing[start : start + 900]).update(
                is_active=False, deactivated_at=now, updated_at=now, source_hash=""
            )
        counts.deactivated += len(missing)
    return counts, changed


def _relink(model: type[models.Model], fk: str, targets: dict[str, int]) -> None:
    """Point `fk` at the row named by `<fk>_sourced_id`, once that row exists (it may arrive in a later import)."""
    sid_field = f"{fk}_sourced_id"
    wrong = []
    for pk, sid, current in model.objects.exclude(**{sid_field: ""}).values_list("id", sid_field, f"{fk}_id"):
        wanted = targets.get(sid)
        if wanted != current:
            wrong.append(model(pk=pk, **{f"{fk}_id": wanted}))
    if wrong:
        model.objects.bulk_update(wrong, [fk], batch_size=500)


def _sync_terms(
    u: RosterUpload, changed: set[str], section_ids: dict[str, int], session_ids: dict[str, int]
) -> None:
    if not changed:
        return
    changed_pks = [section_ids[sid] for sid in changed]
    for start in range(0, len(changed_pks), 900):
        SectionTerm.objects.filter(section_id__in=changed_pks[start : start + 900]).delete()
    insert_rows(
        SectionTerm,
        ["section_id", "session_id"],
        [
            (section_ids[sid], session_ids[term])
            for sid in changed
            for term in dict.fromkeys(u.classes[sid].terms)
            if term in session_ids
        ],
    )


def import_upload(
    u: RosterUpload, *, force: bool, max_share: float, now: datetime, progress: ProgressFn
) -> ImportOutcome:
    """Check, guard and apply an upload. Raises ImportRejected (nothing changed) on any error."""
    if u.problems.errors:
        raise ImportRejected(u.problems.errors, u.problems.error_count)
    progress("Checking references", 0, 1)
    entities = plan_and_check(u)
    if u.problems.errors:
        raise ImportRejected(u.problems.errors, u.problems.error_count)
    guard = {} if force else guard_deactivations(u, entities, max_share)
    with transaction.atomic():
        counts = apply(u, entities, now=now, progress=progress)
    summary = {label: c.as_dict() for label, c in counts.items()}
    for file, label in u.file_names.items():
        if label in summary:
            summary[label]["warnings"] = u.problems.warnings_for(label)
            summary[label]["rows"] = u.row_counts.get(file, 0)
    return ImportOutcome(u.version, summary, u.problems.warnings, guard)
