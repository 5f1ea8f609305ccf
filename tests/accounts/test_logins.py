"""Logging in: audited, throttled by account and by address; API tokens expire and can be revoked;
every way of setting a password runs the validators."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pathmaker.accounts.forms import THROTTLED
from pathmaker.accounts.models import ApiToken, User
from pathmaker.accounts.services import WEAK_PASSWORD, AccountError, account_provision, api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent

GOOD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def log_in(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_a_login_is_audited_with_the_address(district, client):
    log_in(client, "alice.adams", GOOD, ip="10.9.8.7")
    event = AuditEvent.objects.get(action="login.success")
    assert (event.actor_username, event.ip_address, event.detail["username"]) == (
        "alice.adams",
        "10.9.8.7",
        "alice.adams",
    )


def test_a_failed_login_is_audited_with_the_username_tried_and_the_address(district, client):
    log_in(client, "alice.adams", "not her password", ip="10.9.8.7")
    event = AuditEvent.objects.get(action="login.failure")
    assert (event.detail, event.ip_address) == ({"username": "alice.adams"}, "10.9.8.7")
    assert "not her password" not in str(list(AuditEvent.objects.values()))


@override_settings(PATHMAKER_LOGIN_FAILURES_PER_ACCOUNT=3, PATHMAKER_LOGIN_FAILURES_PER_ADDRESS=100)
def test_an_account_locks_after_its_limit_of_wrong_passwords_even_for_the_right_one(district, client):
    for i in range(3):
        assert log_in(client, "alice.adams", "guess", ip=f"10.0.0.{i}").status_code == 200
    response = log_in(client, "alice.adams", GOOD, ip="10.0.0.99")
    assert response.status_code == 429
    assert response.context["form"].has_error("__all__", THROTTLED)
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.throttled", detail__locked="account").count() == 1
    # Another account from the same address is not affected.
    assert log_in(client, "carol.chen", GOOD, ip="10.0.0.99").status_code == 302


@override_settings(PATHMAKER_LOGIN_FAILURES_PER_ACCOUNT=100, PATHMAKER_LOGIN_FAILURES_PER_ADDRESS=4)
def test_an_address_locks_after_its_limit_whatever_the_usernames(district, client):
    for name in ("a", "b", "c", "d"):
        log_in(client, name, "guess", ip="192.0.2.5")
    assert log_in(client, "alice.adams", GOOD, ip="192.0.2.5").status_code == 429
    assert log_in(client, "alice.adams", GOOD, ip="192.0.2.6").status_code == 302


@override_settings(PATHMAKER_LOGIN_FAILURES_PER_ACCOUNT=3)
def test_a_successful_login_clears_the_accounts_count(district, client):
    for _ in range(2):
        log_in(client, "alice.adams", "guess")
    assert log_in(client, "alice.adams", GOOD).status_code == 302
    client.logout()
    for _ in range(2):
        log_in(client, "alice.adams", "guess")
    assert log_in(client, "alice.adams", GOOD).status_code == 302


def test_forty_wrong_passwords_do_not_get_through_and_never_error(district, client):
    codes = {log_in(client, "alice.adams", f"guess {i}").status_code for i in range(40)}
    assert codes == {200, 429}
    assert log_in(client, "alice.adams", GOOD).status_code == 429


@pytest.mark.parametrize("data", [{}, {"username": "x" * 5000, "password": "y"}, {"password": "only"}])
def test_a_malformed_login_is_refused_without_a_server_error(db, client, data):
    assert client.post(reverse("login"), data).status_code == 200


def test_a_login_with_a_nul_character_is_refused_as_a_bad_request(db, client):
    assert client.post(reverse("login"), {"username": "\x00", "password": ""}).status_code == 400


# --- API tokens ------------------------------------------------------------------------------------


def api_get(client, key):
    return client.get("/api/v1/students", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_token_expires_after_the_set_number_of_days(district, client):
    key = api_token_create(
        user=district.user("teacher"), name="sync", actor=Actor.for_user(district.user("teacher"))
    )
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == dt.timedelta(days=90)
    assert api_get(client, key).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api_get(client, key).status_code == 401


def test_a_token_made_before_expiry_existed_expires_from_when_it_was_made(district, client):
    key = api_token_create(
        user=district.user("teacher"), name="old", actor=Actor.for_user(district.user("teacher"))
    )
    ApiToken.objects.update(expires_at=None, created_at=timezone.now() - dt.timedelta(days=91))
    assert api_get(client, key).status_code == 401


@override_settings(PATHMAKER_API_TOKEN_DAYS=7)
def test_the_token_lifetime_is_a_setting(district):
    api_token_create(
        user=district.user("teacher"), name="sync", actor=Actor.for_user(district.user("teacher"))
    )
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == dt.timedelta(days=7)


def test_the_revoke_command_revokes_one_token_by_prefix_or_all(district, client):
    first = api_token_create(
        user=district.user("teacher"), name="one", actor=Actor.for_user(district.user("teacher"))
    )
    second = api_token_create(
        user=district.user("teacher"), name="two", actor=Actor.for_user(district.user("teacher"))
    )
    call_command("revoke_api_tokens", "alice.adams", "--prefix", first[:10], stdout=io.StringIO())
    assert api_get(client, first).status_code == 401 and api_get(client, second).status_code == 200
    call_command("revoke_api_tokens", "alice.adams", stdout=io.StringIO())
    assert api_get(client, second).status_code == 401
    assert AuditEvent.objects.filter(action__in=["api_token.revoke", "api_token.revoke_all"]).count() == 2
    with pytest.raises(CommandError):
        call_command("revoke_api_tokens", "nobody.here", stdout=io.StringIO())


def test_a_roster_deactivation_revokes_the_token_for_good(district, client):
    key = api_token_create(
        user=district.user("teacher"), name="sync", actor=Actor.for_user(district.user("teacher"))
    )
    person = district.user("teacher").person
    person.is_active = False
    person.save()
    assert api_get(client, key).status_code == 401
    assert ApiToken.objects.get().revoked_reason == "deactivated"
    person.is_active = True
    person.save()
    assert api_get(client, key).status_code == 401


# --- password validators everywhere ---------------------------------------------------------------


@pytest.mark.parametrize("password", ["short", "password123", "8405729163", "tia.tran.2026"])
def test_set_password_runs_the_password_validators(district, monkeypatch, password):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    with pytest.raises(CommandError):
        call_command("set_password", "tia.tran", "--password-stdin", stdout=io.StringIO())
    assert not User.objects.filter(username="tia.tran").exists()


def test_set_password_gives_a_rostered_person_a_login(district, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long new passphrase\n"))
    call_command("set_password", "tia.tran", "--password-stdin", stdout=io.StringIO())
    assert User.objects.get(username="tia.tran").check_password("a long new passphrase")


def test_the_provisioning_service_refuses_a_weak_password_with_a_code(district):
    with pytest.raises(AccountError) as refused:
        account_provision(username="tia.tran", password="password", actor=Actor.system("test"))
    assert refused.value.code == WEAK_PASSWORD


def test_a_logout_is_audited(district, client):
    log_in(client, "alice.adams", GOOD)
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(action="logout", actor_username="alice.adams").count() == 1
    assert "_auth_user_id" not in client.session


def test_a_session_opened_in_code_is_not_a_login(district, client):
    client.force_login(district.user("teacher"))
    assert not AuditEvent.objects.filter(action="login.success").exists()
