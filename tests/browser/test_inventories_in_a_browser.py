"""Habits inventories in Debian's Chromium: the student rates themself by keyboard alone and sees the new point,
on a desktop and on a phone; the rating page and the district's inventory page pass axe (WCAG 2.1 AA).

The demo defines "Habits of success" and rates its student over the year. A demo without an inventory
gets one first: the district administrator defines it on the inventory page, as a district would.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

ACTIVE = "form[action$='/retire/']"  # an active inventory can be retired
STATEMENTS = (
    "Collaboration | I do my share of the team's work on time\n"
    "Collaboration | I build on other people's ideas\n"
    "Perseverance | I keep working when a task gets hard"
)


@pytest.fixture(scope="module")
def student_id(browser, demo_server) -> str:
    """The demo student's id (from their home page), once an active inventory exists."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        log_in(page, demo_server, "district_admin")
        page.goto(f"{demo_server.url}/inventories/")
        if page.locator(ACTIVE).count() == 0:
            page.get_by_label("Title").fill("Habits of work")
            page.get_by_label("Statements to rate").fill(STATEMENTS)
            page.get_by_role("button", name="Create the inventory").click()
            page.get_by_text("Habits of work was created").wait_for()
        log_in(page, demo_server, "student")
        href = page.get_by_role("region", name="Your record").get_by_role("link").first.get_attribute("href")
        return re.match(r"/students/(\d+)/", href).group(1)
    finally:
        context.close()


def _tab_until(page, condition: str, limit: int = 60) -> None:
    """Press Tab until `condition` (JavaScript, about `el`, the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({condition}); }})()"):
            return
    pytest.fail(f"Tab never reached an element where {condition}")


def _own_marks(page) -> int:
    return page.locator(".inv-panel").first.locator(".inv-chart").first.locator("circle.mark-own").count()


def _rate_by_keyboard(page, note: str) -> None:
    """Each statement: Tab into its radio group, Space picks level 1, the right arrow moves to level 2 and 3."""
    groups = page.locator("fieldset.inv-item").count()
    assert groups > 0
    _tab_until(page, "el.type === 'radio'")
    for number in range(groups):
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        if number < groups - 1:
            page.keyboard.press("Tab")
    checked = page.locator("input[type=radio]:checked")
    assert checked.count() == groups and {checked.nth(i).get_attribute("value") for i in range(groups)} == {
        "3"
    }
    _tab_until(page, "el.name === 'note'")
    page.keyboard.type(note)
    _tab_until(page, "el.type === 'submit' && el.closest('form.inv-take')")
    page.keyboard.press("Enter")


def test_the_student_rates_themself_by_keyboard_and_the_trend_shows_the_new_point(
    page, demo_server, student_id
):
    log_in(page, demo_server, "student")
    page.goto(f"{demo_server.url}/students/{student_id}/habits/")
    assert page.get_by_role("heading", name="My habits and dispositions", level=1).is_visible()
    assert_accessible(page)
    before = _own_marks(page)
    _tab_until(page, "el.textContent.trim().startsWith('Rate myself')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/habits/\d+/rate/$"))
    assert page.get_by_role("heading", name=re.compile("^Rate myself: "), level=1).is_visible()
    assert_accessible(page)
    _rate_by_keyboard(page, "Rated with the keyboard alone.")
    page.wait_for_url(re.compile(rf"/students/{student_id}/habits/#inventory-\d+$"))
    assert page.get_by_text(re.compile(r"^Saved: the ratings of .+ are on the chart below\.$")).is_visible()
    assert _own_marks(page) == before + 1
    chart = page.locator(".inv-panel").first.locator(".inv-chart").first
    assert chart.get_by_role("img").count() == 1 and chart.locator("path.series-own").count() == 1
    chart.locator("summary").press("Enter")  # the numbers, by keyboard
    assert chart.locator("tbody tr").last.locator("td").first.inner_text() == "3.0"
    assert page.get_by_text("Rated with the keyboard alone.").count() == 1
    assert_accessible(page)


def test_the_rating_page_fits_a_phone_and_says_what_is_missing(phone, demo_server, student_id):
    log_in(phone, demo_server, "student")
    phone.goto(f"{demo_server.url}/students/{student_id}/habits/")
    phone.get_by_role("link", name=re.compile("^Rate myself")).first.click()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    first = phone.locator("fieldset.inv-item").first
    first.locator("label").nth(1).click()  # a tap on the label picks the level
    assert first.locator("input[type=radio]").nth(1).is_checked()
    phone.locator("form.inv-take button[type=submit]").click()
    summary = phone.get_by_role("alert")
    summary.wait_for()
    assert "Choose a level for" in summary.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)


def test_the_district_inventory_page_passes_axe_and_only_the_district_opens_it(page, demo_server, student_id):
    log_in(page, demo_server, "district_admin")
    page.goto(f"{demo_server.url}/inventories/")
    assert page.get_by_role("heading", name="Habits and dispositions inventories", level=1).is_visible()
    page.locator("article details summary").first.press("Enter")
    assert page.locator("article details[open] table").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Title").fill("")
    page.get_by_role(
        "button", name="Create the inventory"
    ).click()  # no title, no statements: the page says so
    page.get_by_role("alert").wait_for()
    assert "Title: This field is required." in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    log_in(page, demo_server, "teacher")
    response = page.goto(f"{demo_server.url}/inventories/")
    assert response.status == 404
