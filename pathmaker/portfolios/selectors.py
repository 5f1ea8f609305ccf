"""Reads of portfolios for pages, the profile part and the conference packet.

Callers pass the `ProfileAccess` they got from `rules.profile_part_or_404(user, student_id, "portfolio")`;
these functions only narrow it: a family sees featured items only, nobody lists removed items.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency, CourseCompetency
from pathmaker.frameworks.selectors import effective_scale
from pathmaker.portfolios.models import PortfolioItem
from pathmaker.profiles.access import ProfileAccess
from pathmaker.rostering.models import Enrollment, Person


def items_visible(access: ProfileAccess) -> QuerySet[PortfolioItem]:
    """The items this viewer sees, featured first, newest next."""
    items = PortfolioItem.objects.filter(student=access.student, removed_at__isnull=True)
    if access.family_only:
        items = items.filter(featured=True)
    return items.prefetch_related("competencies").order_by("-featured", "-created_at", "-id")


def item_path(item: PortfolioItem) -> str:
    return reverse("portfolio_item", args=[item.student_id, item.pk])


def course_competencies(student: Person) -> QuerySet[Competency]:
    """The competencies of the courses the student is enrolled in now: what a student may tag."""
    courses = Enrollment.objects.filter(
        person=student, role="student", is_active=True, section__is_active=True
    ).values("section__course_id")
    ids = CourseCompetency.objects.filter(course_id__in=courses).values("competency_id")
    return Competency.objects.filter(pk__in=ids, is_retired=False).order_by("human_coding_scheme", "id")


def evidence_choices(item: PortfolioItem) -> tuple[list[Competency], list[Competency]]:
    """What a teacher may record this work as evidence of: the student's tags first, then the other
    competencies of the student's courses."""
    tagged = [c for c in item.competencies.all() if not c.is_retired]
    tagged_ids = {c.pk for c in tagged}
    others = [c for c in course_competencies(item.student) if c.pk not in tagged_ids]
    return tagged, others


@dataclass(frozen=True)
class Level:
    value: Decimal
    label: str


def scale_levels(competencies: list[Competency]) -> list[Level]:
    """The score choices for the evidence form: the levels of the competencies' scales (labelled when
    they share one scale), or the district's default range."""
    scales = {}
    for competency in competencies:
        scale = effective_scale(competency)
        if scale is not None:
            scales[scale.pk] = scale
    if not scales:
        low, high = settings.PATHMAKER_DEFAULT_SCALE_RANGE
        return [Level(Decimal(v), "") for v in range(int(low), int(high) + 1)]
    levels: dict[Decimal, str] = {}
    for scale in scales.values():
        for level in scale.levels.all():
            levels.setdefault(level.value, level.label if len(scales) == 1 else "")
    return [Level(value, label) for value, label in sorted(levels.items())]


def evidence_from(item: PortfolioItem) -> list[Evidence]:
    """The current evidence teachers recorded from this item (each links back to the item's page)."""
    return list(
        Evidence.objects.filter(
            student_id=item.student_id,
            kind=Evidence.Kind.PORTFOLIO_ITEM,
            link__endswith=item_path(item),
            is_current=True,
        )
        .select_related("competency", "recorded_by")
        .order_by("demonstrated_on", "id")
    )


def counts(access: ProfileAccess) -> dict[str, int]:
    items = items_visible(access)
    return {"all": items.count(), "featured": items.filter(featured=True).count()}
