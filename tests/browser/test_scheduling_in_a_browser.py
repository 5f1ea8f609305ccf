"""The flex schedule in Debian's Chromium, on the demo district (pathmaker/demo/scheduling.py: a middle school
with five blocks and three solved, published weeks): the principal reads the plan with its room loads and
the solver's figures; the teacher reads a workshop's roster with each student's reason and takes attendance;
the student and the family read the week on a 375-pixel phone, in English and in Spanish. Every page passes
axe (WCAG 2.1 AA); the phone pages have no sideways scroll."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def test_the_principal_reads_the_plan_with_its_figures_and_room_loads(page, demo_server):
    log_in(page, demo_server, "principal")
    page.get_by_role("link", name="Flex schedule").first.click()
    page.wait_for_url(re.compile(r"/flex/$"))
    assert_accessible(page)
    page.locator("main ul.aligned a[href*='/flex/']").first.click()
    page.wait_for_url(re.compile(r"/schools/\d+/flex/$"))
    assert page.get_by_role("heading", name=re.compile("^Flex plan at")).is_visible()
    assert page.get_by_text("Objective").is_visible()
    assert page.get_by_text("Gap").is_visible()
    assert page.get_by_role("table", name=re.compile("^Room loads in")).first.is_visible()
    assert page.get_by_role("heading", name="Needs not met, and why").is_visible()
    assert_accessible(page)
    page.locator("main details summary").nth(1).click()  # one activity's students, with their reasons
    assert_accessible(page)
    opened = page.locator("main details[open]").first
    opened.get_by_role("checkbox").first.check()  # tick a student by their label, lock them with no script
    opened.get_by_role("button", name="Lock the ticked students").click()
    assert page.get_by_text("1 student is locked in place.").is_visible()


def test_the_teacher_reads_a_roster_with_reasons_and_takes_attendance(page, demo_server):
    log_in(page, demo_server, "teacher")
    page.get_by_role("link", name="My flex workshops").click()
    page.wait_for_url(re.compile(r"/flex/teaching/$"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Roster and attendance")).first.click()
    page.wait_for_url(re.compile(r"/flex/workshops/\d+/$"))
    assert page.get_by_role("heading", name="Roster by block").is_visible()
    assert_accessible(page)
    roster = page.locator(".roster-block").first
    roster.get_by_role("radio", name="Present").first.check()
    with page.expect_navigation():
        roster.get_by_role("button", name=re.compile("^Save attendance")).click()
    assert page.get_by_role("status").is_visible()
    assert_accessible(page)


def _my_week(phone, demo_server, persona: str) -> None:
    """The demo student's week: through their menu, or (for their family) at the same address."""
    log_in(phone, demo_server, "student")
    url = phone.get_by_role("link", name="My flex week").get_attribute("href")
    if persona != "student":
        phone.context.clear_cookies()
        log_in(phone, demo_server, persona)
    phone.goto(f"{demo_server.url}{url}")
    phone.wait_for_url(re.compile(r"/students/\d+/flex/"))


def test_the_student_reads_their_week_on_a_phone_in_english_and_spanish(phone, demo_server):
    _my_week(phone, demo_server, "student")
    assert phone.get_by_role("heading", name="My flex week").is_visible()
    assert phone.get_by_text(re.compile("^Why:")).first.is_visible()
    assert phone.evaluate(FITS)
    assert_accessible(phone)
    phone.get_by_label("Language").select_option("es")
    phone.get_by_role("button", name="Change").click()
    assert phone.locator("html").get_attribute("lang") == "es"
    assert phone.evaluate(FITS)
    assert_accessible(phone)
    phone.get_by_label("Idioma").select_option("en")  # leave the shared demo in English for the other tests
    phone.get_by_role("button", name="Cambiar").click()


def test_the_family_reads_the_childs_week_on_a_phone_in_spanish(phone, demo_server):
    _my_week(phone, demo_server, "guardian")
    phone.get_by_label("Language").select_option("es")
    phone.get_by_role("button", name="Change").click()
    assert phone.locator("html").get_attribute("lang") == "es"
    assert phone.locator(".flex-week").is_visible()
    assert phone.evaluate(FITS)
    assert_accessible(phone)
    phone.get_by_label("Idioma").select_option("en")
    phone.get_by_role("button", name="Cambiar").click()
