"""The framework pages in Debian's Chromium: browse, open the tree by keyboard, search, upload, on a phone, with axe.

The tests find their framework through the Frameworks page and their competency through the tree, so they
do not depend on the demo's titles. A demo without frameworks would get one: the district administrator
uploads a small CASE package first (not the Smarter Balanced one, whose upload is a test of its own).
"""

from __future__ import annotations

import json
import re
import uuid

import pytest

from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.browser

CASE = SHARED_DATA / "case"
FRAMEWORK_LINKS = '.framework-list a[href^="/frameworks/"]'


def _upload(page, server, path) -> None:
    page.goto(f"{server.url}/frameworks/import/")
    page.get_by_label("CASE package (.json)").set_input_files(str(path))
    page.get_by_role("button", name="Import package").click()
    page.get_by_role("heading", name=re.compile("^CASE import of")).wait_for()


@pytest.fixture(scope="module")
def framework_urls(browser, demo_server) -> list[str]:
    """The addresses of the frameworks on the Frameworks page, in its order."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        log_in(page, demo_server, "district_admin")
        page.goto(f"{demo_server.url}/frameworks/")
        if page.locator(FRAMEWORK_LINKS).count() == 0:
            _upload(page, demo_server, CASE / "wscb.json")
            page.goto(f"{demo_server.url}/frameworks/")
        return [demo_server.url + link.get_attribute("href") for link in page.locator(FRAMEWORK_LINKS).all()]
    finally:
        context.close()


@pytest.fixture
def framework_url(framework_urls) -> str:
    return framework_urls[0]


def test_a_teacher_browses_the_framework_list(page, demo_server, framework_url):
    log_in(page, demo_server, "teacher")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Frameworks").click()
    assert page.get_by_role("heading", name="Frameworks", level=1).is_visible()
    assert page.get_by_role("region", name=re.compile(r"All frameworks \(\d+\)")).is_visible()
    assert page.get_by_role("heading", name="Create a district framework").count() == 0
    assert_accessible(page)
    page.locator(FRAMEWORK_LINKS).first.click()
    assert page.get_by_role("region", name="Competencies").is_visible()


def test_a_branch_of_the_tree_opens_and_closes_by_keyboard(page, demo_server, framework_urls):
    log_in(page, demo_server, "teacher")
    for url in framework_urls:  # the first framework whose tree has branches
        page.goto(url)
        tree = page.get_by_role("region", name="Competencies")
        if tree.locator("details").count():
            break
    else:
        pytest.fail("no framework on the Frameworks page has a competency with children")
    assert_accessible(page)
    closed = tree.locator("details:not([open])")
    branch = closed.first if closed.count() else tree.locator("details").first
    was_open = branch.evaluate("d => d.open")
    branch.locator(":scope > summary").focus()
    page.keyboard.press("Enter")
    assert branch.evaluate("d => d.open") is not was_open
    page.keyboard.press("Enter")
    assert branch.evaluate("d => d.open") is was_open
    if not was_open:
        page.keyboard.press("Enter")
    # Open, what it contains is on screen.
    assert branch.locator(":scope > ul > li").first.is_visible()
    assert_accessible(page)


def test_a_tree_with_branches_passes_every_axe_rule(page, demo_server, framework_urls):
    log_in(page, demo_server, "teacher")
    for url in framework_urls:
        page.goto(url)
        if page.get_by_role("region", name="Competencies").locator("details").count():
            break
    assert_accessible(page)


def test_searching_a_framework_lists_matching_competencies(page, demo_server, framework_url):
    log_in(page, demo_server, "student")
    page.goto(framework_url)
    first = page.get_by_role("region", name="Competencies").get_by_role("link").first
    code = first.locator(".code")
    text = code.inner_text() if code.count() else first.inner_text()
    query = next((w for w in re.split(r"\s+", text) if len(w) >= 4), text.split()[0])
    page.get_by_label("Search this framework").fill(query)
    page.keyboard.press("Enter")
    results = page.get_by_role("region", name=re.compile(r"\d+\+? match(es)? for"))
    results.wait_for()
    assert_accessible(page)
    results.get_by_role("link").first.click()
    assert page.get_by_role("heading", name="Statement").is_visible()


def test_a_competency_page_shows_its_statement_scale_links_and_history(page, demo_server, framework_url):
    log_in(page, demo_server, "teacher")
    page.goto(framework_url)
    page.get_by_role("region", name="Competencies").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/competencies/\d+/$"))
    for heading in ("Statement", "Progression", "Crosswalks", "Courses that assess it", "Version history"):
        assert page.get_by_role("heading", name=heading, exact=False).first.is_visible(), heading
    assert page.get_by_role("navigation", name="Breadcrumb").is_visible()
    assert_accessible(page)


def test_a_framework_and_a_competency_fit_a_phone(phone, demo_server, framework_url):
    log_in(phone, demo_server, "guardian")
    phone.goto(framework_url)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
    phone.get_by_role("region", name="Competencies").get_by_role("link").first.click()
    phone.wait_for_url(re.compile(r"/competencies/\d+/$"))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)


def test_a_district_admin_creates_a_scale_after_fixing_the_line_named_in_the_error(page, demo_server):
    log_in(page, demo_server, "district_admin")
    page.goto(f"{demo_server.url}/scales/")
    assert page.get_by_role("heading", name="Proficiency scales", level=1).is_visible()
    assert_accessible(page)
    name = f"Browser scale {uuid.uuid4().hex[:6]}"
    page.get_by_label("Name").fill(name)
    page.get_by_label("Levels").fill("1 | Beginning\n2 Developing\n3 | Proficient\n4 | Advanced")
    page.get_by_label("Mastery value").fill("3")
    page.get_by_role("button", name="Create scale").click()
    assert "Line 2" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_label("Levels").fill("1 | Beginning\n2 | Developing\n3 | Proficient\n4 | Advanced")
    page.get_by_role("button", name="Create scale").click()
    assert page.get_by_role("heading", name=name).is_visible()
    assert page.get_by_text(f"The scale {name} was created.").is_visible()
    assert_accessible(page)


def test_a_district_admin_uploads_the_smarter_balanced_package_and_sees_86_items_created(
    page, demo_server, framework_url
):
    log_in(page, demo_server, "district_admin")
    page.goto(f"{demo_server.url}/frameworks/")
    page.get_by_role("link", name="upload a CASE package").click()
    assert page.get_by_role("heading", name="Upload a CASE package", level=1).is_visible()
    assert_accessible(page)
    page.get_by_label("CASE package (.json)").set_input_files(str(CASE / "smarter-balanced-hs-math.json"))
    page.get_by_role("button", name="Import package").click()
    assert page.get_by_role("heading", name="What changed").is_visible()
    row = page.get_by_role("row", name=re.compile("Competencies"))
    assert row.get_by_role("cell").first.inner_text() == "86"
    assert_accessible(page)


def test_a_district_admin_is_told_what_to_fix_when_the_upload_is_not_a_package(page, demo_server, tmp_path):
    not_json = tmp_path / "standards.pdf"
    not_json.write_bytes(b"%PDF-1.4")
    log_in(page, demo_server, "district_admin")
    page.goto(f"{demo_server.url}/frameworks/import/")
    page.get_by_label("CASE package (.json)").set_input_files(str(not_json))
    page.get_by_role("button", name="Import package").click()
    assert "standards.pdf is not a .json file" in page.get_by_role("alert").inner_text()
    assert_accessible(page)


def test_a_district_admin_keeps_the_first_of_two_items_sharing_an_identifier(page, demo_server, tmp_path):
    # A package of its own (fresh identifiers), with one item repeated under a different statement.
    text = (CASE / "MarkdownFramework.json").read_text()
    for identifier in set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text)):
        text = text.replace(identifier, str(uuid.uuid4()))
    data = json.loads(text)
    data["CFItems"].append({**data["CFItems"][0], "fullStatement": "A different statement"})
    path = tmp_path / "with-a-duplicate.json"
    path.write_text(json.dumps(data))
    log_in(page, demo_server, "district_admin")
    page.goto(f"{demo_server.url}/frameworks/import/")
    page.get_by_label("CASE package (.json)").set_input_files(str(path))
    page.get_by_label(re.compile("keep the first")).check()
    assert_accessible(page)
    page.get_by_role("button", name="Import package").click()
    assert page.get_by_role("heading", name="What changed").is_visible()
    assert "keep the first of each duplicate" in page.locator("#duplicates").inner_text()
    assert (
        "kept CFItems[0], skipped this one"
        in page.get_by_role("region", name=re.compile("Warnings")).inner_text()
    )
    assert_accessible(page)


def test_a_principal_adds_and_removes_a_competency_on_a_course_of_their_school(
    page, demo_server, framework_urls
):
    log_in(page, demo_server, "principal")
    found = False
    for url in framework_urls:  # the first competency whose courses include one of the principal's
        page.goto(url)
        tree_links = page.get_by_role("region", name="Competencies").get_by_role("link").all()[:10]
        for href in [link.get_attribute("href") for link in tree_links]:
            page.goto(demo_server.url + href)
            courses = page.get_by_role("region", name=re.compile("Courses that assess it")).get_by_role(
                "link"
            )
            if found := courses.count() > 0:
                courses.first.click()
                break
        if found:
            break
    assert found, "no competency in the demo is assessed in a course of the principal's school"
    assert page.get_by_role("heading", name=re.compile("^Competencies of"), level=1).is_visible()
    assert_accessible(page)
    assessed = page.get_by_role("region", name=re.compile(r"Assessed in this course")).inner_text()
    page.get_by_label("Code or words").fill("e")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("region", name="Find a competency").get_by_role("listitem")
    results.first.wait_for()
    choice = next(
        item
        for item in results.all()
        if item.get_by_role("link").first.inner_text().split()[0] not in assessed
    )
    code = choice.get_by_role("link").first.inner_text().split()[0]
    choice.get_by_role("button", name=re.compile("^Add")).click()
    assert page.get_by_text(re.compile("is now assessed in")).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name=f"Remove {code}").click()
    assert page.get_by_text(re.compile("is no longer assessed in")).is_visible()


def test_a_district_admin_writes_a_framework_edits_a_competency_and_sees_its_history(page, demo_server):
    # Last in the file: a new district framework comes first on the list.
    log_in(page, demo_server, "district_admin")
    page.goto(f"{demo_server.url}/frameworks/")
    title = f"Habits of Work {uuid.uuid4().hex[:6]}"
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Create framework").click()
    assert page.get_by_role("heading", name=title, level=1).is_visible()
    page.get_by_label("Statement").fill("Meets deadlines and plans ahead.")
    page.get_by_label("Code").fill("HOW.1")
    page.get_by_role("button", name="Add competency").click()
    assert page.get_by_text("Added HOW.1").is_visible()
    assert_accessible(page)
    page.get_by_role("region", name="Competencies").get_by_role("link", name=re.compile("HOW.1")).click()
    assert_accessible(page)
    page.get_by_role("textbox", name="Statement").fill(
        "Meets deadlines, plans ahead and asks for help early."
    )
    page.get_by_role("button", name="Save a new version").click()
    assert page.get_by_text("Saved as version 2").is_visible()
    history = page.get_by_role("region", name="Version history")
    assert history.get_by_text("Meets deadlines and plans ahead.").is_visible()
    assert_accessible(page)
