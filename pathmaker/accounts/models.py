"""Login accounts, kept apart from the roster.

- User: a login. Most users are linked to a rostered Person (their roles come
  from the roster); an account may also be made a district administrator
  directly, for staff the student information system does not export.
- ApiToken: a bearer token for the JSON API; only a hash of it is stored.

Importing a roster never creates logins: an account is provisioned per person
(`pathmaker set-password`, or single sign-on later), so a district can roster
42,000 students without handing out 42,000 passwords.
"""

from __future__ import annotations

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
    revoked_at = models.DateTimeField(null=True, blank=True)
