"""The district administrator searches the audit log by people's names, not by internal ids."""

from __future__ import annotations

from django.urls import reverse

from pathmaker.audit.models import AuditEvent


def read_both(district, login):
    for persona in ("teacher", "principal"):
        login(district.user(persona)).get(reverse("student_detail", kwargs={"student_id": district.sam.pk}))
    login(district.user("teacher")).get(reverse("student_detail", kwargs={"student_id": district.tia.pk}))


def found(district, login, **query) -> list[tuple[str, int | None]]:
    page = login(district.user("district_admin")).get(
        reverse("audit_log"), {"action": "student.view", **query}
    )
    return sorted((event.actor_username, event.student_id) for event, _ in page.context["rows"])


def test_it_finds_what_someone_did_by_their_name(district, login):
    read_both(district, login)
    assert found(district, login, actor="alice adams") == sorted(
        [("alice.adams", district.sam.pk), ("alice.adams", district.tia.pk)]
    )


def test_it_still_finds_someone_by_their_exact_username(district, login):
    read_both(district, login)
    assert found(district, login, actor="pat.park") == [("pat.park", district.sam.pk)]


def test_it_finds_who_read_a_student_by_part_of_the_students_name(district, login):
    read_both(district, login)
    assert found(district, login, student="garc") == sorted(
        [("alice.adams", district.sam.pk), ("pat.park", district.sam.pk)]
    )


def test_it_shows_names_beside_usernames_and_student_ids(district, login):
    read_both(district, login)
    page = (
        login(district.user("district_admin")).get(reverse("audit_log"), {"student": "Tia"}).content.decode()
    )
    assert "Alice Adams" in page and "Tia Tran" in page


def test_a_name_nobody_has_finds_nothing(district, login):
    read_both(district, login)
    assert found(district, login, student="Nobody Here") == []


def test_a_search_with_a_nul_character_is_a_bad_request_not_a_server_error(district, login):
    page = login(district.user("district_admin")).get(
        reverse("audit_log"), {"student": "Sam\x00", "q": "\x00" * 5}
    )
    assert page.status_code == 400
    assert not AuditEvent.objects.filter(action="audit.search").exists()
