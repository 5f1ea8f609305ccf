"""Every student's plans, projections and recommendations, stored (`PathSnapshot`) for lists over many students.

The pages compute a student's plan, "what next" and on-track projection when they are read; a list of the
students behind pace in forty sections cannot afford that per student. So the same pure functions the pages
call (`sequence.plan_order`, `next.next_step` and `next.recommend`, `pacing.projection.project` on
`pacing.selectors.projection_inputs`) run here over inputs read in bulk, and their answers are stored:

- `rebuild` (the worker's `paths_rebuild_task`, nightly and after the demo is built): one pass over the
  district, students a range of ids at a time (each range reads its enrollments, mastered summaries, plan
  moves, deadlines and revision requests; the courses, prerequisites, sequences, terms, guides and days off
  are read once), then every snapshot written with bulk statements in one transaction.
- `refresh_student`: one student's snapshots for the courses a changed level touches, in the transaction
  of the change (mastery sends `level_changed`; `PathsConfig.ready` connects it).

A level, a plan move or a revision request changed while a rebuild is reading is not lost: the rebuild
notes when it began reading, and in its writing transaction, after it has written everything, it computes
again the students whose summaries, plan changes or flags are newer than that. The writing transaction and
each `refresh_student` hold one advisory lock (PostgreSQL; SQLite has one writer anyway): shared by the
refreshes, so evidence writes never wait for each other, exclusive for the rebuild's few seconds of
writing, so a refresh never interleaves with the delete-and-insert (and the rebuild sees every refresh
committed before it took the lock).

The recommendation stored is the competency and its reason (and a deadline's date): what `next.recommend`
decides before it picks a resource to try, which the student's home still picks when it is read.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from pathmaker.frameworks.models import Association, CourseCompetency
from pathmaker.jobs.bulkwrite import insert_rows
from pathmaker.mastery.models import MasteryFlag, MasterySummary
from pathmaker.pacing import projection
from pathmaker.pacing.models import DayOff, Deadline, PacingTarget
from pathmaker.pacing.selectors import deadline_rows, projection_inputs, term_among
from pathmaker.paths import next as next_
from pathmaker.paths import sequence
from pathmaker.paths.models import PathSnapshot, PlanChange, SequenceStep
from pathmaker.rostering.models import AcademicSession, Enrollment, Section, SectionTerm

MASTERED = (MasterySummary.Status.PROFICIENT, MasterySummary.Status.ADVANCED)
CHUNK_STUDENTS = 5000  # students read and computed together
SNAPSHOT_LOCK = 0x70617468  # the advisory lock key of snapshot writes ("path")
COLUMNS = [
    "student_id",
    "course_id",
    "section_id",
    "next_competency_id",
    "remaining",
    "pace_status",
    "finish_on",
    "missed_hard",
    "recommended_id",
    "reason",
    "reason_values",
    "computed_for",
    "computed_at",
]
ProgressFn = Callable[[str, int, int], None]


@dataclass
class District:
    """What every student's snapshot reads the same: courses, prerequisites, sequences and calendars."""

    today: dt.date
    competencies: dict[int, list[int]] = field(default_factory=dict)  # course -> ids, in course order
    prerequisites: dict[int, set[int]] = field(default_factory=dict)
    sequences: dict[int, list[int]] = field(default_factory=dict)
    terms: dict[int, AcademicSession | None] = field(default_factory=dict)  # section -> its paced term
    schools: dict[int, int] = field(default_factory=dict)  # section -> school
    weeks: dict[tuple[int, int], dict[int, float]] = field(default_factory=dict)  # (course, term) -> guide
    days_off: dict[int, frozenset[dt.date]] = field(default_factory=dict)  # school -> days off


@dataclass
class Students:
    """What a group of students' snapshots read of their own."""

    sections: dict[tuple[int, int], int] = field(default_factory=dict)  # (student, course) -> their section
    mastered: dict[int, dict[int, dt.date | None]] = field(default_factory=dict)  # last demonstrated
    moves: dict[tuple[int, int], list[sequence.Move]] = field(default_factory=dict)
    due: dict[tuple[int, int], list[next_.Due]] = field(default_factory=dict)  # due soon, not met
    missed_hard: dict[tuple[int, int], int] = field(default_factory=dict)
    revisions: dict[int, frozenset[int]] = field(default_factory=dict)


# --- Reading ----------------------------------------------------------------------------------------


def _students_q(prefix: str, ids: Collection[int] | None, lo: int | None, hi: int | None) -> Q:
    if ids is not None:
        return Q(**{f"{prefix}__in": list(ids)})
    q = Q()
    if lo is not None:
        q &= Q(**{f"{prefix}__gte": lo})
    if hi is not None:
        q &= Q(**{f"{prefix}__lte": hi})
    return q


