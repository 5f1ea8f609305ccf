"""The district's accounts page and every user's change-password page, in Debian's Chromium, with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_the_district_gives_a_login_and_its_owner_changes_the_password(page, browser, demo_server):
    log_in(page, demo_server, "district_admin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Accounts").click()
    expect(page.get_by_role("heading", name="Accounts", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name or username").fill("a")
    page.get_by_role("button", name="Search").click()
    row = page.get_by_role("row").filter(has_text="No login").first
    username = row.get_by_role("cell").nth(0).inner_text().strip()
    row.get_by_label(re.compile("New password")).fill("a browser-made passphrase")
    row.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status").filter(has_text="can log in with the new password")).to_be_visible()
    assert_accessible(page)

    person = browser.new_context().new_page()
    person.goto(f"{demo_server.url}/login/")
    person.get_by_label("Username").fill(username)
    person.get_by_label("Password").fill("a browser-made passphrase")
    person.get_by_role("button", name="Log in").click()
    person.wait_for_url(f"{demo_server.url}/")
    person.get_by_role("navigation", name="Main").get_by_role("link", name="Change password").click()
    expect(person.get_by_role("heading", name="Change your password")).to_be_visible()
    assert_accessible(person)
    person.get_by_label("Old password").fill("a browser-made passphrase")
    person.get_by_label("New password", exact=True).fill("short")
    person.get_by_label("New password confirmation").fill("short")
    person.get_by_role("button", name="Change password").click()
    expect(person.locator(".field-error").first).to_be_visible()
    assert_accessible(person)
    person.get_by_label("Old password").fill("a browser-made passphrase")
    person.get_by_label("New password", exact=True).fill("another fine passphrase")
    person.get_by_label("New password confirmation").fill("another fine passphrase")
    person.get_by_role("button", name="Change password").click()
    person.wait_for_url(f"{demo_server.url}/")
    expect(person.get_by_role("status").filter(has_text="Your password is changed")).to_be_visible()
    person.context.close()


def test_the_password_reset_page_is_accessible(page, demo_server):
    page.goto(f"{demo_server.url}/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("nobody@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert_accessible(page)


def test_a_user_makes_and_revokes_an_api_token(page, demo_server):
    log_in(page, demo_server, "teacher")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="API tokens").click()
    assert_accessible(page)
    page.get_by_label("What the token is for").fill("browser test")
    page.get_by_role("button", name="Make a token").click()
    expect(page.locator("code.code")).to_have_text(re.compile(r"^pm_"))
    assert_accessible(page)
    page.get_by_role("button", name="Revoke browser test").first.click()
    expect(page.get_by_role("cell", name=re.compile("^Revoked")).first).to_be_visible()
