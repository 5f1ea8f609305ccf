"""Login throttling, by account and by client address, counted in the shared cache.

Two counters, two limits: an account locks after a few wrong passwords (someone guessing one person's
password), an address after many more (a school's students share one public address, and a class
mistyping passwords must not lock out the building). A lock lasts PATHMAKER_LOGIN_LOCKOUT_MINUTES from
the last failure; a successful login clears the account's counter, never the address's.
(django-axes was considered: it keeps one count across its lockout keys with one limit, so it cannot
give an address a higher limit than an account.)
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

ACCOUNT = "account"
ADDRESS = "address"


def _key(kind: str, value: str) -> str:
    return f"pathmaker:login-failures:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _keys(username: str, ip: str | None) -> dict[str, str]:
    keys = {ACCOUNT: _key(ACCOUNT, username.strip().casefold())}
    if ip:
        keys[ADDRESS] = _key(ADDRESS, ip)
    return keys


def _limits() -> dict[str, int]:
    return {
        ACCOUNT: settings.PATHMAKER_LOGIN_FAILURES_PER_ACCOUNT,
        ADDRESS: settings.PATHMAKER_LOGIN_FAILURES_PER_ADDRESS,
    }


def login_locked(*, username: str, ip: str | None) -> str | None:
    """Which counter is over its limit (ACCOUNT or ADDRESS), or None when this login may be tried."""
    limits = _limits()
    for kind, key in _keys(username, ip).items():
        if (cache.get(key) or 0) >= limits[kind]:
            return kind
    return None


def login_failed(*, username: str, ip: str | None) -> None:
    timeout = settings.PATHMAKER_LOGIN_LOCKOUT_MINUTES * 60
    for key in _keys(username, ip).values():
        if not cache.add(key, 1, timeout):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout)
            cache.touch(key, timeout)


def login_succeeded(*, username: str) -> None:
    cache.delete(_key(ACCOUNT, username.strip().casefold()))
