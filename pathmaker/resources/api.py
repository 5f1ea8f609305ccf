"""The resource library through the JSON API: search, one resource, adding one, rating one.

The same access rule as the pages (`resources/access.py`) and the same services. A refusal answers with
the error's code; its family decides the status (forbidden: 403, not found: 404, anything else: 400), as
in `pathmaker.api.views.STATUS_BY_FAMILY`, which this router cannot import (it sits below the web layer).
Students, families and accounts with no roster see no library: the list is empty, a resource a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from pathmaker.lib.bounds import MAX_ID
from pathmaker.lib.errors import FORBIDDEN, NOT_FOUND, family_of
from pathmaker.resources import access, selectors, services
from pathmaker.resources.models import Resource
from pathmaker.resources.services import ResourceError, ResourceSpec

router = Router(tags=["resources"])

STATUS = {FORBIDDEN: 403, NOT_FOUND: 404}
MAX_LIMIT = 500


class ErrorOut(Schema):
    code: str
    field: str | None
    detail: str


class AlignmentOut(Schema):
    competency_id: int
    competency_identifier: str
    code: str
    alignment_type: str


class ResourceOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    modality: str
    language: str
    grade_low: str
    grade_high: str
    url: str
    instructions: str
    dok: int | None
    minutes: int | None
    accessibility: str
    visibility: str
    school_id: int | None
    is_active: bool
    link_status: str
    stars_average: float | None
    stars_count: int
    alignments: list[AlignmentOut]


class ResourcePage(Schema):
    count: int
    items: list[ResourceOut]


class SearchIn(Schema):
    q: str = Field("", max_length=100)
    competency_id: int | None = Field(None, ge=1, le=MAX_ID)
    modality: str = Field("", max_length=20)
    grade: str = Field("", max_length=8)
    language: str = Field("", max_length=16)
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10**9)


class AlignmentIn(Schema):
    competency_id: int = Field(..., ge=1, le=MAX_ID)
    alignment_type: str = Field("teaches", max_length=10)


class ResourceIn(Schema):
    title: str = Field(..., max_length=1000)
    kind: str = Field(..., max_length=20)
    modality: str = Field(..., max_length=20)
    alignments: list[AlignmentIn] = Field(..., max_length=50)
    description: str = Field("", max_length=20_000)
    language: str = Field("en", max_length=16)
    grade_low: str = Field("", max_length=8)
    grade_high: str = Field("", max_length=8)
    url: str = Field("", max_length=1000)
    instructions: str = Field("", max_length=20_000)
    dok: int | None = Field(None, ge=-(2**31), le=2**31)
    minutes: int | None = Field(None, ge=-(2**31), le=2**31)
    accessibility: str = Field("", max_length=20_000)


class RatingIn(Schema):
    stars: int = Field(..., ge=-(2**31), le=2**31)
    review: str = Field("", max_length=20_000)


class RatingOut(Schema):
    resource_id: int
    stars: int
    review: str


def _refused(error: ResourceError) -> Status:
    return Status(
        STATUS.get(family_of(error.code), 400),
        {"code": error.code, "field": error.field, "detail": str(error)},
    )


def _out(resource: Resource, average: float | None = None, count: int = 0) -> dict[str, Any]:
    return {
        **{
            name: getattr(resource, name)
            for name in (
                "id",
                "title",
                "description",
                "kind",
                "modality",
                "language",
                "grade_low",
                "grade_high",
                "url",
                "instructions",
                "dok",
                "minutes",
                "accessibility",
                "visibility",
                "is_active",
                "link_status",
            )
        },
        "school_id": resource.org_id,
        "stars_average": getattr(resource, "stars_average", average),
        "stars_count": getattr(resource, "stars_count", count),
        "alignments": [
            {
                "competency_id": a.competency_id,
                "competency_identifier": a.competency.identifier,
                "code": a.competency.human_coding_scheme,
                "alignment_type": a.alignment_type,
            }
            for a in resource.alignments.all()
        ],
    }


@router.get("/resources", response=ResourcePage, url_name="list_resources")
def list_resources(request: HttpRequest, search: Query[SearchIn]):
    """The library as the pages search it: by words, competency, modality, grade and language."""
    found = selectors.library_search(
        request.user,
        selectors.Search(
            text=search.q,
            competency_ids=(search.competency_id,) if search.competency_id else (),
            modality=search.modality,
            grade=search.grade,
            language=search.language,
        ),
    )
    page = found[search.offset : search.offset + search.limit]
    return {"count": found.count(), "items": [_out(r) for r in page]}


@router.get("/resources/{resource_id}", response=ResourceOut, url_name="get_resource")
def get_resource(request: HttpRequest, resource_id: int):
    resource = access.resource_or_404(request.user, resource_id)
    detail = selectors.resource_detail(resource)
    return _out(resource, detail["stars_average"], detail["stars_count"])


@router.post(
    "/resources",
    response={201: ResourceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="post_resource",
)
def post_resource(request: HttpRequest, body: ResourceIn):
    """A teacher's own resource (private, in their school), as the "Add a resource" page adds it; files
    are added on the page."""
    if not access.may_add_resources(request.user):
        raise Http404("Not found")
    spec = ResourceSpec(
        **body.model_dump(exclude={"alignments"}),
        alignments=[(a.competency_id, a.alignment_type) for a in body.alignments],
    )
    if spec.kind == Resource.Kind.FILE:
        return Status(
            400, {"code": "resources.file_on_page", "field": "kind", "detail": "add a file on the page"}
        )
    try:
        resource = services.resource_create(
            spec=spec, org=access.home_school_for(request.user), actor=request.actor
        )
    except ResourceError as error:
        return _refused(error)
    return Status(201, _out(Resource.objects.prefetch_related("alignments__competency").get(pk=resource.pk)))


@router.post(
    "/resources/{resource_id}/rating",
    response={200: RatingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="rate_resource",
)
def rate_resource(request: HttpRequest, resource_id: int, body: RatingIn):
    """A teacher's rating: the first adds it, the next replaces it."""
    resource = access.resource_or_404(request.user, resource_id)
    try:
        rating = services.rating_set(
            resource=resource, stars=body.stars, review=body.review, actor=request.actor
        )
    except ResourceError as error:
        return _refused(error)
    return {"resource_id": resource.pk, "stars": rating.stars, "review": rating.review}
