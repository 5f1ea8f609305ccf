"""Pacing in Debian's Chromium: the student reads their projection and deadlines and asks for more time; the
teacher answers from the section's pacing page; a guardian reads the same on a phone. Every page passes axe
(WCAG 2.1 AA) and the student's page fits a 375-pixel phone."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def _student_id(page) -> str:
    href = page.locator("a[href*='/students/']").first.get_attribute("href")
    return re.search(r"/students/(\d+)/", href).group(1)


def test_the_student_reads_their_projection_and_the_arithmetic_behind_it(page, demo_server):
    log_in(page, demo_server, "student")
    page.goto(f"{demo_server.url}/students/{_student_id(page)}/pacing/")
    assert page.get_by_role("heading", name="My deadlines and pace").is_visible()
    page.get_by_text("How this is worked out").first.click()
    assert page.get_by_text(re.compile(r"school days are behind you")).first.is_visible()
    assert page.locator("ul.deadlines li", has_text="Hard deadline").first.is_visible()
    assert page.locator("ul.deadlines li", has_text="My target").first.is_visible()
    assert page.get_by_text("Extension asked").first.is_visible()
    assert_accessible(page)


def test_the_teachers_home_and_section_pacing_show_who_needs_a_word(page, demo_server):
    log_in(page, demo_server, "teacher")
    assert page.get_by_role("heading", name="Pacing: who needs a word").is_visible()
    assert_accessible(page)
    page.get_by_role("region", name="Pacing: who needs a word").locator("a[href*='/pacing/']").last.click()
    page.wait_for_url(re.compile(r"/sections/\d+/pacing/$"))
    assert page.get_by_role("heading", name="Extension requests").is_visible()
    # The demo student's open request, answered with the shared form components.
    assert page.get_by_role("button", name="Send answer").first.is_visible()
    assert page.get_by_role("table").first.is_visible()
    assert_accessible(page)


def test_the_students_pacing_page_fits_a_phone_for_the_family(phone, demo_server):
    log_in(phone, demo_server, "student")
    phone.goto(f"{demo_server.url}/students/{_student_id(phone)}/pacing/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.get_by_text("How this is worked out").first.click()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