def read_students(
    today: dt.date,
    *,
    ids: Collection[int] | None = None,
    lo: int | None = None,
    hi: int | None = None,
    courses: Collection[int] | None = None,
) -> Students:
    """The students with ids in `ids` (or from `lo` to `hi`), in their courses (only `courses` if given)."""
    found = Students()
    enrolled = Enrollment.objects.filter(
        _students_q("person_id", ids, lo, hi),
        role="student",
        is_active=True,
        section__is_active=True,
        section__course__isnull=False,
        # The courses with a plan (`selectors.courses_of`), as a subquery: a join would repeat every
        # enrollment once per competency of its course.
        section__course_id__in=CourseCompetency.objects.values("course_id"),
    )
    if courses is not None:
        enrolled = enrolled.filter(section__course_id__in=list(courses))
    # Their first section of each course, as `pacing.selectors.projection_for` takes it.
    for student_id, course_id, section_id in enrolled.values_list(
        "person_id", "section__course_id", "section_id"
    ).distinct():
        key = (student_id, course_id)
        if key not in found.sections or section_id < found.sections[key]:
            found.sections[key] = section_id
    summaries = MasterySummary.objects.filter(
        _students_q("student_id", ids, lo, hi), status__in=MASTERED
    ).values_list("student_id", "competency_id", "last_demonstrated_on")
    for student_id, competency_id, last in summaries.iterator(chunk_size=20_000):
        found.mastered.setdefault(student_id, {})[competency_id] = last
    for student_id, course_id, competency_id, after_id, by_role, reason in (
        PlanChange.objects.filter(_students_q("plan__student_id", ids, lo, hi))
        .order_by("at", "id")
        .values_list("plan__student_id", "plan__course_id", "competency_id", "after_id", "by_role", "reason")
    ):
        found.moves.setdefault((student_id, course_id), []).append(
            sequence.Move(competency_id, after_id, by_role, reason)
        )
    deadlines = (
        Deadline.objects.filter(
            _students_q("student_id", ids, lo, hi),
            section__is_active=True,
            due_on__lte=today + dt.timedelta(days=next_.SOON_DAYS),
        )
        .select_related("competency")
        .order_by("due_on", "kind", "id")
    )
    for row in deadline_rows(deadlines, today):  # as `deadlines_due` and the alerts read them
        deadline = row.deadline
        key = (deadline.student_id, deadline.course_id)
        if row.state == Deadline.State.MET:
            continue
        found.due.setdefault(key, []).append(
            next_.Due(deadline.competency_id, deadline.due_on, deadline.kind == Deadline.Kind.HARD)
        )
        if row.state == Deadline.State.MISSED and row.is_hard:
            found.missed_hard[key] = found.missed_hard.get(key, 0) + 1
    revisions: dict[int, set[int]] = defaultdict(set)
    for student_id, competency_id in MasteryFlag.objects.filter(
        _students_q("student_id", ids, lo, hi), is_current=True, kind=MasteryFlag.Kind.NEEDS_REVISION
    ).values_list("student_id", "competency_id"):
        revisions[student_id].add(competency_id)
    found.revisions = {k: frozenset(v) for k, v in revisions.items()}
    return found


def read_district(today: dt.date, *, courses: Collection[int], sections: Collection[int]) -> District:
    """The courses' competencies, prerequisites and sequences; the sections' terms, schools and calendars."""
    found = District(today)
    for course_id, competency_id in (
        CourseCompetency.objects.filter(course_id__in=list(courses), competency__is_retired=False)
        .order_by("course_id", "position", "id")
        .values_list("course_id", "competency_id")
    ):
        found.competencies.setdefault(course_id, []).append(competency_id)
    ids = {c for group in found.competencies.values() for c in group}
    for before, after in Association.objects.filter(
        association_type=Association.Type.PRECEDES,
        destination_id__in=list(ids),
        origin__isnull=False,
        is_retired=False,
    ).values_list("origin_id", "destination_id"):
        found.prerequisites.setdefault(after, set()).add(before)
    for course_id, competency_id in (
        SequenceStep.objects.filter(course_id__in=list(courses))
        .order_by("course_id", "position")
        .values_list("course_id", "competency_id")
    ):
        found.sequences.setdefault(course_id, []).append(competency_id)
    sessions: dict[int, list[AcademicSession]] = defaultdict(list)
    for link in SectionTerm.objects.filter(section_id__in=list(sections)).select_related("session"):
        sessions[link.section_id].append(link.session)
    found.terms = {pk: term_among(sessions.get(pk, []), today) for pk in sections}
    found.schools = dict(Section.objects.filter(pk__in=list(sections)).values_list("id", "school_id"))
    term_ids = {t.pk for t in found.terms.values() if t is not None}
    for course_id, term_id, competency_id, weeks in PacingTarget.objects.filter(
        guide__course_id__in=list(courses), guide__term_id__in=list(term_ids)
    ).values_list("guide__course_id", "guide__term_id", "competency_id", "weeks"):
        found.weeks.setdefault((course_id, term_id), {})[competency_id] = float(weeks)
    days_off: dict[int, set[dt.date]] = defaultdict(set)
    for school_id, on in DayOff.objects.filter(school_id__in=set(found.schools.values())).values_list(
        "school_id", "on"
    ):
        days_off[school_id].add(on)
    found.days_off = {school: frozenset(days_off.get(school, ())) for school in set(found.schools.values())}
    return found


