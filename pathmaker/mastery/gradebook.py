"""The teacher gradebook: a section's students by its course's competencies, with levels and statuses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pathmaker.frameworks.models import Association, Competency, CourseCompetency
from pathmaker.mastery.models import MasterySummary
from pathmaker.rostering.models import Person, Section

STALLED_AFTER_DAYS = 21
READY_STATUSES = (MasterySummary.Status.PROFICIENT, MasterySummary.Status.ADVANCED)


@dataclass
class Cell:
    summary: MasterySummary | None
    not_ready: bool  # a prerequisite is not yet proficient
    stalled: bool  # in progress with no new evidence for STALLED_AFTER_DAYS
    href: str = ""  # the explanation page; built once per page, not reversed 1,200 times in the template
    label: str = ""

    @property
    def status(self) -> str:
        return self.summary.status if self.summary else MasterySummary.Status.NOT_STARTED


@dataclass
class Row:
    student: Person
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Gradebook:
    section: Section
    competencies: list[Competency]
    rows: list[Row]


def gradebook(section: Section, students: list[Person], *, today: dt.date, show: str = "",
              explain_url: str = "") -> Gradebook:
    """`explain_url` has the placeholders {student} and {competency}."""
    competencies = [link.competency for link in CourseCompetency.objects.filter(course_id=section.course_id)
                    .select_related("competency").order_by("position", "id")] if section.course_id else []
    ids = [c.pk for c in competencies]
    prerequisites: dict[int, list[int]] = {}
    for before, after in Association.objects.filter(association_type="precedes", destination_id__in=ids,
                                                    origin__isnull=False, is_retired=False).values_list(
            "origin_id", "destination_id"):
        prerequisites.setdefault(after, []).append(before)
    wanted = set(ids) | {p for group in prerequisites.values() for p in group}
    summaries = {(s.student_id, s.competency_id): s for s in MasterySummary.objects.filter(
        student__in=students, competency_id__in=wanted)}
    rows = []
    for student in students:
        row = Row(student)
        for competency in competencies:
            summary = summaries.get((student.pk, competency.pk))
            not_ready = any(getattr(summaries.get((student.pk, p)), "status", None) not in READY_STATUSES
                            for p in prerequisites.get(competency.pk, []))
            stalled = bool(summary and summary.status == MasterySummary.Status.IN_PROGRESS
                           and summary.last_demonstrated_on
                           and (today - summary.last_demonstrated_on).days > STALLED_AFTER_DAYS)
            href = explain_url.format(student=student.pk, competency=competency.pk) if summary else ""
            label = MasterySummary.Status(summary.status).label if summary else ""
            row.cells.append(Cell(summary, not_ready, stalled, href, label))
        if _shown(row, show):
            rows.append(row)
    return Gradebook(section, competencies, rows)


def _shown(row: Row, show: str) -> bool:
    if show == "not_ready":
        return any(cell.not_ready for cell in row.cells)
    if show == "stalled":
        return any(cell.stalled for cell in row.cells)
    if show == "needs_revision":
        return any(cell.status == MasterySummary.Status.NEEDS_REVISION for cell in row.cells)
    return True
