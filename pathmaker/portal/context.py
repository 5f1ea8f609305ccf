from typing import Any

from django.http import HttpRequest

from pathmaker.access.scope import viewer_for
from pathmaker.portal.menu import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    viewer = viewer_for(getattr(request, "user", None))
    return {
        "viewer": viewer,
        "is_district_admin": viewer.is_district_admin,
        "menu": menu_for(viewer, current_path=getattr(request, "path", "")),
    }
