"""The link checker against a real HTTP server on this machine (http.server in a thread), not a mock."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.resources.links import check_url, links_check
from pathmaker.resources.models import Flag, Resource
from tests.resources.conftest import SYSTEM, district_resource


class Handler(BaseHTTPRequestHandler):
    """/ok answers, /gone is 404, /no-head refuses HEAD but answers GET, /moved redirects to /ok."""

    def do_HEAD(self):  # noqa: N802 - http.server's naming
        if self.path == "/no-head":
            self.send_response(405)
            self.end_headers()
            return
        self.do_GET()

    def do_GET(self):  # noqa: N802
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response(200 if self.path in ("/ok", "/no-head") else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_live_link_a_dead_one_a_head_refuser_and_a_redirect_are_told_apart(server):
    assert check_url(f"{server}/ok", allow_private=True) == (True, "200")
    assert check_url(f"{server}/gone", allow_private=True) == (False, "404 Not Found")
    assert check_url(f"{server}/no-head", allow_private=True) == (True, "200")
    assert check_url(f"{server}/moved", allow_private=True) == (True, "200")


def test_nothing_listening_is_a_dead_link(server):
    closed = server.rsplit(":", 1)[0] + ":9"  # the discard port: nothing listens there
    ok, detail = check_url(f"{closed}/x", allow_private=True, timeout=2)
    assert not ok and detail.startswith("does not answer")


def test_a_private_address_is_not_probed_unless_allowed(server):
    assert check_url(f"{server}/ok") == (False, "a private or local address: not checked")


def test_the_checker_records_each_status_and_flags_dead_links_to_the_curator_once(district, ratios, server):
    live = district_resource(ratios[0], title="Live", url=f"{server}/ok")
    dead = district_resource(ratios[0], title="Dead", url=f"{server}/gone")
    results = links_check(actor=SYSTEM, allow_private=True)
    assert [(r.resource_id, r.ok) for r in results] == [(live.pk, True), (dead.pk, False)]
    assert dict(Resource.objects.values_list("title", "link_status")) == {"Live": "ok", "Dead": "dead"}
    links_check(actor=SYSTEM, allow_private=True)
    flag = Flag.objects.get()
    assert (flag.resource, flag.reason, flag.detail, flag.resolved_at) == (
        dead,
        "dead_link",
        "404 Not Found",
        None,
    )
    assert AuditEvent.objects.filter(action="resource.flag").count() == 1
    assert Resource.objects.filter(
        pk=dead.pk, is_active=True, visibility="published"
    ).exists()  # never hidden


def test_the_command_checks_links_and_flags_retired_competencies(district, ratios, server):
    district_resource(ratios[0], title="Dead", url=f"{server}/gone")
    district_resource(ratios[1], title="Retired", url=f"{server}/ok")
    frameworks.competency_retire(competency=ratios[1], actor=SYSTEM)
    out = StringIO()
    call_command("check_resource_links", "--allow-private", "--timeout", "5", stdout=out)
    assert (
        "2 link(s) checked, 1 dead; 1 resource(s) newly flagged for a retired competency." in out.getvalue()
    )
    assert sorted(Flag.objects.values_list("resource__title", "reason")) == [
        ("Dead", "dead_link"),
        ("Retired", "retired_competency"),
    ]