# --- Computing --------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    student_id: int
    course_id: int
    section_id: int
    next_competency_id: int | None
    remaining: int
    pace_status: str
    finish_on: dt.date | None
    missed_hard: int
    recommended_id: int | None
    reason: str
    reason_values: dict[str, str]

    def row(self, today: dt.date, now: dt.datetime) -> tuple[Any, ...]:
        return (
            self.student_id,
            self.course_id,
            self.section_id,
            self.next_competency_id,
            self.remaining,
            self.pace_status,
            self.finish_on,
            self.missed_hard,
            self.recommended_id,
            self.reason,
            self.reason_values,
            today,
            now,
        )


class Projector:
    """`projection.project`, remembered by its inputs: students with the same counts in the same term and
    calendar get the same projection, so it is worked out once for them."""

    def __init__(self) -> None:
        self.seen: dict[projection.Inputs, projection.Projection] = {}

    def __call__(self, inputs: projection.Inputs) -> projection.Projection:
        found = self.seen.get(inputs)
        if found is None:
            found = self.seen[inputs] = projection.project(inputs)
        return found


def compute(district: District, students: Students, projector: Projector | None = None) -> Iterator[Snapshot]:
    """Each student-course's snapshot, from the pure functions the pages call."""
    projector = projector or Projector()
    today = district.today
    for (student_id, course_id), section_id in students.sections.items():
        competencies = district.competencies.get(course_id, [])
        mastered_on = students.mastered.get(student_id, {})
        mastered = frozenset(mastered_on)
        items = sequence.plan_order(
            competencies=competencies,
            default_sequence=district.sequences.get(course_id, []),
            prerequisites=district.prerequisites,
            mastered=mastered,
            moves=students.moves.get((student_id, course_id), []),
        )
        state = next_.CourseState(
            plan=[item.competency for item in items],
            prerequisites=district.prerequisites,
            mastered=mastered,
            deadlines=students.due.get((student_id, course_id), []),
            revisions=students.revisions.get(student_id, frozenset()),
            today=today,
        )
        recommendation = next_.recommend(state)
        term = district.terms.get(section_id)
        status, finish = projection.Status.UNKNOWN, None
        if term is not None and competencies:  # as `projections_for_section`: else no projection
            found = projector(
                projection_inputs(
                    competency_ids=competencies,
                    mastered_on=mastered_on,
                    term=term,
                    weeks=district.weeks.get((course_id, term.pk), {}),
                    days_off=district.days_off.get(district.schools.get(section_id, 0), frozenset()),
                    today=today,
                )
            )
            status, finish = found.status, found.finish_on
        yield Snapshot(
            student_id,
            course_id,
            section_id,
            next_.next_step(state),
            len(items),
            str(status),
            finish,
            students.missed_hard.get((student_id, course_id), 0),
            recommendation.competency if recommendation else None,
            recommendation.reason if recommendation else "",
            dict(recommendation.values) if recommendation else {},
        )


# --- Writing ----------------------------------------------------------------------------------------


def _student_ranges(size: int) -> list[tuple[int, int]]:
    """Ranges of student ids (inclusive) holding about `size` enrolled students each, in id order."""
    ids = sorted(
        set(
            Enrollment.objects.filter(role="student", is_active=True, section__is_active=True).values_list(
                "person_id", flat=True
            )
        )
    )
    return [(ids[at], ids[min(at + size, len(ids)) - 1]) for at in range(0, len(ids), size)]


def read_all(today: dt.date, *, chunk: int = CHUNK_STUDENTS) -> Iterator[tuple[District, Students]]:
    """Every input `rebuild` reads, range by range (the district's once, first)."""
    ranges = _student_ranges(chunk)
    sections = list(
        Section.objects.filter(is_active=True, course__isnull=False).values_list("id", "course_id")
    )
    district = read_district(
        today, courses={course for _, course in sections}, sections=[pk for pk, _ in sections]
    )
    for lo, hi in ranges:
        yield district, read_students(today, lo=lo, hi=hi)


