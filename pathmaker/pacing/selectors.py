"""Reading pacing: terms, days off, guides, deadlines with their state, and on-track projections.

Plain functions for the pages, the API and the plans (`pathmaker.paths` reads `deadlines_due` and
`projection_for`). A deadline's state and a projection are computed as they are read, from the mastery
summaries: there is no scheduled job to fall behind.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from pathmaker.access import scope
from pathmaker.frameworks.models import Competency
from pathmaker.mastery import engine, rules
from pathmaker.mastery.models import MasterySummary
from pathmaker.pacing import projection
from pathmaker.pacing.models import DayOff, Deadline, ExtensionRequest, PacingGuide
from pathmaker.pacing.projection import Projection
from pathmaker.rostering.models import AcademicSession, Course, Enrollment, Person, Section

MASTERED = (MasterySummary.Status.PROFICIENT, MasterySummary.Status.ADVANCED)
TERM_TYPES = (AcademicSession.Type.TERM, AcademicSession.Type.SEMESTER)
# A year-long section has only its school year: that is its term for pacing.
PACED_TYPES = (*TERM_TYPES, AcademicSession.Type.SCHOOL_YEAR)


# --- Calendars, terms and guides ----------------------------------------------------------------------


def days_off_for(school_id: int) -> frozenset[dt.date]:
    return frozenset(DayOff.objects.filter(school_id=school_id).values_list("on", flat=True))


def days_off_of(school_id: int) -> QuerySet[DayOff]:
    return DayOff.objects.filter(school_id=school_id).order_by("on")


def term_for(section: Section, today: dt.date | None = None) -> AcademicSession | None:
    """The section's term (or semester) that contains today, else its school year that does; else the next
    to begin; else the last one."""
    today = today or timezone.localdate()
    return term_among(list(section.terms.filter(session_type__in=PACED_TYPES)), today)


def term_among(sessions: Iterable[AcademicSession], today: dt.date) -> AcademicSession | None:
    """`term_for`'s choice among a section's paced sessions (read in bulk by `paths.snapshots`)."""
    ranked = sorted(
        (t for t in sessions if t.session_type in PACED_TYPES),
        key=lambda t: (t.session_type not in TERM_TYPES, t.start_date, t.pk),
    )
    for term in ranked:
        if term.start_date <= today <= term.end_date:
            return term
    upcoming = [t for t in ranked if t.start_date > today]
    return upcoming[0] if upcoming else (ranked[-1] if ranked else None)


def terms_of_course(course: Course) -> list[AcademicSession]:
    return list(
        AcademicSession.objects.filter(
            sections__course=course, sections__is_active=True, session_type__in=PACED_TYPES
        )
        .distinct()
        .order_by("start_date", "id")
    )


def course_competencies(course: Course) -> list[Competency]:
    """The course's competencies in the course's order (retired ones are not required any more)."""
    return list(
        Competency.objects.filter(course_links__course=course, is_retired=False)
        .select_related("framework")
        .order_by("course_links__position", "course_links__id")
    )


def guide_for(course: Course, term: AcademicSession | None) -> PacingGuide | None:
    if term is None:
        return None
    return PacingGuide.objects.filter(course=course, term=term).prefetch_related("targets").first()


def target_weeks(guide: PacingGuide | None) -> dict[int, float]:
    return {} if guide is None else {t.competency_id: float(t.weeks) for t in guide.targets.all()}


def suggested_dates(
    competencies: Sequence[Competency],
    weeks: dict[int, float],
    term: AcademicSession,
    days_off: frozenset[dt.date],
) -> dict[int, dt.date]:
    """The guide's targets laid end to end from the term's start: the school day each should be mastered by."""
    found, total = {}, 0.0
    for competency in competencies:
        if competency.pk not in weeks:
            continue
        total += weeks[competency.pk]
        days = max(math.ceil(round(total * projection.DAYS_A_WEEK, 6)), 1)
        found[competency.pk] = projection.nth_school_day(term.start_date, days, days_off)
    return found


# --- Deadlines ----------------------------------------------------------------------------------------


@dataclass
class DeadlineRow:
    deadline: Deadline
    state: str
    open_request: ExtensionRequest | None = None
    requests: list[ExtensionRequest] = field(default_factory=list)

    @property
    def is_hard(self) -> bool:
        return self.deadline.kind == Deadline.Kind.HARD

    @property
    def state_label(self) -> str:
        return str(Deadline.State(self.state).label)


def _summaries(
    student_ids: Iterable[int], competency_ids: Iterable[int]
) -> dict[tuple[int, int], MasterySummary]:
    # Only what a deadline's state and a projection read (not the running sums or the rule's snapshot).
    rows = MasterySummary.objects.filter(
        student_id__in=list(student_ids), competency_id__in=list(competency_ids)
    ).only("student_id", "competency_id", "status", "last_demonstrated_on", "overridden")
    return {(s.student_id, s.competency_id): s for s in rows}


def _mastered_as_of(student_id: int, competency: Competency, on: dt.date) -> bool:
    """Whether the evidence as it stood on `on` gave a level at mastery (for evidence recorded after it)."""
    _, rule = rules.rule_for(competency)
    result = engine.level(rules.scores_of(student_id, competency.pk), rule, as_of=on)
    return rules.status_of(result.level, len(result.scores), rule) in MASTERED


def state_of(deadline: Deadline, summary: MasterySummary | None, today: dt.date) -> str:
    """Met: mastery reached on or before the date; missed: the date has passed without it; else upcoming."""
    if summary is not None and summary.status in MASTERED:
        last = summary.last_demonstrated_on
        if last is None or last <= deadline.due_on or summary.overridden:
            return Deadline.State.MET
        if _mastered_as_of(deadline.student_id, deadline.competency, deadline.due_on):
            return Deadline.State.MET
        # Mastered, but after the date: late for a date that has passed.
    return Deadline.State.MISSED if deadline.due_on < today else Deadline.State.UPCOMING


def deadline_rows(deadlines: Iterable[Deadline], today: dt.date | None = None) -> list[DeadlineRow]:
    today = today or timezone.localdate()
    deadlines = list(deadlines)
    summaries = _summaries({d.student_id for d in deadlines}, {d.competency_id for d in deadlines})
    requests: dict[int, list[ExtensionRequest]] = defaultdict(list)
    for request in ExtensionRequest.objects.filter(deadline__in=deadlines).order_by("-asked_at", "-id"):
        requests[request.deadline_id].append(request)
    rows = []
    for deadline in deadlines:
        state = state_of(deadline, summaries.get((deadline.student_id, deadline.competency_id)), today)
        asked = requests.get(deadline.pk, [])
        rows.append(DeadlineRow(deadline, state, next((r for r in asked if r.is_open), None), asked))
    return rows


def _deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.select_related(
        "competency", "competency__framework", "section", "course", "student"
    )


def deadlines_of(
    student: Person, *, course: Course | None = None, today: dt.date | None = None
) -> list[DeadlineRow]:
    found = _deadlines().filter(student=student, section__is_active=True)
    if course is not None:
        found = found.filter(course=course)
    return deadline_rows(found.order_by("due_on", "kind", "id"), today)


def deadlines_due(student: Person, *, within_days: int, today: dt.date | None = None) -> list[DeadlineRow]:
    """The student's deadlines not yet met and due within `within_days` days (missed ones first): what is due soon."""
    today = today or timezone.localdate()
    found = _deadlines().filter(
        student=student, section__is_active=True, due_on__lte=today + dt.timedelta(days=within_days)
    )
    return [
        row
        for row in deadline_rows(found.order_by("due_on", "kind", "id"), today)
        if row.state != Deadline.State.MET
    ]


