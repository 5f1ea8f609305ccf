"""Mastery pages in Debian's Chromium, each scanned with axe: the gradebook read by keyboard (the
statements, the status legend, "set all"), the explanation page worded for its reader, a student's
request reaching the teacher's inbox, and the confirm step before a district adopts a mastery rule."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def _open_gradebook(page, demo_server) -> None:
    log_in(page, demo_server, "teacher")
    page.get_by_role("region", name="Your sections").get_by_role("link").first.click()
    page.get_by_role("link", name="Open the gradebook").click()
    page.get_by_role("heading", name=re.compile(r"^Gradebook")).wait_for()


def test_the_gradebooks_statements_are_reached_by_keyboard_with_a_status_legend(page, demo_server):
    _open_gradebook(page, demo_server)
    legend = page.locator(".status-legend")
    for label in ("Not started", "In progress", "Proficient", "Advanced", "Needs revision"):
        assert legend.get_by_text(label, exact=True).is_visible()
    assert page.locator("abbr[title]").count() == 0  # no statement hidden in a hover tooltip
    assert_accessible(page)
    page.locator("main").focus()
    for _ in range(60):  # Tab to the first column heading, as a keyboard user would
        page.keyboard.press("Tab")
        if (page.evaluate("document.activeElement.getAttribute('href')") or "").startswith("#competency-"):
            break
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert target.startswith("#competency-")
    statement = page.evaluate("document.activeElement.querySelector('.visually-hidden').textContent")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    key = page.locator(target)
    assert key.is_visible() and statement.strip(": ").strip() in key.inner_text()
    assert key.locator(".status-counts li").count() == 6  # how many students at each status


def test_set_all_fills_every_students_score_before_saving(page, demo_server):
    _open_gradebook(page, demo_server)
    what = page.get_by_label("What to score")
    what.select_option(what.locator("option", has_text="one score on the scale").first.get_attribute("value"))
    page.get_by_role("button", name="Choose").click()
    page.get_by_label("Task name (optional)").fill("Exit ticket 4")
    set_all = page.get_by_label("Set every student's score to")
    chosen = set_all.select_option(index=3)[0]  # the third level of the scale
    page.get_by_role("button", name="Set all").click()
    scores = page.locator("select[name^='score-']")
    assert scores.count() > 1
    assert all(value == chosen for value in scores.evaluate_all("els => els.map(e => e.value)"))
    assert page.get_by_text("Every student’s row is set.").is_visible()
    assert page.get_by_label("Task name (optional)").input_value() == "Exit ticket 4"  # nothing was posted
    assert_accessible(page)


def test_the_explanation_speaks_to_the_student_and_names_them_for_a_teacher(page, demo_server):
    log_in(page, demo_server, "student")
    page.get_by_role("link", name="Classes and levels").first.click()
    page.locator("a[href*='/mastery/']").first.click()
    url = page.url
    assert page.get_by_role("button", name="Show my level").is_visible()
    assert page.get_by_label("If my next score is").is_visible()
    assert_accessible(page)
    log_in(page, demo_server, "teacher")
    page.goto(url)
    assert page.get_by_role("button", name="Show the level").is_visible()
    assert page.get_by_role("button", name="Show my level").count() == 0
    assert page.get_by_text(re.compile(r"^The scores, oldest first")).is_visible()
    assert page.get_by_text(re.compile(r"\b[Yy]our (level|scores)\b")).count() == 0
    assert page.locator("td", has_text="quiz_item").count() == 0
    assert_accessible(page)


def test_a_students_request_reaches_the_teachers_inbox_with_its_note(page, demo_server):
    log_in(page, demo_server, "student")
    page.get_by_role("link", name="Classes and levels").first.click()
    page.locator("a[href*='/mastery/']").first.click()
    page.get_by_label("What to look at (optional)").fill("I redid the second problem with a table.")
    page.get_by_role("button", name="Ask my teacher to evaluate").click()
    assert page.get_by_text("You asked your teacher to evaluate this work").is_visible()
    assert_accessible(page)
    log_in(page, demo_server, "teacher")
    inbox = page.get_by_role("region", name=re.compile(r"Asked to evaluate"))
    assert inbox.get_by_text("I redid the second problem with a table.").is_visible()
    assert_accessible(page)
    inbox.get_by_role("listitem").filter(has_text="I redid the second problem with a table.").get_by_role(
        "link"
    ).first.click()
    assert page.get_by_text(re.compile(r"asked for this work to be evaluated")).is_visible()
    assert page.get_by_text("I redid the second problem with a table.").is_visible()
    assert_accessible(page)


def test_a_district_admin_sees_what_a_rule_would_change_before_adopting_it(page, demo_server):
    log_in(page, demo_server, "district_admin")
    page.get_by_role("link", name="Mastery rules").click()
    method = page.get_by_label("Method")
    assert method.input_value() == "decaying_average"  # the rule in force, not "highest"
    assert method.locator("option", has_text="Most recent score").count() == 1
    assert page.get_by_role("button", name="Adopt this rule").count() == 0
    method.select_option(label="Highest score")
    page.get_by_role("button", name="See what adopting it would change…").click()
    assert page.get_by_role("heading", name="Adopt this rule?").is_visible()
    assert page.get_by_text(re.compile(r"\d+ levels? of \d+ would change")).is_visible()
    assert page.get_by_role("table", name="Levels at each status, now and after adopting").is_visible()
    assert page.get_by_role("button", name="Adopt this rule").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back, without adopting").click()
    assert page.get_by_role("heading", name="Mastery rules").is_visible()


def test_the_gradebook_fits_a_phone_with_its_tables_scrolling_inside_their_regions(phone, demo_server):
    _open_gradebook(phone, demo_server)
    # innerWidth grows with a too-wide page on a phone, so measure against the device's 375 px.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)
