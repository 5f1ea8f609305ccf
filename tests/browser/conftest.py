"""A real Pathmaker server for the browser tests.

`pathmaker demo --no-serve` builds a small demo district (through the real
generator and importer) and `pathmaker serve` runs it with waitress and the
in-process background worker, exactly as the README's demo does. The database is
SQLite, or a scratch PostgreSQL database when the suite runs with DATABASE_URL.
Chromium is Debian's, driven by Playwright.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class DemoServer:
    url: str
    password: str
    logins: dict[str, str]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _scratch_postgres(url: str) -> str:
    """A fresh database beside the one the suite uses, for the server process."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS pathmaker_browser WITH (FORCE)")
        conn.execute("CREATE DATABASE pathmaker_browser")
    return f"{base}/pathmaker_browser"


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory) -> Iterator[DemoServer]:
    data = tmp_path_factory.mktemp("browser-demo")
    env = {
        **os.environ,
        "PATHMAKER_DATA_DIR": str(data),
        "PATHMAKER_QUEUE_URL": "sqlite",
        "PATHMAKER_CACHE_URL": "file",
        "DJANGO_SETTINGS_MODULE": "pathmaker.settings",
    }
    demo = [
        sys.executable,
        "-m",
        "pathmaker",
        "demo",
        "--no-serve",
        "--students",
        "400",
        "--schools",
        "3",
        "--password",
        "browser-test-password",
        "--logins-json",
        str(data / "logins.json"),
    ]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = _scratch_postgres(os.environ["DATABASE_URL"])
        demo.append("--reset-database")
    subprocess.run(demo, env=env, check=True, capture_output=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pathmaker", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(data / "server.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(
                    "the server did not start:\n" + (data / "server.log").read_text()
                ) from None
            time.sleep(0.2)
    logins = json.loads((data / "logins.json").read_text())
    yield DemoServer(url, logins["password"], logins["logins"])
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("PATHMAKER_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# Every page reports a Content-Security-Policy violation to the console, where the fixtures below catch it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def _watched(context):
    """A page whose CSP violations, uncaught script errors and console errors fail the test (a page the
    test opens on purpose that answers 404 or 403 logs "Failed to load resource": that one is allowed)."""
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: console {message.type}: {message.text}")
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return page, problems


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page, problems = _watched(context)
    yield page
    context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page, problems = _watched(context)
    yield page
    context.close()
    assert not problems, "\n".join(problems)


def log_in(page, server: DemoServer, persona: str) -> None:
    page.goto(f"{server.url}/login/")
    page.get_by_label("Username").fill(server.logins[persona])
    page.get_by_label("Password").fill(server.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/")


def assert_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
