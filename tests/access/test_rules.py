import contextlib

from django.http import Http404

from pathmaker.access import scope
from pathmaker.evidence.access import can_record_evidence
from tests import factories as f


def visible(district, persona):
    return set(scope.students_visible_to(district.user(persona)).values_list("given_name", flat=True))


def test_a_student_sees_only_themself(district):
    assert visible(district, "student") == {"Sam"}


def test_a_guardian_sees_only_their_linked_children(district):
    assert visible(district, "guardian") == {"Sam"}
    assert visible(district, "other_guardian") == {"Omar"}


def test_a_teacher_sees_the_students_in_the_sections_they_teach(district):
    assert visible(district, "teacher") == {"Sam", "Tia"}
    assert visible(district, "co_teacher") == {"Sam", "Tia"}


def test_a_teacher_at_another_school_sees_none_of_this_schools_students(district):
    assert visible(district, "other_school_teacher") == {"Omar"}


def test_a_teacher_who_is_also_a_parent_sees_their_child_and_no_other_student(district):
    # Hank teaches at North but has no section; he is Omar's father.
    assert visible(district, "teacher_parent") == {"Omar"}


def test_a_principal_sees_their_school_and_not_the_other(district):
    assert visible(district, "principal") == {"Sam", "Tia"}


def test_a_district_administrator_sees_every_student(district):
    assert visible(district, "district_admin") == {"Sam", "Tia", "Omar"}


def test_an_account_without_a_roster_person_sees_nobody(district):
    assert visible(district, "unrostered") == set()


def test_a_dropped_enrollment_ends_the_teachers_access(district):
    district.sam.enrollments.filter(section=district.math).update(is_active=False)
    district.sam.enrollments.filter(section=district.art).update(is_active=False)
    assert visible(district, "teacher") == {"Tia"}


def test_a_deactivated_guardian_link_ends_the_guardians_access(district):
    district.sam.guardian_links.update(is_active=False)
    assert visible(district, "guardian") == set()


def test_only_leaders_and_the_district_see_demographics(district):
    allowed = {p for p in district.accounts if scope.can_see_demographics(district.user(p))}
    assert allowed == {"principal", "district_admin"}


def test_a_guardian_sees_their_childs_sections_but_not_classmates_enrollments(district):
    gina = district.user("guardian")
    assert set(scope.sections_visible_to(gina)) == {district.math, district.art}
    people = set(
        scope.enrollments_visible_to(gina).filter(role="student").values_list("person__given_name", flat=True)
    )
    assert people == {"Sam"}


def test_staff_record_evidence_for_exactly_the_students_they_see_as_teachers_or_leaders(district):
    """One staff scope decides both: a principal sees a student enrolled at their school with no student
    role there, and so records evidence for them too (they used to disagree)."""

    newcomer = f.person("Nia", "Newcomer")
    f.enroll(newcomer, district.math)  # enrolled at North, no PersonRole at North yet
    principal = district.user("principal")
    assert newcomer in scope.students_visible_to(principal)
    assert can_record_evidence(principal, newcomer)
    assert scope.relation_to(principal, newcomer.pk).leads


def test_the_list_scope_and_the_single_student_check_agree_for_every_persona(district):
    people = [district.sam, district.tia, district.omar]
    for persona in district.accounts:
        user = district.user(persona)
        listed = set(scope.students_visible_to(user).values_list("pk", flat=True))
        single = {p.pk for p in people if scope.relation_to(user, p.pk).student is not None}
        assert single == listed & {p.pk for p in people}, persona


def test_an_advisor_sees_an_advisee_but_does_not_record_evidence_for_them(district):
    advisor = district.user("advisor")
    relation = scope.relation_to(advisor, district.sam.pk)
    assert not can_record_evidence(advisor, district.sam)
    assert relation.advises and relation.is_staff and not relation.teaches_or_leads


def test_the_section_list_and_the_single_section_check_agree_for_every_persona(district):
    sections = [district.math, district.art, district.science]
    district.art.is_active = False
    district.art.save(update_fields=["is_active"])
    for persona in district.accounts:
        user = district.user(persona)
        listed = set(scope.sections_visible_to(user).values_list("pk", flat=True))
        single = set()
        for section in sections:
            with contextlib.suppress(Http404):
                single.add(scope.section_for_user_or_404(user, section.pk).pk)
        assert single == listed & {s.pk for s in sections}, persona


def test_a_student_by_role_alone_or_by_enrollment_alone_is_found_by_the_single_check_as_by_the_list(district):
    """The single-student check probes the student's own rows, the list reads every student's: the same
    two kinds of rows make a student in both (a student role at a school, or a student enrollment)."""
    by_role, by_enrollment = f.person("Rita", "Role"), f.person("Ed", "Enrolled")
    f.role(by_role, district.north, "student")
    f.enroll(by_enrollment, district.math)
    not_a_student = f.person("Nina", "Nobody")
    f.role(not_a_student, district.north, "teacher")
    for persona in ("principal", "teacher", "district_admin"):
        user = district.user(persona)
        listed = set(scope.students_visible_to(user).values_list("pk", flat=True))
        for person in (by_role, by_enrollment, not_a_student):
            assert (scope.relation_to(user, person.pk).student is not None) == (person.pk in listed), persona
    principal = district.user("principal")
    assert scope.relation_to(principal, by_role.pk).leads
    assert scope.relation_to(principal, by_enrollment.pk).leads
    assert scope.relation_to(district.user("teacher"), by_enrollment.pk).teaches
    assert scope.relation_to(district.user("district_admin"), not_a_student.pk).student is None