def rebuild(
    *, today: dt.date | None = None, progress: ProgressFn = lambda stage, done, total: None
) -> dict[str, Any]:
    """Every student's snapshots, replaced in one transaction. Returns counts and the time each part took."""
    today = today or timezone.localdate()
    now = timezone.now()
    timings = {"read": 0.0, "compute": 0.0, "write": 0.0}
    projector, rows, students = Projector(), [], 0
    reading_from = timezone.now()
    started = time.perf_counter()
    chunks = read_all(today)
    while True:
        try:
            district, group = next(chunks)
        except StopIteration:
            break
        timings["read"] += time.perf_counter() - started
        started = time.perf_counter()
        rows += [snapshot.row(today, now) for snapshot in compute(district, group, projector)]
        students += len({s for s, _ in group.sections})
        timings["compute"] += time.perf_counter() - started
        progress("Computing plans and projections", students, 0)
        started = time.perf_counter()
    timings["read"] += time.perf_counter() - started
    started = time.perf_counter()
    progress("Writing", len(rows), len(rows))
    with transaction.atomic():
        _hold_snapshots(exclusive=True)
        PathSnapshot.objects.all().delete()
        for at in range(0, len(rows), 50_000):
            insert_rows(PathSnapshot, COLUMNS, rows[at : at + 50_000])
        changed = changed_since(reading_from)
        for student_id in sorted(changed):
            refresh_student(student_id, today=today)
    timings["write"] = time.perf_counter() - started
    return {
        "snapshots": len(rows),
        "students": students,
        "projections": len(projector.seen),
        "changed_while_reading": len(changed),
        **timings,
    }


def changed_since(moment: dt.datetime) -> set[int]:
    """The students whose plan inputs changed at or after `moment`: a level, a plan move, a revision request."""
    return (
        set(MasterySummary.objects.filter(computed_at__gte=moment).values_list("student_id", flat=True))
        | set(PlanChange.objects.filter(at__gte=moment).values_list("plan__student_id", flat=True))
        | set(MasteryFlag.objects.filter(at__gte=moment).values_list("student_id", flat=True))
    )


def _hold_snapshots(*, exclusive: bool) -> None:
    """The advisory lock of snapshot writes, to the end of the transaction (PostgreSQL; SQLite's one writer
    already serializes them). Shared by refreshes, exclusive for the rebuild's write."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [SNAPSHOT_LOCK])


def affected_courses(student_id: int, competency_ids: Iterable[int]) -> set[int]:
    """The student's courses a level in these competencies can change: those that hold one, or hold a
    competency one of them precedes (a prerequisite outside the course still decides what is ready)."""
    changed = set(competency_ids)
    needing = set(
        Association.objects.filter(
            association_type=Association.Type.PRECEDES, origin_id__in=changed, is_retired=False
        ).values_list("destination_id", flat=True)
    )
    return set(
        CourseCompetency.objects.filter(
            competency_id__in=changed | needing,
            course__sections__enrollments__person_id=student_id,
            course__sections__enrollments__role="student",
            course__sections__enrollments__is_active=True,
        ).values_list("course_id", flat=True)
    )


def refresh_student(
    student_id: int, *, courses: Collection[int] | None = None, today: dt.date | None = None
) -> int:
    """One student's snapshots (in `courses`, else all of theirs), rewritten; returns how many."""
    return refresh_students([student_id], courses=courses, today=today)


def refresh_students(
    student_ids: Collection[int], *, courses: Collection[int] | None = None, today: dt.date | None = None
) -> int:
    """These students' snapshots (in `courses`, else all of theirs), rewritten with one read; returns how
    many."""
    today = today or timezone.localdate()
    group = read_students(today, ids=list(student_ids), courses=courses)
    district = read_district(
        today,
        courses={course for _, course in group.sections},
        sections=set(group.sections.values()),
    )
    now = timezone.now()
    rows = [snapshot.row(today, now) for snapshot in compute(district, group)]
    with transaction.atomic():
        _hold_snapshots(exclusive=False)
        gone = PathSnapshot.objects.filter(student_id__in=list(student_ids))
        if courses is not None:
            gone = gone.filter(course_id__in=list(courses))
        gone.delete()
        insert_rows(PathSnapshot, COLUMNS, rows)
    return len(rows)


def on_level_changed(sender: object, *, student_id: int, competency_id: int, **_: object) -> None:
    """Mastery's `level_changed`: that student's plans and recommendations in the courses it touches, in
    the same transaction as the change (a student with no snapshot yet gets theirs here)."""
    courses = affected_courses(student_id, [competency_id])
    if courses:
        refresh_student(student_id, courses=courses)
