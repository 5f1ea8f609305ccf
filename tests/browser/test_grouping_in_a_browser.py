"""Groups in Debian's Chromium: the student reads their own group on a 375-pixel phone in English and in
Spanish; the teacher proposes groups from mastery, reads why each student is in their group, moves a student
with the keyboard (the select) and saves; the saved groups and the demo's station rotation. Every page passes
axe (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def test_the_student_reads_their_group_on_a_phone_in_english_and_spanish(phone, demo_server):
    log_in(phone, demo_server, "student")
    phone.goto(f"{demo_server.url}/account/password/")  # any page: the menu is the same on each
    mine = phone.get_attribute("a[href$='/groups/']", "href")  # "My groups", in the menu
    phone.goto(f"{demo_server.url}{mine}")
    assert phone.get_by_role("heading", name="My groups", exact=True).is_visible()
    assert phone.get_by_text("Why you are in this group").first.is_visible()
    assert phone.evaluate(FITS)
    assert_accessible(phone)

    phone.get_by_label("Language").select_option("es")
    phone.get_by_role("button", name="Change").click()
    assert phone.locator("html").get_attribute("lang") == "es"
    assert phone.evaluate(FITS)
    assert_accessible(phone)
    phone.get_by_label("Idioma").select_option("en")  # leave the shared demo in English for the other tests
    phone.get_by_role("button", name="Cambiar").click()


def test_the_family_reads_their_childs_group_on_a_phone(phone, demo_server):
    log_in(phone, demo_server, "guardian")
    child = phone.get_attribute("a[href$='/groups/']", "href")  # beside each child on the family's home
    phone.goto(f"{demo_server.url}{child}")
    assert phone.get_by_role("heading", name=re.compile("'s groups$")).is_visible()
    assert phone.evaluate(FITS)
    assert_accessible(phone)


def _a_section(page) -> str:
    hrefs = page.eval_on_selector_all(
        "a[href^='/sections/']", "links => links.map(a => a.getAttribute('href'))"
    )
    return next(h for h in hrefs if re.fullmatch(r"/sections/\d+/", h))


def test_the_teacher_proposes_moves_by_keyboard_and_saves_groups(page, demo_server):
    log_in(page, demo_server, "teacher")
    page.goto(f"{demo_server.url}{_a_section(page)}groups/")
    assert page.get_by_role("heading", name="Saved groupings").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Make groups from mastery").click()
    page.locator("input[name='competencies']").first.check()
    page.get_by_label(re.compile("Alike: similar levels")).check()
    page.get_by_role("button", name="Propose groups").click()
    assert page.get_by_role("heading", name="Proposed groups").is_visible()
    assert page.get_by_text(re.compile(r"Similar levels: [\d.–]+ on ")).first.is_visible()
    assert_accessible(page)

    first = page.locator("[data-group-list='0'] select").first
    first.focus()
    first.select_option("1")  # by keyboard: the select is the way to move a student
    assert page.locator("[data-group-list='1'] select").evaluate_all(
        "selects => selects.some(s => s.value === '1' && s === document.activeElement)"
    )
    # A screen reader does not see the row move: the status line says where the student now is.
    assert re.fullmatch(r".+ is now in Group 2\.", page.locator("[data-move-status]").text_content() or "")
    page.get_by_label("Purpose").fill("Reteach before the check-in")
    page.get_by_role("button", name="Save these groups").click()
    page.wait_for_url(re.compile(r"/groupings/\d+/$"))
    assert page.get_by_text("Moved by the teacher.").first.is_visible()
    assert page.get_by_text("This is an association, not a cause", exact=False).is_visible()
    assert_accessible(page)


def test_the_demo_rotation_gives_its_schedule(page, demo_server):
    log_in(page, demo_server, "teacher")
    sections = page.eval_on_selector_all(
        "a[href^='/sections/']", "links => links.map(a => a.getAttribute('href'))"
    )
    for href in [h for h in sections if re.fullmatch(r"/sections/\d+/", h)]:
        page.goto(f"{demo_server.url}{href}groups/")
        rotations = page.locator("a[href^='/rotations/']")
        if rotations.count():
            rotations.first.click()
            break
    page.wait_for_url(re.compile(r"/rotations/\d+/$"))
    assert page.get_by_role("table", name="Which group is at each station in each rotation").is_visible()
    assert_accessible(page)
