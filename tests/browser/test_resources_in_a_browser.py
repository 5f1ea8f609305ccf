"""The resource library in Debian's Chromium: a teacher searches it with the keyboard alone, opens a
resource and rates it; the district curator reads the flags. Every page passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_a_teacher_searches_the_library_by_keyboard_and_rates_a_resource(page, demo_server):
    log_in(page, demo_server, "teacher")
    page.get_by_role("link", name="Resource library").click()
    assert page.get_by_role("heading", name="Resource library", level=1).is_visible()
    assert_accessible(page)

    page.get_by_label("Words").focus()
    page.keyboard.type("unit rates")  # Enter in the search box submits the search
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/resources/\?q=unit\+rates"))
    results = page.get_by_role("table")
    assert results.get_by_role("link", name="Video: unit rates in six minutes").is_visible()
    assert_accessible(page)

    results.get_by_role("link", name="Video: unit rates in six minutes").click()
    page.wait_for_url(re.compile(r"/resources/\d+/$"))
    assert page.get_by_role("heading", name="Video: unit rates in six minutes").is_visible()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Review").fill("Good for the first lesson on rates.")
    page.get_by_role("button", name="Rate it").click()
    page.wait_for_url(re.compile(r"/resources/\d+/$"))
    assert page.get_by_role("listitem").filter(has_text="Good for the first lesson on rates.").is_visible()
    assert page.get_by_text("Your rating is saved.").is_visible()
    assert page.get_by_role("button", name="Change my rating").is_visible()
    assert_accessible(page)


def test_the_district_curator_sees_the_dead_links_to_resolve(page, demo_server):
    log_in(page, demo_server, "district_admin")
    page.goto(f"{demo_server.url}/resources/flags/")
    assert page.get_by_role("heading", name="Flags to resolve").is_visible()
    assert page.get_by_text("404 Not Found").is_visible()
    assert_accessible(page)
