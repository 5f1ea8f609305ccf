"""Leaders find their students, sections and teachers from the menu, search them by name, and reach a
gradebook and a student's page by links (no typed URL), in Debian's Chromium with axe scans."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_a_principal_finds_a_student_by_name_from_the_menu(page, demo_server):
    log_in(page, demo_server, "principal")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Students", exact=True).click()
    assert page.get_by_role("heading", name="Students", exact=True).is_visible()
    assert_accessible(page)
    first = page.get_by_role("table").get_by_role("rowheader").first.inner_text()
    family = first.split(",")[0]
    page.get_by_label("Name").fill(family)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q="))
    assert page.get_by_role("link", name=first).is_visible()
    page.get_by_role("link", name=first).click()
    page.wait_for_url(re.compile(r"/students/\d+/$"))
    assert_accessible(page)


def test_a_principal_reaches_a_gradebook_from_the_section_list(page, demo_server):
    log_in(page, demo_server, "principal")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sections", exact=True).click()
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link", name=re.compile("^Gradebook")).first.click()
    page.wait_for_url(re.compile(r"/sections/\d+/gradebook/$"))
    assert_accessible(page)


def test_a_principal_lists_their_teachers_and_the_next_page(page, demo_server):
    log_in(page, demo_server, "principal")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teachers", exact=True).click()
    assert page.get_by_role("heading", name=re.compile(r"\d+ teachers?")).is_visible()
    assert_accessible(page)
    page.goto(f"{demo_server.url}/school/students/")
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert_accessible(page)


def test_the_district_admins_menu_holds_every_page_they_use_and_the_audit_log_searches_by_name(
    page, demo_server
):
    log_in(page, demo_server, "district_admin")
    menu = page.get_by_role("navigation", name="Main")
    for name in (
        "Students",
        "Sections",
        "Teachers",
        "Frameworks",
        "Framework imports",
        "Mastery rules",
        "Profile sections",
        "Roster imports",
        "Audit log",
    ):
        assert menu.get_by_role("link", name=name, exact=True).is_visible(), name
    menu.get_by_role("link", name="Audit log").click()
    page.get_by_label("Student (name)").fill("zzzz nobody")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("heading", name="0 events").is_visible()
    assert_accessible(page)


def test_the_menu_fits_a_phone_and_no_page_asks_for_a_missing_icon(phone, demo_server):
    missing: list[str] = []
    phone.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    log_in(phone, demo_server, "principal")
    assert phone.get_by_role("navigation", name="Main").get_by_role("link", name="Students").is_visible()
    assert_accessible(phone)
    phone.goto(f"{demo_server.url}/favicon.ico")
    assert missing == []
