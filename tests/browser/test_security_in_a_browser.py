"""The Content-Security-Policy in Debian's Chromium: script injected into a page, inline or as a
`javascript:` link, does not run, and the browser reports it (issue 10, item 2)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

INJECT = """() => new Promise(resolve => {
  const seen = [];
  document.addEventListener("securitypolicyviolation", e => seen.push(e.violatedDirective));
  const script = document.createElement("script");
  script.textContent = "window.__inline = true";
  document.body.appendChild(script);
  const link = document.createElement("a");
  link.href = "javascript:window.__link = true";
  link.textContent = "the work";
  document.body.appendChild(link);
  link.click();
  const button = document.createElement("button");
  button.setAttribute("onclick", "window.__handler = true");
  document.body.appendChild(button);
  button.click();
  setTimeout(() => resolve({seen, ran: [!!window.__inline, !!window.__link, !!window.__handler]}), 500);
})"""


def test_script_injected_into_a_page_does_not_run_and_is_reported(browser, demo_server):
    context = browser.new_context()  # not the watched page fixture: the violations here are the point
    page = context.new_page()
    try:
        log_in(page, demo_server, "teacher")
        found = page.evaluate(INJECT)
    finally:
        context.close()
    assert found["ran"] == [False, False, False]
    assert found["seen"] and all(directive.startswith("script-src") for directive in found["seen"])
