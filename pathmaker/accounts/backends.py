"""The login backend: Django's, refusing accounts whose rostered person is deactivated.

`user_can_authenticate` is asked both when someone logs in and on every request of an open session
(`ModelBackend.get_user`), so the roster deactivating a person ends their session at the next request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from pathmaker.rostering.models import Person


class RosterBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if not super().user_can_authenticate(user):
            return False
        person_id = getattr(user, "person_id", None)
        return person_id is None or Person.objects.filter(pk=person_id, is_active=True).exists()