# --- Projections --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseProjection:
    course: Course
    section: Section
    term: AcademicSession | None
    has_guide: bool
    projection: Projection | None  # None: no term to project within, or no competencies to pace

    @property
    def status(self) -> str:
        return projection.Status.UNKNOWN if self.projection is None else self.projection.status


def _inputs(
    student_id: int,
    competencies: Sequence[Competency],
    summaries: dict[tuple[int, int], MasterySummary],
    term: AcademicSession,
    weeks: dict[int, float],
    days_off: frozenset[dt.date],
    today: dt.date,
) -> projection.Inputs:
    mastered_on = {
        c.pk: s.last_demonstrated_on
        for c in competencies
        if (s := summaries.get((student_id, c.pk))) is not None and s.status in MASTERED
    }
    return projection_inputs(
        competency_ids=[c.pk for c in competencies],
        mastered_on=mastered_on,
        term=term,
        weeks=weeks,
        days_off=days_off,
        today=today,
    )


def projection_inputs(
    *,
    competency_ids: Sequence[int],
    mastered_on: Mapping[int, dt.date | None],
    term: AcademicSession,
    weeks: Mapping[int, float],
    days_off: frozenset[dt.date],
    today: dt.date,
) -> projection.Inputs:
    """The projection's inputs for one student in one course: `mastered_on` holds the course's competencies
    they have mastered (and any others: only the course's count), each with its last demonstration day."""
    mastered = [c for c in competency_ids if c in mastered_on]
    this_term = [c for c in mastered if (on := mastered_on[c]) is None or on >= term.start_date]
    done = set(mastered)
    left = [c for c in competency_ids if c not in done]
    guide_left = None
    if weeks:
        average = sum(weeks.values()) / len(weeks)  # a competency the guide leaves out takes an average one
        guide_left = sum(weeks.get(c, average) for c in left)
    return projection.Inputs(
        today=today,
        term_start=term.start_date,
        term_end=term.end_date,
        required=len(competency_ids),
        mastered=len(mastered),
        mastered_this_term=len(this_term),
        guide_weeks_left=guide_left,
        days_off=days_off,
    )


