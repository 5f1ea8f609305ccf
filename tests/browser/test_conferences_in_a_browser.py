"""Student-led conferences in Debian's Chromium: the demo student prepares the spring packet and downloads
it, the family reads the fall record on a phone, the advisor opens the record form; every page passes
axe (WCAG 2.1 AA).

The demo (pathmaker.demo.conferences) holds a fall conference that was recorded and a spring conference
whose packet the student has started.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def _conferences_of_the_student(page, server, persona: str) -> None:
    """From the persona's home to the list of the demo student's conferences (next to their profile)."""
    log_in(page, server, persona)
    if persona == "advisor":
        page.get_by_role("link", name="My advisees").click()
        profile = page.get_by_role("link", name=re.compile("profile")).first
        hrefs = [profile.get_attribute("href")]
    else:
        # A guardian may have several children on their home page; the demo student is the one with
        # conferences on record.
        hrefs = [
            link.get_attribute("href")
            for link in page.get_by_role("link", name=re.compile("learner profile")).all()
        ]
    for href in hrefs:
        page.goto(server.url + href.replace("/profile/", "/conferences/"))
        page.get_by_role("heading", level=1, name=re.compile("student-led conferences")).wait_for()
        if page.get_by_role("link", name=re.compile("conference$")).count():
            break


def _open_conference(page, server, persona: str, title: str) -> None:
    _conferences_of_the_student(page, server, persona)
    assert_accessible(page)
    region = "Coming up" if title.startswith("Spring") else "Held"
    page.get_by_role("region", name=region).get_by_role("link", name=title).click()
    page.get_by_role("heading", level=1, name=title).wait_for()


def test_the_student_edits_the_spring_packet_and_downloads_it(page, demo_server, tmp_path):
    _open_conference(page, demo_server, "student", "Spring conference")
    assert_accessible(page)

    page.get_by_role("link", name="Edit my packet").click()
    page.get_by_role("heading", level=1, name=re.compile("My packet")).wait_for()
    assert_accessible(page)
    page.get_by_label("Opening words").fill("Welcome! Tonight I will show you my bridge and my reading plan.")
    box = page.get_by_role("checkbox", checked=True).first
    left_out = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text().strip()
    box.uncheck()
    page.get_by_role("button", name="Save my packet").click()

    page.get_by_text("Your packet was saved.").wait_for()
    packet = page.get_by_role("region", name="The packet")
    assert packet.get_by_text("Welcome! Tonight I will show you my bridge and my reading plan.").is_visible()
    assert left_out not in packet.inner_text()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the packet (PDF)").click()
    assert re.fullmatch(r"conference-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf", download.value.suggested_filename)
    saved = tmp_path / "packet.pdf"
    download.value.save_as(saved)
    assert Path(saved).read_bytes().startswith(b"%PDF")


def test_a_guardian_reads_the_fall_conference_on_a_phone(phone, demo_server):
    _open_conference(phone, demo_server, "guardian", "Fall conference")
    record = phone.get_by_role("region", name="The conference")
    assert record.get_by_role("heading", name="Who attended").is_visible()
    assert record.get_by_role("heading", name="Agreed next steps").is_visible()
    assert phone.get_by_role("link", name="Edit my packet").count() == 0
    assert phone.get_by_role("link", name="Record the conference").count() == 0
    assert phone.get_by_role("link", name="Download the packet (PDF)").is_visible()
    # Nothing scrolls sideways on a 375-pixel phone.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)


def test_the_advisor_opens_the_record_form_for_the_spring_conference(page, demo_server):
    _open_conference(page, demo_server, "advisor", "Spring conference")
    page.get_by_role("link", name="Record the conference").click()
    assert page.get_by_label("Who attended").input_value().splitlines()[0].endswith("| student")
    assert_accessible(page)
