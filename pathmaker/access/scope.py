"""Who may see which student: the one scope every page, export, API endpoint and dashboard builds on.

The rule, over District > School > Section > Student and guardian links:
- a student sees themself;
- a guardian (parent, guardian, relative) sees the students linked to them;
- a teacher or aide sees the students enrolled in the active sections they teach;
- a school leader (principal, site administrator, counselor, or an `administrator`
  at a school) sees the students of their school and of the orgs under it;
- a district administrator (districtAdministrator, systemAdministrator, an
  `administrator` at the district, or an account flagged as one) sees everyone.
A person holding several roles gets the union (a teacher who is also a parent).

Only what the roster (or the district) still has active counts: an account whose person is
deactivated is nobody, and inactive roles, enrollments, sections, guardian links and advisorships
give nothing. Deactivated students stay visible to the district alone, the custodian of every record.

Lists filter with the querysets below; single records are fetched with the
`*_or_404` functions, so a record outside the scope looks exactly like one that
does not exist. What a person may do with a domain's own objects (record evidence, open a
gradebook, write a goal) is decided in that domain's `access.py`, built only on this module:
the relations that grant visibility (rosters, guardian links, advisorships) are read here and
nowhere else. This module imports nothing of Pathmaker but the roster (an import-linter contract).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from pathmaker.audit.denials import DeniedRecordRead
from pathmaker.lib.bounds import row_id
from pathmaker.rostering.models import Advisorship, Enrollment, GuardianLink, Org, Person, PersonRole, Section

TEACHING_ROLES = ("teacher", "aide")
GUARDIAN_ROLES = ("guardian", "parent", "relative")
SCHOOL_LEADER_ROLES = ("principal", "siteAdministrator", "counselor")
DISTRICT_ROLES = ("districtAdministrator", "systemAdministrator")


@dataclass(frozen=True)
class Viewer:
    """What the roster says about the person behind an account, resolved once per request."""

    person_id: int | None
    is_district_admin: bool
    led_org_ids: frozenset[int]
    is_teacher: bool
    is_guardian: bool
    is_student: bool
    is_advisor: bool = False

    @property
    def is_school_leader(self) -> bool:
        return bool(self.led_org_ids)

    @property
    def personas(self) -> list[str]:
        names = []
        if self.is_district_admin:
            names.append("district_admin")
        if self.is_school_leader:
            names.append("school_leader")
        if self.is_teacher:
            names.append("teacher")
        if self.is_advisor:
            names.append("advisor")
        if self.is_guardian:
            names.append("guardian")
        if self.is_student:
            names.append("student")
        return names


NOBODY = Viewer(None, False, frozenset(), False, False, False)


def viewer_for(user: Any) -> Viewer:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, "_pathmaker_viewer", None)
    if cached is not None:
        return cached
    person_id = user.person_id
    relations = (False, False, False)
    if person_id is not None:
        # One query for the person and the relations that make them a teacher, guardian or advisor.
        found = (
            Person.objects.filter(pk=person_id, is_active=True)
            .annotate(
                teaches=Exists(taught_sections(person_id)),
                guards=Exists(_children_of(person_id)),
                advises=Exists(advisees_of(person_id)),
            )
            .values_list("teaches", "guards", "advises")
            .first()
        )
        if found is None:
            # The roster deactivated this person: the login keeps nothing, not even a district flag.
            user._pathmaker_viewer = NOBODY
            return NOBODY
        relations = found
    teaches, guards, advises = relations
    roles: list[tuple[str, int, str]] = []
    if person_id is not None:
        roles = list(
            PersonRole.objects.filter(person_id=person_id, is_active=True).values_list(
                "role", "org_id", "org__org_type"
            )
        )
    district = user.is_district_admin or any(
        role in DISTRICT_ROLES or (role == "administrator" and org_type in ("district", "state", "national"))
        for role, _, org_type in roles
    )
    led = {
        org
        for role, org, org_type in roles
        if role in SCHOOL_LEADER_ROLES
        or (role == "administrator" and org_type not in ("district", "state", "national"))
    }
    viewer = Viewer(
        person_id=person_id,
        is_district_admin=district,
        led_org_ids=frozenset(_with_descendants(led)) if led else frozenset(),
        is_teacher=person_id is not None and (any(role in TEACHING_ROLES for role, _, _ in roles) or teaches),
        is_guardian=guards,
        is_student=person_id is not None and any(role == "student" for role, _, _ in roles),
        is_advisor=advises,
    )
    user._pathmaker_viewer = viewer
    return viewer


def _with_descendants(org_ids: set[int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pk, parent in Org.objects.filter(parent__isnull=False).values_list("id", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = set(org_ids), list(org_ids)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def taught_sections(person_id: int) -> QuerySet[Enrollment, Any]:
    return Enrollment.objects.filter(
        person_id=person_id, role__in=TEACHING_ROLES, is_active=True, section__is_active=True
    ).values("section_id")


def _student_rows() -> tuple[QuerySet[PersonRole], QuerySet[Enrollment]]:
    """The rows that make someone a student: a student role at an org, or a student enrollment."""
    return PersonRole.objects.filter(role="student"), Enrollment.objects.filter(role="student")


def _student_people() -> QuerySet[Person]:
    """People the roster makes students (`_student_rows`), for lists."""
    roles, enrollments = _student_rows()
    return Person.objects.filter(
        Q(pk__in=roles.values("person_id")) | Q(pk__in=enrollments.values("person_id"))
    )


def _one_student(pk: int) -> QuerySet[Person]:
    """The person `pk` if the roster makes them a student (`_student_rows`), probing their own rows: the
    list's `IN` would read and hash every student in the district to check one (on each evidence write)."""
    roles, enrollments = _student_rows()
    return Person.objects.filter(
        Exists(roles.filter(person_id=OuterRef("pk"))) | Exists(enrollments.filter(person_id=OuterRef("pk"))),
        pk=pk,
    )


