"""One actor per request, command or job: every audit row says who acted and from where."""

from __future__ import annotations

import json

from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.jobs.services import job_actor, job_create
from pathmaker.profiles.models import ProfileSection
from tests.api.test_api import a_competency, bearer, one_piece

ADDRESS, BROWSER = "198.51.100.7", "Gradebook sync 2.1"


def test_an_api_write_is_audited_with_the_token_holder_their_address_and_browser(district, client):
    teacher = district.user("teacher")
    response = client.post(
        "/api/v1/evidence",
        json.dumps(one_piece(district, a_competency())),
        content_type="application/json",
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=BROWSER,
        **bearer(teacher),
    )
    assert response.status_code == 201
    row = AuditEvent.objects.get(action="evidence.record")
    assert (row.actor, row.actor_username, row.ip_address, row.user_agent) == (
        teacher,
        teacher.username,
        ADDRESS,
        BROWSER,
    )


def test_a_page_write_is_audited_with_the_signed_in_user_their_address_and_browser(district, login):
    admin = district.user("district_admin")
    section = ProfileSection.objects.get(key="interests")
    login(admin).post(
        reverse("profile_sections"),
        {"section": section.pk, "retire": "1"},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=BROWSER,
    )
    section.refresh_from_db()
    assert not section.is_active
    row = AuditEvent.objects.get(action="profile.section_retire")
    assert (row.actor, row.object_id, row.ip_address, row.user_agent) == (
        admin,
        str(section.pk),
        ADDRESS,
        BROWSER,
    )


def test_system_work_is_audited_under_the_name_of_the_system_that_did_it(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("import"))
    row = AuditEvent.objects.get(action="framework.create", object_id=framework.identifier)
    assert (row.actor, row.actor_username, row.ip_address) == (None, "system:import", None)


def test_a_job_acts_as_the_system_on_behalf_of_whoever_queued_it(district):
    admin = district.user("district_admin")
    job = job_create(kind="roster_import", actor=Actor.for_user(admin))
    actor = job_actor(job)
    assert (actor.user, actor.system_name, actor.is_system) == (admin, "job:roster_import", False)
    nobodys = job_actor(job_create(kind="mastery_recompute", actor=Actor.system("command:recompute")))
    assert (nobodys.user, nobodys.username, nobodys.is_system) == (None, "system:job:mastery_recompute", True)
