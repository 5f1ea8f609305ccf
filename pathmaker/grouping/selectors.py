"""Reads for the grouping pages and the API: the students and levels a proposal starts from, saved
groupings, a student's own groups, a rotation's schedule, and how members' levels moved afterwards.

None of these checks access: the caller fetched the section, grouping or student through `access.py`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from pathmaker.frameworks.models import Competency, CourseCompetency
from pathmaker.grouping import rotation as rotation_
from pathmaker.grouping.models import Group, Grouping, GroupMember, RotationMember, Station, StationRotation
from pathmaker.grouping.propose import Learner
from pathmaker.mastery import engine, rules
from pathmaker.mastery.models import MasterySummary
from pathmaker.rostering.models import Person, Section, StudentDemographics

# The demographic flags a grouping may spread across its groups (StudentDemographics booleans).
BALANCE_FIELDS = ("english_learner", "iep", "section_504", "gifted", "free_reduced_lunch")
OUTCOME_DAYS = 14  # the level change is read this many days after the grouping's date
SUPPRESS_BELOW = 10  # fewer students than this on either side: no mean is shown


def code_of(competency: Competency) -> str:
    return competency.human_coding_scheme or competency.short_statement


def sections_competencies(sections: Sequence[Section]) -> list[Competency]:
    """The competencies of the sections' courses, in course order, each once."""
    course_ids = [s.course_id for s in sections if s.course_id is not None]
    found: dict[int, Competency] = {}
    for link in (
        CourseCompetency.objects.filter(course_id__in=course_ids, competency__is_retired=False)
        .select_related("competency")
        .order_by("position", "id")
    ):
        found.setdefault(link.competency_id, link.competency)
    return list(found.values())


def sections_students(sections: Sequence[Section]) -> list[Person]:
    return list(
        Person.objects.filter(
            enrollments__section__in=list(sections),
            enrollments__role="student",
            enrollments__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("family_name", "given_name", "id")
    )


def sections_staff(sections: Iterable[Section]) -> list[Person]:
    """The sections' active teachers and aides: who may take a group."""
    return list(
        Person.objects.filter(
            enrollments__section__in=list(sections),
            enrollments__role__in=("teacher", "aide"),
            enrollments__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("family_name", "given_name", "id")
    )


def levels_of(student_ids: Sequence[int], competencies: Sequence[Competency]) -> dict[int, dict[str, float]]:
    """Each student's current level on each competency they have one on, keyed by the competency's code."""
    codes = {c.pk: code_of(c) for c in competencies}
    found: dict[int, dict[str, float]] = {}
    for student_id, competency_id, level in MasterySummary.objects.filter(
        student_id__in=list(student_ids), competency_id__in=list(codes), level__isnull=False
    ).values_list("student_id", "competency_id", "level"):
        if level is not None:
            found.setdefault(student_id, {})[codes[competency_id]] = level
    return found


def balance_labels(student_ids: Sequence[int], attribute: str) -> dict[int, str]:
    """The students the demographic flag is true for, labelled with the flag's name. Only the services call
    this, after `access.can_balance_demographics`."""
    if attribute not in BALANCE_FIELDS:
        return {}
    return dict.fromkeys(
        StudentDemographics.objects.filter(person_id__in=list(student_ids), **{attribute: True}).values_list(
            "person_id", flat=True
        ),
        attribute,
    )


def learners(
    students: Sequence[Person], competencies: Sequence[Competency], labels: dict[int, str] | None = None
) -> list[Learner]:
    levels = levels_of([s.pk for s in students], competencies)
    labels = labels or {}
    return [Learner(s.pk, levels.get(s.pk, {}), labels.get(s.pk, "")) for s in students]


# --- Saved groupings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupView:
    group: Group
    members: list[GroupMember]
    hidden: int = 0  # members this reader may not see


@dataclass(frozen=True)
class GroupingView:
    grouping: Grouping
    sections: list[Section]
    competencies: list[Competency]
    groups: list[GroupView]

    @property
    def student_ids(self) -> list[int]:
        return [m.student_id for g in self.groups for m in g.members]


def _with_members() -> Prefetch:
    return Prefetch(
        "groups",
        queryset=Group.objects.select_related("staff").prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.select_related("student"))
        ),
    )


def grouping_view(grouping: Grouping, visible: set[int] | None = None) -> GroupingView:
    """The grouping's groups and members; `visible`: only these members (None: all)."""
    grouping = Grouping.objects.prefetch_related("sections", "competencies", _with_members()).get(
        pk=grouping.pk
    )
    groups = []
    for group in grouping.groups.all():
        members = list(group.members.all())
        shown = [m for m in members if visible is None or m.student_id in visible]
        groups.append(GroupView(group, shown, len(members) - len(shown)))
    return GroupingView(grouping, list(grouping.sections.all()), list(grouping.competencies.all()), groups)


def groupings_of(section: Section) -> list[Grouping]:
    return list(
        Grouping.objects.filter(sections=section)
        .prefetch_related("competencies", "sections")
        .order_by("-on", "-id")[:50]
    )


def rotations_of(section: Section) -> list[StationRotation]:
    return list(StationRotation.objects.filter(section=section).prefetch_related("stations")[:50])


