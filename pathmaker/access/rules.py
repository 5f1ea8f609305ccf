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

Only what the roster (or the district) still has active counts: an account whose person is
deactivated is nobody, and inactive roles, enrollments, sections, guardian links and advisorships
give nothing. Deactivated students stay visible to the district alone, the custodian of every record.

Lists filter with the querysets below; single records are fetched with the
`*_or_404` functions, so a record outside the scope looks exactly like one that
does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, Q, QuerySet
from django.http import Http404

from pathmaker.evidence.models import Evidence
from pathmaker.profiles.models import Advisorship, ProfileSection
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
    scope = Q(pk=viewer.person_id)
    if viewer.is_guardian:
        scope |= Q(pk__in=_children_of(viewer.person_id).values("student_id"))
    return students.filter(scope | _staff_scope(viewer), is_active=True)


def _children_of(person_id: int) -> QuerySet[GuardianLink]:
    return GuardianLink.objects.filter(guardian_id=person_id, is_active=True, student__is_active=True)


def _staff_scope(viewer: Viewer) -> Q:
    """The students a viewer sees in a staff role: taught, advised, or in a school they lead."""
    scope = _teaching_scope(viewer)
    if viewer.person_id is not None and viewer.is_advisor:
        scope |= Q(pk__in=advisees_of(viewer.person_id).values("student_id"))
    return scope


def _teaching_scope(viewer: Viewer) -> Q:
    """The students a viewer teaches or whose school they lead: whom they see and record evidence for."""
    scope = Q(pk__in=[])
    if viewer.person_id is None:
        return scope
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
                school_id__in=viewer.led_org_ids, role="student", is_active=True, section__is_active=True
            ).values("person_id")
        )
    return scope


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
            person__in=_own_and_children(viewer), role="student", is_active=True
        ).values("section_id")
    )
    return Section.objects.filter(scope, is_active=True)


def _own_and_children(viewer: Viewer) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(pk=viewer.person_id) | Q(pk__in=_children_of(viewer.person_id).values("student_id")), is_active=True
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


class StudentNotVisible(Http404):
    """A 404 for a student record outside the user's scope (or no such record). It carries what was
    asked for, so the audit middleware and the API record the denied attempt in one place."""

    def __init__(self, student_id: Any) -> None:
        super().__init__("No such student")
        self.student_id = student_id


def student_for_user_or_404(user: Any, student_id: int) -> Person:
    student = students_visible_to(user).filter(pk=student_id).first()
    if student is None:
        raise StudentNotVisible(student_id)
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


def require_leader(user: Any) -> None:
    """The leaders' lists (a school's students, sections, teachers): school leaders and the district; a 404
    for anyone else."""
    viewer = viewer_for(user)
    if not (viewer.is_district_admin or viewer.is_school_leader):
        raise Http404("Not found")


def person_for_account_or_404(user: Any, person_id: int) -> Person:
    """A rostered, active person whose login the district administers; a 404 for anyone else."""
    require_district_admin(user)
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        raise Http404("No such person")
    return person


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
    # The same scope that decides whom a teacher or leader sees (students_visible_to), advisorships aside:
    # advising a student is not teaching them.
    return Person.objects.filter(_teaching_scope(viewer), pk=student.pk, is_active=True).exists()


def may_open_gradebook(user: Any, section: Section) -> bool:
    """A section's gradebook: its teachers and aides, its school's leaders, the district. Not students or families."""
    viewer = viewer_for(user)
    teaches = (
        viewer.person_id is not None
        and taught_sections(viewer.person_id).filter(section_id=section.pk).exists()
    )
    return viewer.is_district_admin or teaches or section.school_id in viewer.led_org_ids


def gradebook_section_or_404(user: Any, section_id: int) -> Section:
    section = section_for_user_or_404(user, section_id)
    if not may_open_gradebook(user, section):
        raise Http404("No such section")
    return section


def evidence_to_change_or_404(user: Any, evidence_id: int) -> Any:
    """Evidence a user may correct or withdraw: about a student they may record evidence for."""
    evidence = Evidence.objects.select_related("student", "competency").filter(pk=evidence_id).first()
    if (
        evidence is None
        or not students_visible_to(user).filter(pk=evidence.student_id).exists()
        or not can_record_evidence(user, evidence.student)
    ):
        raise Http404("No such evidence")
    return evidence


