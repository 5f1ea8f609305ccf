"""Who does something, and from where: a signed-in user, or the system (an import, the demo, a job).

An Actor is made once: per request by `ActorMiddleware` (and again by the API's token auth, which signs
the caller in later), per management command and per job with `Actor.system(...)`. Services take it as
`actor=` and never see the HttpRequest; access checks take `actor.user`; `audit_record` writes its
name, address and browser. There is no "no actor": system work says which system it is.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    # django-stubs' name for the settings.AUTH_USER_MODEL class (accounts.User, a layer above audit).
    from django.contrib.auth.models import _User as User

USER_AGENT_MAX = 300  # AuditEvent.user_agent's max_length


@dataclass(frozen=True)
class Actor:
    user: User | None = None
    system_name: str | None = None  # "import", "demo", "job:<name>"... when no user acts
    ip: str | None = None
    user_agent: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest) -> Actor:
        """The web layer's actor: the signed-in user (or nobody yet, on the sign-in and reset pages)."""
        user = getattr(request, "user", None)
        return cls(
            user=user if user is not None and user.is_authenticated else None,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
        )

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(system_name=name)

    @classmethod
    def for_user(cls, user: User) -> Actor:
        """A user acting outside a request: a management command run on their behalf, a test."""
        return cls(user=user)

    def acting_as(self, user: User) -> Actor:
        """The same request, now known to be `user` (who just signed in, or followed their reset link)."""
        return replace(self, user=user)

    @property
    def is_system(self) -> bool:
        """Pathmaker's own work (an import, the demo, a job nobody queued), which no access rule limits."""
        return self.user is None and self.system_name is not None

    @property
    def display_name(self) -> str:
        """What a page names as who did something: the person's full name (else the account), or the system."""
        if self.user is None:
            return self.username or "Pathmaker"
        return self.user.get_full_name() or self.user.get_username()

    @property
    def username(self) -> str:
        """What the audit log names: the account, "system:<name>", or "anonymous"."""
        if self.user is not None:
            return self.user.get_username()
        return f"system:{self.system_name}" if self.system_name else "anonymous"


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: from the header PATHMAKER_CLIENT_IP_HEADER names when a trusted proxy sets
    it (the last address, the one that proxy added), else the connection's REMOTE_ADDR. Any client can
    send X-Forwarded-For, so it is never read unless configured. Not an address: the connection's."""
    header = settings.PATHMAKER_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        candidate = forwarded.rsplit(",", 1)[-1].strip()
        if _is_ip(candidate):
            return candidate
    remote = request.META.get("REMOTE_ADDR") or ""
    return remote if _is_ip(remote) else None


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class ActorMiddleware:
    """Sets `request.actor` once, after authentication (settings.MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = Actor.from_request(request)  # type: ignore[attr-defined]
        return self.get_response(request)
