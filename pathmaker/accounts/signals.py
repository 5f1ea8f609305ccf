"""Failed logins are written to the audit log, with the username tried and the address.

Successful logins and logouts are audited by the login and logout views (accounts/views.py), not through
`user_logged_in`: that signal also fires for sessions opened in code (the test client's force_login).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record


def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in `credentials`; only the username is kept.
    username = str(credentials.get("username", ""))[:150]
    actor = Actor.from_request(request) if request is not None else Actor.system("login")
    audit_record(actor=actor, action="login.failure", object_type="user", detail={"username": username})


def connect() -> None:
    user_login_failed.connect(_login_failed, dispatch_uid="pathmaker.accounts.login_failed_audit")
