"""Forms for logging in, passwords and the accounts page. Errors carry stable codes for the tests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathmaker.accounts import throttle
from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record, client_ip

THROTTLED = "throttled"


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing to even try a password while the account or the address is locked."""

    error_messages = {
        **AuthenticationForm.error_messages,
        THROTTLED: _(
            "Too many failed logins. Wait %(minutes)s minutes and try again, or reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request is not None else None
        locked = throttle.login_locked(username=username, ip=ip)
        if locked:
            audit_record(
                actor=Actor.from_request(self.request) if self.request is not None else Actor.system("login"),
                action="login.throttled",
                object_type="user",
                detail={"username": username[:150], "locked": locked},
            )
            raise forms.ValidationError(
                self.error_messages[THROTTLED],
                code=THROTTLED,
                params={"minutes": settings.PATHMAKER_LOGIN_LOCKOUT_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username and self.cleaned_data.get("password"):
                throttle.login_failed(username=username, ip=ip)
            raise
        throttle.login_succeeded(username=username)
        return cleaned


class RosteredPasswordResetForm(PasswordResetForm):
    """Reset links go only to enabled logins whose rostered person (if any) is still active."""

    def get_users(self, email: str) -> Any:
        return (user for user in super().get_users(email) if user.person_id is None or user.person.is_active)


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or username"), max_length=100, required=False)

    def people_filter(self) -> Q | None:
        words = (self.cleaned_data.get("q") or "").split()[:4] if self.is_valid() else []
        if not words:
            return None
        match = Q()
        for word in words:
            match &= (
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(preferred_given_name__icontains=word)
                | Q(username__icontains=word)
            )
        return match


class AccountActionForm(forms.Form):
    ACTIONS = [
        ("set_password", _("Give a login / set a new password")),
        ("disable", _("Disable the login")),
        ("enable", _("Enable the login")),
        ("revoke_tokens", _("Revoke every API token")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    password = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput, required=False, max_length=128, strip=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("action") == "set_password" and not cleaned.get("password"):
            self.add_error("password", forms.ValidationError(_("Type the new password."), code="required"))
        return cleaned


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)
