"""Plans and "what next" in Debian's Chromium: the student's home answers what next, the plan says why each
competency sits where it does and is reordered by keyboard; the family's home on a phone in Spanish; the
teacher's view of a section (its chart with the numbers, pace, who is stuck, resources used, assigning a
playlist). Every page passes axe (WCAG 2.1 AA) and the student's and family's fit a 375-pixel phone."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def test_the_student_reads_what_next_and_reorders_a_plan_by_keyboard(page, demo_server):
    log_in(page, demo_server, "student")
    assert page.get_by_role("heading", name="What next").is_visible()
    assert page.get_by_role("heading", name="On each plan").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="My learning plans").click()
    page.wait_for_url(re.compile(r"/plans/$"))
    assert_accessible(page)
    page.locator("ul.tiles a[href*='/plans/']").first.click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert page.get_by_role("heading", name="Still to master, in order").is_visible()
    assert page.get_by_text(
        re.compile(r"The course's order\.|Needs .+ first\.|You chose this\.|Your teacher moved it")
    ).first.is_visible()
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("^Move down")).first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").is_visible()  # moved, or told which prerequisite comes first
    assert_accessible(page)


def test_the_teacher_moves_a_competency_for_one_student_with_a_reason(page, demo_server):
    log_in(page, demo_server, "student")
    plans = [
        a.get_attribute("href") for a in page.locator(".what-next ul.tiles > li > a[href*='/plans/']").all()
    ]
    page.context.clear_cookies()
    log_in(page, demo_server, "teacher")
    # The demo teacher teaches the student in at least one course: any plan of theirs offers the form.
    page.goto(f"{demo_server.url}{plans[0]}")
    form = page.get_by_role("region", name="Move a competency for this student")
    form.get_by_role("button", name="Move it").click()
    assert page.get_by_role("alert").is_visible()  # the reason is required, and said beside its field
    assert_accessible(page)
    form = page.get_by_role("region", name="Move a competency for this student")
    form.get_by_label("Why").fill("Our project next week starts with it.")
    form.get_by_role("button", name="Move it").click()
    page.wait_for_url(re.compile(r"#plan$"))
    assert page.get_by_text("A teacher moved it: “Our project next week starts with it.”").first.is_visible()
    assert_accessible(page)


def test_the_students_home_and_plan_fit_a_phone(phone, demo_server):
    log_in(phone, demo_server, "student")
    assert phone.evaluate(FITS)
    assert_accessible(phone)
    phone.locator(".what-next a[href*='/plans/']").first.click()
    phone.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert phone.evaluate(FITS)
    assert_accessible(phone)


def test_the_family_reads_what_next_on_a_phone_in_spanish(phone, demo_server):
    log_in(phone, demo_server, "guardian")
    phone.get_by_label("Language").select_option("es")
    phone.get_by_role("button", name="Change").click()
    assert phone.locator("html").get_attribute("lang") == "es"
    assert phone.locator(".what-next").first.is_visible()
    assert phone.evaluate(FITS)
    assert_accessible(phone)
    phone.locator(".what-next a[href*='/plans/']").first.click()
    phone.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert phone.evaluate(FITS)
    assert_accessible(phone)
    phone.get_by_label("Idioma").select_option("en")  # leave the shared demo in English for the other tests
    phone.get_by_role("button", name="Cambiar").click()


def test_the_teacher_reads_a_sections_progress_and_is_told_what_an_assignment_needs(page, demo_server):
    log_in(page, demo_server, "teacher")
    assert_accessible(page)  # the home page links each section's progress
    page.get_by_role("region", name="Your sections").get_by_role(
        "link", name=re.compile("^Progress")
    ).first.click()
    page.wait_for_url(re.compile(r"/sections/\d+/progress/$"))
    for heading in ("Where each student is on their plan", "Behind pace", "Stuck", "Resources students used"):
        assert page.get_by_role("heading", name=heading).is_visible()
    assert page.get_by_role("img", name="The course's competencies by student").is_visible()
    page.get_by_text("The numbers").first.click()  # the chart's numbers, as a table
    assert page.get_by_role("table", name="The course's competencies by student").is_visible()
    assert page.get_by_text("no claim of causation").is_visible()
    assert_accessible(page)

    assign = page.get_by_role("region", name="Assign a playlist to several students")
    assign.get_by_role("button", name="Assign to these students").click()
    assert page.get_by_role("alert").is_visible()  # what is missing, beside its field
    assert_accessible(page)
