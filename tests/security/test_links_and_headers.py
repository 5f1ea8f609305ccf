"""No script through a link, a Content-Security-Policy on every page, bounded request bodies, and the
headers and settings of a deployment behind an HTTPS proxy (issue 10, items 2, 9 and 10)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from decimal import Decimal

import pytest
import time_machine
from django.test import RequestFactory, override_settings
from django.urls import reverse

from pathmaker.audit.models import AuditEvent
from pathmaker.audit.services import client_ip
from pathmaker.evidence.models import FEEDBACK_MAX, Evidence
from pathmaker.mastery.recording import LINK_MAX, EvidenceError, evidence_record
from pathmaker.portal.middleware import body_cap
from pathmaker.portal.serve import server_limits
from tests.api.test_mastery_api import evidence, post, ratios  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

SCRIPT_LINKS = [
    "javascript:fetch('/x')",
    " JaVaScRiPt:fetch('/x')",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "https://",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("link", SCRIPT_LINKS)
def test_it_refuses_evidence_whose_link_is_not_a_web_address(district, client, ratios, link):  # noqa: F811
    for persona in ("teacher", "student"):
        kind = "task" if persona == "teacher" else "self_assessment"
        response = post(client, district.user(persona), evidence(district, ratios, 3, link=link, kind=kind))
        assert response.status_code == 400, (persona, response.content)
    assert not Evidence.objects.exists()
    with pytest.raises(EvidenceError) as refused:
        evidence_record(
            student=district.sam,
            competency=ratios,
            demonstrated_on=dt.date(2026, 9, 2),
            kind="task",
            actor=district.actor("teacher"),
            score=Decimal(3),
            link=link,
        )
    assert (refused.value.code, refused.value.field) == ("evidence.link_not_web", "link")


def test_it_keeps_an_http_or_https_link(district, client, ratios):  # noqa: F811
    response = post(
        client, district.user("teacher"), evidence(district, ratios, 3, link=" https://example.org/work ")
    )
    assert response.status_code == 201
    assert Evidence.objects.get().link == "https://example.org/work"


def test_the_explanation_page_never_shows_a_stored_script_link(district, login, ratios):  # noqa: F811
    piece = evidence_record(
        student=district.sam,
        competency=ratios,
        demonstrated_on=dt.date(2026, 9, 2),
        kind="task",
        actor=district.actor("teacher"),
        score=Decimal(3),
    )
    Evidence.objects.filter(pk=piece.pk).update(
        link="javascript:fetch('/x')"
    )  # stored before links were checked
    page = login(district.user("teacher")).get(
        reverse("mastery_explanation", kwargs={"student_id": district.sam.pk, "competency_id": ratios.pk})
    )
    assert page.status_code == 200
    assert b"javascript:" not in page.content


def test_it_refuses_feedback_and_links_longer_than_what_is_kept(district, client, ratios):  # noqa: F811
    too_long_link = "https://example.org/" + "x" * LINK_MAX
    for extra in ({"feedback": "x" * (FEEDBACK_MAX + 1)}, {"link": too_long_link}):
        response = post(client, district.user("teacher"), evidence(district, ratios, 3, **extra))
        assert response.status_code in (400, 422), extra
    with pytest.raises(EvidenceError) as refused:
        evidence_record(
            student=district.sam,
            competency=ratios,
            demonstrated_on=dt.date(2026, 9, 2),
            kind="task",
            actor=district.actor("teacher"),
            score=Decimal(3),
            link=too_long_link,
        )
    assert refused.value.code == "evidence.link_too_long"
    assert not Evidence.objects.exists()


def test_it_refuses_evidence_naming_a_section_the_student_is_not_in(district, client, ratios):  # noqa: F811
    with pytest.raises(EvidenceError) as refused:
        evidence_record(
            student=district.sam,
            competency=ratios,
            demonstrated_on=dt.date(2026, 9, 2),
            kind="task",
            actor=district.actor("district_admin"),
            score=Decimal(3),
            section=district.science,
        )
    assert refused.value.code == "evidence.section_not_enrolled"
    payload = evidence(district, ratios, 3, section_id=district.science.pk)
    assert post(client, district.user("district_admin"), payload).status_code == 400
    assert not Evidence.objects.exists()
    payload = evidence(district, ratios, 3, section_id=district.math.pk)  # Sam is in Math 7
    assert post(client, district.user("teacher"), payload).status_code == 201


def test_every_page_carries_a_policy_that_forbids_inline_script(district, login, client):
    for response in (client.get(reverse("login")), login(district.user("teacher")).get(reverse("home"))):
        policy = response.headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert "unsafe-inline" not in policy


# --- request bodies (item 9) ---


def test_an_anonymous_oversized_post_is_refused_before_it_is_read(client):
    response = client.post(
        reverse("login"),
        "x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_only_the_upload_routes_take_large_bodies(district):
    factory, small = RequestFactory(), 2 * 1024 * 1024
    assert body_cap(factory.post(reverse("login"))) == small
    assert body_cap(factory.post("/api/v1/evidence")) == small
    assert body_cap(factory.post("/no/such/page/")) == small
    assert body_cap(factory.post(reverse("import_list"))) > 100 * 1024 * 1024
    assert small < body_cap(factory.post(reverse("case_import_page"))) < 100 * 1024 * 1024
    assert (
        small < body_cap(factory.post(reverse("portfolio_add", kwargs={"student_id": 1}))) < 100 * 1024 * 1024
    )


def test_a_bad_content_length_is_a_bad_request(client):
    assert (
        client.post(reverse("login"), "x", content_type="text/plain", CONTENT_LENGTH="lots").status_code
        == 400
    )


def test_the_server_refuses_bodies_over_the_largest_upload_and_huge_headers():
    limits = server_limits()
    assert limits["max_request_body_size"] == body_cap(RequestFactory().post(reverse("import_list")))
    assert limits["max_request_header_size"] <= 64 * 1024


# --- headers and deployment (item 10) ---


def test_signed_in_answers_are_never_stored_by_a_browser_or_proxy(district, login, client):
    anonymous = client.get(reverse("healthz"))
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
    page = login(district.user("teacher")).get(
        reverse("student_detail", kwargs={"student_id": district.sam.pk})
    )
    assert "no-store" in page.headers["Cache-Control"] and "private" in page.headers["Cache-Control"]


def test_api_answers_are_never_stored(district, client):
    from tests.api.test_api import bearer

    response = client.get(f"/api/v1/students/{district.sam.pk}", **bearer(district.user("teacher")))
    assert "no-store" in response.headers["Cache-Control"]


@override_settings(PATHMAKER_SESSION_IDLE_MINUTES=30)
def test_a_session_idle_longer_than_the_timeout_is_signed_out(district, client):
    start = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(district.user("teacher"))
        for minutes in (20, 20, 20):  # sliding: busy for an hour, still signed in
            clock.shift(dt.timedelta(minutes=minutes))
            assert client.get(reverse("home")).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response.url


def _settings_with(**env: str) -> dict:
    code = (
        "import json, pathmaker.settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
        "['ALLOWED_HOSTS', 'SECURE_HSTS_SECONDS', 'CSRF_TRUSTED_ORIGINS', 'SECURE_PROXY_SSL_HEADER', "
        "'PATHMAKER_CLIENT_IP_HEADER', 'PATHMAKER_SESSION_IDLE_MINUTES']}))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PATHMAKER_") and k != "DJANGO_SETTINGS_MODULE"
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            "PATHMAKER_DATA_DIR": os.environ.get("PATHMAKER_DATA_DIR", tempfile.gettempdir()),
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_the_default_settings_allow_no_test_host_and_send_hsts_only_with_secure_cookies():
    plain = _settings_with()
    assert "testserver" not in plain["ALLOWED_HOSTS"]
    assert plain["SECURE_HSTS_SECONDS"] == 0
    assert plain["PATHMAKER_SESSION_IDLE_MINUTES"] == 30
    assert plain["PATHMAKER_CLIENT_IP_HEADER"] == ""
    assert _settings_with(PATHMAKER_SECURE_COOKIES="true")["SECURE_HSTS_SECONDS"] >= 31536000


def test_it_runs_behind_an_https_proxy():
    configured = _settings_with(
        PATHMAKER_TRUSTED_ORIGINS="https://pathmaker.example.org",
        PATHMAKER_PROXY_SSL_HEADER="X-Forwarded-Proto=https",
        PATHMAKER_CLIENT_IP_HEADER="X-Forwarded-For",
    )
    assert configured["CSRF_TRUSTED_ORIGINS"] == ["https://pathmaker.example.org"]
    assert configured["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert configured["PATHMAKER_CLIENT_IP_HEADER"] == "X-Forwarded-For"


def test_a_malformed_proxy_ssl_header_stops_the_start():
    with pytest.raises(subprocess.CalledProcessError):
        _settings_with(PATHMAKER_PROXY_SSL_HEADER="X-Forwarded-Proto")


def test_the_audit_log_takes_the_client_address_from_the_proxy_header_only_when_configured(district, login):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )
    assert client_ip(request) == "10.0.0.5"  # not configured: a client could send any X-Forwarded-For
    with override_settings(PATHMAKER_CLIENT_IP_HEADER="X-Forwarded-For"):
        assert client_ip(request) == "198.51.100.7"  # the address the trusted proxy added
        spoofed = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="not-an-address")
        assert client_ip(spoofed) == "10.0.0.5"
        client = login(district.user("teacher"))
        client.get(
            reverse("student_detail", kwargs={"student_id": district.sam.pk}),
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    assert AuditEvent.objects.filter(student_id=district.sam.pk).latest("pk").ip_address == "198.51.100.7"


def test_files_sent_to_a_page_that_takes_none_are_skipped_unread(district):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pathmaker.portal.middleware import RequestBodyLimitMiddleware

    seen = {}

    def view(request):
        seen["files"], seen["fields"] = list(request.FILES), dict(request.POST.items())
        return None

    upload = SimpleUploadedFile("big.bin", b"x" * 1000)
    RequestBodyLimitMiddleware(view)(RequestFactory().post(reverse("login"), {"username": "a", "f": upload}))
    assert seen == {"files": [], "fields": {"username": "a"}}
    upload.seek(0)
    RequestBodyLimitMiddleware(view)(RequestFactory().post(reverse("case_import_page"), {"file": upload}))
    assert seen["files"] == ["file"]


@pytest.mark.parametrize("how", ["form", "query", "json"])
def test_a_nul_character_anywhere_is_refused_with_400_and_nothing_is_stored(district, client, how):
    from pathmaker.profiles.models import ProfileNote
    from tests.api.test_api import bearer

    client.force_login(district.user("teacher"))
    if how == "form":
        response = client.post(f"/students/{district.sam.pk}/profile/notes/", {"text": "a\x00b"})
    elif how == "query":
        response = client.get("/", {"q": "a\x00b"})
    else:
        response = client.post(
            "/api/v1/evidence",
            '{"student_id": 1, "competency_id": 1, "feedback": "a\\u0000"}',
            content_type="application/json",
            **bearer(district.user("teacher")),
        )
    assert response.status_code == 400
    assert not ProfileNote.objects.exists()
