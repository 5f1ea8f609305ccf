"""The learner profile's pages, with the personas who may open them and the ones who must get nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathmaker.audit.models import AuditEvent
from pathmaker.profiles.models import ProfileEntry, ProfileNote, ProfileSection, ReadinessRecord
from pathmaker.profiles.services import ProfileError, profile_section_save
from pathmaker.rostering.models import Advisorship

SEES_PROFILE = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
NEVER = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]


def profile_url(district):
    return reverse("student_profile", kwargs={"student_id": district.sam.pk})


def test_the_profile_opens_for_the_student_family_and_staff(district, login):
    for persona in SEES_PROFILE:
        assert login(district.user(persona)).get(profile_url(district)).status_code == 200, persona


@pytest.mark.parametrize("persona", NEVER)
def test_the_profile_is_not_found_for_anyone_else(district, login, persona):
    response = login(district.user(persona)).get(profile_url(district))
    assert response.status_code == 404
    assert b"Sam Garcia" not in response.content


def test_every_view_of_a_profile_is_audited(district, login):
    login(district.user("advisor")).get(profile_url(district))
    event = AuditEvent.objects.get(action="profile.view")
    assert (event.student_id, event.actor) == (district.sam.pk, district.user("advisor"))


def test_the_student_writes_a_section_in_their_own_words_and_keeps_the_earlier_words(district, login):
    client = login(district.user("student"))
    url = reverse("profile_entry_write", kwargs={"student_id": district.sam.pk, "key": "strengths"})
    client.post(url, {"text": "I am good at drawing."})
    client.post(url, {"text": "I am good at drawing and explaining maths."})
    page = client.get(profile_url(district)).content.decode()
    assert "I am good at drawing and explaining maths." in page
    assert "1 earlier version" in page
    assert ProfileEntry.objects.filter(student=district.sam, is_current=True).count() == 1
    assert AuditEvent.objects.filter(action="profile.entry", student_id=district.sam.pk).count() == 2


@pytest.mark.parametrize("persona", ["guardian", "teacher", "advisor", "principal", "district_admin"] + NEVER)
def test_nobody_but_the_student_writes_the_students_words(district, login, persona):
    url = reverse("profile_entry_write", kwargs={"student_id": district.sam.pk, "key": "strengths"})
    assert login(district.user(persona)).post(url, {"text": "Not Sam's words"}).status_code == 404
    assert not ProfileEntry.objects.exists()


def test_a_student_cannot_write_a_section_that_is_not_in_their_profile(district, login):
    url = reverse("profile_entry_write", kwargs={"student_id": district.sam.pk, "key": "no_such_section"})
    response = login(district.user("student")).post(url, {"text": "Hello"}, follow=True)
    assert "There is no section" in response.content.decode()
    assert not ProfileEntry.objects.exists()


@pytest.mark.parametrize("persona", ["teacher", "advisor", "principal"])
def test_adults_who_work_with_the_student_add_notes_the_student_sees_with_their_name(
    district, login, persona
):
    login(district.user(persona)).post(
        reverse("profile_note_add", kwargs={"student_id": district.sam.pk}),
        {"text": "Great questions in class this week."},
    )
    note = ProfileNote.objects.get()
    page = login(district.user("student")).get(profile_url(district)).content.decode()
    assert "Great questions in class this week." in page and note.author_name in page


@pytest.mark.parametrize("persona", ["student", "guardian"] + NEVER)
def test_students_families_and_strangers_add_no_notes(district, login, persona):
    response = login(district.user(persona)).post(
        reverse("profile_note_add", kwargs={"student_id": district.sam.pk}), {"text": "A note"}
    )
    assert response.status_code == 404
    assert not ProfileNote.objects.exists()


def test_the_family_sees_only_the_sections_the_district_marks_family_visible(district, login):
    ProfileEntry.objects.create(
        student=district.sam,
        section=ProfileSection.objects.get(key="needs"),
        text="Fractions are hard for me",
        written_by_name="Sam",
        written_at="2026-10-01T10:00Z",
    )
    ProfileNote.objects.create(
        student=district.sam,
        text="Staff-only note",
        author_name="Alice Adams",
        author_role="teacher",
        written_at="2026-10-02T10:00Z",
    )
    guardian = login(district.user("guardian")).get(profile_url(district)).content.decode()
    assert "Fractions are hard for me" in guardian
    assert "Staff-only note" not in guardian
    ProfileSection.objects.filter(key="needs").update(family_visible=False)
    guardian = login(district.user("guardian")).get(profile_url(district)).content.decode()
    assert "Fractions are hard for me" not in guardian
    teacher = login(district.user("teacher")).get(profile_url(district)).content.decode()
    assert "Fractions are hard for me" in teacher and "Staff-only note" in teacher


def test_a_school_section_appears_only_in_that_schools_profiles(district, login):
    ProfileSection.objects.create(key="house", title="My house team", org=district.north)
    ProfileSection.objects.create(key="crew", title="My crew at South", org=district.south)
    page = login(district.user("student")).get(profile_url(district)).content.decode()
    assert "My house team" in page and "My crew at South" not in page


def test_the_principal_assigns_and_ends_an_advisor(district, login):
    client = login(district.user("principal"))
    carol = district.user("co_teacher").person
    client.post(
        reverse("profile_advisor_assign", kwargs={"student_id": district.tia.pk}), {"advisor": carol.pk}
    )
    link = Advisorship.objects.get(student=district.tia, is_active=True)
    assert link.advisor == carol
    client.post(reverse("profile_advisor_end", kwargs={"student_id": district.tia.pk, "link_id": link.pk}))
    link.refresh_from_db()
    assert not link.is_active and link.ended_on is not None
    assert (
        AuditEvent.objects.filter(action__in=["profile.advisor_assign", "profile.advisor_end"]).count() == 2
    )


def test_an_advisor_must_work_at_the_students_school(district, login):
    dave = district.user("other_school_teacher").person
    login(district.user("district_admin")).post(
        reverse("profile_advisor_assign", kwargs={"student_id": district.tia.pk}), {"advisor": dave.pk}
    )
    assert not Advisorship.objects.filter(student=district.tia).exists()


@pytest.mark.parametrize("persona", ["student", "guardian", "teacher", "advisor"] + NEVER)
def test_only_school_leaders_and_the_district_assign_advisors(district, login, persona):
    carol = district.user("co_teacher").person
    response = login(district.user(persona)).post(
        reverse("profile_advisor_assign", kwargs={"student_id": district.sam.pk}), {"advisor": carol.pk}
    )
    assert response.status_code == 404
    assert not Advisorship.objects.filter(advisor=carol).exists()


@pytest.mark.parametrize("persona", ["student", "guardian", "teacher", "advisor"] + NEVER)
def test_only_school_leaders_and_the_district_end_an_advisorship(district, login, persona):
    link = Advisorship.objects.get(student=district.sam)
    response = login(district.user(persona)).post(
        reverse("profile_advisor_end", kwargs={"student_id": district.sam.pk, "link_id": link.pk})
    )
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.is_active


@pytest.mark.parametrize("persona", ["student", "advisor", "teacher"])
def test_the_student_and_their_adults_record_readiness(district, login, persona):
    url = reverse("profile_readiness_record", kwargs={"student_id": district.sam.pk, "key": "psat"})
    login(district.user(persona)).post(url, {"status": "done", "score": "1130", "completed_on": "2026-10-14"})
    record = ReadinessRecord.objects.get(is_current=True)
    assert (record.status, str(record.score)) == ("done", "1130.00")


def test_a_readiness_score_must_be_a_number(district, login):
    url = reverse("profile_readiness_record", kwargs={"student_id": district.sam.pk, "key": "psat"})
    response = login(district.user("student")).post(url, {"status": "done", "score": "high"}, follow=True)
    assert "must be a number" in response.content.decode()
    assert not ReadinessRecord.objects.exists()


@pytest.mark.parametrize("persona", ["guardian"] + NEVER)
def test_families_and_strangers_record_no_readiness(district, login, persona):
    url = reverse("profile_readiness_record", kwargs={"student_id": district.sam.pk, "key": "fafsa"})
    assert login(district.user(persona)).post(url, {"status": "done"}).status_code == 404
    assert not ReadinessRecord.objects.exists()


def test_the_sections_page_is_for_the_district_and_school_leaders(district, login):
    for persona in ("district_admin", "principal"):
        assert login(district.user(persona)).get(reverse("profile_sections")).status_code == 200, persona
    for persona in ("teacher", "advisor", "student", "guardian", "unrostered"):
        assert login(district.user(persona)).get(reverse("profile_sections")).status_code == 404, persona


def test_the_district_marks_a_section_required_and_not_for_families(district, login):
    section = ProfileSection.objects.get(key="interests")
    login(district.user("district_admin")).post(
        reverse("profile_sections"),
        {"section": section.pk, "title": section.title, "position": section.position, "required": "on"},
    )
    section.refresh_from_db()
    assert section.required and not section.family_visible


def test_a_second_section_with_a_taken_key_is_refused_by_the_database_with_a_code(district):
    principal = district.actor("principal")
    save = {
        "school": district.north,
        "title": "House team",
        "key": "house",
        "kind": "text",
        "actor": principal,
    }
    profile_section_save(**save)
    with pytest.raises(ProfileError) as refused:
        profile_section_save(**save)
    assert (refused.value.code, refused.value.field) == ("profiles.section_key_taken", "key")
    assert ProfileSection.objects.filter(key="house").count() == 1


def test_a_principal_adds_a_section_for_their_school_but_cannot_change_the_districts(district, login):
    client = login(district.user("principal"))
    client.post(
        reverse("profile_sections"), {"school": district.north.pk, "title": "My house team", "kind": "text"}
    )
    assert ProfileSection.objects.get(key="my_house_team").org == district.north
    district_section = ProfileSection.objects.get(key="about_me")
    assert (
        client.post(reverse("profile_sections"), {"section": district_section.pk, "title": "x"}).status_code
        == 404
    )
    assert (
        client.post(
            reverse("profile_sections"), {"school": district.south.pk, "title": "Theirs", "kind": "text"}
        ).status_code
        == 404
    )
    assert not ProfileSection.objects.filter(org=district.south).exists()


def test_a_principal_cannot_retire_a_district_section_and_nothing_is_written(district, login):
    section = ProfileSection.objects.get(key="interests")
    response = login(district.user("principal")).post(
        reverse("profile_sections"), {"section": section.pk, "retire": "1"}
    )
    section.refresh_from_db()
    assert response.status_code == 404 and section.is_active
    assert not AuditEvent.objects.filter(action__startswith="profile.section").exists()


def test_the_district_retires_a_section_and_shows_it_again_each_with_an_audit_row(district, login):
    section = ProfileSection.objects.get(key="interests")
    client = login(district.user("district_admin"))
    for _ in range(2):
        client.post(reverse("profile_sections"), {"section": section.pk, "retire": "1"})
    section.refresh_from_db()
    assert section.is_active
    assert list(
        AuditEvent.objects.filter(object_id=str(section.pk)).order_by("id").values_list("action", flat=True)
    ) == ["profile.section_retire", "profile.section_show"]


def test_the_starting_sections_come_back_after_a_flush(district):
    from pathmaker.profiles.models import ReadinessItem
    from pathmaker.profiles.services import profile_defaults_install

    ProfileSection.objects.filter(key="strengths").update(title="What I do well")
    ReadinessRecord.objects.all().delete()
    ReadinessItem.objects.filter(key="fafsa").delete()
    profile_defaults_install()
    assert ReadinessItem.objects.filter(key="fafsa").exists()
    assert (
        ProfileSection.objects.get(key="strengths").title == "What I do well"
    )  # the district's choice stays
