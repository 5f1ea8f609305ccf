from pathmaker.access import rules


def visible(district, persona):
    return set(rules.students_visible_to(district.user(persona)).values_list("given_name", flat=True))


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
    allowed = {p for p in district.accounts if rules.can_see_demographics(district.user(p))}
    assert allowed == {"principal", "district_admin"}


def test_a_guardian_sees_their_childs_sections_but_not_classmates_enrollments(district):
    gina = district.user("guardian")
    assert set(rules.sections_visible_to(gina)) == {district.math, district.art}
    people = set(
        rules.enrollments_visible_to(gina).filter(role="student").values_list("person__given_name", flat=True)
    )
    assert people == {"Sam"}
