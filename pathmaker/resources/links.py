"""The link checker: ask each active link resource's address whether it still answers.

A link is dead when the server answers 404 or 410 (or another 4xx/5xx on both HEAD and GET), when the
name does not resolve, or when nothing answers within the timeout; a dead link is flagged to its curator
(`services.link_result_record`), never hidden. Addresses that resolve to this machine or a private
network are refused unless the caller allows them (a teacher's link must not make the server probe its
own network); the tests allow them to check against a real local HTTP server.
Run from `pathmaker check_resource_links` (or a scheduled job): only then does it use the network.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.resources.models import Resource
from pathmaker.resources.services import link_result_record

USER_AGENT = "Pathmaker link checker (+https://pathmaker.example/docs/resources)"


@dataclass(frozen=True)
class LinkResult:
    resource_id: int
    url: str
    ok: bool
    detail: str  # "200", "404 Not Found", "timed out", "does not resolve"...


class _NoRedirectToPrivate(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not self.allow_private and _private(newurl):
            raise urllib.error.URLError("redirects to a private address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _private(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return False  # the request will fail to resolve and be reported as such
    return any(
        (ip := ipaddress.ip_address(a.split("%")[0])).is_private or ip.is_loopback or ip.is_link_local
        for a in addresses
    )


def check_url(url: str, *, timeout: float = 10.0, allow_private: bool = False) -> tuple[bool, str]:
    """(answers, what happened): HEAD first, then GET for servers that refuse HEAD."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False, "not a web address"
    if not allow_private and _private(url):
        return False, "a private or local address: not checked"
    opener = urllib.request.build_opener(_NoRedirectToPrivate(allow_private))
    last = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
        try:
            with opener.open(request, timeout=timeout) as response:
                return True, str(response.status)
        except urllib.error.HTTPError as error:
            last = f"{error.code} {error.reason}"
            if error.code in (404, 410):
                return False, last
        except urllib.error.URLError as error:
            reason = error.reason
            return False, "timed out" if isinstance(reason, TimeoutError) else f"does not answer: {reason}"
        except (TimeoutError, OSError) as error:
            return False, f"does not answer: {error}"
    return False, last


def links_to_check() -> QuerySet[Resource]:
    return Resource.objects.filter(is_active=True, kind=Resource.Kind.LINK).exclude(url="").order_by("pk")


def links_check(
    *,
    actor: Actor,
    resources: QuerySet[Resource] | None = None,
    timeout: float = 10.0,
    allow_private: bool = False,
) -> list[LinkResult]:
    """Check each link, record its status, flag the dead ones; the results, in order."""
    results = []
    for resource in resources if resources is not None else links_to_check():
        ok, detail = check_url(resource.url, timeout=timeout, allow_private=allow_private)
        link_result_record(resource=resource, ok=ok, detail=detail, checked_at=timezone.now(), actor=actor)
        results.append(LinkResult(resource.pk, resource.url, ok, detail))
    return results
