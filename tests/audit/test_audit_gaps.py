"""Every read of student data is audited on every path, and so is every refused attempt and crashed import."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathmaker.audit.models import AuditEvent
from pathmaker.demo.frameworks import state_math_package
from pathmaker.frameworks.models import CaseImport, Framework
from tests.api.test_api import bearer


def shown(action: str) -> set[int]:
    return set(AuditEvent.objects.filter(action=action).values_list("student_id", flat=True))


def test_the_enrollment_list_api_audits_each_student_it_shows(district, client):
    client.get("/api/v1/enrollments", **bearer(district.user("teacher")))
    assert shown("enrollment.list") == {district.sam.pk, district.tia.pk}


def test_a_sections_enrollment_api_audits_each_student_it_shows_once(district, client):
    client.get(f"/api/v1/sections/{district.math.pk}/enrollments", **bearer(district.user("principal")))
    events = AuditEvent.objects.filter(action="enrollment.list")
    assert sorted(events.values_list("student_id", flat=True)) == sorted([district.sam.pk, district.tia.pk])
    assert {e.actor_username for e in events} == {"pat.park"}


def test_a_guardians_home_audits_the_children_it_lists(district, login):
    login(district.user("guardian")).get(reverse("home"))
    assert shown("home.view") == {district.sam.pk}


def test_opening_the_import_pages_is_audited(district, login):
    client = login(district.user("district_admin"))
    client.get(reverse("import_list"))
    assert AuditEvent.objects.filter(action="import.list_view", actor_username="dana.dunn").count() == 1


def test_a_refused_student_page_records_who_tried_which_student(district, login):
    response = login(district.user("other_guardian")).get(
        reverse("student_detail", kwargs={"student_id": district.sam.pk}), REMOTE_ADDR="10.9.8.7"
    )
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="student.denied")
    assert (event.actor_username, event.student_id, event.ip_address) == (
        "olga.ortiz",
        district.sam.pk,
        "10.9.8.7",
    )
    assert event.detail["path"] == reverse("student_detail", kwargs={"student_id": district.sam.pk})


def test_a_refused_profile_page_is_recorded_through_the_same_access_path(district, login):
    login(district.user("other_school_teacher")).get(
        reverse("student_profile", kwargs={"student_id": district.sam.pk})
    )
    assert shown("student.denied") == {district.sam.pk}


def test_a_refused_api_read_records_the_attempt_and_still_answers_404(district, client):
    response = client.get(f"/api/v1/students/{district.sam.pk}", **bearer(district.user("other_student")))
    assert response.status_code == 404
    assert shown("student.denied") == {district.sam.pk}


def test_an_allowed_read_records_no_denial(district, login):
    login(district.user("teacher")).get(reverse("student_detail", kwargs={"student_id": district.sam.pk}))
    assert not AuditEvent.objects.filter(action="student.denied").exists()


def test_a_crashed_case_import_leaves_a_record_and_an_audit_row(district, login, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("a defect in the importer")

    monkeypatch.setattr("pathmaker.frameworks.services.apply_package", crash)
    upload = SimpleUploadedFile("state.json", json.dumps(state_math_package()).encode(), "application/json")
    response = login(district.user("district_admin")).post(reverse("case_import_page"), {"file": upload})
    record = CaseImport.objects.get()
    assert response.status_code == 302 and record.status == "failed" and record.errors
    assert not Framework.objects.exists()
    event = AuditEvent.objects.get(action="framework.import_failed")
    assert (event.actor_username, event.object_id, event.detail["error"]) == (
        "dana.dunn",
        str(record.pk),
        "RuntimeError",
    )


def test_an_anonymous_visitor_is_sent_to_log_in_and_records_no_denial(district, client):
    client.get(reverse("student_detail", kwargs={"student_id": district.sam.pk}))
    assert not AuditEvent.objects.filter(action="student.denied").exists()