# The relations that put a student in someone's scope. Each is a queryset of rows naming a student in
# the column beside it; the list scope (`students_visible_to`) and the single-student check
# (`relation_to`) are both built from these, so a list and a record can never disagree.
STAFF_RELATIONS = ("teaches", "leads_by_role", "leads_by_enrollment", "advises")


def _relations(viewer: Viewer) -> dict[str, tuple[QuerySet[Any], str]]:
    person_id = viewer.person_id
    found: dict[str, tuple[QuerySet[Any], str]] = {}
    if person_id is None:
        return found
    if viewer.is_guardian:
        found["guards"] = (_children_of(person_id), "student_id")
    if viewer.is_teacher:
        taught = Enrollment.objects.filter(
            section_id__in=taught_sections(person_id), role="student", is_active=True
        )
        found["teaches"] = (taught, "person_id")
    if viewer.is_school_leader:
        led = viewer.led_org_ids
        found["leads_by_role"] = (
            PersonRole.objects.filter(org_id__in=led, role="student", is_active=True),
            "person_id",
        )
        found["leads_by_enrollment"] = (
            Enrollment.objects.filter(
                school_id__in=led, role="student", is_active=True, section__is_active=True
            ),
            "person_id",
        )
    if viewer.is_advisor:
        found["advises"] = (advisees_of(person_id), "student_id")
    return found


def students_visible_to(user: Any) -> QuerySet[Person]:
    """Every student (a person with a student role or a student enrollment) this user may see."""
    viewer = viewer_for(user)
    if viewer.is_district_admin:
        return _student_people()
    if viewer.person_id is None:
        return Person.objects.none()
    scope = Q(pk=viewer.person_id)
    for rows, column in _relations(viewer).values():
        scope |= Q(pk__in=rows.values(column))
    return _student_people().filter(scope, is_active=True)


