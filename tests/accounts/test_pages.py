"""The account pages: who may open each, and what each change leaves in the database and the audit log."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from pathmaker.accounts.models import ApiToken, User
from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from tests import factories as f
from tests.personas import persona_table

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
NOT_DISTRICT = [
    "student",
    "other_student",
    "guardian",
    "other_guardian",
    "teacher",
    "co_teacher",
    "other_school_teacher",
    "teacher_parent",
    "advisor",
    "principal",
    "unrostered",
]
EVERYONE = ["district_admin", *NOT_DISTRICT]
NOT_ALICE = [persona for persona in EVERYONE if persona != "teacher"]

# (url name, personas who get the page, personas who get a 404)
ACCOUNT_PAGES = persona_table(
    "account pages",
    [
        # Every signed-in user has their own password and token pages.
        ("password_change", EVERYONE, []),
        ("api_tokens", EVERYONE, []),
        ("account_admin", ["district_admin"], NOT_DISTRICT),
    ],
)


def sams_login(district) -> str:
    return reverse("account_admin_person", kwargs={"person_id": district.sam.pk})


def alices_token(district) -> str:
    api_token_create(
        user=district.user("teacher"), name="sync", actor=Actor.for_user(district.user("teacher"))
    )
    return reverse("api_token_revoke", kwargs={"token_id": ApiToken.objects.get().pk})


# (url name, its address, the form, personas whose POST changes something, personas whose POST gets a 404)
ACCOUNT_ACTIONS = persona_table(
    "account actions",
    [
        ("account_admin_person", sams_login, {"action": "disable"}, ["district_admin"], NOT_DISTRICT),
        # A token is its owner's alone: not even the district revokes one here (it resets the password).
        ("api_token_revoke", alices_token, {}, ["teacher"], NOT_ALICE),
    ],
)


def account_state() -> tuple[list, list]:
    """What an account change alters (signing in for the test changes only last_login)."""
    return (
        list(User.objects.order_by("pk").values_list("pk", "is_active", "password")),
        list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at", "revoked_reason")),
    )


# --- who may open what ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "allowed", "refused"), ACCOUNT_PAGES, ids=[case[0] for case in ACCOUNT_PAGES]
)
def test_each_account_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, login, name, allowed, refused
):
    answers = {
        persona: login(district.user(persona)).get(reverse(name)).status_code for persona in allowed + refused
    }
    assert answers == {persona: 200 if persona in allowed else 404 for persona in allowed + refused}


@pytest.mark.parametrize(
    ("name", "address", "form", "allowed", "refused"),
    ACCOUNT_ACTIONS,
    ids=[case[0] for case in ACCOUNT_ACTIONS],
)
def test_each_account_change_is_refused_to_the_wrong_personas_without_changing_anything(
    district, login, name, address, form, allowed, refused
):
    url = address(district)
    before = account_state()
    answers = {persona: login(district.user(persona)).post(url, form).status_code for persona in refused}
    assert answers == dict.fromkeys(refused, 404)
    assert account_state() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, form)
            assert (response.status_code, account_state() != before) == (302, True), persona
            transaction.set_rollback(True)


@pytest.mark.parametrize("name", ["password_change", "api_tokens", "account_admin"])
def test_account_pages_send_anonymous_visitors_to_the_login_page(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_user_may_revoke_only_their_own_tokens(district, login):
    api_token_create(
        user=district.user("teacher"), name="sync", actor=Actor.for_user(district.user("teacher"))
    )
    token = ApiToken.objects.get()
    url = reverse("api_token_revoke", kwargs={"token_id": token.pk})
    for persona in ["co_teacher", "district_admin", "student"]:
        assert login(district.user(persona)).post(url).status_code == 404, persona
    assert login(district.user("teacher")).get(url).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
    assert login(district.user("teacher")).post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_reason == "revoked"
    assert AuditEvent.objects.filter(
        action="api_token.revoke", object_id=str(token.pk), actor_username="alice.adams"
    ).exists()


# --- the accounts page ---------------------------------------------------------------------------


def test_the_district_finds_rostered_people_by_name(district, login):
    page = (
        login(district.user("district_admin")).get(reverse("account_admin"), {"q": "garcia"}).content.decode()
    )
    assert "Sam Garcia" in page and "Gina Garcia" in page and "Tia Tran" not in page
    shown = set(AuditEvent.objects.filter(action="account.search_view").values_list("student_id", flat=True))
    assert shown == {district.sam.pk}


def test_the_accounts_page_lists_nobody_the_roster_deactivated(district, login):
    district.sam.is_active = False
    district.sam.save()
    page = (
        login(district.user("district_admin")).get(reverse("account_admin"), {"q": "garcia"}).content.decode()
    )
    assert "Sam Garcia" not in page and "Gina Garcia" in page


def test_the_district_gives_a_rostered_person_a_login(district, login):
    tia = district.tia
    response = login(district.user("district_admin")).post(
        reverse("account_admin_person", kwargs={"person_id": tia.pk}),
        {"action": "set_password", "password": "a long new passphrase"},
    )
    assert response.status_code == 302
    user = User.objects.get(person=tia)
    assert user.check_password("a long new passphrase")
    event = AuditEvent.objects.get(action="account.provision", object_id=str(user.pk))
    assert event.actor_username == "dana.dunn" and event.detail["created"] is True


def test_the_district_cannot_give_a_weak_password(district, login):
    login(district.user("district_admin")).post(
        reverse("account_admin_person", kwargs={"person_id": district.tia.pk}),
        {"action": "set_password", "password": "password"},
    )
    assert not User.objects.filter(person=district.tia).exists()
    assert not AuditEvent.objects.filter(action="account.provision").exists()


def test_the_district_resets_a_password_and_the_old_tokens_die(district, login):
    api_token_create(
        user=district.user("teacher"), name="sync", actor=Actor.for_user(district.user("teacher"))
    )
    login(district.user("district_admin")).post(
        reverse("account_admin_person", kwargs={"person_id": district.user("teacher").person_id}),
        {"action": "set_password", "password": "a long new passphrase"},
    )
    teacher = User.objects.get(username="alice.adams")
    assert teacher.check_password("a long new passphrase")
    assert ApiToken.objects.get().revoked_reason == "password_change"
    event = AuditEvent.objects.get(action="account.password_set")
    assert event.detail == {"username": "alice.adams", "how": "district", "tokens_revoked": 1}


def test_the_district_disables_a_login_and_it_stops_working_at_once(district, login, client):
    teacher = district.user("teacher")
    key = api_token_create(user=teacher, name="sync", actor=Actor.for_user(teacher))
    admin = login(district.user("district_admin"))
    admin.post(
        reverse("account_admin_person", kwargs={"person_id": teacher.person_id}), {"action": "disable"}
    )
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert ApiToken.objects.get().revoked_reason == "disabled"
    assert AuditEvent.objects.filter(action="account.disable", object_id=str(teacher.pk)).exists()
    client.logout()
    assert client.get("/api/v1/students", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    client.post(reverse("login"), {"username": "alice.adams", "password": "correct horse battery"})
    assert "_auth_user_id" not in client.session


def test_the_district_enables_a_disabled_login_again(district, login):
    teacher = district.user("teacher")
    teacher.is_active = False
    teacher.save()
    login(district.user("district_admin")).post(
        reverse("account_admin_person", kwargs={"person_id": teacher.person_id}), {"action": "enable"}
    )
    teacher.refresh_from_db()
    assert teacher.is_active
    assert AuditEvent.objects.filter(action="account.enable", object_id=str(teacher.pk)).exists()


def test_the_district_revokes_every_token_of_an_account(district, login):
    api_token_create(
        user=district.user("teacher"), name="one", actor=Actor.for_user(district.user("teacher"))
    )
    api_token_create(
        user=district.user("teacher"), name="two", actor=Actor.for_user(district.user("teacher"))
    )
    login(district.user("district_admin")).post(
        reverse("account_admin_person", kwargs={"person_id": district.user("teacher").person_id}),
        {"action": "revoke_tokens"},
    )
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    assert AuditEvent.objects.get(action="api_token.revoke_all").detail["tokens_revoked"] == 2


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "explode"},
        {"action": "set_password"},
        {"action": "set_password", "password": "x" * 5000},
        {"action": "disable"},
    ],
)
def test_a_malformed_change_is_refused_without_a_server_error(district, login, data):
    person = f.person("Nell", "Newman")
    response = login(district.user("district_admin")).post(
        reverse("account_admin_person", kwargs={"person_id": person.pk}), data
    )
    assert response.status_code == 302
    assert not User.objects.filter(person=person).exists()


def test_an_unknown_or_deactivated_person_is_a_404(district, login):
    admin = login(district.user("district_admin"))
    assert (
        admin.post(
            reverse("account_admin_person", kwargs={"person_id": 999999}), {"action": "disable"}
        ).status_code
        == 404
    )
    district.sam.is_active = False
    district.sam.save()
    assert (
        admin.post(
            reverse("account_admin_person", kwargs={"person_id": district.sam.pk}), {"action": "disable"}
        ).status_code
        == 404
    )


# --- changing and resetting one's own password -----------------------------------------------------


def test_a_user_changes_their_own_password_and_their_tokens_are_revoked(district, login):
    teacher = district.user("teacher")
    api_token_create(user=teacher, name="sync", actor=Actor.for_user(teacher))
    client = login(teacher)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "staple battery horse",
            "new_password2": "staple battery horse",
        },
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password("staple battery horse")
    assert ApiToken.objects.get().revoked_reason == "password_change"
    assert AuditEvent.objects.get(action="account.password_set").detail["how"] == "self"
    assert client.get(reverse("home")).status_code == 200  # still signed in


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("wrong password!", "staple battery horse", "old_password"),
        ("correct horse battery", "short", "new_password2"),
        ("correct horse battery", "password123", "new_password2"),
    ],
)
def test_a_password_change_is_refused_with_the_field_named(district, login, old, new, field):
    teacher = district.user("teacher")
    response = login(teacher).post(
        reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    teacher.refresh_from_db()
    assert teacher.check_password("correct horse battery")
    assert not AuditEvent.objects.filter(action="account.password_set").exists()


def test_a_password_reset_link_is_mailed_and_sets_a_new_password(district, client):
    teacher = district.user("teacher")
    teacher.email = "alice@example.org"
    teacher.save()
    api_token_create(user=teacher, name="sync", actor=Actor.for_user(teacher))
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "alice@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert client.get(reverse("password_reset_done")).status_code == 200
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django moves the token into the session
    assert client.get(form_url).status_code == 200
    done = client.post(
        form_url, {"new_password1": "staple battery horse", "new_password2": "staple battery horse"}
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert client.get(reverse("password_reset_complete")).status_code == 200
    teacher.refresh_from_db()
    assert teacher.check_password("staple battery horse")
    assert ApiToken.objects.get().revoked_reason == "password_change"
    assert AuditEvent.objects.get(action="account.password_set").detail["how"] == "reset_link"
    # The link works once.
    assert b"expired" in client.get(link, follow=True).content


def test_a_reset_link_is_refused_for_a_weak_password(district, client):
    teacher = district.user("teacher")
    teacher.email = "alice@example.org"
    teacher.save()
    client.post(reverse("password_reset"), {"email": "alice@example.org"})
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200 and "new_password2" in response.context["form"].errors
    teacher.refresh_from_db()
    assert teacher.check_password("correct horse battery")


def test_no_reset_link_goes_to_a_person_the_roster_deactivated(district, client):
    teacher = district.user("teacher")
    teacher.email = "alice@example.org"
    teacher.save()
    teacher.person.is_active = False
    teacher.person.save()
    client.post(reverse("password_reset"), {"email": "alice@example.org"})
    assert mail.outbox == []


def test_a_bad_reset_link_says_so_without_an_error(db, client):
    response = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "zz", "token": "nope"}))
    assert response.status_code == 200 and response.context["validlink"] is False


# --- API tokens page --------------------------------------------------------------------------------


def test_a_user_makes_a_token_and_sees_its_secret_once(district, login):
    client = login(district.user("teacher"))
    page = client.post(reverse("api_tokens"), {"name": "gradebook sync"}).content.decode()
    token = ApiToken.objects.get()
    assert token.user == district.user("teacher") and token.name == "gradebook sync"
    secret = re.search(r"(pm_[A-Za-z0-9_-]{20,})", page).group(1)
    assert client.get("/api/v1/students", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert secret not in client.get(reverse("api_tokens")).content.decode()


def test_a_token_without_a_name_is_refused(district, login):
    response = login(district.user("teacher")).post(reverse("api_tokens"), {"name": ""})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "value",
    ["x" * 10000, "' OR 1=1 --", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")],
)
def test_no_account_form_answers_odd_input_with_a_server_error(district, login, client, value):
    admin = login(district.user("district_admin"))
    assert admin.get(reverse("account_admin"), {"q": value}).status_code == 200
    assert (
        admin.post(
            reverse("account_admin_person", kwargs={"person_id": district.tia.pk}),
            {"action": "set_password", "password": value},
        ).status_code
        == 302
    )
    assert admin.post(reverse("api_tokens"), {"name": value}).status_code == 200
    assert (
        admin.post(
            reverse("password_change"),
            {"old_password": value, "new_password1": value, "new_password2": value},
        ).status_code
        == 200
    )
    client.logout()
    assert client.post(reverse("password_reset"), {"email": value}).status_code in (200, 302)
    assert client.post(reverse("login"), {"username": value, "password": value}).status_code == 200


@pytest.mark.parametrize("value", ["\x00", "a\x00b"])
def test_every_account_form_refuses_a_nul_character_as_a_bad_request_and_changes_nothing(
    district, login, client, value
):
    admin = login(district.user("district_admin"))
    tokens = ApiToken.objects.count()
    assert admin.get(reverse("account_admin"), {"q": value}).status_code == 400
    assert (
        admin.post(
            reverse("account_admin_person", kwargs={"person_id": district.tia.pk}),
            {"action": "set_password", "password": value},
        ).status_code
        == 400
    )
    assert admin.post(reverse("api_tokens"), {"name": value}).status_code == 400
    assert (
        admin.post(
            reverse("password_change"),
            {"old_password": value, "new_password1": value, "new_password2": value},
        ).status_code
        == 400
    )
    assert ApiToken.objects.count() == tokens