# --- Learner profiles -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileAccess:
    """What one account may do with one student's learner profile, decided here and nowhere else.

    The student owns the profile and writes it. Their teachers, advisors, school leaders and the
    district see it (staff). Guardians see only the sections the district marks family-visible.
    A reflection the student marks "advisor only" is seen by the student and their advisors alone:
    not by other teachers, leaders, the district or the family.
    """

    student: Person
    is_owner: bool
    is_staff: bool
    is_teacher: bool
    is_advisor: bool
    is_family: bool

    @classmethod
    def as_student(cls, student: Person) -> ProfileAccess:
        """The student's own view of their profile: what a conference packet is assembled from."""
        return cls(
            student=student,
            is_owner=True,
            is_staff=False,
            is_teacher=False,
            is_advisor=False,
            is_family=False,
        )

    @classmethod
    def as_family(cls, student: Person) -> ProfileAccess:
        """A guardian of the student and nothing more: the audience a conference packet is shown to, so a
        packet holds only the parts the district lets families see."""
        return cls(
            student=student,
            is_owner=False,
            is_staff=False,
            is_teacher=False,
            is_advisor=False,
            is_family=True,
        )

    @property
    def family_only(self) -> bool:
        """A guardian who sees the child only as family (a teacher-parent of their own child too)."""
        return self.is_family and not self.is_staff and not self.is_owner

    @property
    def may_write_own(self) -> bool:
        """The student's own writing: profile entries, goals, reflections, portfolio, self-ratings."""
        return self.is_owner

    @property
    def may_respond(self) -> bool:
        """Adults who work with the student: notes, responses to check-ins, proposed goals, ratings."""
        return self.is_staff

    @property
    def sees_advisor_only(self) -> bool:
        return self.is_owner or self.is_advisor


def profile_access_or_404(user: Any, student_id: int) -> ProfileAccess:
    student = student_for_user_or_404(user, student_id)
    viewer = viewer_for(user)
    staff = viewer.is_district_admin or (
        viewer.person_id is not None
        and viewer.person_id != student.pk
        and Person.objects.filter(_staff_scope(viewer), pk=student.pk).exists()
    )
    teaches = (
        viewer.is_teacher
        and Enrollment.objects.filter(
            section_id__in=taught_sections(viewer.person_id), role="student", is_active=True, person=student
        ).exists()
    )
    advises = viewer.is_advisor and advisees_of(viewer.person_id).filter(student=student).exists()
    family = viewer.is_guardian and _children_of(viewer.person_id).filter(student=student).exists()
    return ProfileAccess(
        student=student,
        is_owner=viewer.person_id == student.pk,
        is_staff=staff,
        is_teacher=teaches,
        is_advisor=advises,
        is_family=family,
    )


def _schools_of(student: Person) -> QuerySet[PersonRole]:
    return PersonRole.objects.filter(person=student, role="student", is_active=True).values("org_id")


def may_assign_advisors(user: Any, student: Person) -> bool:
    """The student's school leaders and the district assign and end advisorships."""
    viewer = viewer_for(user)
    return viewer.is_district_admin or _schools_of(student).filter(org_id__in=viewer.led_org_ids).exists()


def profile_sections_for(access: ProfileAccess) -> QuerySet[ProfileSection]:
    """The sections of this student's profile this account sees: the district's and the student's
    schools' own; for a family, only those marked family-visible."""
    schools = _schools_of(access.student)
    sections = ProfileSection.objects.filter(Q(org__isnull=True) | Q(org_id__in=schools), is_active=True)
    if access.family_only:
        sections = sections.filter(family_visible=True)
    return sections


def profile_part_visible(access: ProfileAccess, kind: str) -> bool:
    """Whether a part of the profile (goals, portfolio, habits...) shows for this account."""
    return profile_sections_for(access).filter(kind=kind).exists()


def profile_part_or_404(user: Any, student_id: int, kind: str) -> ProfileAccess:
    """A profile part's own page or action: the student must be visible and the part shown to them."""
    access = profile_access_or_404(user, student_id)
    if not profile_part_visible(access, kind):
        raise Http404("Not found")
    return access
