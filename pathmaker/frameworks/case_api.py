"""CASE 1.1 REST read endpoints, so other district systems can consume the district's frameworks.

Responses follow the 1EdTech CASE 1.1 service: each object as the package carries it, lists
wrapped by their plural name, and errors as imsx_StatusInfo with an `unknownobject` code.
Frameworks are published material, not student data: these endpoints answer without a login
unless PATHMAKER_CASE_API_PUBLIC is false, when a signed-in session or API token is needed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from pathmaker.accounts.services import api_token_authenticate
from pathmaker.frameworks.case.export import (
    association_json,
    document_json,
    item_json,
    package_json,
    rubric_json,
)
from pathmaker.frameworks.models import Association, Competency, Framework, Rubric

CONTENT_TYPE = "application/json"


def _status(code: int, description: str, minor: str) -> JsonResponse:
    return JsonResponse(
        {
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": description,
            "imsx_codeMinor": {
                "imsx_codeMinorField": [
                    {"imsx_codeMinorFieldName": "sourcedId", "imsx_codeMinorFieldValue": minor}
                ]
            },
        },
        status=code,
    )


def _allowed(request: HttpRequest) -> bool:
    if settings.PATHMAKER_CASE_API_PUBLIC or request.user.is_authenticated:
        return True
    header = request.headers.get("Authorization", "")
    return header.startswith("Bearer ") and api_token_authenticate(header[7:]) is not None


def _answer(request: HttpRequest, build: Any) -> JsonResponse:
    if not _allowed(request):
        return _status(401, "Authentication is required", "unauthorisedrequest")
    found = build()
    if found is None:
        return _status(404, "No object with that sourcedId", "unknownobject")
    return JsonResponse(found, json_dumps_params={"ensure_ascii": False})


def _limit_offset(request: HttpRequest) -> tuple[int, int] | None:
    try:
        limit = int(request.GET.get("limit", 100))
        offset = int(request.GET.get("offset", 0))
    except ValueError:
        return None
    return (limit, offset) if limit > 0 and offset >= 0 else None


@require_GET
def documents(request: HttpRequest) -> JsonResponse:
    paging = _limit_offset(request)
    if paging is None:
        return _status(400, "limit and offset must be whole numbers (limit > 0)", "invalid_selection_field")
    limit, offset = paging
    frameworks = Framework.objects.order_by("title", "id")[offset : offset + limit]
    response = _answer(request, lambda: {"CFDocuments": [document_json(f) for f in frameworks]})
    if response.status_code == 200:
        response["X-Total-Count"] = str(Framework.objects.count())
    return response


@require_GET
def document(request: HttpRequest, sourced_id: str) -> JsonResponse:
    return _answer(
        request,
        lambda: (lambda f: document_json(f) if f else None)(
            Framework.objects.filter(identifier=sourced_id).first()
        ),
    )


@require_GET
def package(request: HttpRequest, sourced_id: str) -> JsonResponse:
    return _answer(
        request,
        lambda: (lambda f: package_json(f) if f else None)(
            Framework.objects.filter(identifier=sourced_id).first()
        ),
    )


@require_GET
def item(request: HttpRequest, sourced_id: str) -> JsonResponse:
    return _answer(
        request,
        lambda: (lambda c: item_json(c) if c else None)(
            Competency.objects.filter(identifier=sourced_id, is_retired=False).first()
        ),
    )


@require_GET
def item_associations(request: HttpRequest, sourced_id: str) -> JsonResponse:
    def build() -> dict[str, Any] | None:
        competency = Competency.objects.filter(identifier=sourced_id, is_retired=False).first()
        if competency is None:
            return None
        links = Association.objects.filter(is_retired=False).filter(
            origin_identifier=sourced_id
        ) | Association.objects.filter(is_retired=False, destination_identifier=sourced_id)
        return {
            "CFItem": item_json(competency),
            "CFAssociations": [association_json(a) for a in links.order_by("id")],
        }

    return _answer(request, build)


@require_GET
def association(request: HttpRequest, sourced_id: str) -> JsonResponse:
    return _answer(
        request,
        lambda: (lambda a: association_json(a) if a else None)(
            Association.objects.filter(identifier=sourced_id, is_retired=False).first()
        ),
    )


@require_GET
def rubric(request: HttpRequest, sourced_id: str) -> JsonResponse:
    return _answer(
        request,
        lambda: (lambda r: rubric_json(r) if r else None)(
            Rubric.objects.filter(identifier=sourced_id).prefetch_related("criteria__levels").first()
        ),
    )


@require_GET
def definition(request: HttpRequest, sourced_id: str, kind: str) -> JsonResponse:
    def build() -> dict[str, Any] | None:
        for definitions in Framework.objects.values_list("definitions", flat=True):
            for entry in (definitions or {}).get(kind, []):
                if isinstance(entry, dict) and entry.get("identifier") == sourced_id:
                    return entry
        return None

    return _answer(request, build)
