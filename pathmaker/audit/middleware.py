"""Record every denied attempt to open a student's record, once, for every page.

The access scope answers a student outside someone's scope with `DeniedRecordRead` (a 404, so the
record looks like one that does not exist); this middleware writes that attempt to the audit log
before Django turns it into the 404 page. The JSON API handles its own exceptions, so
`pathmaker.api.views` records them with the same service.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from pathmaker.audit.denials import DeniedRecordRead
from pathmaker.audit.services import audit_denied


class DeniedAccessAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, DeniedRecordRead):
            audit_denied(
                actor=request.actor,  # type: ignore[attr-defined]  (pathmaker.audit.actor.ActorMiddleware)
                student_id=exception.student_id,
                path=request.path,
                method=request.method or "",
            )
