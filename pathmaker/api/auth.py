from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from pathmaker.accounts.services import api_token_authenticate
from pathmaker.audit.actor import Actor


class TokenAuth(HttpBearer):
    """`Authorization: Bearer pm_...` with a token from `pathmaker create-api-token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            request.actor = Actor.from_request(request)  # type: ignore[attr-defined]  (signed in only now)
        return user


AUTH = [TokenAuth(), django_auth]
