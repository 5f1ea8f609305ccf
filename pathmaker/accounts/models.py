"""Login accounts, kept apart from the roster.

- User: a login. Most users are linked to a rostered Person (their roles come
  from the roster); an account may also be made a district administrator
  directly, for staff the student information system does not export.
- ApiToken: a bearer token for the JSON API; only a hash of it is stored. A token expires
  (PATHMAKER_API_TOKEN_DAYS after it is made) and is revoked by its owner, the district, a
  password change, a disabled login or the roster deactivating its person.

Importing a roster never creates logins: an account is provisioned per person
(`pathmaker set-password`, or single sign-on later), so a district can roster
42,000 students without handing out 42,000 passwords.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    person = models.OneToOneField(
        "rostering.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="account"
    )
    is_district_admin = models.BooleanField(
        default=False, help_text="Sees the whole district, whatever the roster says."
    )


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="None: made before tokens expired.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=40, blank=True)

    @property
    def expires(self) -> dt.datetime:
        # Tokens made before expiry existed count their lifetime from when they were made.
        return self.expires_at or self.created_at + dt.timedelta(days=settings.PATHMAKER_API_TOKEN_DAYS)
