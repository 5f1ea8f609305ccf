"""Each persona's pages in Debian's Chromium: they work, by keyboard, on a phone, and pass axe (WCAG 2.1 AA)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.browser


def test_the_login_page_is_accessible(page, demo_server):
    page.goto(f"{demo_server.url}/login/")
    assert_accessible(page)


def test_a_wrong_password_is_refused_with_a_message(page, demo_server):
    page.goto(f"{demo_server.url}/login/")
    page.get_by_label("Username").fill(demo_server.logins["teacher"])
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


def test_a_teacher_goes_from_home_to_a_section_to_a_student(page, demo_server):
    log_in(page, demo_server, "teacher")
    assert page.get_by_role("heading", name="Your sections").is_visible()
    assert_accessible(page)
    page.get_by_role("region", name="Your sections").get_by_role("link").first.click()
    assert page.get_by_role("heading", name=re.compile(r"Students \(\d+\)")).is_visible()
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link").first.click()
    assert page.get_by_role("heading", name="Classes").is_visible()
    assert_accessible(page)


def test_the_pages_work_by_keyboard_starting_with_the_skip_link(page, demo_server):
    log_in(page, demo_server, "teacher")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Tab onwards reaches the first section link and Enter follows it.
    for _ in range(10):
        page.keyboard.press("Tab")
        if "/sections/" in (page.evaluate("document.activeElement.getAttribute('href')") or ""):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sections/\d+/$"))


def test_a_guardian_on_a_phone_sees_their_child(phone, demo_server):
    log_in(phone, demo_server, "guardian")
    assert phone.get_by_role("heading", name="Your children").is_visible()
    # Nothing scrolls sideways on a 375-pixel phone.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
    phone.get_by_role("region", name="Your children").get_by_role(
        "link", name="Classes and levels"
    ).first.click()
    assert phone.get_by_role("heading", name="Family").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)


def test_a_principal_sees_their_schools_numbers_as_a_chart(page, demo_server):
    log_in(page, demo_server, "principal")
    assert page.get_by_role("table", name="Students by grade").is_visible()
    assert page.locator(".bar").count() > 0
    assert_accessible(page)


def test_another_familys_guardian_gets_not_found_for_the_student(page, demo_server):
    log_in(page, demo_server, "guardian")
    page.get_by_role("region", name="Your children").get_by_role("link").first.click()
    student_url = page.url
    page.context.clear_cookies()
    log_in(page, demo_server, "other_guardian")
    response = page.goto(student_url)
    assert response.status == 404


def test_a_district_admin_searches_the_audit_log(page, demo_server):
    log_in(page, demo_server, "district_admin")
    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Action").fill("student.view")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("heading", name=re.compile(r"\d+ events?")).is_visible()
    assert_accessible(page)


def test_a_district_admin_uploads_a_roster_and_watches_the_worker_finish_it(page, demo_server, tmp_path):
    # A delta export (the 1.2 sample): adds one school and one student, deactivates nothing.
    upload = tmp_path / "delta.zip"
    upload.write_bytes((SHARED_DATA / "oneroster" / "oneroster_test_data.zip").read_bytes())
    assert zipfile.is_zipfile(upload)
    log_in(page, demo_server, "district_admin")
    page.get_by_role("link", name="Roster imports").click()
    assert_accessible(page)
    page.get_by_label("OneRoster zip file").set_input_files(str(upload))
    page.get_by_role("button", name="Start import").click()
    page.get_by_role("heading", name="What changed").wait_for(timeout=60000)
    assert page.get_by_text("Succeeded").first.is_visible()
    assert_accessible(page)
    assert Path(upload).exists()


def test_a_teacher_opens_the_gradebook_and_a_level_explains_itself(page, demo_server):
    log_in(page, demo_server, "teacher")
    page.get_by_role("region", name="Your sections").get_by_role("link").first.click()
    page.get_by_role("link", name="Open the gradebook").click()
    assert page.get_by_role("heading", name=re.compile(r"^Gradebook")).is_visible()
    assert_accessible(page)
    # The first cell's link (the column headings link to the statements above the table).
    page.get_by_role("region", name=re.compile(r"Levels")).locator("a[href*='/mastery/']").first.click()
    assert page.get_by_role("heading", name="Step by step").is_visible()
    assert_accessible(page)
    page.get_by_label(re.compile(r"next score is")).select_option("4")  # a teacher reads the student's name
    page.get_by_role("button", name="Show the level").press("Enter")
    page.wait_for_url(re.compile(r"what_if="))  # pressing Enter submits; wait for the answer to load
    page.get_by_role("status").filter(has_text="level would be").wait_for()
    assert_accessible(page)


def test_a_guardian_sees_their_childs_levels_but_no_gradebook(phone, demo_server):
    log_in(phone, demo_server, "guardian")
    phone.get_by_role("region", name="Your children").get_by_role(
        "link", name="Classes and levels"
    ).first.click()
    assert phone.get_by_role("heading", name="Mastery").is_visible()
    assert phone.get_by_role("link", name="Open the gradebook").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)


def test_a_teacher_scores_the_class_with_a_rubric_on_a_phone_and_the_level_shows_the_picks(
    page, phone, demo_server
):
    # The district writes a rubric for two competencies every demo course has one of.
    log_in(page, demo_server, "district_admin")
    page.goto(f"{demo_server.url}/rubrics/new/")
    page.get_by_label("Title").fill("Team and reasoning rubric")
    page.get_by_label("Criteria").fill(
        "MV.POG.2 | Shares the work\nMV.POG.2 | Builds on ideas\n"
        "MV.POG.4 | Weighs evidence\nMV.POG.4 | Checks the solution"
    )
    page.get_by_label("Levels").fill("1 | Beginning\n2 | Developing\n3 | Proficient\n4 | Advanced")
    page.get_by_role("button", name="Create rubric").click()
    page.get_by_text("The rubric Team and reasoning rubric was created.").wait_for()
    # A teacher, on a phone, scores with it from the gradebook.
    log_in(phone, demo_server, "teacher")
    phone.get_by_role("region", name="Your sections").get_by_role("link").first.click()
    phone.get_by_role("link", name="Open the gradebook").click()
    what = phone.get_by_label("What to score")
    option = what.locator("option", has_text="Team and reasoning rubric (2 criteria)").first
    what.select_option(option.get_attribute("value"))
    phone.get_by_role("button", name="Choose").click()
    selects = phone.locator("select[name^='level-']")
    selects.nth(0).select_option(label="Proficient (3)")
    selects.nth(1).select_option(label="Developing (2)")
    _, student_id, _ = selects.nth(0).get_attribute("name").split("-")  # level-<student>-<criterion>
    competency_id = phone.locator("input[name=competency]").get_attribute("value")
    assert_accessible(phone)
    phone.get_by_role("button", name="Save scores").click()
    assert phone.get_by_text(re.compile(r"Saved 1 score on MV\.POG\.[24]\.")).is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
    phone.goto(f"{demo_server.url}/students/{student_id}/mastery/{competency_id}/")
    assert phone.get_by_text(
        re.compile(
            r"(Shares the work|Weighs evidence): Proficient \(3\); "
            r"(Builds on ideas|Checks the solution): Developing \(2\) → 2\.5"
        )
    ).is_visible()
    assert_accessible(phone)


def test_a_district_admin_sets_the_mastery_policy_with_plain_explanations(page, demo_server):
    log_in(page, demo_server, "district_admin")
    page.get_by_role("link", name="Mastery rules").click()
    assert page.get_by_role("heading", name="District mastery policy").is_visible()
    assert_accessible(page)
    share = page.get_by_label("Share of a course's competencies that must be proficient (%)")
    share.fill("150")
    page.get_by_role("button", name="Save the policy").click()
    assert page.get_by_role("alert").filter(has_text="Nothing was changed").is_visible()
    assert_accessible(page)
    page.get_by_label("Share of a course's competencies that must be proficient (%)").fill("75")
    page.get_by_role("button", name="Save the policy").press("Enter")
    assert page.get_by_text(re.compile(r"mastery policy is now version \d+")).is_visible()
    assert page.get_by_role("heading", name="Policies on record").is_visible()
    assert_accessible(page)
    page.get_by_label("Share of a course's competencies that must be proficient (%)").fill(
        "80"
    )  # as the demo had it
    page.get_by_role("button", name="Save the policy").click()
    assert page.get_by_text(re.compile(r"mastery policy is now version \d+")).is_visible()
