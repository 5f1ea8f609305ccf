"""Every page, with the personas who may open it and the ones who must get nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from tests.personas import assert_opens_only_for, persona_table


def a_competency():
    from pathmaker.frameworks import services

    framework = services.framework_create(title="Math", description="", actor=Actor.system("test"))
    return services.competency_create(
        framework=framework, full_statement="Uses ratios", actor=Actor.system("test")
    )


# Each group is spelled out, never "everyone but": a new persona belongs to no group, so every row fails
# until someone decides where it goes.
SEES_SAM = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
NEVER_SEES_SAM = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
# Sam's advisor sees his record through the advisorship alone: not his classes or their gradebooks.
SEES_MATH = ["student", "guardian", "teacher", "co_teacher", "principal", "district_admin"]
NEVER_SEES_MATH = ["advisor", *NEVER_SEES_SAM]
GRADES_MATH = ["teacher", "co_teacher", "principal", "district_admin"]
NEVER_GRADES_MATH = ["student", "guardian", "advisor", *NEVER_SEES_SAM]
LEADERS = ["principal", "district_admin"]
NOT_LEADERS = ["student", "guardian", "teacher", "co_teacher", "advisor", *NEVER_SEES_SAM]
NOT_DISTRICT = ["principal", *NOT_LEADERS]

# (url name, how to build its arguments, personas allowed, personas refused with a 404)
PAGE_CASES = persona_table(
    "pages",
    [
        ("section_gradebook", lambda d: {"section_id": d.math.pk}, GRADES_MATH, NEVER_GRADES_MATH),
        (
            "mastery_explanation",
            lambda d: {"student_id": d.sam.pk, "competency_id": a_competency().pk},
            SEES_SAM,
            NEVER_SEES_SAM,
        ),
        ("student_detail", lambda d: {"student_id": d.sam.pk}, SEES_SAM, NEVER_SEES_SAM),
        ("section_detail", lambda d: {"section_id": d.math.pk}, SEES_MATH, NEVER_SEES_MATH),
        ("import_list", lambda d: {}, ["district_admin"], NOT_DISTRICT),
        ("audit_log", lambda d: {}, ["district_admin"], NOT_DISTRICT),
        ("mastery_rules", lambda d: {}, ["district_admin"], NOT_DISTRICT),
        *[
            (name, lambda d: {}, LEADERS, NOT_LEADERS)
            for name in ("leader_students", "leader_sections", "leader_teachers")
        ],
    ],
)
OPEN_PAGES = {"login", "logout", "healthz", "favicon"}


@pytest.mark.parametrize(("name", "kwargs", "allowed", "refused"), PAGE_CASES, ids=[c[0] for c in PAGE_CASES])
def test_each_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, login, name, kwargs, allowed, refused
):
    url = reverse(name, kwargs=kwargs(district))
    assert_opens_only_for(login, district, url, allowed, refused)


@pytest.mark.parametrize("name", ["home", "student_detail", "section_detail", "import_list", "audit_log"])
def test_pages_send_anonymous_visitors_to_the_login_page(district, client, name):
    kwargs = dict(PAGE_CASES[[c[0] for c in PAGE_CASES].index(name)][1](district)) if name != "home" else {}
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_teachers_home_lists_their_sections(district, login):
    page = login(district.user("teacher")).get(reverse("home")).content.decode()
    assert "Math 7" in page and "Art" in page and "Science 7" not in page


def test_a_guardians_home_shows_their_child_and_nobody_else(district, login):
    page = login(district.user("guardian")).get(reverse("home")).content.decode()
    assert "Sam Garcia" in page and "Omar Ortiz" not in page and "Tia Tran" not in page


def test_a_principals_home_shows_their_schools_numbers(district, login):
    page = login(district.user("principal")).get(reverse("home")).content.decode()
    assert "North Middle School" in page and "South Middle School" not in page
    assert "Students by grade" in page


def test_a_district_administrators_home_shows_every_school(district, login):
    page = login(district.user("district_admin")).get(reverse("home")).content.decode()
    assert "North Middle School" in page and "South Middle School" in page


def test_viewing_a_student_is_written_to_the_audit_log(district, login):
    login(district.user("teacher")).get(
        reverse("student_detail", kwargs={"student_id": district.sam.pk}), REMOTE_ADDR="10.1.2.3"
    )
    event = AuditEvent.objects.get(action="student.view")
    assert (event.actor_username, event.student_id, event.ip_address) == (
        "alice.adams",
        district.sam.pk,
        "10.1.2.3",
    )


def test_viewing_a_section_roster_audits_each_student_shown(district, login):
    login(district.user("teacher")).get(reverse("section_detail", kwargs={"section_id": district.math.pk}))
    shown = set(AuditEvent.objects.filter(action="section.roster_view").values_list("student_id", flat=True))
    assert shown == {district.sam.pk, district.tia.pk}


def test_a_refused_view_shows_nothing_and_audits_nothing(district, login):
    login(district.user("other_guardian")).get(
        reverse("student_detail", kwargs={"student_id": district.sam.pk})
    )
    assert not AuditEvent.objects.filter(action="student.view").exists()


def test_demographics_show_to_the_principal_but_not_to_the_teacher(district, login):
    url = reverse("student_detail", kwargs={"student_id": district.sam.pk})
    assert "English learner" in login(district.user("principal")).get(url).content.decode()
    assert "English learner" not in login(district.user("teacher")).get(url).content.decode()


def test_a_guardian_sees_only_their_child_on_a_shared_section_page(district, login):
    page = login(district.user("guardian")).get(
        reverse("section_detail", kwargs={"section_id": district.math.pk})
    )
    assert "Garcia, Sam" in page.content.decode() and "Tran, Tia" not in page.content.decode()


def test_the_audit_log_finds_a_students_reads_by_student(district, login):
    login(district.user("teacher")).get(reverse("student_detail", kwargs={"student_id": district.sam.pk}))
    login(district.user("teacher")).get(reverse("student_detail", kwargs={"student_id": district.tia.pk}))
    page = login(district.user("district_admin")).get(reverse("audit_log"), {"student": "sam garcia"})
    assert page.context["page"].paginator.count == 1
    assert "alice.adams" in page.content.decode() and "Tia Tran" not in page.content.decode()


def test_login_with_the_right_password_reaches_home(district, client):
    response = client.post(reverse("login"), {"username": "alice.adams", "password": "correct horse battery"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_login_with_a_wrong_password_is_refused(district, client):
    response = client.post(reverse("login"), {"username": "alice.adams", "password": "wrong"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_pages_load_no_asset_from_another_site(district, login):
    page = login(district.user("teacher")).get(reverse("home")).content.decode()
    assert not re.search(r"""(src|href)=["']https?://""", page)


def test_the_audit_log_filters_by_day(district, login):
    import datetime as dt

    import time_machine

    url = reverse("student_detail", kwargs={"student_id": district.sam.pk})
    with time_machine.travel(dt.datetime(2026, 9, 14, 15, 0, tzinfo=dt.UTC), tick=False):
        login(district.user("teacher")).get(url)
    with time_machine.travel(dt.datetime(2026, 10, 2, 15, 0, tzinfo=dt.UTC), tick=False):
        login(district.user("principal")).get(url)
    admin = login(district.user("district_admin"))
    page = admin.get(
        reverse("audit_log"), {"action": "student.view", "since": "2026-09-14", "until": "2026-09-14"}
    )
    text = page.content.decode()
    assert "alice.adams" in text and "pat.park" not in text
