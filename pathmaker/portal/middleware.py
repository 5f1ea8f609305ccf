"""Web-layer guards that apply to every request: body size caps, the idle session timeout and
`Cache-Control: no-store` for signed-in pages."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

# Room for the multipart envelope and the form's other fields around an uploaded file.
_MULTIPART_ROOM = 1024 * 1024


def _upload_caps() -> dict[str, int]:
    """The routes (URL names) that take a file, each with the largest body it accepts."""
    return {
        "import_list": settings.PATHMAKER_MAX_IMPORT_UPLOAD_BYTES + _MULTIPART_ROOM,
        "case_import_page": settings.PATHMAKER_MAX_CASE_UPLOAD_BYTES + _MULTIPART_ROOM,
        "portfolio_add": settings.PATHMAKER_PORTFOLIO_MAX_BYTES + _MULTIPART_ROOM,
        "resource_new": settings.PATHMAKER_RESOURCE_MAX_BYTES + _MULTIPART_ROOM,
        "resource_edit": settings.PATHMAKER_RESOURCE_MAX_BYTES + _MULTIPART_ROOM,
        "resource_import": settings.PATHMAKER_RESOURCE_MAX_BYTES + _MULTIPART_ROOM,
    }


def largest_body_cap() -> int:
    return max(settings.PATHMAKER_MAX_REQUEST_BYTES, *_upload_caps().values())


def _route(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).url_name or ""
    except Resolver404:
        return ""


def body_cap(request: HttpRequest) -> int:
    """The largest request body this route takes: an upload's cap on the upload routes, else the small one."""
    return _upload_caps().get(_route(request), settings.PATHMAKER_MAX_REQUEST_BYTES)


class _NoFiles(FileUploadHandler):
    """Every other route skips the files of a multipart body: nothing is written to disk for them."""

    def new_file(self, *args, **kwargs) -> None:
        raise SkipFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        return None

    def file_complete(self, file_size: int) -> None:
        return None


class RequestBodyLimitMiddleware:
    """Refuse a body over its route's cap with 413 from its Content-Length, before a byte of it is read
    (Django would otherwise spool a large upload to disk before the view, or CSRF, could refuse it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            return HttpResponse(
                _("The request's Content-Length is not a number."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        route = _route(request)
        if length > _upload_caps().get(route, settings.PATHMAKER_MAX_REQUEST_BYTES):
            return HttpResponse(
                _("The request is larger than this page accepts."),
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        if route not in _upload_caps():
            request.upload_handlers = [_NoFiles(request)]
        return self.get_response(request)


class SessionIdleTimeoutMiddleware:
    """Sign out a session that has made no request for PATHMAKER_SESSION_IDLE_MINUTES (sliding: every
    request renews it). Runs after AuthenticationMiddleware."""

    KEY = "pathmaker_last_seen"
    RESOLUTION = 60  # seconds

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            idle = settings.PATHMAKER_SESSION_IDLE_MINUTES * 60
            if isinstance(last, int) and now - last > idle:
                logout(request)  # flushes the session; the page then answers as for anyone signed out
            elif not isinstance(last, int) or now - last >= self.RESOLUTION:
                # Renewed at most once a minute: a session write on every request would cost throughput.
                request.session[self.KEY] = now
                # The cookie expires with the idle window too, so a closed laptop cannot revive it.
                request.session.set_expiry(idle)
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Every answer to a signed-in person may hold student records: no browser or proxy keeps a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = (user is not None and user.is_authenticated) or request.META.get("HTTP_AUTHORIZATION")
        if signed_in and "no-store" not in response.get("Cache-Control", ""):  # a view's own no-store stands
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class NulCharacterMiddleware:
    """Refuse, with 400, text holding a NUL character in the query string, a form or a JSON body: no
    page or person types one, and PostgreSQL cannot store it (the write would fail as a server error)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            return HttpResponse(
                _("The request holds a NUL character, which no field accepts."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or any(
            "\x00" in k or "\x00" in v for k, vs in request.GET.lists() for v in vs
        ):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method != "POST":
            return False
        if content_type.startswith("application/json"):
            return b"\\u0000" in request.body or b"\x00" in request.body
        form = content_type.startswith("application/x-www-form-urlencoded") or (
            # Upload pages set their own streaming upload handler: their multipart body is left to the view.
            content_type.startswith("multipart/form-data") and _route(request) not in _upload_caps()
        )
        if form:
            return any(
                "\x00" in k or "\x00" in v for k, vs in request.POST.lists() for v in vs if isinstance(v, str)
            )
        return False
