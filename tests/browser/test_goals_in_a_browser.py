"""Goals in Debian's Chromium: the student sets a goal with a step and checks in on it; the advisor reads
their advisees' goals. Every page passes axe (WCAG 2.1 AA) and fits a 375-pixel phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def _student_id(page) -> str:
    href = page.locator("a[href*='/students/']").first.get_attribute("href")
    return re.search(r"/students/(\d+)/", href).group(1)


def test_the_student_sets_a_goal_with_a_step_and_checks_in(page, demo_server):
    log_in(page, demo_server, "student")
    page.goto(f"{demo_server.url}/students/{_student_id(page)}/goals/new/")
    assert page.get_by_role("heading", name="Set a goal").is_visible()
    assert_accessible(page)

    target = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=30)).isoformat()
    page.get_by_label("Academic").check()
    page.get_by_label("Goal", exact=True).fill("Hand in every science lab on time")
    page.get_by_label("Why it matters").fill("Late labs cost me points I earned.")
    page.get_by_label("Target date").fill(target)
    page.get_by_label("Steps").fill("Write each lab due date in my planner")
    page.get_by_role("button", name="Save goal").click()
    page.wait_for_url(re.compile(r"/goals/\d+/$"))
    assert page.get_by_role("heading", name="Hand in every science lab on time").is_visible()
    assert page.get_by_text("Write each lab due date in my planner", exact=True).is_visible()
    assert page.get_by_text("0 of 1 steps done").is_visible()
    assert_accessible(page)

    checkins = page.get_by_role("region", name="Check-ins")
    checkins.get_by_label("3: On track").check()
    checkins.get_by_label("Your reflection").fill("Two labs in on time this week; the planner helps.")
    checkins.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(re.compile(r"/goals/\d+/#checkins$"))
    assert page.get_by_role("article").filter(has_text="Two labs in on time this week").is_visible()

    # The step is ticked off by keyboard.
    page.get_by_role("button", name=re.compile("Mark done")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#steps$"))
    assert page.get_by_text("1 of 1 steps done").is_visible()
    assert_accessible(page)


def test_a_refused_goal_names_the_field_and_keeps_what_was_typed(page, demo_server):
    log_in(page, demo_server, "student")
    page.goto(f"{demo_server.url}/students/{_student_id(page)}/goals/new/")
    page.get_by_label("Goal", exact=True).fill("Read a book a month")
    page.get_by_role("button", name="Save goal").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_role("alert").get_by_role("link", name="Target date").is_visible()
    assert page.get_by_label("Goal", exact=True).input_value() == "Read a book a month"
    assert_accessible(page)


def test_setting_a_goal_works_on_a_phone(phone, demo_server):
    log_in(phone, demo_server, "student")
    phone.goto(f"{demo_server.url}/students/{_student_id(phone)}/goals/new/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
    phone.get_by_label("Personal").check()
    phone.get_by_label("Goal", exact=True).fill("Practise the trumpet four days a week")
    phone.get_by_label("Target date").fill(
        (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=20)).isoformat()
    )
    phone.get_by_role("button", name="Save goal").click()
    phone.wait_for_url(re.compile(r"/goals/\d+/$"))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)


def test_the_advisor_sees_advisees_goals_and_opens_one(page, demo_server):
    log_in(page, demo_server, "advisor")
    page.get_by_role("link", name="My advisees").click()
    page.wait_for_url(re.compile(r"/advising/$"))
    assert page.get_by_role("heading", name="My advisees", level=1).is_visible()
    assert page.get_by_role("img", name="Open goals by advisee").is_visible()
    # Paths' panel: the demo student is off track in courses with no mastery yet this term.
    assert page.get_by_role("heading", name="Advisees behind pace").is_visible()
    assert_accessible(page)
    # The demo student's habits goal is overdue and stalled; its page shows the advisor-only reflection.
    page.get_by_role("link", name="Turn in every assignment on time for a month").first.click()
    page.wait_for_url(re.compile(r"/goals/\d+/$"))
    assert page.get_by_text("Advisor only: the student shared this with their advisors alone").is_visible()
    assert_accessible(page)


def test_the_advisors_page_fits_a_phone(phone, demo_server):
    log_in(phone, demo_server, "advisor")
    phone.goto(f"{demo_server.url}/advising/")
    assert phone.get_by_role("heading", name="My advisees", level=1).is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