def projections_for_section(
    section: Section, student_ids: Sequence[int], today: dt.date | None = None
) -> dict[int, CourseProjection]:
    """Every listed student's projection in the section's course, in a handful of queries."""
    today = today or timezone.localdate()
    course = section.course
    term = term_for(section, today)
    if course is None:
        return {}
    guide = guide_for(course, term)
    if term is None:
        return {pk: CourseProjection(course, section, None, guide is not None, None) for pk in student_ids}
    competencies = course_competencies(course)
    if not competencies:  # nothing to pace: not "done"
        return {pk: CourseProjection(course, section, term, guide is not None, None) for pk in student_ids}
    summaries = _summaries(student_ids, [c.pk for c in competencies])
    weeks, days_off = target_weeks(guide), days_off_for(section.school_id)
    return {
        pk: CourseProjection(
            course,
            section,
            term,
            guide is not None,
            projection.project(_inputs(pk, competencies, summaries, term, weeks, days_off, today)),
        )
        for pk in student_ids
    }


def _student_sections(student: Person) -> QuerySet[Section]:
    return (
        Section.objects.filter(
            enrollments__person=student,
            enrollments__role="student",
            enrollments__is_active=True,
            is_active=True,
            course__isnull=False,
            course__competency_links__isnull=False,
        )
        .select_related("course", "school")
        .distinct()
        .order_by("course__title", "id")
    )


def projection_for(
    student: Person, course: Course, *, today: dt.date | None = None
) -> CourseProjection | None:
    """The student's on-track projection in one course (through their section of it); None if not enrolled."""
    section = _student_sections(student).filter(course=course).first()
    if section is None:
        return None
    return projections_for_section(section, [student.pk], today)[student.pk]


@dataclass
class CoursePacing:
    """One course on the student's pacing page."""

    projection: CourseProjection
    deadlines: list[DeadlineRow]
    suggestions: list[
        tuple[Competency, dt.date]
    ]  # the guide's dates for competencies with no target of the student's

    @property
    def course(self) -> Course:
        return self.projection.course

    @property
    def section(self) -> Section:
        return self.projection.section


def student_pacing(student: Person, today: dt.date | None = None) -> list[CoursePacing]:
    today = today or timezone.localdate()
    courses = []
    for section in _student_sections(student):
        assert section.course is not None  # _student_sections keeps sections with a course
        course_projection = projections_for_section(section, [student.pk], today)[student.pk]
        rows = deadlines_of(student, course=section.course, today=today)
        courses.append(
            CoursePacing(
                course_projection, rows, _suggestions(student, section, course_projection, rows, today)
            )
        )
    return courses


def _suggestions(
    student: Person,
    section: Section,
    course_projection: CourseProjection,
    rows: list[DeadlineRow],
    today: dt.date,
) -> list[tuple[Competency, dt.date]]:
    """The guide's dates still ahead for the competencies the student has neither mastered nor targeted."""
    term = course_projection.term
    if term is None or section.course is None:
        return []
    guide = guide_for(section.course, term)
    if guide is None:
        return []
    competencies = course_competencies(section.course)
    dates = suggested_dates(competencies, target_weeks(guide), term, days_off_for(section.school_id))
    targeted = {r.deadline.competency_id for r in rows if r.deadline.kind == Deadline.Kind.SOFT}
    summaries = _summaries([student.pk], dates)
    return [
        (c, dates[c.pk])
        for c in competencies
        if c.pk in dates
        and dates[c.pk] >= today
        and c.pk not in targeted
        and getattr(summaries.get((student.pk, c.pk)), "status", None) not in MASTERED
    ]


