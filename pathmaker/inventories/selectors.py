"""Reading inventories and a student's ratings as trends.

A dimension's score in one taking is the mean of the values its items got. The trend keeps the
student's own view (`own`, the self-ratings) apart from the adults' (`staff`: teachers, advisors,
school staff): each is a series of (date, value) points, one per day someone rated.

A rater's newer taking supersedes their older one. The adults' point on a day is the mean of each
adult's current rating that day (their newest taking so far this school year), so a teacher rating
on Monday and an advisor on Wednesday make one view, not a zigzag; a rating from an earlier school
year does not carry into the next. The student's own series is simply their takings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import fmean

from django.db.models import Count, Q, QuerySet

from pathmaker.accounts.models import User
from pathmaker.inventories.models import Inventory, InventoryItem, InventoryTaking
from pathmaker.rostering.models import Person

SCHOOL_YEAR_FIRST_MONTH = 8  # the school year starts on August 1st, as pathmaker.lib.dates assumes


def school_year_start(day: dt.date) -> dt.date:
    year = day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1
    return dt.date(max(year, dt.MINYEAR), SCHOOL_YEAR_FIRST_MONTH, 1)  # a stored 0001-01-01 has no year 0


@dataclass(frozen=True)
class Point:
    on: dt.date
    value: float
    ratings: int = 1  # how many raters' current ratings the value is the mean of


@dataclass(frozen=True)
class ItemTrend:
    item: InventoryItem
    own: list[Point]
    staff: list[Point]


@dataclass(frozen=True)
class DimensionTrend:
    name: str
    own: list[Point]
    staff: list[Point]
    items: list[ItemTrend] = field(default_factory=list)

    @property
    def latest_own(self) -> Point | None:
        return self.own[-1] if self.own else None

    @property
    def latest_staff(self) -> Point | None:
        return self.staff[-1] if self.staff else None

    @property
    def days(self) -> list[tuple[dt.date, Point | None, Point | None]]:
        """Every day rated, oldest first, with the student's and the adults' value that day (or None)."""
        own, staff = {p.on: p for p in self.own}, {p.on: p for p in self.staff}
        return [(day, own.get(day), staff.get(day)) for day in sorted(own.keys() | staff.keys())]


@dataclass(frozen=True)
class Trend:
    inventory: Inventory
    dimensions: list[DimensionTrend]
    takings: list[InventoryTaking]
    since: dt.date | None = None

    @property
    def is_empty(self) -> bool:
        return not self.takings


@dataclass(frozen=True)
class Latest:
    dimension: str
    own: Point | None
    staff: Point | None


def active_inventories() -> QuerySet[Inventory]:
    return Inventory.objects.filter(is_active=True).prefetch_related("items").order_by("title", "id")


def inventories_for(student: Person) -> list[Inventory]:
    """The active inventories, then the retired ones this student was rated on (their history)."""
    retired = Inventory.objects.filter(is_active=False, takings__student=student).distinct()
    return [*active_inventories(), *retired.prefetch_related("items").order_by("-retired_at", "title")]


def inventories_listed() -> QuerySet[Inventory]:
    """Every inventory with how many times it was taken (the district page)."""
    return (
        Inventory.objects.annotate(
            taking_count=Count("takings"), student_count=Count("takings__student", distinct=True)
        )
        .prefetch_related("items__competency")
        .order_by("-is_active", "title")
    )


def takings_of(
    student: Person, inventory: Inventory, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[InventoryTaking]:
    scope = Q(student=student, inventory=inventory)
    if since is not None:
        scope &= Q(taken_on__gte=since)
    if until is not None:
        scope &= Q(taken_on__lte=until)
    return list(
        InventoryTaking.objects.filter(scope).prefetch_related("ratings").order_by("taken_on", "created_at")
    )


Rated = tuple[dt.date, object, float]  # (day, who rated, value)


def _series(values: Iterable[Rated]) -> list[Point]:
    """One point a day rated: the mean of each rater's current value (their newest this school year)."""
    by_day: dict[dt.date, list[tuple[object, float]]] = defaultdict(list)
    for day, rater, value in values:
        by_day[day].append((rater, value))
    current: dict[object, tuple[dt.date, float]] = {}
    points = []
    for day, found in sorted(by_day.items()):
        year = school_year_start(day)
        current = {rater: seen for rater, seen in current.items() if school_year_start(seen[0]) == year}
        same_day: dict[object, list[float]] = defaultdict(list)
        for rater, value in found:
            same_day[rater].append(value)
        current.update({rater: (day, fmean(values)) for rater, values in same_day.items()})
        points.append(Point(day, fmean(value for _, value in current.values()), len(current)))
    return points


def _rater(taking: InventoryTaking) -> object:
    """Who a taking speaks for: the student (one voice however they signed in), or one adult."""
    if taking.is_self:
        return "self"
    return ("user", taking.rater_id) if taking.rater_id is not None else ("taking", taking.pk)


def trend(
    student: Person, inventory: Inventory, *, since: dt.date | None = None, until: dt.date | None = None
) -> Trend:
    """Per dimension (the mean of its items) and per item, the student's and the adults' series."""
    items = list(inventory.items.all())
    takings = takings_of(student, inventory, since=since, until=until)
    dimensions: dict[str, list[InventoryItem]] = {}
    for item in items:
        dimensions.setdefault(item.dimension, []).append(item)
    # (dimension or item id, own?) -> [(day, rater, value)]
    dimension_values: dict[tuple[str, bool], list[Rated]] = defaultdict(list)
    item_values: dict[tuple[int, bool], list[Rated]] = defaultdict(list)
    for taking in takings:
        values = {rating.item_id: rating.value for rating in taking.ratings.all()}
        own, rater = taking.is_self, _rater(taking)
        for name, members in dimensions.items():
            rated = [values[item.pk] for item in members if item.pk in values]
            if rated:
                dimension_values[(name, own)].append((taking.taken_on, rater, fmean(rated)))
        for item_id, value in values.items():
            item_values[(item_id, own)].append((taking.taken_on, rater, float(value)))
    return Trend(
        inventory=inventory,
        dimensions=[
            DimensionTrend(
                name=name,
                own=_series(dimension_values[(name, True)]),
                staff=_series(dimension_values[(name, False)]),
                items=[
                    ItemTrend(
                        item, _series(item_values[(item.pk, True)]), _series(item_values[(item.pk, False)])
                    )
                    for item in members
                ],
            )
            for name, members in dimensions.items()
        ],
        takings=takings,
        since=since,
    )


def latest_by_dimension(student: Person, inventory: Inventory) -> list[Latest]:
    """The newest self-rating and the newest adults' rating of each dimension (over all years)."""
    return [Latest(d.name, d.latest_own, d.latest_staff) for d in trend(student, inventory).dimensions]


def rated_on(student: Person, inventory: Inventory, rater: User, day: dt.date) -> InventoryTaking | None:
    """This rater's taking for the student on that day, if there is one (one a day)."""
    return InventoryTaking.objects.filter(
        student=student, inventory=inventory, rater=rater, taken_on=day
    ).first()
