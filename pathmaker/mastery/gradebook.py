"""The teacher gradebook: a section's students by its course's competencies, with levels and statuses.

A cell is "not yet ready" only when the student is not yet proficient on it and a prerequisite (a
`precedes` association) is not proficient either; the cell names those prerequisites.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from pathmaker.frameworks.models import Association, Competency, CourseCompetency
from pathmaker.mastery.models import MasterySummary
from pathmaker.rostering.models import Person, Section

STALLED_AFTER_DAYS = 21
SHOWN = (
    "id",
    "student_id",
    "competency_id",
    "level",
    "status",
    "last_demonstrated_on",
)  # summary fields read
READY_STATUSES = (MasterySummary.Status.PROFICIENT, MasterySummary.Status.ADVANCED)


@dataclass
class Cell:
    summary: MasterySummary | None
    missing: list[Competency]  # prerequisites not yet proficient (only when this cell is not proficient)
    stalled: bool  # in progress with no new evidence for STALLED_AFTER_DAYS
    href: str = ""  # the explanation page; built once per page, not reversed 1,200 times in the template
    label: str = ""

    @property
    def status(self) -> str:
        return self.summary.status if self.summary else MasterySummary.Status.NOT_STARTED

    @property
    def not_ready(self) -> bool:
        return bool(self.missing)

    @property
    def missing_codes(self) -> str:
        """The prerequisites still to reach, as the gradebook names them ("R, P")."""
        return ", ".join(c.human_coding_scheme or c.short_statement for c in self.missing)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Column:
    """A competency of the course with how many of the section's students are at each status."""

    competency: Competency
    counts: list[StatusCount]


@dataclass
class Row:
    student: Person
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Gradebook:
    section: Section
    competencies: list[Competency]
    rows: list[Row]  # the students shown (after the filter)
    columns: list[Column] = field(default_factory=list)  # counts over every student of the section


def gradebook(
    section: Section, students: list[Person], *, today: dt.date, show: str = "", explain_url: str = ""
) -> Gradebook:
    """`explain_url` has the placeholders {student} and {competency}."""
    competencies = (
        [
            link.competency
            for link in CourseCompetency.objects.filter(course_id=section.course_id)
            .select_related("competency")
            .order_by("position", "id")
        ]
        if section.course_id
        else []
    )
    ids = [c.pk for c in competencies]
    prerequisites: dict[int, list[int]] = {}
    for before, after in Association.objects.filter(
        association_type="precedes", destination_id__in=ids, origin__isnull=False, is_retired=False
    ).values_list("origin_id", "destination_id"):
        prerequisites.setdefault(after, []).append(before)
    wanted = set(ids) | {p for group in prerequisites.values() for p in group}
    # Only what the page shows: the rule snapshot and running sums (JSON) are not read for 1,200 cells.
    summaries = {
        (s.student_id, s.competency_id): s
        for s in MasterySummary.objects.filter(
            student_id__in=[s.pk for s in students], competency_id__in=wanted
        ).only(*SHOWN)
    }
    labels = {status.value: status.label for status in MasterySummary.Status}
    named = {
        c.pk: c
        for c in Competency.objects.filter(pk__in={p for group in prerequisites.values() for p in group})
    }
    stalled_before = today - dt.timedelta(days=STALLED_AFTER_DAYS)
    rows, every_row = [], []
    for student in students:
        row = Row(student)
        for competency in competencies:
            summary = summaries.get((student.pk, competency.pk))
            ready_here = summary is not None and summary.status in READY_STATUSES
            missing = (
                []
                if ready_here
                else [
                    named[p]
                    for p in prerequisites.get(competency.pk, ())
                    if getattr(summaries.get((student.pk, p)), "status", None) not in READY_STATUSES
                ]
            )
            if summary is None:
                row.cells.append(Cell(None, missing, False, label=labels[MasterySummary.Status.NOT_STARTED]))
                continue
            stalled = bool(
                summary.status == MasterySummary.Status.IN_PROGRESS
                and summary.last_demonstrated_on
                and summary.last_demonstrated_on < stalled_before
            )
            href = explain_url.format(student=student.pk, competency=competency.pk)
            row.cells.append(Cell(summary, missing, stalled, href, labels.get(summary.status, "")))
        every_row.append(row)
        if _shown(row, show):
            rows.append(row)
    return Gradebook(section, competencies, rows, _columns(competencies, every_row, labels))


def _columns(competencies: list[Competency], rows: list[Row], labels: dict[str, str]) -> list[Column]:
    """Per competency, how many students are at each status (every status listed, zeros included)."""
    columns = []
    for index, competency in enumerate(competencies):
        counted = Counter(row.cells[index].status for row in rows)
        columns.append(
            Column(
                competency,
                [StatusCount(status, label, counted.get(status, 0)) for status, label in labels.items()],
            )
        )
    return columns


def _shown(row: Row, show: str) -> bool:
    if show == "not_ready":
        return any(cell.not_ready for cell in row.cells)
    if show == "stalled":
        return any(cell.stalled for cell in row.cells)
    if show == "needs_revision":
        return any(cell.status == MasterySummary.Status.NEEDS_REVISION for cell in row.cells)
    if show == "awaiting_evaluation":
        return any(cell.status == MasterySummary.Status.AWAITING_EVALUATION for cell in row.cells)
    return True