@dataclass(frozen=True)
class Relation:
    """How one account stands to one student, read in one query: what every domain's `access.py`
    decides from. `student` is None when the student is outside the scope (or does not exist)."""

    student: Person | None
    is_district: bool = False
    is_self: bool = False
    guards: bool = False
    teaches: bool = False
    leads: bool = False
    advises: bool = False

    @property
    def is_staff(self) -> bool:
        """Adults who work with the student: the district, their school's leaders, teachers, advisors."""
        return self.is_district or self.leads or self.teaches or self.advises

    @property
    def teaches_or_leads(self) -> bool:
        """The staff scope without advising (advising a student is not teaching them)."""
        return self.is_district or self.leads or self.teaches


NOT_VISIBLE = Relation(student=None)


def relation_to(user: Any, student_id: Any) -> Relation:
    """The account's relation to one student, from the same relations as `students_visible_to`."""
    viewer = viewer_for(user)
    pk = row_id(student_id)
    if pk is None:
        return NOT_VISIBLE
    if viewer.person_id is None and not viewer.is_district_admin:
        return NOT_VISIBLE
    people = _one_student(pk)
    if viewer.is_district_admin:
        student = people.first()
        return Relation(student=student, is_district=True) if student else NOT_VISIBLE
    relations = _relations(viewer)
    found = people.filter(is_active=True).annotate(
        **{
            name: Exists(rows.filter(**{column: OuterRef("pk")}))
            for name, (rows, column) in relations.items()
        }
    )
    student = found.first()
    if student is None:
        return NOT_VISIBLE
    flags = {name: bool(getattr(student, name)) for name in relations}
    relation = Relation(
        student=student,
        is_self=student.pk == viewer.person_id,
        guards=flags.get("guards", False),
        teaches=flags.get("teaches", False),
        leads=flags.get("leads_by_role", False) or flags.get("leads_by_enrollment", False),
        advises=flags.get("advises", False),
    )
    visible = relation.is_self or relation.guards or relation.is_staff
    return relation if visible else NOT_VISIBLE


def _children_of(person_id: int) -> QuerySet[GuardianLink]:
    return GuardianLink.objects.filter(guardian_id=person_id, is_active=True, student__is_active=True)


def advisees_of(person_id: int) -> QuerySet[Advisorship]:
    return Advisorship.objects.filter(advisor_id=person_id, is_active=True, student__is_active=True)


def sections_visible_to(user: Any) -> QuerySet[Section]:
    viewer = viewer_for(user)
    if viewer.is_district_admin:
        return Section.objects.all()
    if viewer.person_id is None:
        return Section.objects.none()
    scope = Q(pk__in=taught_sections(viewer.person_id)) if viewer.is_teacher else Q(pk__in=[])
    if viewer.is_school_leader:
        scope |= Q(school_id__in=viewer.led_org_ids)
    # Students and guardians see the sections the student is in (not the classmates: see enrollments).
    scope |= Q(
        pk__in=Enrollment.objects.filter(
            person__in=_own_and_children(viewer.person_id), role="student", is_active=True
        ).values("section_id")
    )
    return Section.objects.filter(scope, is_active=True)


def _own_and_children(person_id: int) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(pk=person_id) | Q(pk__in=_children_of(person_id).values("student_id")), is_active=True
    )


def enrollments_visible_to(user: Any) -> QuerySet[Enrollment]:
    """A student's enrollment is visible with the student; a teacher's with the section."""
    enrollments = Enrollment.objects.filter(
        Q(person__in=students_visible_to(user), role="student")
        | (Q(section__in=sections_visible_to(user)) & ~Q(role="student"))
    )
    if viewer_for(user).is_district_admin:
        return enrollments
    return enrollments.filter(is_active=True, section__is_active=True)


def roster_visible_in(user: Any, section: Section) -> QuerySet[Enrollment]:
    """The student enrollments of a section the user may see (a guardian sees only their own child)."""
    if not sections_visible_to(user).filter(pk=section.pk).exists():
        return Enrollment.objects.none()
    return section.enrollments.filter(role="student", is_active=True, person__in=students_visible_to(user))


