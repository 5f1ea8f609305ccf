"""Reports, persona by persona: the subgroup page, its export and its endpoint open for the district and
school leaders (the default PATHMAKER_DEMOGRAPHICS_ROLES) and answer 404 to everyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from tests.personas import assert_opens_only_for, persona_table

LEADERS = ["principal", "district_admin"]
NOT_LEADERS = [
    "student",
    "other_student",
    "guardian",
    "other_guardian",
    "teacher",
    "co_teacher",
    "other_school_teacher",
    "teacher_parent",
    "advisor",
    "unrostered",
]

# (url name, personas who get it, personas who get a 404)
REPORT_PAGES = persona_table(
    "reports pages",
    [
        ("reports_subgroups", LEADERS, NOT_LEADERS),
        ("reports_subgroups_export", LEADERS, NOT_LEADERS),
    ],
)

REPORT_API = persona_table(
    "reports api", namespace="api-v1:", rows=[("reports_subgroups", LEADERS, NOT_LEADERS)]
)


@pytest.mark.parametrize(("name", "allowed", "refused"), REPORT_PAGES, ids=[c[0] for c in REPORT_PAGES])
def test_each_report_page_opens_for_leaders_only(district, report, login, name, allowed, refused):
    assert_opens_only_for(login, district, reverse(name) + report.query(), allowed, refused)


@pytest.mark.parametrize(("name", "allowed", "refused"), REPORT_API, ids=[c[0] for c in REPORT_API])
def test_each_report_endpoint_answers_leaders_only(district, report, client, name, allowed, refused):
    url = f"/api/v1/reports/subgroups?competency={report.competency.pk}&field=english_learner"

    def call(persona):
        user = district.user(persona)
        token = api_token_create(user=user, name="test", actor=Actor.for_user(user))
        return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")

    answers = {persona: call(persona).status_code for persona in [*allowed, *refused]}
    assert answers == {persona: 200 if persona in allowed else 404 for persona in answers}
    assert AuditEvent.objects.filter(action="reports.subgroups.export", detail__channel="api").count() == 2


def test_the_endpoint_withholds_the_small_cells(district, report, client):
    user = district.user("district_admin")
    token = api_token_create(user=user, name="test", actor=Actor.for_user(user))
    body = client.get(
        f"/api/v1/reports/subgroups?competency={report.competency.pk}&field=english_learner",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    assert body["recovered_by_audit"] == 0
    north = body["rows"][0]
    assert north["school"] == "North Middle School"
    assert north["cells"][0] == {
        "subgroup": "Yes",
        "assessed": None,
        "percent_proficient": "",
        "withheld": True,
    }


def test_the_endpoint_refuses_an_unknown_field_or_competency(district, report, client):
    user = district.user("district_admin")
    token = api_token_create(user=user, name="test", actor=Actor.for_user(user))
    for query in (f"competency={report.competency.pk}&field=salary", "competency=99999999&field=gifted"):
        assert (
            client.get(f"/api/v1/reports/subgroups?{query}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code
            == 404
        )
