"""The portfolio in Debian's Chromium: the demo student uploads work and sees it; an oversized and a
disallowed file are refused with a clear message; a teacher turns the work into evidence; axe on every page,
on a desktop and on a 375-pixel phone."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from pathmaker.demo.portfolios import lab_report_pdf, poster_png
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

STUDENT_LINK = re.compile(r"/students/(\d+)/")


@pytest.fixture(scope="module")
def student_id(browser, demo_server) -> str:
    """The demo student's id, as their home page links to their own record."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        log_in(page, demo_server, "student")
        href = page.locator('main a[href^="/students/"]').first.get_attribute("href")
        return STUDENT_LINK.search(href).group(1)
    finally:
        context.close()


def _portfolio(page, server, student_id) -> None:
    page.goto(f"{server.url}/students/{student_id}/portfolio/")
    page.get_by_role("heading", level=1).wait_for()


def _upload_pdf(page, server, student_id, tmp_path) -> str:
    """The student adds a small PDF with a title no other test uses; returns the title."""
    title = f"Browser lab report {uuid.uuid4().hex[:6]}"
    pdf = tmp_path / "juice-lab.pdf"
    pdf.write_bytes(lab_report_pdf(student_name="Demo student", day=dt.date(2026, 10, 1)))
    _portfolio(page, server, student_id)
    form = page.get_by_role("region", name="Add work")
    form.get_by_label("Title").fill(title)
    form.get_by_label(re.compile(r"^File")).set_input_files(str(pdf))
    form.get_by_label("My reflection").fill(
        "Working out each unit rate showed me which juice is the better buy."
    )
    form.get_by_role("button", name="Add to my portfolio").click()
    page.get_by_role("status").filter(has_text=f"“{title}” is in your portfolio.").wait_for()
    return title


def test_the_student_uploads_a_pdf_and_it_appears_in_their_portfolio(page, demo_server, student_id, tmp_path):
    log_in(page, demo_server, "student")
    _portfolio(page, demo_server, student_id)
    assert page.get_by_role("heading", name="My portfolio", level=1).is_visible()
    assert page.get_by_text("Upload a file of up to 10 MB").is_visible()  # the limits, before uploading
    assert_accessible(page)
    title = _upload_pdf(page, demo_server, student_id, tmp_path)
    work = page.get_by_role("region", name=re.compile(r"^Work \(\d+\)"))
    assert work.get_by_role("link", name=title).is_visible()
    assert_accessible(page)
    work.get_by_role("link", name=title).click()
    assert page.get_by_role("heading", name=title, level=1).is_visible()
    assert (
        page.get_by_role("region", name="My reflection")
        .get_by_text("Working out each unit rate")
        .is_visible()
    )
    assert page.get_by_role("heading", name="Change it").is_visible()
    assert_accessible(page)
    response = page.request.get(
        demo_server.url + page.get_by_role("link", name=re.compile("^Open the PDF")).get_attribute("href")
    )
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.body().startswith(b"%PDF")


def test_a_featured_picture_shows_as_a_thumbnail_served_through_the_access_rule(
    page, demo_server, student_id, tmp_path
):
    poster = tmp_path / "ratio-poster.png"
    poster.write_bytes(poster_png())
    title = f"Ratio poster {uuid.uuid4().hex[:6]}"
    log_in(page, demo_server, "student")
    _portfolio(page, demo_server, student_id)
    form = page.get_by_role("region", name="Add work")
    form.get_by_label("Title").fill(title)
    form.get_by_label(re.compile(r"^File")).set_input_files(str(poster))
    form.get_by_label(re.compile(r"^What it is")).fill(
        "Four bars, each taller than the last by the same step."
    )
    form.get_by_label("Feature this work").check()
    form.get_by_role("button", name="Add to my portfolio").click()
    page.get_by_role("status").filter(has_text=f"“{title}” is in your portfolio.").wait_for()
    card = page.locator(".portfolio-card").filter(has=page.get_by_role("link", name=title))
    image = card.get_by_role("img", name="Four bars, each taller than the last by the same step.")
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth === 360", arg=image.element_handle())
    assert card.get_by_text("Featured").is_visible()
    assert_accessible(page)


def test_an_oversized_file_and_a_disallowed_file_are_refused_with_a_clear_message(
    page, demo_server, student_id, tmp_path
):
    big = tmp_path / "video.mp4"
    big.write_bytes(b"\x00\x00\x00\x20ftypisom" + b"\x00" * (10 * 1024 * 1024 + 512 * 1024))
    program = tmp_path / "essay.exe"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    log_in(page, demo_server, "student")
    for upload, message in [
        (big, "“video.mp4” is 10.5 MB; the limit is 10 MB"),
        (
            program,
            "“essay.exe” is not a kind of file the portfolio takes (PDF, images, text, audio, video, "
            "Office documents)",
        ),
    ]:
        _portfolio(page, demo_server, student_id)
        before = page.locator(".portfolio-card").count()
        form = page.get_by_role("region", name="Add work")
        form.get_by_label("Title").fill(f"Refused {upload.name}")
        form.get_by_label(re.compile(r"^File")).set_input_files(str(upload))
        form.get_by_role("button", name="Add to my portfolio").click()
        alert = page.get_by_role("alert")
        alert.wait_for()
        assert message in alert.inner_text()
        assert page.locator("#id_file_error").inner_text().strip() == message
        assert page.get_by_label("Title").input_value() == f"Refused {upload.name}"  # nothing typed is lost
        assert page.locator(".portfolio-card").count() == before
        assert_accessible(page)
        alert.get_by_role("link", name="File").click()  # the summary leads to the field
        assert page.evaluate("location.hash") == "#id_file"


def test_a_teacher_turns_the_work_into_evidence_on_a_phone(page, phone, demo_server, student_id, tmp_path):
    log_in(page, demo_server, "student")
    title = _upload_pdf(page, demo_server, student_id, tmp_path)
    item_url = page.get_by_role("link", name=title).get_attribute("href")
    log_in(phone, demo_server, "teacher")
    phone.goto(f"{demo_server.url}{item_url}")
    assert phone.get_by_role("heading", name=title, level=1).is_visible()
    assert phone.get_by_role("heading", name="Change it").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
    competency = phone.get_by_label("Competency")
    chosen = competency.locator("option").first.inner_text()
    phone.get_by_label("Score").select_option(index=2)
    phone.get_by_label("Feedback to the student").fill("Clear table; show your rounding next time.")
    phone.get_by_role("button", name="Record as evidence").click()
    phone.get_by_role("status").filter(has_text="Recorded as evidence of").wait_for()
    evidence = phone.get_by_role("region", name="Evidence of mastery")
    assert evidence.get_by_text("Clear table; show your rounding next time.").is_visible()
    assert chosen.split(" ")[0] in evidence.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)


def test_the_portfolio_fits_a_phone_for_the_student_and_the_family(phone, demo_server, student_id):
    for persona in ("student", "guardian"):
        log_in(phone, demo_server, persona)
        _portfolio(phone, demo_server, student_id)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), persona
        assert_accessible(phone)
        phone.context.clear_cookies()
