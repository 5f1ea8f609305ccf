"""Reads of frameworks for pages and APIs. Frameworks are not student data: any signed-in user may read them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from pathmaker.frameworks.models import (
    Association,
    Competency,
    CompetencyVersion,
    CourseCompetency,
    Framework,
    ProficiencyScale,
    Rubric,
    RubricCriterion,
    RubricLevel,
    ScaleAssignment,
)


def frameworks_listed() -> QuerySet[Framework]:
    return Framework.objects.order_by("-is_district_owned", "title")


def competency_search(framework: Framework, query: str) -> QuerySet[Competency]:
    return (
        framework.competencies.filter(is_retired=False)
        .filter(
            Q(human_coding_scheme__icontains=query)
            | Q(full_statement__icontains=query)
            | Q(abbreviated_statement__icontains=query)
        )
        .order_by("human_coding_scheme", "id")
    )


def framework_tree_html(framework: Framework, *, open_levels: int = 1) -> SafeString:
    """The whole tree as nested lists, built in one pass (a 3,000-item framework renders in milliseconds).

    Branches are <details> elements: expandable by keyboard and announced by screen readers
    without any script.
    """
    rows = list(
        framework.competencies.filter(is_retired=False).values_list(
            "id", "parent_id", "human_coding_scheme", "full_statement", "abbreviated_statement", "position"
        )
    )
    children: dict[int | None, list[tuple]] = defaultdict(list)
    ids = {row[0] for row in rows}
    for row in rows:
        children[row[1] if row[1] in ids else None].append(row)
    for siblings in children.values():
        siblings.sort(key=lambda r: (r[5] is None, r[5] or 0, r[2], r[0]))
    base = reverse("competency_detail", args=[0]).removesuffix("0/")
    out: list[str] = []
    inside = gettext("%(n)d inside")  # read once: the tree of a large framework has thousands of groups

    def render(parent: int | None, depth: int) -> None:
        out.append('<ul role="list">' if depth else '<ul class="tree" role="list">')
        for pk, _, code, statement, short, _ in children.get(parent, []):
            text = short or statement
            text = text if len(text) <= 160 else text[:157].rstrip() + "..."
            label = (
                f'<a href="{base}{pk}/"><span class="code">{escape(code)}</span> {escape(text)}</a>'
                if code
                else f'<a href="{base}{pk}/">{escape(text)}</a>'
            )
            if pk in children:
                # The link stays outside <summary>: a link inside the toggle is a control inside a control,
                # which screen readers announce badly (axe: nested-interactive, WCAG 4.1.2).
                opened = " open" if depth < open_levels else ""
                out.append(
                    f"<li>{label}<details{opened}><summary>{escape(inside % {'n': len(children[pk])})}"
                    f'<span class="visually-hidden"> {escape(code or text)}</span></summary>'
                )
                render(pk, depth + 1)
                out.append("</details></li>")
            else:
                out.append(f"<li>{label}</li>")
        out.append("</ul>")

    render(None, 0)
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)


def effective_scale(competency: Competency, course_id: int | None = None) -> ProficiencyScale | None:
    """The most specific scale: the competency's own, then the course's, then the framework's."""
    for target in (
        {"competency": competency},
        {"course_id": course_id} if course_id else None,
        {"framework_id": competency.framework_id},
    ):
        if target:
            assignment = ScaleAssignment.objects.select_related("scale").filter(**target).first()
            if assignment:
                return assignment.scale
    return None


def criterion_name(criterion: RubricCriterion) -> str:
    """What a criterion judges, in a few words: its category, else its description."""
    text = (
        criterion.category or criterion.description or ""
    ).strip() or f"Criterion {criterion.position or ''}"
    return text if len(text) <= 100 else text[:97].rstrip() + "..."


@dataclass(frozen=True)
class CompetencyRubric:
    """One rubric's criteria for one competency, each with the levels that carry a value (lowest first)."""

    rubric: Rubric
    competency_id: int
    criteria: list[RubricCriterion]  # `levels` prefetched: only levels with a score


def competency_rubrics(competency_ids: list[int]) -> dict[int, list[CompetencyRubric]]:
    """For each competency, the rubrics that judge it (criteria tied to it), in title order.

    A rubric is left out when one of its criteria for the competency has no level with a value:
    it could not give a score.
    """
    scored = RubricLevel.objects.filter(score__isnull=False).order_by("score", "position", "id")
    criteria = (
        RubricCriterion.objects.filter(competency_id__in=competency_ids)
        .select_related("rubric")
        .prefetch_related(Prefetch("levels", queryset=scored))
        .order_by("rubric__title", "rubric_id", "position", "id")
    )
    grouped: dict[tuple[int, int], list[RubricCriterion]] = defaultdict(list)
    for criterion in criteria:
        assert criterion.competency_id is not None  # the filter above: criteria tied to a competency
        grouped[(criterion.competency_id, criterion.rubric_id)].append(criterion)
    found: dict[int, list[CompetencyRubric]] = defaultdict(list)
    for (competency_id, _), members in grouped.items():
        if all(c.levels.all() for c in members):
            found[competency_id].append(CompetencyRubric(members[0].rubric, competency_id, members))
    return dict(found)


@dataclass(frozen=True)
class Link:
    association: Association
    other: Competency | None  # None when the other end is outside Pathmaker
    title: str
    uri: str


@dataclass(frozen=True)
class CompetencyPage:
    competency: Competency
    ancestors: list[Competency]
    children: list[Competency]
    scale: ProficiencyScale | None
    prerequisites: list[Link]  # precede this one
    leads_to: list[Link]  # this one precedes them
    crosswalks: list[Link]
    other_links: list[Link]
    criteria: list[RubricCriterion]
    courses: list[CourseCompetency]
    versions: list[CompetencyVersion]


def _link(association: Association, outward: bool) -> Link:
    other = association.destination if outward else association.origin
    title = association.destination_title if outward else association.origin_title
    uri = association.destination_uri if outward else association.origin_uri
    return Link(association, other, other.short_statement if other else title, uri)


def competency_page(competency: Competency) -> CompetencyPage:
    ancestors: list[Competency] = []
    node = competency.parent
    while node is not None and len(ancestors) < 50:
        ancestors.insert(0, node)
        node = node.parent
    out = list(
        Association.objects.filter(origin=competency, is_retired=False)
        .exclude(association_type="isChildOf")
        .select_related("destination")
    )
    into = list(
        Association.objects.filter(destination=competency, is_retired=False)
        .exclude(association_type="isChildOf")
        .select_related("origin")
    )
    crosswalk_types = {"exactMatchOf", "isRelatedTo", "isPeerOf"}
    return CompetencyPage(
        competency=competency,
        ancestors=ancestors,
        children=list(competency.children.filter(is_retired=False)),
        scale=effective_scale(competency),
        prerequisites=[_link(a, False) for a in into if a.association_type == "precedes"],
        leads_to=[_link(a, True) for a in out if a.association_type == "precedes"],
        crosswalks=[_link(a, True) for a in out if a.association_type in crosswalk_types]
        + [_link(a, False) for a in into if a.association_type in crosswalk_types],
        other_links=[_link(a, True) for a in out if a.association_type not in crosswalk_types | {"precedes"}],
        criteria=list(
            RubricCriterion.objects.filter(competency=competency)
            .select_related("rubric")
            .prefetch_related("levels")
        ),
        courses=list(
            CourseCompetency.objects.filter(competency=competency).select_related(
                "course__org", "added_by_school"
            )
        ),
        versions=list(competency.versions.select_related("changed_by")),
    )
