from typing import Any

from django.http import HttpRequest

from pathmaker.access.rules import viewer_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    viewer = viewer_for(getattr(request, "user", None))
    return {"viewer": viewer, "is_district_admin": viewer.is_district_admin}
