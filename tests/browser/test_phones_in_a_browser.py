"""Every student and family page fits a 375 px phone, in English and in Spanish, and passes axe.

The demo student and the demo guardian log in on a phone-sized Chromium; each walks every page reachable
by links from their home page (GET only, within Pathmaker) and each page must not scroll sideways
(document.documentElement.scrollWidth <= 375): wide tables scroll inside their own labelled region.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlparse

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

WIDTH = 375
SKIPPED = ("/logout", "/i18n/", "/static/", "/api/", "/admin/", "/ims/")
MAX_PAGES = 80


@pytest.fixture(params=["en", "es"])
def phone_in(request, browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale=request.param,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _pages_from_home(page, server) -> list[str]:
    seen: list[str] = []
    queue = ["/"]
    while queue and len(seen) < MAX_PAGES:
        path = urldefrag(queue.pop(0))[0]
        if path in seen or urlparse(path).netloc or not path.startswith("/") or path.startswith(SKIPPED):
            continue
        # Two pages of each kind (two goals, two levels...) are enough to see how the kind fits.
        if sum(re.sub(r"\d+", "N", other) == re.sub(r"\d+", "N", path) for other in seen) >= 2:
            continue
        # Ask first: a file link starts a download, which a page cannot navigate to.
        head = page.request.get(server.url + path, max_redirects=0)
        if head.status != 200 or "html" not in (head.headers.get("content-type") or ""):
            continue
        page.goto(server.url + path)
        seen.append(path)
        queue += [
            href
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            if href not in seen
        ]
    return seen


@pytest.mark.parametrize("persona", ["student", "guardian"])
def test_every_student_and_family_page_fits_a_phone_and_passes_axe(phone_in, demo_server, persona):
    log_in_any_language(phone_in, demo_server, persona)
    paths = _pages_from_home(phone_in, demo_server)
    assert len(paths) >= 5, paths
    too_wide = {}
    for path in paths:
        phone_in.goto(demo_server.url + path)
        width = phone_in.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[path] = width
        assert_accessible(phone_in)
    assert too_wide == {}, "\n".join(f"{path}: {width} px" for path, width in too_wide.items())


def log_in_any_language(page, server, persona: str) -> None:
    """The login form by its fields' names, so it works in Spanish too."""
    if page.context.browser is not None and (page.evaluate("navigator.language") or "").startswith("en"):
        log_in(page, server, persona)
        return
    page.goto(f"{server.url}/login/")
    page.fill("input[name=username]", server.logins[persona])
    page.fill("input[name=password]", server.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/")


def test_the_profiles_year_table_keeps_its_now_column_on_a_phone(phone_in, demo_server):
    log_in_any_language(phone_in, demo_server, "student")
    phone_in.goto(demo_server.url + "/")
    profile = next(
        href
        for href in phone_in.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        if href.endswith("/profile/")
    )
    phone_in.goto(demo_server.url + profile)
    now_right = phone_in.evaluate(
        "document.querySelector('table.across thead th:last-child').getBoundingClientRect().right"
    )
    assert now_right <= WIDTH, now_right


def test_a_long_request_note_beside_a_status_wraps_on_a_phone(phone_in, demo_server):
    """A student's note asking for evaluation shows beside the status on their classes page; the status
    cell keeps its words together, but the note must wrap (it once pushed the page to 704 px)."""
    log_in_any_language(phone_in, demo_server, "student")
    hrefs = phone_in.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    classes = demo_server.url + next(h for h in hrefs if re.fullmatch(r"/students/\d+/", h))
    phone_in.goto(classes)
    phone_in.locator("a[href*='/mastery/']").first.click()
    phone_in.locator("#flag-note").fill("I redid every problem of the second page with a ratio table " * 3)
    phone_in.locator("form[action*='/flag'] button[type=submit]").first.click()
    phone_in.goto(classes)
    assert phone_in.locator(".request-short").count() >= 1
    assert phone_in.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert_accessible(phone_in)
