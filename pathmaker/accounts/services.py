"""Writes for accounts: logins for rostered people, passwords, and API tokens.

Every change is one transaction with one audit row. Setting a password (by the person, by the district,
or through a reset link) runs the password validators and revokes the account's API tokens, so a leaked
token dies with the password it was made under; disabling a login revokes them too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pathmaker.accounts.models import ApiToken, User
from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.lib.errors import DomainError
from pathmaker.rostering.models import Person

TOKEN_PREFIX = "pm_"  # noqa: S105 (a label, not a secret)


class AccountError(DomainError):
    """A refused account change, with a stable `code` (and the validators' messages for a weak password)."""

    code = "accounts.invalid"

    def __init__(
        self, message: str, *, code: str, field: str | None = None, messages: list[str] | None = None
    ) -> None:
        super().__init__(message, code=code, field=field)
        self.messages = messages or [message]


NOT_ROSTERED = "accounts.not_rostered"
WEAK_PASSWORD = "accounts.weak_password"  # noqa: S105 (an error code)


def password_check(*, password: str, user: User | None) -> None:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), as an AccountError."""
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise AccountError(
            " ".join(exc.messages), code=WEAK_PASSWORD, field="password", messages=list(exc.messages)
        ) from exc


def account_provision(
    *,
    username: str,
    password: str | None,
    district_admin: bool = False,
    actor: Actor,
) -> User:
    """Create or update the login for a rostered person (matched by username), or a stand-alone admin."""
    person = Person.objects.filter(username=username, is_active=True).first()
    if person is None and not district_admin:
        raise AccountError(
            f"no active rostered person has the username {username!r}", code=NOT_ROSTERED, field="username"
        )
    existing = User.objects.filter(username=username).first()
    if password:
        password_check(password=password, user=existing or User(username=username))
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"person": person})
        if person is not None and user.person_id != person.pk:
            user.person = person
        if person is not None:
            user.first_name, user.last_name, user.email = person.given_name, person.family_name, person.email
        user.is_district_admin = user.is_district_admin or district_admin
        revoked = 0
        if password:
            user.set_password(password)
            revoked = _revoke_all(user, "password_change") if not created else 0
        elif created:
            user.set_unusable_password()
        user.save()
        audit_record(
            actor=actor,
            action="account.provision",
            object_type="user",
            object_id=str(user.pk),
            detail={
                "username": username,
                "created": created,
                "district_admin": user.is_district_admin,
                "password_set": bool(password),
                "tokens_revoked": revoked,
            },
        )
    return user


def account_password_set(*, user: User, password: str, actor: Actor, how: str) -> User:
    """A new password for an existing login (`how`: changed by its owner, reset by e-mail or by the district)."""
    password_check(password=password, user=user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        revoked = _revoke_all(user, "password_change")
        audit_record(
            actor=actor,
            action="account.password_set",
            object_type="user",
            object_id=str(user.pk),
            detail={"username": user.username, "how": how, "tokens_revoked": revoked},
        )
    return user


def account_active_set(*, user: User, active: bool, actor: Actor) -> User:
    """Disable a login (it stops working at once, tokens revoked) or enable it again."""
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        revoked = 0 if active else _revoke_all(user, "disabled")
        audit_record(
            actor=actor,
            action="account.enable" if active else "account.disable",
            object_type="user",
            object_id=str(user.pk),
            detail={"username": user.username, "tokens_revoked": revoked},
        )
    return user


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _revoke_all(user: User, reason: str) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )


def api_token_lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.PATHMAKER_API_TOKEN_DAYS)


def api_token_create(*, user: User, name: str, actor: Actor) -> str:
    """Create a token and return its secret once; only its hash is kept. It expires after the set lifetime."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    expires_at = now + api_token_lifetime()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=key[:10],
            key_hash=_hash(key),
            created_at=now,
            expires_at=expires_at,
        )
        audit_record(
            actor=actor,
            action="api_token.create",
            object_type="api_token",
            object_id=str(token.pk),
            detail={
                "username": user.username,
                "name": token.name,
                "expires_at": expires_at.isoformat(),
            },
        )
    return key


def api_token_revoke(*, token: ApiToken, actor: Actor) -> ApiToken:
    """Revoke one token (by its owner or the district). Revoking a revoked token changes nothing."""
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at, token.revoked_reason = timezone.now(), "revoked"
        token.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            object_type="api_token",
            object_id=str(token.pk),
            detail={"username": token.user.username, "name": token.name},
        )
    return token


def api_tokens_revoke_for(*, user: User, actor: Actor) -> int:
    """Revoke every live token of an account (the `revoke-api-tokens` command, the accounts page)."""
    with transaction.atomic():
        revoked = _revoke_all(user, "revoked")
        audit_record(
            actor=actor,
            action="api_token.revoke_all",
            object_type="user",
            object_id=str(user.pk),
            detail={"username": user.username, "tokens_revoked": revoked},
        )
    return revoked


def api_token_authenticate(key: str) -> User | None:
    """The account behind a live token: not revoked, not expired, its login enabled and its person active."""
    token = (
        ApiToken.objects.select_related("user", "user__person")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires <= now:
        return None
    person = token.user.person
    if person is not None and not person.is_active:
        # The roster deactivated this person: the token is revoked for good, not only refused.
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=now, revoked_reason="deactivated")
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
