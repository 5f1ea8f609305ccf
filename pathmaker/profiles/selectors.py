"""Reading a learner profile: the student's own words, notes, readiness, and mastery across years.

Every function takes the ProfileAccess the access rule gave, so what comes back is already limited to
what that viewer may see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from pathmaker.frameworks.models import Competency, CourseCompetency
from pathmaker.lib.bounds import decimal_fits
from pathmaker.lib.dates import school_year_ending, school_year_label
from pathmaker.mastery import engine
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.rules import DEFAULT_RULE, scores_of
from pathmaker.mastery.selectors import summaries_for
from pathmaker.profiles.access import ProfileAccess, profile_sections_for
from pathmaker.profiles.models import (
    ProfileEntry,
    ProfileNote,
    ProfileSection,
    ReadinessItem,
    ReadinessRecord,
)
from pathmaker.rostering.models import Advisorship, Enrollment, Person, PersonRole

READY = ("proficient", "advanced")


@dataclass
class TextSection:
    section: ProfileSection
    current: ProfileEntry | None
    earlier: list[ProfileEntry]

    @property
    def missing(self) -> bool:
        return self.current is None


def sections_of(access: ProfileAccess) -> list[ProfileSection]:
    return list(profile_sections_for(access).select_related("org"))


def text_sections(access: ProfileAccess, sections: list[ProfileSection]) -> dict[int, TextSection]:
    """Each text section with the student's current words and their earlier ones, newest first."""
    text = [s for s in sections if s.kind == ProfileSection.Kind.TEXT]
    entries: dict[int, list[ProfileEntry]] = defaultdict(list)
    for entry in ProfileEntry.objects.filter(student=access.student, section__in=text):
        entries[entry.section_id].append(entry)
    found = {}
    for section in text:
        rows = entries.get(section.pk, [])
        current = next((e for e in rows if e.is_current), None)
        found[section.pk] = TextSection(section, current, [e for e in rows if e is not current])
    return found


@dataclass(frozen=True)
class Completeness:
    written: int
    total: int
    required_missing: list[str]


def completeness(sections: list[ProfileSection], text: dict[int, TextSection]) -> Completeness:
    written = sum(1 for t in text.values() if not t.missing)
    return Completeness(
        written, len(text), [s.title for s in sections if s.required and s.pk in text and text[s.pk].missing]
    )


def notes_for(access: ProfileAccess) -> QuerySet[ProfileNote]:
    return ProfileNote.objects.filter(student=access.student)


def advisors_of(student: Person) -> list[Advisorship]:
    return list(
        Advisorship.objects.filter(student=student, is_active=True)
        .select_related("advisor")
        .order_by("advisor__family_name")
    )


def student_grade(student: Person) -> int | None:
    """The student's grade as a number ("07" -> 7, "KG" -> 0), the lowest when several are listed."""
    numbers = []
    for grade in filter(None, (g.strip() for g in student.grades.split(","))):
        if grade.isdigit():
            numbers.append(int(grade))
        elif grade.upper() in ("KG", "PK", "TK"):
            numbers.append(0)
    return min(numbers) if numbers else None


@dataclass(frozen=True)
class ReadinessLine:
    item: ReadinessItem
    record: ReadinessRecord | None
    history: list[ReadinessRecord]
    applies_yet: bool

    @property
    def done(self) -> bool:
        return self.record is not None and self.record.status == ReadinessRecord.Status.DONE


def _readiness_records(student: Person) -> Sequence[ReadinessRecord]:
    try:
        return list(ReadinessRecord.objects.filter(student=student))
    except InvalidOperation:
        pass
    # A score stored past the column's digits (SQLite kept any number before scores were bounded) cannot
    # be read back as a decimal; the page shows the record without that score instead of failing for good.
    records = list(
        ReadinessRecord.objects.filter(student=student)
        .defer("score")
        .annotate(score_text=Cast("score", output_field=CharField()))
    )
    for record in records:
        try:
            score = Decimal(record.score_text) if record.score_text is not None else None
        except InvalidOperation:
            score = None
        record.score = (
            score if score is not None and decimal_fits(score, max_digits=7, decimal_places=2) else None
        )
    return records


def readiness_for(access: ProfileAccess) -> list[ReadinessLine]:
    """The district's checklist with this student's current record on each line, from the grade each item
    starts at (a first grader gets no college checklist). An item recorded early still shows, marked for
    its grade; a student with no grade on record sees every item."""
    records: dict[int, list[ReadinessRecord]] = defaultdict(list)
    for record in _readiness_records(access.student):
        records[record.item_id].append(record)
    grade = student_grade(access.student)
    lines = []
    for item in ReadinessItem.objects.filter(is_active=True):
        rows = records.get(item.pk, [])
        current = next((r for r in rows if r.is_current), None)
        applies = grade is None or grade >= item.from_grade
        if applies or rows:
            lines.append(ReadinessLine(item, current, [r for r in rows if r is not current], applies))
    return lines


