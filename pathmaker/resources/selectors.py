"""Reading the resource library: the search, a resource with its ratings, and what playlists may offer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from pathmaker.frameworks.models import Competency
from pathmaker.resources.access import resources_visible_to
from pathmaker.resources.models import Alignment, Flag, Rating, Resource
from pathmaker.resources.services import GRADES


@dataclass(frozen=True)
class Search:
    """What a reader searches the library by; every part optional."""

    text: str = ""
    competency_ids: tuple[int, ...] = ()
    modality: str = ""
    grade: str = ""
    language: str = ""
    kind: str = ""
    include_retired: bool = False


def with_ratings(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """Each resource with `stars_average` (None when unrated) and `stars_count`."""
    return resources.annotate(
        stars_average=Avg("ratings__stars"), stars_count=Count("ratings", distinct=True)
    )


def _alignments() -> Prefetch:
    return Prefetch(
        "alignments",
        queryset=Alignment.objects.select_related("competency").order_by(
            "competency__human_coding_scheme", "competency_id"
        ),
    )


def grade_filter(grade: str) -> Q:
    """Resources whose band includes the grade (a resource with no band suits every grade)."""
    if grade not in GRADES:
        return Q()
    at = GRADES.index(grade)
    return (Q(grade_low="") | Q(grade_low__in=GRADES[: at + 1])) & (
        Q(grade_high="") | Q(grade_high__in=GRADES[at:])
    )


def library_search(user: Any, search: Search) -> QuerySet[Resource]:
    """The resources this account sees that match every part of the search, with their ratings."""
    found = resources_visible_to(user)
    if not search.include_retired:
        found = found.filter(is_active=True)
    for word in search.text.split()[:8]:
        found = found.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(alignments__competency__human_coding_scheme__iexact=word)
        )
    if search.competency_ids:
        found = found.filter(alignments__competency_id__in=search.competency_ids)
    if search.modality:
        found = found.filter(modality=search.modality)
    if search.language:
        found = found.filter(language=search.language)
    if search.kind:
        found = found.filter(kind=search.kind)
    if search.grade:
        found = found.filter(grade_filter(search.grade))
    ids = found.values("pk")  # the joins above may repeat a resource: search by id, then annotate once
    return (
        with_ratings(Resource.objects.filter(pk__in=ids))
        .prefetch_related(_alignments())
        .order_by("title", "pk")
    )


def resource_detail(resource: Resource) -> dict[str, Any]:
    """A resource's page: its alignments, its ratings (newest first) with the average, its open flags."""
    ratings = list(
        Rating.objects.filter(resource=resource)
        .select_related("rater", "rater__person")
        .order_by("-updated_at")
    )
    summary = Rating.objects.filter(resource=resource).aggregate(average=Avg("stars"), count=Count("pk"))
    return {
        "alignments": list(
            resource.alignments.select_related("competency").order_by("alignment_type", "competency_id")
        ),
        "ratings": ratings,
        "stars_average": summary["average"],
        "stars_count": summary["count"],
        "open_flags": list(resource.flags.filter(resolved_at__isnull=True).order_by("raised_at")),
    }


def rating_of(resource: Resource, user: Any) -> Rating | None:
    return Rating.objects.filter(resource=resource, rater=user).first()


def published_for(
    competency_ids: Iterable[int],
    *,
    language: str | None = None,
    modality: str | None = None,
    school_ids: Iterable[int] | None = None,
) -> QuerySet[Resource]:
    """Active published resources aligned to any of these competencies: what a playlist may offer.

    The district's published resources and the schools' published ones (only those of `school_ids` when
    given: the student's schools); each with `stars_average`/`stars_count` and its alignments prefetched.
    A flagged resource is still offered (its curator has been told); a retired one never is.
    """
    owner = Q(org__isnull=True)
    owner |= Q(org_id__in=list(school_ids)) if school_ids is not None else Q(org__isnull=False)
    found = Resource.objects.filter(
        owner,
        is_active=True,
        visibility=Resource.Visibility.PUBLISHED,
        pk__in=Alignment.objects.filter(competency_id__in=list(competency_ids)).values("resource_id"),
    )
    if language:
        found = found.filter(language=language)
    if modality:
        found = found.filter(modality=modality)
    return with_ratings(found).prefetch_related(_alignments()).order_by("title", "pk")


def open_flags(flags: QuerySet[Flag]) -> QuerySet[Flag]:
    """The curator's list: open flags first (oldest first), with their resources."""
    return (
        flags.filter(resolved_at__isnull=True)
        .select_related("resource", "resource__org")
        .order_by("raised_at", "pk")
    )


def competency_choices(limit: int = 500) -> list[tuple[int, str]]:
    """Current competencies for the search and the form: "7.RP.1 · Compute unit rates..." by code."""
    rows = (
        Competency.objects.filter(is_retired=False)
        .order_by("framework__title", "human_coding_scheme", "pk")
        .values_list("pk", "human_coding_scheme", "full_statement")[:limit]
    )
    return [(pk, f"{code} · {text[:90]}" if code else text[:100]) for pk, code, text in rows]
