"""What one account may do with one student's learner profile, on the shared scope.

The student owns the profile and writes it. Their teachers, advisors, school leaders and the district
see it (staff). Guardians see only the sections the district marks family-visible. Each part of the
profile (goals, portfolio, habits...) shows only where its section does. Goals, portfolios, habits and
conferences build their own `access.py` on `ProfileAccess`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from pathmaker.access.scope import leads_a_school_of, relation_or_404, student_school_ids, viewer_for
from pathmaker.lib.bounds import row_id
from pathmaker.profiles.models import ProfileSection
from pathmaker.rostering.models import Org, Person


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
    relation = relation_or_404(user, student_id)
    student = relation.student
    assert student is not None  # relation_or_404 raises for a student outside the scope
    return ProfileAccess(
        student=student,
        is_owner=relation.is_self,
        is_staff=relation.is_district or (relation.is_staff and not relation.is_self),
        is_teacher=relation.teaches,
        is_advisor=relation.advises,
        is_family=relation.guards,
    )


def may_assign_advisors(user: Any, student: Person) -> bool:
    """The student's school leaders and the district assign and end advisorships."""
    return leads_a_school_of(user, student)


def profile_sections_for(access: ProfileAccess) -> QuerySet[ProfileSection]:
    """The sections of this student's profile this account sees: the district's and the student's
    schools' own; for a family, only those marked family-visible."""
    schools = student_school_ids(access.student)
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


@dataclass(frozen=True)
class SectionEditor:
    """Who edits which profile sections: the district every section (and adds district-wide ones); a
    school's leaders their schools' own sections. `schools` are the schools they may add sections to."""

    is_district: bool
    schools: QuerySet[Org]

    def editable_sections(self) -> QuerySet[ProfileSection]:
        if self.is_district:
            return ProfileSection.objects.all()
        return ProfileSection.objects.filter(org__in=self.schools)


def section_editor_or_404(user: Any) -> SectionEditor:
    """The profile sections page: district administrators and school leaders; a 404 for anyone else."""
    viewer = viewer_for(user)
    if viewer.is_district_admin:
        return SectionEditor(True, Org.objects.filter(org_type="school").order_by("name"))
    schools = Org.objects.filter(pk__in=viewer.led_org_ids, org_type="school").order_by("name")
    if not schools.exists():
        raise Http404("Not found")
    return SectionEditor(False, schools)


def section_to_edit_or_404(editor: SectionEditor, section_id: Any) -> ProfileSection:
    pk = row_id(section_id)
    section = None if pk is None else editor.editable_sections().filter(pk=pk).first()
    if section is None:
        raise Http404("Not found")
    return section


def school_to_edit_or_404(editor: SectionEditor, school_id: Any) -> Org:
    pk = row_id(school_id)
    school = None if pk is None else editor.schools.filter(pk=pk).first()
    if school is None:
        raise Http404("Not found")
    return school
