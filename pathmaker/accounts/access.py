"""Who may administer whose login: the district, for rostered people it still has active."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathmaker.access.scope import require_district_admin
from pathmaker.rostering.models import Person


def person_for_account_or_404(user: Any, person_id: int) -> Person:
    """A rostered, active person whose login the district administers; a 404 for anyone else."""
    require_district_admin(user)
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        raise Http404("No such person")
    return person