# --- Mastery across courses and years -------------------------------------------------------------


@dataclass
class CompetencyRow:
    competency: Competency
    level: float | None
    status: str
    status_label: str
    overridden: bool
    mastery: float
    scale_max: float
    by_year: dict[int, float | None] = field(default_factory=dict)
    courses: list[str] = field(default_factory=list)
    in_current_course: bool = False
    cells: list[float | None] = field(default_factory=list)  # by_year laid out on the table's years

    @property
    def is_gap(self) -> bool:
        """Part of a course the student takes now and not yet at mastery."""
        return self.in_current_course and self.status not in READY

    @property
    def share(self) -> int:
        return round(100 * (self.level or 0) / self.scale_max) if self.scale_max else 0


@dataclass
class MasteryAcrossYears:
    years: list[int]
    rows: list[CompetencyRow]

    @property
    def year_labels(self) -> list[tuple[int, str]]:
        return [(y, school_year_label(y)) for y in self.years]

    @property
    def gaps(self) -> list[CompetencyRow]:
        return [r for r in self.rows if r.is_gap]

    @property
    def counts(self) -> dict[str, int]:
        counts = {"ready": 0, "working": 0, "not_started": 0}
        for row in self.rows:
            key = (
                "ready"
                if row.status in READY
                else "not_started"
                if row.status == "not_started"
                else "working"
            )
            counts[key] += 1
        return counts


def mastery_across_years(student: Person, *, today: dt.date) -> MasteryAcrossYears:
    """Every competency the student has worked on, in every course and year, plus the competencies of the
    courses they take now (not started yet counts as a gap). Each year's level is the level the student's
    own rule gave at the end of that school year, from the evidence shown by then."""
    summaries = {s.competency_id: s for s in summaries_for(student)}
    enrollments = Enrollment.objects.filter(person=student, role="student", section__course__isnull=False)
    current_courses = set(
        enrollments.filter(is_active=True, section__is_active=True).values_list(
            "section__course_id", flat=True
        )
    )
    courses: dict[int, list[str]] = defaultdict(list)
    current: set[int] = set()
    links = (
        CourseCompetency.objects.filter(course_id__in=enrollments.values("section__course_id"))
        .select_related("course")
        .order_by("course__title")
    )
    for link in links:
        if link.course.title not in courses[link.competency_id]:
            courses[link.competency_id].append(link.course.title)
        if link.course_id in current_courses:
            current.add(link.competency_id)
    competencies = {
        c.pk: c
        for c in Competency.objects.filter(pk__in=set(summaries) | current).select_related("framework")
    }
    years: set[int] = set()
    rows = []
    for pk, competency in competencies.items():
        summary = summaries.get(pk)
        rule = (
            engine.Rule.from_dict(summary.rule_snapshot)
            if summary and summary.rule_snapshot
            else DEFAULT_RULE
        )
        by_year: dict[int, float | None] = {}
        if summary is not None and summary.evidence_count:
            scores = scores_of(student.pk, pk)
            for year in sorted({school_year_ending(s.demonstrated_on) for s in scores}):
                by_year[year] = engine.level(scores, rule, as_of=min(dt.date(year, 7, 31), today)).level
            years |= set(by_year)
        status = summary.status if summary else "not_started"
        rows.append(
            CompetencyRow(
                competency=competency,
                level=summary.level if summary else None,
                status=status,
                status_label=summary.get_status_display()
                if summary
                else str(MasterySummary.Status.NOT_STARTED.label),  # in the reader's language, as above
                overridden=bool(summary and summary.overridden),
                mastery=rule.mastery,
                scale_max=rule.scale_max,
                by_year=by_year,
                courses=courses.get(pk, []),
                in_current_course=pk in current,
            )
        )
    rows.sort(
        key=lambda r: (r.competency.framework.title, r.competency.human_coding_scheme or "", r.competency.pk)
    )
    ordered = sorted(years)
    for row in rows:
        row.cells = [row.by_year.get(year) for year in ordered]
    return MasteryAcrossYears(ordered, rows)


def staff_of_school(student: Person) -> list[Person]:
    """Who may advise the student: teachers and leaders at the student's schools."""
    schools = PersonRole.objects.filter(person=student, role="student", is_active=True).values("org_id")
    return list(
        Person.objects.filter(
            roles__org_id__in=schools,
            roles__is_active=True,
            is_active=True,
            roles__role__in=(
                "teacher",
                "aide",
                "counselor",
                "principal",
                "siteAdministrator",
                "administrator",
            ),
        )
        .distinct()
        .order_by("family_name", "given_name")
    )