@dataclass(frozen=True)
class StudentGroup:
    grouping: Grouping
    group: Group
    member: GroupMember
    peers: list[Person]  # the other members of the group the reader may see
    competencies: list[Competency]


def student_groups(student: Person, *, since: dt.date | None = None) -> list[StudentGroup]:
    """The student's groups, newest first (from `since` on: by default the last eight weeks), each with the
    other members of that group only."""
    since = since or timezone.localdate() - dt.timedelta(weeks=8)
    mine = list(
        GroupMember.objects.filter(student=student, grouping__on__gte=since)
        .select_related("group", "grouping", "group__staff")
        .order_by("-grouping__on", "-grouping_id")[:20]
    )
    peers: dict[int, list[Person]] = {}
    for member in GroupMember.objects.filter(group__in=[m.group_id for m in mine]).select_related("student"):
        if member.student_id != student.pk:
            peers.setdefault(member.group_id, []).append(member.student)
    competencies: dict[int, list[Competency]] = {}
    through = Grouping.competencies.through.objects.filter(grouping_id__in=[m.grouping_id for m in mine])
    for link in through.select_related("competency"):
        competencies.setdefault(link.grouping_id, []).append(link.competency)
    return [
        StudentGroup(m.grouping, m.group, m, peers.get(m.group_id, []), competencies.get(m.grouping_id, []))
        for m in mine
    ]


# --- Station rotations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RotationRow:
    """One rotation: its times, and for each station the group there."""

    slot: rotation_.Slot
    at_station: list[tuple[Station, int]]  # (station, group index) in station order


@dataclass(frozen=True)
class RotationView:
    rotation: StationRotation
    stations: list[Station]
    competencies: list[Competency]
    groups: list[list[RotationMember]]
    rows: list[RotationRow] = field(default_factory=list)


def rotation_view(rotation: StationRotation) -> RotationView:
    stations = list(rotation.stations.all())
    members = list(RotationMember.objects.filter(rotation=rotation).select_related("student"))
    groups: list[list[RotationMember]] = [[] for _ in stations]
    for member in members:
        if member.group < len(groups):
            groups[member.group].append(member)
    slots = rotation_.schedule(
        stations=len(stations),
        rotations=rotation.rotations,
        starts=rotation.starts_at,
        minutes=rotation.minutes,
    )
    rows = []
    for slot in slots:
        where = {station: group for group, station in enumerate(slot.stations)}
        rows.append(RotationRow(slot, [(station, where[i]) for i, station in enumerate(stations)]))
    return RotationView(rotation, stations, list(rotation.competencies.all()), groups, rows)


# --- Outcomes ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One group's mean level change on one competency from the grouping's date to two weeks later, beside
    similar students of the same sections who were not in that group (the same starting level band). None:
    not yet (the two weeks have not passed) or suppressed (fewer than SUPPRESS_BELOW on a side)."""

    group: Group
    competency: Competency
    ready: bool
    members: int
    others: int
    member_change: float | None
    other_change: float | None

    @property
    def suppressed(self) -> bool:
        return self.ready and (self.members < SUPPRESS_BELOW or self.others < SUPPRESS_BELOW)


def band_of(level: float) -> int:
    """The starting level band similar students share: the level's whole number (2.0 to 2.99: band 2)."""
    return math.floor(level)


def outcomes(view: GroupingView, *, today: dt.date | None = None) -> list[Outcome]:
    """For each group and competency of the grouping: the level change from the grouping's date to
    OUTCOME_DAYS later for the group's members, and for similar students of the same sections outside the
    group (the same starting band). Levels on a day come from the evidence as it stood that day, by the
    competency's rule (the gradebook's engine). An association only: groups are not formed at random."""
    today = today or timezone.localdate()
    start = view.grouping.on
    end = start + dt.timedelta(days=OUTCOME_DAYS)
    if end > today:
        return [
            Outcome(g.group, c, False, len(g.members), 0, None, None)
            for g in view.groups
            for c in view.competencies
        ]
    ids = [s.pk for s in sections_students(view.sections)]
    scores = rules.scores_by_pair(ids, [c.pk for c in view.competencies])
    rule_of = {pk: rule for pk, (_, rule) in rules.rules_for(view.competencies).items()}
    found = []
    for competency in view.competencies:
        # Each student's (starting band, change), for those with a level on both days.
        moved: dict[int, tuple[int, float]] = {}
        for pk in ids:
            pair = scores.get((pk, competency.pk), [])
            before = engine.level(pair, rule_of[competency.pk], as_of=start).level
            after = engine.level(pair, rule_of[competency.pk], as_of=end).level
            if before is not None and after is not None:
                moved[pk] = (band_of(before), after - before)
        for group in view.groups:
            members = {m.student_id for m in group.members}
            mine = [moved[pk] for pk in members if pk in moved]
            bands = {band for band, _ in mine}
            similar = [change for pk, (band, change) in moved.items() if pk not in members and band in bands]
            shown = len(mine) >= SUPPRESS_BELOW and len(similar) >= SUPPRESS_BELOW
            found.append(
                Outcome(
                    group.group,
                    competency,
                    True,
                    len(mine),
                    len(similar),
                    round(sum(c for _, c in mine) / len(mine), 2) if shown else None,
                    round(sum(similar) / len(similar), 2) if shown else None,
                )
            )
    return found
