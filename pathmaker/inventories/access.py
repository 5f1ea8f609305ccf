"""Who may define habits inventories and open them, on the shared scope.

The district defines inventories (its dimensions, statements and levels). Who rates a student, and who
sees the ratings, follows the learner profile's access (`pathmaker.profiles.access`).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathmaker.access.scope import viewer_for
from pathmaker.inventories.models import Inventory
from pathmaker.lib.bounds import row_id


def may_define_inventories(user: Any) -> bool:
    return viewer_for(user).is_district_admin


def inventory_or_404(raw: Any) -> Inventory:
    """An inventory by its id from a URL or a form; anything else is a 404."""
    pk = row_id(raw)
    inventory = None if pk is None else Inventory.objects.filter(pk=pk).first()
    if inventory is None:
        raise Http404("No such inventory")
    return inventory