class StudentNotVisible(DeniedRecordRead):
    """A student outside the user's scope, or no such student: the audit log records the attempt."""


def student_for_user_or_404(user: Any, student_id: Any) -> Person:
    student = relation_or_404(user, student_id).student
    assert student is not None  # relation_or_404 raises for a student outside the scope
    return student


def relation_or_404(user: Any, student_id: Any) -> Relation:
    """The relation to a student the account may see; the audited 404 for any other."""
    relation = relation_to(user, student_id)
    if relation.student is None:
        raise StudentNotVisible(student_id)
    return relation


def section_for_user_or_404(user: Any, section_id: Any) -> Section:
    """One section by the rule of `sections_visible_to`, checked on the row itself in the query that reads
    it (cheaper than the list's query on the request path of every evidence write); a test holds the two
    together."""
    pk = row_id(section_id)
    viewer = viewer_for(user)
    if pk is None or (viewer.person_id is None and not viewer.is_district_admin):
        raise Http404("No such section")
    rows = Section.objects.select_related("school", "course").filter(pk=pk)
    if viewer.person_id is not None and not viewer.is_district_admin:
        rows = rows.annotate(in_class=Exists(_own_class(viewer.person_id)))
    section = rows.first()
    if section is None or not _section_visible(viewer, section):
        raise Http404("No such section")
    return section


def _own_class(person_id: int) -> QuerySet[Enrollment]:
    """The section's active enrollments that make it the person's class: taught by them, or their own (or
    their child's) class; for `Exists` over a section (OuterRef)."""
    return Enrollment.objects.filter(section_id=OuterRef("pk"), is_active=True).filter(
        Q(person_id=person_id, role__in=TEACHING_ROLES)
        | Q(role="student", person__in=_own_and_children(person_id))
    )


def _section_visible(viewer: Viewer, section: Section) -> bool:
    if viewer.is_district_admin:
        return True
    if viewer.person_id is None or not section.is_active:
        return False
    # Led by the viewer, or taught by the viewer, or the viewer's (or their child's) class.
    return section.school_id in viewer.led_org_ids or bool(getattr(section, "in_class", False))


def can_see_demographics(user: Any) -> bool:
    viewer = viewer_for(user)
    allowed = set(settings.PATHMAKER_DEMOGRAPHICS_ROLES)
    return bool(
        allowed & ({"district_admin"} if viewer.is_district_admin else set())
        or ("school_leader" in allowed and viewer.is_school_leader)
        or ("teacher" in allowed and viewer.is_teacher)
    )


def can_administer_district(user: Any) -> bool:
    return viewer_for(user).is_district_admin


def require_district_admin(user: Any) -> None:
    """Raise 404 for anyone else: administration pages do not admit they exist."""
    if not can_administer_district(user):
        raise Http404("Not found")


def require_leader(user: Any) -> None:
    """The leaders' lists (a school's students, sections, teachers): school leaders and the district; a 404
    for anyone else."""
    viewer = viewer_for(user)
    if not (viewer.is_district_admin or viewer.is_school_leader):
        raise Http404("Not found")


def teaches_section(user: Any, section: Section) -> bool:
    """The account teaches (or aides in) this active section."""
    viewer = viewer_for(user)
    return (
        viewer.person_id is not None
        and viewer.is_teacher
        and taught_sections(viewer.person_id).filter(section_id=section.pk).exists()
    )


def student_school_ids(student: Person) -> QuerySet[PersonRole, Any]:
    """The orgs where the roster gives this student an active student role."""
    return PersonRole.objects.filter(person=student, role="student", is_active=True).values("org_id")


def leads_a_school_of(user: Any, student: Person) -> bool:
    """The account leads one of the student's schools (or is the district)."""
    viewer = viewer_for(user)
    return viewer.is_district_admin or (
        viewer.is_school_leader and student_school_ids(student).filter(org_id__in=viewer.led_org_ids).exists()
    )
