"""Writes for accounts: provisioning logins for rostered people, and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from pathmaker.accounts.models import ApiToken, User
from pathmaker.audit.services import audit_record
from pathmaker.rostering.models import Person

TOKEN_PREFIX = "pm_"  # noqa: S105 (a label, not a secret)


class AccountError(Exception):
    pass


def account_provision(
    *, username: str, password: str | None, district_admin: bool = False, actor: User | None = None
) -> User:
    """Create or update the login for a rostered person (matched by username), or a stand-alone admin."""
    person = Person.objects.filter(username=username, is_active=True).first()
    if person is None and not district_admin:
        raise AccountError(f"no active rostered person has the username {username!r}")
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"person": person})
        if person is not None and user.person_id != person.pk:
            user.person = person
        if person is not None:
            user.first_name, user.last_name, user.email = person.given_name, person.family_name, person.email
        user.is_district_admin = user.is_district_admin or district_admin
        if password:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        audit_record(
            actor=actor,
            action="account.provision",
            object_type="user",
            object_id=str(user.pk),
            student_id=None,
            detail={"username": username, "created": created, "district_admin": user.is_district_admin},
        )
    return user


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> str:
    """Create a token and return its secret once; only its hash is kept."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, name=name, prefix=key[:10], key_hash=_hash(key), created_at=timezone.now()
    )
    audit_record(
        actor=user,
        action="api_token.create",
        object_type="user",
        object_id=str(user.pk),
        student_id=None,
        detail={"name": name},
    )
    return key


def api_token_authenticate(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=_hash(key), revoked_at__isnull=True).first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
