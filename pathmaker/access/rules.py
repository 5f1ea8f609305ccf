"""Who may see what. Every page, export, API endpoint and dashboard asks here.

The rule, over District > School > Section > Student and guardian links:
- a student sees themself;
- a guardian (parent, guardian, relative) sees the students linked to them;
- a teacher or aide sees the students enrolled in the active sections they teach;
- a school leader (principal, site administrator, counselor, or an `administrator`
  at a school) sees the students of their school and of the orgs under it;
- a district administrator (districtAdministrator, systemAdministrator, an
  `administrator` at the district, or an account flagged as one) sees everyone.
A person holding several roles gets the union (a teacher who is also a parent).

Lists filter with the querysets below; single records are fetched with the
`*_or_404` functions, so a record outside the scope looks exactly like one that
does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from pathmaker.evidence.models import Evidence
from pathmaker.rostering.models import Course, Enrollment, GuardianLink, Org, Person, PersonRole, Section

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
    roles: list[tuple[str, int, str]] = []
    if person_id is not None:
        roles = list(
            PersonRole.objects.filter(
                person_id=person_id, is_active=True, person__is_active=True
            ).values_list("role", "org_id", "org__org_type")
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
        is_teacher=person_id is not None
        and (
            any(role in TEACHING_ROLES for role, _, _ in roles)
            or Enrollment.objects.filter(
                person_id=person_id, role__in=TEACHING_ROLES, is_active=True
            ).exists()
        ),
        is_guardian=person_id is not None
        and GuardianLink.objects.filter(guardian_id=person_id, is_active=True).exists(),
        is_student=person_id is not None and any(role == "student" for role, _, _ in roles),
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


def taught_sections(person_id: int) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        person_id=person_id, role__in=TEACHING_ROLES, is_active=True, section__is_active=True
    ).values("section_id")


def students_visible_to(user: Any) -> QuerySet[Person]:
    """Every student (a person with a student role or a student enrollment) this user may see."""
    viewer = viewer_for(user)
    students = Person.objects.filter(
        Q(pk__in=PersonRole.objects.filter(role="student").values("person_id"))
        | Q(pk__in=Enrollment.objects.filter(role="student").values("person_id"))
    )
    if viewer.is_district_admin:
        return students
    if viewer.person_id is None:
        return Person.objects.none()
    scope = Q(pk=viewer.person_id) & Q(is_active=True)
    if viewer.is_guardian:
        scope |= Q(
            pk__in=GuardianLink.objects.filter(guardian_id=viewer.person_id, is_active=True).values(
                "student_id"
            )
        )
    if viewer.is_teacher:
        scope |= Q(
            pk__in=Enrollment.objects.filter(
                section_id__in=taught_sections(viewer.person_id), role="student", is_active=True
            ).values("person_id")
        )
    if viewer.is_school_leader:
        scope |= Q(
            pk__in=PersonRole.objects.filter(
                org_id__in=viewer.led_org_ids, role="student", is_active=True
            ).values("person_id")
        )
        scope |= Q(
            pk__in=Enrollment.objects.filter(
                school_id__in=viewer.led_org_ids, role="student", is_active=True
            ).values("person_id")
        )
    return students.filter(scope)


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
            person__in=_own_and_children(viewer), role="student", is_active=True
        ).values("section_id")
    )
    return Section.objects.filter(scope)


def _own_and_children(viewer: Viewer) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(pk=viewer.person_id)
        | Q(
            pk__in=GuardianLink.objects.filter(guardian_id=viewer.person_id, is_active=True).values(
                "student_id"
            )
        )
    )


def enrollments_visible_to(user: Any) -> QuerySet[Enrollment]:
    """A student's enrollment is visible with the student; a teacher's with the section."""
    return Enrollment.objects.filter(
        Q(person__in=students_visible_to(user), role="student")
        | (Q(section__in=sections_visible_to(user)) & ~Q(role="student"))
    )


def roster_visible_in(user: Any, section: Section) -> QuerySet[Enrollment]:
    """The student enrollments of a section the user may see (a guardian sees only their own child)."""
    return section.enrollments.filter(role="student", is_active=True, person__in=students_visible_to(user))


def student_for_user_or_404(user: Any, student_id: int) -> Person:
    student = students_visible_to(user).filter(pk=student_id).first()
    if student is None:
        raise Http404("No such student")
    return student


def section_for_user_or_404(user: Any, section_id: int) -> Section:
    section = sections_visible_to(user).select_related("school", "course").filter(pk=section_id).first()
    if section is None:
        raise Http404("No such section")
    return section


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


def may_align_course(user: Any, course: Course) -> bool:
    """The district aligns any course to competencies; a school's leaders align their school's courses."""
    viewer = viewer_for(user)
    return viewer.is_district_admin or course.org_id in viewer.led_org_ids


def course_for_alignment_or_404(user: Any, course_id: int) -> tuple[Course, Org | None]:
    """The course and the school acting on it (None when the district acts); a 404 for anyone else."""
    course = Course.objects.select_related("org").filter(pk=course_id).first()
    if course is None or not may_align_course(user, course):
        raise Http404("No such course")
    return course, None if viewer_for(user).is_district_admin else course.org


def can_record_evidence(user: Any, student: Person, *, self_assessment: bool = False) -> bool:
    """Teachers of the student, leaders of their school and the district record evidence; a student
    records only their own self-assessments. Guardians never do."""
    viewer = viewer_for(user)
    if viewer.is_district_admin:
        return True
    if viewer.person_id is None:
        return False
    if viewer.person_id == student.pk:
        return self_assessment and viewer.is_student
    scope = Q()
    if viewer.is_teacher:
        scope |= Q(pk__in=Enrollment.objects.filter(section_id__in=taught_sections(viewer.person_id), role="student",
                                                    is_active=True).values("person_id"))
    if viewer.is_school_leader:
        scope |= Q(pk__in=PersonRole.objects.filter(org_id__in=viewer.led_org_ids, role="student", is_active=True)
                   .values("person_id"))
    return bool(scope) and Person.objects.filter(scope, pk=student.pk).exists()


def may_open_gradebook(user: Any, section: Section) -> bool:
    """A section's gradebook: its teachers and aides, its school's leaders, the district. Not students or families."""
    viewer = viewer_for(user)
    teaches = viewer.person_id is not None and taught_sections(viewer.person_id).filter(section_id=section.pk).exists()
    return viewer.is_district_admin or teaches or section.school_id in viewer.led_org_ids


def gradebook_section_or_404(user: Any, section_id: int) -> Section:
    section = section_for_user_or_404(user, section_id)
    if not may_open_gradebook(user, section):
        raise Http404("No such section")
    return section


def evidence_to_change_or_404(user: Any, evidence_id: int) -> Any:
    """Evidence a user may correct or withdraw: about a student they may record evidence for."""
    evidence = Evidence.objects.select_related("student", "competency").filter(pk=evidence_id).first()
    if evidence is None or not students_visible_to(user).filter(pk=evidence.student_id).exists() \
            or not can_record_evidence(user, evidence.student):
        raise Http404("No such evidence")
    return evidence