# --- A section's pacing and the alerts ------------------------------------------------------------------


@dataclass
class StudentPacingRow:
    student: Person
    projection: CourseProjection
    missed: list[DeadlineRow]
    open_requests: list[DeadlineRow]


def section_students(section: Section) -> list[Person]:
    return [
        e.person
        for e in Enrollment.objects.filter(
            section=section, role="student", is_active=True, person__is_active=True
        )
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "person_id")
    ]


def section_pacing(section: Section, today: dt.date | None = None) -> list[StudentPacingRow]:
    today = today or timezone.localdate()
    students = section_students(section)
    projections = projections_for_section(section, [s.pk for s in students], today)
    rows = deadline_rows(_deadlines().filter(section=section).order_by("due_on", "id"), today)
    by_student: dict[int, list[DeadlineRow]] = defaultdict(list)
    for row in rows:
        by_student[row.deadline.student_id].append(row)
    return [
        StudentPacingRow(
            student,
            projections[student.pk],
            [r for r in by_student[student.pk] if r.is_hard and r.state == Deadline.State.MISSED],
            [r for r in by_student[student.pk] if r.open_request is not None],
        )
        for student in students
        if student.pk in projections
    ]


def section_hard_deadlines(section: Section) -> list[Deadline]:
    return list(
        _deadlines()
        .filter(section=section, kind=Deadline.Kind.HARD)
        .order_by("due_on", "student__family_name")
    )


@dataclass(frozen=True)
class Alert:
    """A student who needs a word: a missed hard deadline, or off track in a course."""

    student: Person
    section: Section
    missed: tuple[DeadlineRow, ...]
    off_track: bool
    open_requests: int


def _alerts(sections: Iterable[Section], today: dt.date) -> list[Alert]:
    alerts = []
    for section in sections:
        for row in section_pacing(section, today):
            off = row.projection.status == projection.Status.OFF_TRACK
            if row.missed or off or row.open_requests:
                alerts.append(Alert(row.student, section, tuple(row.missed), off, len(row.open_requests)))
    return alerts


def alerts_for_teacher(user: Any, today: dt.date | None = None) -> list[Alert]:
    """Missed hard deadlines, students off track and open extension requests in the sections this user teaches."""
    viewer = scope.viewer_for(user)
    if viewer.person_id is None or not viewer.is_teacher:
        return []
    sections = (
        Section.objects.filter(
            pk__in=scope.taught_sections(viewer.person_id).values("section_id"), is_active=True
        )
        .select_related("course", "school")
        .order_by("title", "id")
    )
    return _alerts(sections, today or timezone.localdate())


def alerts_for_advisor(user: Any, today: dt.date | None = None) -> list[Alert]:
    """The same, for the students this user advises, in each of their paced courses (a few queries a section)."""
    viewer = scope.viewer_for(user)
    if viewer.person_id is None or not viewer.is_advisor:
        return []
    today = today or timezone.localdate()
    advisees = {
        p.pk: p
        for p in Person.objects.filter(pk__in=scope.advisees_of(viewer.person_id).values("student_id"))
    }
    in_sections: dict[int, list[int]] = defaultdict(list)
    for section_id, person_id in (
        Enrollment.objects.filter(
            person_id__in=advisees,
            role="student",
            is_active=True,
            section__is_active=True,
            section__course__isnull=False,
        )
        .values_list("section_id", "person_id")
        .distinct()
    ):
        in_sections[section_id].append(person_id)
    missed: dict[tuple[int, int], list[DeadlineRow]] = defaultdict(list)
    passed = _deadlines().filter(student_id__in=advisees, kind=Deadline.Kind.HARD, due_on__lt=today)
    for row in deadline_rows(passed, today):
        if row.state == Deadline.State.MISSED:
            missed[(row.deadline.student_id, row.deadline.section_id)].append(row)
    alerts = []
    for section in Section.objects.filter(pk__in=in_sections).select_related("course", "school"):
        for pk, found in projections_for_section(section, in_sections[section.pk], today).items():
            off = found.status == projection.Status.OFF_TRACK
            if off or missed.get((pk, section.pk)):
                alerts.append(Alert(advisees[pk], section, tuple(missed.get((pk, section.pk), ())), off, 0))
    return sorted(
        alerts, key=lambda a: (a.student.family_name, a.student.given_name, a.student.pk, a.section.title)
    )
