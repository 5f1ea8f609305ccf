"""Apply a read OneRoster upload to the database: resolve references, plan, guard, write.

The import applies whole or not at all:
1. every reference is checked against the upload and, for files that are not
   bulk, against what Pathmaker already holds; any error refuses the upload;
2. the plan is compared with the database by a digest of each row (`source_hash`),
   so re-importing the same files writes nothing;
3. a guard refuses a sync that would deactivate too large a share of a school's
   students (a truncated export) unless forced;
4. the writes run in one transaction, with bulk statements.

Rows are never deleted: `tobedeleted` rows, and rows missing from a bulk file,
are deactivated so their history stays.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction

from pathmaker.bulkwrite import insert_rows, update_rows
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


class ImportRejected(Exception):
    """The upload was refused; nothing was changed."""

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


@dataclass
class _Entity:
    """The desired state of one table: sourcedId -> (digest, fields builder input)."""

    model: type[models.Model]
    label: str
    mode: str
    rows: dict[str, tuple[str, bool, Any]] = field(
        default_factory=dict
    )  # sid -> (digest, active, source row)


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


# What each file's rows store, as (row attribute, CSV column, model field): a value longer than the
# field's max_length is refused on every database (PostgreSQL would fail the whole transaction on it;
# SQLite would store it as it is).
STORED_TEXT: dict[str, tuple[type[models.Model], tuple[tuple[str, str, str], ...]]] = {
    "orgs": (
        Org,
        (
            ("sourced_id", "sourcedId", "sourced_id"),
            ("name", "name", "name"),
            ("identifier", "identifier", "identifier"),
            ("parent", "parentSourcedId", "parent_sourced_id"),
        ),
    ),
    "academicSessions": (
        AcademicSession,
        (
            ("sourced_id", "sourcedId", "sourced_id"),
            ("title", "title", "title"),
            ("parent", "parentSourcedId", "parent_sourced_id"),
        ),
    ),
    "courses": (
        Course,
        (
            ("sourced_id", "sourcedId", "sourced_id"),
            ("title", "title", "title"),
            ("course_code", "courseCode", "course_code"),
            ("grades", "grades", "grades"),
            ("subjects", "subjects", "subjects"),
        ),
    ),
    "classes": (
        Section,
        (
            ("sourced_id", "sourcedId", "sourced_id"),
            ("title", "title", "title"),
            ("course", "courseSourcedId", "course_sourced_id"),
            ("class_code", "classCode", "class_code"),
            ("location", "location", "location"),
            ("grades", "grades", "grades"),
            ("subjects", "subjects", "subjects"),
            ("periods", "periods", "periods"),
        ),
    ),
    "users": (
        Person,
        (
            ("sourced_id", "sourcedId", "sourced_id"),
            ("username", "username", "username"),
            ("given_name", "givenName", "given_name"),
            ("family_name", "familyName", "family_name"),
            ("middle_name", "middleName", "middle_name"),
            ("preferred_given_name", "preferredGivenName", "preferred_given_name"),
            ("preferred_family_name", "preferredFamilyName", "preferred_family_name"),
            ("pronouns", "pronouns", "pronouns"),
            ("identifier", "identifier", "identifier"),
            ("email", "email", "email"),
            ("phone", "phone", "phone"),
            ("sms", "sms", "sms"),
            ("grades", "grades", "grades"),
        ),
    ),
    "roles": (PersonRole, (("sourced_id", "sourcedId", "sourced_id"),)),
    "enrollments": (Enrollment, (("sourced_id", "sourcedId", "sourced_id"),)),
    "demographics": (StudentDemographics, (("sourced_id", "sourcedId", "sourced_id"),)),
}
DEMOGRAPHIC_TEXT = (
    ("sex", "sex"),
    ("country_of_birth", "countryOfBirthCode"),
    ("state_of_birth", "stateOfBirthAbbreviation"),
    ("city_of_birth", "cityOfBirth"),
    ("public_school_residence_status", "publicSchoolResidenceStatus"),
)


def _limit(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length or 0


def _check_lengths(u: RosterUpload) -> None:
    rows_of = {
        "orgs": u.orgs,
        "academicSessions": u.sessions,
        "courses": u.courses,
        "classes": u.classes,
        "users": u.users,
        "roles": u.roles,
        "enrollments": u.enrollments,
        "demographics": u.demographics,
    }

    def check(file: str, row: int, column: str, value: object, limit: int) -> None:
        if isinstance(value, str) and limit and len(value) > limit:
            u.problems.error(
                u.label(file),
                row,
                column,
                f"{column} is {len(value):,} characters long; the limit is {limit}",
            )

    for file, (model, fields) in STORED_TEXT.items():
        limits = [(attr, column, _limit(model, name)) for attr, column, name in fields]
        for record in rows_of[file].values():
            for attr, column, limit in limits:
                check(file, record.row, column, getattr(record, attr), limit)
            if file == "demographics":
                for name, column in DEMOGRAPHIC_TEXT:
                    check(file, record.row, column, record.values.get(name), _limit(model, name))
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


def _desired_state(u: RosterUpload, r: _Resolver) -> list[_Entity]:
    entities: list[_Entity] = []

    def add(
        model: type[models.Model], file: str, label: str, items: Iterable[tuple[str, bool, Any, tuple]]
    ) -> None:
        entity = _Entity(model, label, u.mode(file))
        for sid, active, source, values in items:
            entity.rows[sid] = (_digest((active, *values)), active, source)
        entities.append(entity)

    if u.mode("orgs") != "absent":
        add(
            Org,
            "orgs",
            u.label("orgs"),
            (
                (o.sourced_id, o.active, o, (o.name, o.org_type, o.identifier, o.parent))
                for o in u.orgs.values()
            ),
        )
    if u.mode("academicSessions") != "absent":
        add(
            AcademicSession,
            "academicSessions",
            u.label("academicSessions"),
            (
                (
                    s.sourced_id,
                    s.active,
                    s,
                    (s.title, s.session_type, s.start_date, s.end_date, s.parent, s.school_year),
                )
                for s in u.sessions.values()
            ),
        )
    if u.mode("courses") != "absent":
        add(
            Course,
            "courses",
            u.label("courses"),
            (
                (
                    c.sourced_id,
                    c.active,
                    c,
                    (c.title, c.course_code, c.grades, c.subjects, c.org, c.school_year),
                )
                for c in u.courses.values()
            ),
        )
    if u.mode("classes") != "absent":
        add(
            Section,
            "classes",
            u.label("classes"),
            (
                (
                    c.sourced_id,
                    c.active,
                    c,
                    (
                        c.title,
                        c.course,
                        c.class_code,
                        c.class_type,
                        c.location,
                        c.school,
                        c.terms,
                        c.grades,
                        c.subjects,
                        c.periods,
                    ),
                )
                for c in u.classes.values()
            ),
        )
    if u.mode("users") != "absent":
        add(
            Person,
            "users",
            u.label("users"),
            (
                (
                    p.sourced_id,
                    p.active,
                    p,
                    (
                        p.enabled,
                        p.username,
                        p.given_name,
                        p.family_name,
                        p.middle_name,
                        p.preferred_given_name,
                        p.preferred_family_name,
                        p.pronouns,
                        p.identifier,
                        p.email,
                        p.phone,
                        p.sms,
                        p.grades,
                        p.primary_org,
                    ),
                )
                for p in u.users.values()
            ),
        )
    # Roles: roles.csv (1.2) and/or the role column of users.csv (1.1).
    role_mode = (
        u.mode("roles")
        if u.mode("roles") != "absent"
        else (u.mode("users") if any(p.role for p in u.users.values()) else "absent")
    )
    if role_mode != "absent":
        roles = _Entity(
            PersonRole,
            u.label("roles") if u.mode("roles") != "absent" else "roles (from users.csv)",
            role_mode,
        )
        for role in u.roles.values():
            active = role.active and _user_active(u, role.user)
            roles.rows[role.sourced_id] = (
                _digest(
                    (active, role.user, role.role, role.is_primary, role.org, role.begin_date, role.end_date)
                ),
                active,
                role,
            )
        for person in u.users.values():
            for position, org in enumerate(person.orgs if person.role else ()):
                sid = f"{person.sourced_id}|{person.role}|{org}"
                synthetic = _SyntheticRole(person.sourced_id, person.role, position == 0, org)
                roles.rows[sid] = (
                    _digest((person.active, person.sourced_id, person.role, position == 0, org, None, None)),
                    person.active,
                    synthetic,
                )
        entities.append(roles)
        links = _guardian_links(u, r, roles)
        if links is not None:
            entities.append(links)
    if u.mode("enrollments") != "absent":
        add(
            Enrollment,
            "enrollments",
            u.label("enrollments"),
            (
                (
                    e.sourced_id,
                    e.active,
                    e,
                    (e.section, e.school, e.user, e.role, e.is_primary, e.begin_date, e.end_date),
                )
                for e in u.enrollments.values()
            ),
        )
    if u.mode("demographics") != "absent":
        add(
            StudentDemographics,
            "demographics",
            u.label("demographics"),
            ((d.sourced_id, d.active, d, tuple(sorted(d.values.items()))) for d in u.demographics.values()),
        )
    return entities


def _user_active(u: RosterUpload, sid: str) -> bool:
    user = u.users.get(sid)
    return True if user is None else user.active


@dataclass(slots=True)
class _SyntheticRole:
    user: str
    role: str
    is_primary: bool
    org: str
    begin_date: None = None
    end_date: None = None


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
    links = _Entity(GuardianLink, "guardian links (from agentSourcedIds)", u.mode("users"))
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
            links.rows[sid] = (_digest((active, guardian, student)), active, (guardian, student))
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

    builders: dict[type[models.Model], Callable[[Any], dict[str, Any]]] = {
        Org: lambda o: {
            "name": o.name,
            "org_type": o.org_type,
            "identifier": o.identifier,
            "parent_sourced_id": o.parent,
        },
        AcademicSession: lambda s: {
            "title": s.title,
            "session_type": s.session_type,
            "start_date": s.start_date,
            "end_date": s.end_date,
            "school_year": s.school_year,
            "parent_sourced_id": s.parent,
        },
        Course: lambda c: {
            "title": c.title,
            "course_code": c.course_code,
            "grades": c.grades,
            "subjects": c.subjects,
            "org_id": ids_of(Org)[c.org],
            "school_year_id": ids_of(AcademicSession).get(c.school_year),
        },
        Section: lambda c: {
            "title": c.title,
            "course_id": ids_of(Course).get(c.course),
            "course_sourced_id": c.course,
            "class_code": c.class_code,
            "class_type": c.class_type,
            "location": c.location,
            "school_id": ids_of(Org)[c.school],
            "grades": c.grades,
            "subjects": c.subjects,
            "periods": c.periods,
        },
        Person: lambda p: {
            "enabled": p.enabled,
            "username": p.username,
            "given_name": p.given_name,
            "family_name": p.family_name,
            "middle_name": p.middle_name,
            "preferred_given_name": p.preferred_given_name,
            "preferred_family_name": p.preferred_family_name,
            "pronouns": p.pronouns,
            "identifier": p.identifier,
            "email": p.email,
            "phone": p.phone,
            "sms": p.sms,
            "grades": p.grades,
            "primary_org_id": ids_of(Org).get(p.primary_org),
        },
        PersonRole: lambda r: {
            "person_id": ids_of(Person)[r.user],
            "org_id": ids_of(Org)[r.org],
            "role": r.role,
            "is_primary": r.is_primary,
            "begin_date": r.begin_date,
            "end_date": r.end_date,
        },
        GuardianLink: lambda pair: {
            "guardian_id": ids_of(Person)[pair[0]],
            "student_id": ids_of(Person)[pair[1]],
        },
        Enrollment: lambda e: {
            "section_id": ids_of(Section)[e.section],
            "person_id": ids_of(Person)[e.user],
            "school_id": ids_of(Org)[e.school],
            "role": e.role,
            "is_primary": e.is_primary,
            "begin_date": e.begin_date,
            "end_date": e.end_date,
        },
        StudentDemographics: lambda d: {"person_id": ids_of(Person)[d.sourced_id], **d.values},
    }
    for step, entity in enumerate(entities):
        progress(f"Saving {entity.label}", step, len(entities))
        counts, changed = _sync(entity, builders[entity.model], now)
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


def _sync(entity: _Entity, build: Callable[[Any], dict[str, Any]], now: datetime) -> tuple[Counts, set[str]]:
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
    columns: list[str] = []
    changed: set[str] = set()
    for sid, (digest, active, source) in entity.rows.items():
        current = existing.get(sid)
        if current is not None and current[1] == digest and current[2] == active:
            counts.unchanged += 1
            continue
        fields = build(source)
        if not columns:
            columns = ["is_active", "source_hash", "updated_at", "deactivated_at", *fields]
        changed.add(sid)
        if active:
            deactivated_at = None
        else:
            # already inactive: keep the date it was first deactivated
            deactivated_at = current[3] if current is not None and not current[2] else now
        values = (active, digest, now, deactivated_at, *fields.values())
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
