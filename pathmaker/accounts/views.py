"""Login, passwords, API tokens and the district's accounts page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathmaker.access.scope import require_district_admin
from pathmaker.accounts import selectors
from pathmaker.accounts.access import person_for_account_or_404
from pathmaker.accounts.forms import (
    THROTTLED,
    AccountActionForm,
    AccountSearchForm,
    RosteredPasswordResetForm,
    ThrottledAuthenticationForm,
    TokenCreateForm,
)
from pathmaker.accounts.models import User
from pathmaker.accounts.services import (
    AccountError,
    account_active_set,
    account_password_set,
    account_provision,
    api_token_create,
    api_token_revoke,
    api_tokens_revoke_for,
)
from pathmaker.audit.services import audit_record, audit_student_reads


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        audit_record(
            actor=self.request.actor.acting_as(user),
            action="login.success",
            object_type="user",
            object_id=str(user.pk),
            detail={"username": user.get_username()},
        )
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error("__all__", THROTTLED):
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit_record(
                actor=request.actor,
                action="logout",
                object_type="user",
                object_id=str(request.user.pk),
                detail={"username": request.user.get_username()},
            )
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password (the old one first); their API tokens are revoked."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        account_password_set(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            actor=self.request.actor,
            how="self",
        )
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password is changed. Your API tokens were revoked."))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    form_class = RosteredPasswordResetForm
    template_name = "registration/password_reset.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form: Any) -> HttpResponse:
        # Django's view saves the form directly; ours goes through the service (audit, token revocation).
        account_password_set(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            actor=self.request.actor.acting_as(form.user),
            how="reset_link",
        )
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own API tokens: make one (its secret shown once) or revoke one."""
    form = TokenCreateForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        secret = api_token_create(user=request.user, name=form.cleaned_data["name"], actor=request.actor)
        form = TokenCreateForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": selectors.tokens_of(request.user),
            "now": timezone.now(),
            "token_days": settings.PATHMAKER_API_TOKEN_DAYS,
        },
    )


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(selectors.tokens_of(request.user), pk=token_id)
    api_token_revoke(token=token, actor=request.actor)
    messages.success(request, _("The token is revoked."))
    return redirect("api_tokens")


@login_required
def account_admin(request: HttpRequest) -> HttpResponse:
    """District administrators find rostered people by name and give, reset or disable their logins."""
    require_district_admin(request.user)
    form = AccountSearchForm(request.GET or None)
    match = form.people_filter()
    people = selectors.people_with_logins(match) if match is not None else []
    # Names and usernames of students are student records: each one shown is audited.
    audit_student_reads(
        actor=request.actor,
        action="account.search_view",
        student_ids=selectors.students_among([row.person for row in people]),
    )
    return render(
        request,
        "accounts/admin.html",
        {"form": form, "people": people, "action_form": AccountActionForm(), "searched": match is not None},
    )


@login_required
@require_POST
def account_admin_person(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for_account_or_404(request.user, person_id)
    form = AccountActionForm(request.POST)
    back = (
        reverse("account_admin") + "?" + request.GET.urlencode() if request.GET else reverse("account_admin")
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{person.display_name}: {error}")
        return redirect(back)
    user = User.objects.filter(person=person).first()
    try:
        _apply(request, form.cleaned_data, person, user)
    except AccountError as exc:
        for message in exc.messages:
            messages.error(request, f"{person.display_name}: {message}")
    return redirect(back)


def _apply(request: HttpRequest, data: dict[str, Any], person: Any, user: User | None) -> None:
    action = data["action"]
    if action == "set_password":
        if user is None:
            account_provision(username=person.username, password=data["password"], actor=request.actor)
        else:
            account_password_set(user=user, password=data["password"], actor=request.actor, how="district")
        messages.success(
            request, _("%(name)s can log in with the new password.") % {"name": person.display_name}
        )
    elif user is None:
        messages.error(request, _("%(name)s has no login yet.") % {"name": person.display_name})
    elif action == "revoke_tokens":
        count = api_tokens_revoke_for(user=user, actor=request.actor)
        messages.success(request, _("%(count)s API tokens revoked.") % {"count": count})
    else:
        account_active_set(user=user, active=action == "enable", actor=request.actor)
        messages.success(
            request, _("The login is enabled.") if action == "enable" else _("The login is disabled.")
        )
