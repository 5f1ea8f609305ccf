"""The learner profile in Debian's Chromium: the student writes it, the family reads it on a phone (in
English or Spanish), the advisor adds a note; every page passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_the_student_rewrites_how_they_learn_best_by_keyboard(page, demo_server):
    log_in(page, demo_server, "student")
    page.get_by_role("link", name="My learner profile").click()
    assert page.get_by_role("heading", name="My learner profile").is_visible()
    assert_accessible(page)
    box = page.get_by_label("Rewrite in your own words").nth(6)  # the seventh written section
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Sketching first, then explaining it to a partner.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/profile/#section-learning_preferences$"))
    section = page.get_by_role("region", name="How I learn best")
    assert section.get_by_text("Sketching first, then explaining it to a partner.").first.is_visible()
    assert section.get_by_text(re.compile(r"earlier version")).is_visible()
    assert_accessible(page)


def test_a_guardian_reads_the_family_sections_on_a_phone_without_staff_notes(phone, demo_server):
    log_in(phone, demo_server, "guardian")
    # The demo guardian may have several children; the demo student is the one who has written their profile.
    for href in [
        a.get_attribute("href") for a in phone.get_by_role("link", name=re.compile("learner profile")).all()
    ]:
        phone.goto(demo_server.url + href)
        if phone.get_by_role("region", name="About me").get_by_text(re.compile("^Written by")).count():
            break
    assert phone.get_by_role("heading", name=re.compile("learner profile")).is_visible()
    assert phone.get_by_role("region", name="About me").get_by_text(re.compile("^Written by")).is_visible()
    assert phone.get_by_role("region", name="Goals and reflection").get_by_role("link").count() > 0
    assert phone.get_by_role("region", name="Notes from my teachers and advisor").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)


def test_the_advisor_adds_a_note_the_student_will_see(page, demo_server):
    log_in(page, demo_server, "advisor")
    page.get_by_role("link", name="My advisees").click()
    page.get_by_role("link", name=re.compile("profile")).first.click()
    notes = page.get_by_role("region", name="Notes from my teachers and advisor")
    notes.get_by_label(re.compile("Add a note")).fill("Brought a great question to advisory today.")
    notes.get_by_role("button", name="Add note").click()
    assert page.get_by_text("Brought a great question to advisory today.").is_visible()
    assert_accessible(page)


def test_the_district_chooses_the_profile_sections(page, demo_server):
    log_in(page, demo_server, "district_admin")
    page.goto(f"{demo_server.url}/profile-sections/")
    assert page.get_by_role("heading", name="Learner profile sections").is_visible()
    assert_accessible(page)


def test_a_guardian_switches_the_profile_to_spanish_on_a_phone(phone, demo_server):
    log_in(phone, demo_server, "guardian")
    phone.get_by_role("link", name=re.compile("learner profile")).first.click()
    phone.get_by_label("Language").select_option("es")
    phone.get_by_role("button", name="Change").click()
    assert phone.get_by_role("heading", name=re.compile("Perfil del estudiante")).is_visible()
    assert phone.get_by_role("region", name="Sobre mí").is_visible()
    assert phone.locator("html").get_attribute("lang") == "es"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
    phone.get_by_label("Idioma").select_option("en")  # leave the shared demo in English for the other tests
    phone.get_by_role("button", name="Cambiar").click()
