"""Reads for plans and playlists: the inputs of the pure order (`sequence.py`) and what the pages show.

A plan's order is computed here on every read (see the models' docstring): a course's competencies,
their `precedes` prerequisites, the student's mastered set, the course's sequence and the plan's changes,
a handful of small queries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from pathmaker.access import scope
from pathmaker.frameworks.models import Association, Competency, CourseCompetency
from pathmaker.mastery import engine, rules
from pathmaker.mastery.models import MasteryFlag, MasterySummary
from pathmaker.mastery.selectors import open_requests_of
from pathmaker.pacing.models import Deadline
from pathmaker.pacing.projection import Status as PaceStatus
from pathmaker.pacing.selectors import (
    Alert,
    DeadlineRow,
    StudentPacingRow,
    deadline_rows,
    deadlines_due,
    projections_for_section,
    section_pacing,
    section_students,
)
from pathmaker.paths import next as next_
from pathmaker.paths import sequence
from pathmaker.paths.models import PathSnapshot, Plan, PlanChange, Playlist, PlaylistStep, SequenceStep
from pathmaker.paths.words import recommendation_words
from pathmaker.profiles.models import ProfileEntry
from pathmaker.resources.models import Resource
from pathmaker.resources.selectors import published_for
from pathmaker.rostering.models import Course, Enrollment, Person, Section

MASTERED = (MasterySummary.Status.PROFICIENT, MasterySummary.Status.ADVANCED)


def course_competencies(course: Course) -> list[Competency]:
    return [
        link.competency
        for link in CourseCompetency.objects.filter(course=course, competency__is_retired=False)
        .select_related("competency")
        .order_by("position", "id")
    ]


def prerequisites_of(competency_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each competency's CASE prerequisites (origin precedes destination), inside the course or not."""
    found: dict[int, set[int]] = {}
    for before, after in Association.objects.filter(
        association_type=Association.Type.PRECEDES,
        destination_id__in=list(competency_ids),
        origin__isnull=False,
        is_retired=False,
    ).values_list("origin_id", "destination_id"):
        found.setdefault(after, set()).add(before)
    return found


def mastered_of(student: Person, competency_ids: Iterable[int]) -> set[int]:
    return set(
        MasterySummary.objects.filter(
            student=student, competency_id__in=list(competency_ids), status__in=MASTERED
        ).values_list("competency_id", flat=True)
    )


def sequence_of(course: Course) -> list[int]:
    return list(
        SequenceStep.objects.filter(course=course)
        .order_by("position")
        .values_list("competency_id", flat=True)
    )


def moves_of(plan: Plan | None) -> list[sequence.Move]:
    if plan is None:
        return []
    return [
        sequence.Move(change.competency_id, change.after_id, change.by_role, change.reason)  # type: ignore[arg-type]
        for change in plan.changes.order_by("at", "id")
    ]


@dataclass(frozen=True)
class PlanLine:
    competency: Competency
    item: sequence.Item
    status: str
    level: float | None
    names: tuple[Competency, ...]  # the competencies the reason names
    waiting_on: tuple[Competency, ...]
    playlist: Playlist | None = None

    @property
    def status_label(self) -> str:
        return str(MasterySummary.Status(self.status).label)


@dataclass
class PlanView:
    student: Person
    course: Course
    plan: Plan | None
    lines: list[PlanLine]
    mastered: list[Competency]
    history: list[PlanChange] = field(default_factory=list)

    @property
    def order(self) -> list[int]:
        return [line.competency.pk for line in self.lines]

    @property
    def next_line(self) -> PlanLine | None:
        return next((line for line in self.lines if line.item.ready), None)


@dataclass(frozen=True)
class PlanInputs:
    competencies: list[Competency]
    prerequisites: dict[int, set[int]]
    mastered: set[int]
    default_sequence: list[int]
    moves: list[sequence.Move]

    def order(self) -> list[sequence.Item]:
        return sequence.plan_order(
            competencies=[c.pk for c in self.competencies],
            default_sequence=self.default_sequence,
            prerequisites=self.prerequisites,
            mastered=self.mastered,
            moves=self.moves,
        )


def plan_of(student: Person, course: Course) -> Plan | None:
    return Plan.objects.filter(student=student, course=course).first()


def plan_inputs(student: Person, course: Course, plan: Plan | None) -> PlanInputs:
    competencies = course_competencies(course)
    ids = [c.pk for c in competencies]
    prerequisites = prerequisites_of(ids)
    wanted = set(ids) | {p for group in prerequisites.values() for p in group}
    return PlanInputs(
        competencies, prerequisites, mastered_of(student, wanted), sequence_of(course), moves_of(plan)
    )


def plan_inputs_for(student: Person, courses: Sequence[Course]) -> dict[int, PlanInputs]:
    """`plan_inputs` for several courses in a fixed handful of queries (the home page's plans)."""
    by_course: dict[int, list[Competency]] = {c.pk: [] for c in courses}
    for link in (
        CourseCompetency.objects.filter(course__in=list(courses), competency__is_retired=False)
        .select_related("competency")
        .order_by("course_id", "position", "id")
    ):
        by_course[link.course_id].append(link.competency)
    ids = {c.pk for group in by_course.values() for c in group}
    prerequisites = prerequisites_of(ids)
    mastered = mastered_of(student, ids | {p for group in prerequisites.values() for p in group})
    sequences: dict[int, list[int]] = {}
    for course_id, competency_id in (
        SequenceStep.objects.filter(course__in=list(courses))
        .order_by("course_id", "position")
        .values_list("course_id", "competency_id")
    ):
        sequences.setdefault(course_id, []).append(competency_id)
    moves: dict[int, list[sequence.Move]] = {}
    for change in (
        PlanChange.objects.filter(plan__student=student, plan__course__in=list(courses))
        .select_related("plan")
        .order_by("at", "id")
    ):
        moves.setdefault(change.plan.course_id, []).append(
            sequence.Move(change.competency_id, change.after_id, change.by_role, change.reason)  # type: ignore[arg-type]
        )
    return {
        course.pk: PlanInputs(
            by_course[course.pk],
            prerequisites,  # every course's: the order reads only its own competencies' entries
            mastered,
            sequences.get(course.pk, []),
            moves.get(course.pk, []),
        )
        for course in courses
    }


def plan_view(student: Person, course: Course, *, with_history: bool = False) -> PlanView:
    plan = plan_of(student, course)
    inputs = plan_inputs(student, course, plan)
    items = inputs.order()
    named_ids = {i for item in items for i in (*item.detail, *item.waiting_on)}
    by_id = {c.pk: c for c in inputs.competencies}
    by_id |= {c.pk: c for c in Competency.objects.filter(pk__in=named_ids - set(by_id))}
    summaries = {
        s.competency_id: s
        for s in MasterySummary.objects.filter(student=student, competency_id__in=list(by_id)).only(
            "competency_id", "status", "level"
        )
    }
    playlists = {
        p.competency_id: p for p in Playlist.objects.filter(student=student, competency_id__in=list(by_id))
    }
    lines = [
        PlanLine(
            competency=by_id[item.competency],
            item=item,
            status=summaries[item.competency].status
            if item.competency in summaries
            else MasterySummary.Status.NOT_STARTED,
            level=summaries[item.competency].level if item.competency in summaries else None,
            names=tuple(by_id[i] for i in item.detail if i in by_id),
            waiting_on=tuple(by_id[i] for i in item.waiting_on if i in by_id),
            playlist=playlists.get(item.competency),
        )
        for item in items
    ]
    history = (
        list(plan.changes.select_related("competency", "after", "by").order_by("-at", "-id"))
        if plan and with_history
        else []
    )
    mastered = [c for c in inputs.competencies if c.pk in inputs.mastered]
    return PlanView(student, course, plan, lines, mastered, history)


def courses_of(student: Person) -> list[Course]:
    """The courses a student is actively enrolled in that have competencies: the courses with a plan."""
    return list(
        Course.objects.filter(
            sections__enrollments__person=student,
            sections__enrollments__role="student",
            sections__enrollments__is_active=True,
            sections__is_active=True,
            competency_links__isnull=False,
        )
        .distinct()
        .order_by("title", "id")
    )


# --- Playlists ------------------------------------------------------------------------------------


def suggestions_for(
    competency: Competency, *, school_ids: Iterable[int] = (), exclude: Iterable[int] = ()
) -> list[Resource]:
    """Library resources a teacher may put on a playlist for this competency (the library's own rule:
    published by the district or by one of the student's schools, not retired), modality by modality."""
    return list(
        published_for([competency.pk], school_ids=list(school_ids))
        .exclude(pk__in=list(exclude))
        .order_by("modality", "title", "pk")[:60]
    )


def steps_of(playlist: Playlist) -> list[PlaylistStep]:
    return list(playlist.steps.select_related("resource", "evidence").order_by("position"))


def playlists_of(student: Person) -> dict[int, Playlist]:
    return {p.competency_id: p for p in Playlist.objects.filter(student=student)}


# --- What next ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseNext:
    course: Course
    next_step: Competency | None
    recommendation: next_.Recommendation | None
    recommended: Competency | None
    resource: Resource | None
    sentence: str
    left: int


@dataclass(frozen=True)
class WhatNext:
    due_soon: list[DeadlineRow]
    revise: list[MasteryFlag]
    courses: list[CourseNext]


def _interests(student: Person) -> str:
    return " ".join(
        ProfileEntry.objects.filter(
            student=student, is_current=True, section__key__in=("interests", "learning_preferences")
        ).values_list("text", flat=True)
    )


def _options(student: Person, competency_ids: list[int], school_ids: list[int]) -> list[next_.Option]:
    """What each competency offers to try: the open steps of the student's playlist for it, or (with no
    playlist) the library's published resources for it."""
    options = [
        next_.Option(
            step.resource_id,
            step.playlist.competency_id,
            step.resource.modality,
            f"{step.resource.title} {step.resource.description}",
            on_playlist=True,
        )
        for step in PlaylistStep.objects.filter(
            playlist__student=student,
            playlist__competency_id__in=competency_ids,
            state=PlaylistStep.State.TODO,
        )
        .select_related("resource", "playlist")
        .order_by("position")
    ]
    without = set(competency_ids) - {o.competency for o in options}
    if without:
        for r in published_for(without, school_ids=school_ids)[:200]:
            for alignment in r.alignments.all():
                if alignment.competency_id in without:
                    options.append(
                        next_.Option(r.pk, alignment.competency_id, r.modality, f"{r.title} {r.description}")
                    )
    return options


def what_next(student: Person, *, today: dt.date | None = None) -> WhatNext:
    """The student's home: what is due soon, what a teacher asked them to revise, and per course the next
    step on the plan with one recommendation and its one-sentence reason."""
    today = today or timezone.localdate()
    due_soon = deadlines_due(student, within_days=next_.SOON_DAYS, today=today)
    revise = [
        flag for flag in open_requests_of(student).values() if flag.kind == MasteryFlag.Kind.NEEDS_REVISION
    ]
    revisions = frozenset(flag.competency_id for flag in revise)
    interests = _interests(student)
    modalities = list(
        dict.fromkeys(
            Playlist.objects.filter(student=student)
            .exclude(chosen_modality="")
            .order_by("-chosen_at")
            .values_list("chosen_modality", flat=True)
        )
    )
    deadlines: dict[int, list[next_.Due]] = {}
    for row in due_soon:
        deadlines.setdefault(row.deadline.course_id, []).append(
            next_.Due(row.deadline.competency_id, row.deadline.due_on, row.deadline.kind == "hard")
        )
    schools = list(
        Enrollment.objects.filter(person=student, role="student", is_active=True).values_list(
            "school_id", flat=True
        )
    )
    taken = courses_of(student)
    inputs = plan_inputs_for(student, taken)
    states, found = {}, {}
    for course in taken:
        given = inputs[course.pk]
        states[course.pk] = next_.CourseState(
            plan=[item.competency for item in given.order()],
            prerequisites=given.prerequisites,
            mastered=frozenset(given.mastered),
            deadlines=deadlines.get(course.pk, []),
            revisions=revisions,
            interests=interests,
            modalities=modalities,
            today=today,
        )
        found[course.pk] = next_.recommend(states[course.pk])
    # The resource is chosen for the recommended competencies only (the choice of competency never
    # depends on it), so the library is read once, for a few competencies.
    chosen = sorted({r.competency for r in found.values() if r is not None})
    options = _options(student, chosen, schools) if chosen else []
    for course in taken:
        if found[course.pk] is not None:
            found[course.pk] = next_.recommend(dataclasses.replace(states[course.pk], options=options))
    resources = Resource.objects.in_bulk([r.resource for r in found.values() if r and r.resource])
    courses = []
    for course in taken:
        by_id = {c.pk: c for c in inputs[course.pk].competencies}
        step, rec = next_.next_step(states[course.pk]), found[course.pk]
        recommended = by_id.get(rec.competency) if rec else None
        resource = resources.get(rec.resource) if rec and rec.resource else None
        courses.append(
            CourseNext(
                course=course,
                next_step=by_id.get(step) if step else None,
                recommendation=rec,
                recommended=recommended,
                resource=resource,
                sentence=recommendation_words(
                    rec.reason, recommended, rec.values, resource.title if resource else "", rec.why_resource
                )
                if rec and recommended
                else "",
                left=len(states[course.pk].plan),
            )
        )
    return WhatNext(due_soon, revise, courses)


# --- A section's progress: the teachers' view -----------------------------------------------------


@dataclass(frozen=True)
class Stuck:
    """A playlist a student has worked through without their level rising: `steps` finished, the level
    before the first of them and now (None: not yet determined)."""

    competency: Competency
    steps: int
    before: float | None
    now: float | None


@dataclass(frozen=True)
class StudentProgress:
    student: Person
    mastered: int
    working: int  # some evidence, not mastered yet
    not_started: int
    next_step: Competency | None  # the first competency on their plan whose prerequisites are mastered
    pacing: StudentPacingRow | None  # None: the section has no course to pace
    stuck: tuple[Stuck, ...]

    @property
    def behind(self) -> bool:
        return self.pacing is not None and (
            self.pacing.projection.status in (PaceStatus.AT_RISK, PaceStatus.OFF_TRACK)
            or bool(self.pacing.missed)
        )


@dataclass(frozen=True)
class ResourceUse:
    """A resource the section's students finished on their playlists, and how their level in the
    competency moved from just before they finished it to now (a mean over `compared` students: those with
    a level on both days). What happened afterwards, not what the resource caused."""

    resource: Resource
    competency: Competency
    used: int
    compared: int
    mean_change: float | None


@dataclass(frozen=True)
class SectionProgress:
    competencies: list[Competency]
    students: list[StudentProgress]
    resources: list[ResourceUse]
    stuck_steps: int  # the setting: finished steps with no level change that count as stuck


FINISHED = (PlaylistStep.State.DONE, PlaylistStep.State.SCORED)
NOT_STARTED = MasterySummary.Status.NOT_STARTED


def stuck_steps() -> int:
    return int(settings.PATHMAKER_STUCK_STEPS)


@dataclass(frozen=True)
class _Levels:
    """Levels from the evidence, as they stood the day before a step was finished and as they stand now
    (the same engine and rules as the gradebook, over scores read once)."""

    scores: dict[tuple[int, int], list[engine.Score]]
    rules: dict[int, engine.Rule]
    today: dt.date

    def _level(self, student_id: int, competency_id: int, as_of: dt.date | None = None) -> float | None:
        scores = self.scores.get((student_id, competency_id), [])
        found = engine.level(scores, self.rules[competency_id], as_of=as_of).level
        return None if found is None else round(found, 2)

    def before(self, step: PlaylistStep) -> float | None:
        finished = timezone.localdate(step.finished_at) if step.finished_at else self.today
        return self._level(
            step.playlist.student_id, step.playlist.competency_id, finished - dt.timedelta(days=1)
        )

    def now(self, student_id: int, competency_id: int) -> float | None:
        return self._level(student_id, competency_id)


def _moves_in(course: Course | None, student_ids: list[int]) -> dict[int, list[sequence.Move]]:
    """Each student's moves on their plan for the course, in one query."""
    moves: dict[int, list[sequence.Move]] = {}
    if course is None:
        return moves
    for change in (
        PlanChange.objects.filter(plan__student_id__in=student_ids, plan__course=course)
        .select_related("plan")
        .order_by("at", "id")
    ):
        moves.setdefault(change.plan.student_id, []).append(
            sequence.Move(change.competency_id, change.after_id, change.by_role, change.reason)  # type: ignore[arg-type]
        )
    return moves


def _stuck(
    student_id: int,
    finished_by: dict[tuple[int, int], list[PlaylistStep]],
    competencies: list[Competency],
    mastered: set[int],
    levels: _Levels,
    threshold: int,
) -> tuple[Stuck, ...]:
    """The playlists with `threshold` steps or more finished, not mastered, and no level higher now than the
    day before the first of them (no level then and none now counts as no change)."""
    found = []
    for competency in competencies:
        finished = finished_by.get((student_id, competency.pk), [])
        if len(finished) < threshold or competency.pk in mastered:
            continue
        was, now = levels.before(finished[0]), levels.now(student_id, competency.pk)
        if now is None or (was is not None and now <= was):
            found.append(Stuck(competency, len(finished), was, now))
    return tuple(found)


def section_progress(section: Section, today: dt.date | None = None) -> SectionProgress:
    """Each student of the section: where they are on their plan, their pace, the playlists they are stuck
    on; and each resource they finished with how their level moved afterwards. A fixed number of queries
    however many students the section has."""
    today = today or timezone.localdate()
    students = section_students(section)
    ids = [s.pk for s in students]
    course = section.course
    competencies = course_competencies(course) if course else []
    by_id = {c.pk: c for c in competencies}
    prerequisites = prerequisites_of(by_id)
    wanted = set(by_id) | {p for group in prerequisites.values() for p in group}
    statuses = {
        (s.student_id, s.competency_id): s.status
        for s in MasterySummary.objects.filter(student_id__in=ids, competency_id__in=wanted).only(
            "student_id", "competency_id", "status"
        )
    }
    default_sequence = sequence_of(course) if course else []
    moves = _moves_in(course, ids)
    steps = list(
        PlaylistStep.objects.filter(
            playlist__student_id__in=ids, playlist__competency_id__in=list(by_id), state__in=FINISHED
        )
        .select_related("resource", "playlist")
        .order_by("finished_at", "id")
    )
    levels = _Levels(
        rules.scores_by_pair(ids, {s.playlist.competency_id for s in steps}),
        {pk: rule for pk, (_, rule) in rules.rules_for(competencies).items()} if steps else {},
        today,
    )
    finished_by: dict[tuple[int, int], list[PlaylistStep]] = {}
    for step in steps:
        finished_by.setdefault((step.playlist.student_id, step.playlist.competency_id), []).append(step)
    pacing = {row.student.pk: row for row in section_pacing(section, today)} if course else {}
    threshold = stuck_steps()
    rows = []
    for student in students:
        mastered = {c for c in wanted if statuses.get((student.pk, c)) in MASTERED}
        order = sequence.plan_order(
            competencies=list(by_id),
            default_sequence=default_sequence,
            prerequisites=prerequisites,
            mastered=mastered,
            moves=moves.get(student.pk, []),
        )
        ready = next((item.competency for item in order if item.ready), None)
        done = len(mastered & set(by_id))
        started = {c for c in by_id if statuses.get((student.pk, c), NOT_STARTED) != NOT_STARTED}
        working = len(started - mastered)
        rows.append(
            StudentProgress(
                student,
                done,
                working,
                len(by_id) - done - working,
                by_id.get(ready) if ready else None,
                pacing.get(student.pk),
                _stuck(student.pk, finished_by, competencies, mastered, levels, threshold),
            )
        )
    return SectionProgress(competencies, rows, _resource_uses(steps, by_id, levels), threshold)


def _resource_uses(
    steps: Sequence[PlaylistStep],
    by_id: dict[int, Competency],
    levels: _Levels,
) -> list[ResourceUse]:
    """Per resource (and competency), the students who finished it and the mean of (level now − level the
    day before they finished it) over those with both."""
    groups: dict[tuple[int, int], dict[int, PlaylistStep]] = {}
    for step in steps:
        key = (step.resource_id, step.playlist.competency_id)
        groups.setdefault(key, {}).setdefault(step.playlist.student_id, step)  # their first finish
    uses = []
    for (_, competency_id), by_student in groups.items():
        changes = []
        for student_id, step in by_student.items():
            was, now = levels.before(step), levels.now(student_id, competency_id)
            if was is not None and now is not None:
                changes.append(now - was)
        first = next(iter(by_student.values()))
        uses.append(
            ResourceUse(
                first.resource,
                by_id[competency_id],
                len(by_student),
                len(changes),
                round(sum(changes) / len(changes), 2) if changes else None,
            )
        )
    return sorted(uses, key=lambda u: (-u.used, u.resource.title, u.resource.pk))


# --- Who is behind pace, from the stored snapshots: the teachers' and advisors' lists -----------------


def _statuses(pairs: Iterable[tuple[int, Section]], today: dt.date) -> dict[tuple[int, int], str]:
    """Each (student, section)'s on-track status from the student's stored snapshot for the section's course
    (`paths/snapshots.py`). A student with none for today (enrolled since the last rebuild, or the nightly
    rebuild has not run: a projection counts school days) is projected here, as the pacing pages do."""
    pairs = list(pairs)
    stored = {
        (student_id, course_id): status
        for student_id, course_id, status in PathSnapshot.objects.filter(
            student_id__in={s for s, _ in pairs},
            course_id__in={sec.course_id for _, sec in pairs},
            computed_for=today,
        ).values_list("student_id", "course_id", "pace_status")
    }
    found: dict[tuple[int, int], str] = {}
    missing: dict[int, list[int]] = defaultdict(list)
    sections: dict[int, Section] = {}
    for student_id, section in pairs:
        key = (student_id, section.course_id or 0)  # (the callers pass sections with a course)
        if key in stored:
            found[(student_id, section.pk)] = stored[key]
        else:
            missing[section.pk].append(student_id)
            sections[section.pk] = section
    for section_id, student_ids in missing.items():
        for student_id, made in projections_for_section(sections[section_id], student_ids, today).items():
            found[(student_id, section_id)] = made.status
    return found


def pacing_alerts_for_teacher(user: Any, today: dt.date | None = None) -> list[Alert]:
    """Missed hard deadlines, students off track and open extension requests in the sections this user
    teaches (`pacing.selectors.alerts_for_teacher`, with each student's status read from their snapshot)."""
    viewer = scope.viewer_for(user)
    if viewer.person_id is None or not viewer.is_teacher:
        return []
    today = today or timezone.localdate()
    sections = list(
        Section.objects.filter(
            pk__in=scope.taught_sections(viewer.person_id).values("section_id"), is_active=True
        )
        .select_related("course", "school")
        .order_by("title", "id")
    )
    enrolled = (
        Enrollment.objects.filter(
            section__in=sections, role="student", is_active=True, person__is_active=True
        )
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "person_id")
    )
    by_section: dict[int, list[Person]] = defaultdict(list)
    for enrollment in enrolled:
        by_section[enrollment.section_id].append(enrollment.person)
    paced = [s for s in sections if s.course_id is not None]
    statuses = _statuses(((p.pk, s) for s in paced for p in by_section[s.pk]), today)
    deadlines: dict[tuple[int, int], list[DeadlineRow]] = defaultdict(list)
    for row in deadline_rows(
        Deadline.objects.filter(section__in=paced).select_related("competency").order_by("due_on", "id"),
        today,
    ):
        deadlines[(row.deadline.student_id, row.deadline.section_id)].append(row)
    alerts = []
    for section in paced:
        for student in by_section[section.pk]:
            rows = deadlines.get((student.pk, section.pk), [])
            missed = tuple(r for r in rows if r.is_hard and r.state == Deadline.State.MISSED)
            asked = sum(1 for r in rows if r.open_request is not None)
            off = statuses.get((student.pk, section.pk)) == PaceStatus.OFF_TRACK
            if missed or off or asked:
                alerts.append(Alert(student, section, missed, off, asked))
    return alerts


def pacing_alerts_for_advisor(
    user: Any, today: dt.date | None = None, *, student_ids: Iterable[int] | None = None
) -> list[Alert]:
    """The students this user advises (of `student_ids`, if given) who are off track or missed a hard deadline,
    in each of their paced courses (`pacing.selectors.alerts_for_advisor`, statuses from the snapshots)."""
    viewer = scope.viewer_for(user)
    if viewer.person_id is None or not viewer.is_advisor:
        return []
    today = today or timezone.localdate()
    advisees = Person.objects.filter(pk__in=scope.advisees_of(viewer.person_id).values("student_id"))
    if student_ids is not None:
        advisees = advisees.filter(pk__in=list(student_ids))
    people = {p.pk: p for p in advisees}
    enrolled = list(
        Enrollment.objects.filter(
            person_id__in=people,
            role="student",
            is_active=True,
            section__is_active=True,
            section__course__isnull=False,
        )
        .select_related("section", "section__course", "section__school")
        .distinct()
    )
    pairs = {(e.person_id, e.section_id): e.section for e in enrolled}
    statuses = _statuses(((s, section) for (s, _), section in pairs.items()), today)
    missed: dict[tuple[int, int], list[DeadlineRow]] = defaultdict(list)
    passed = Deadline.objects.filter(
        student_id__in=people, kind=Deadline.Kind.HARD, due_on__lt=today
    ).select_related("competency")
    for row in deadline_rows(passed, today):
        if row.state == Deadline.State.MISSED:
            missed[(row.deadline.student_id, row.deadline.section_id)].append(row)
    alerts = []
    for (student_id, section_id), section in pairs.items():
        off = statuses.get((student_id, section_id)) == PaceStatus.OFF_TRACK
        if off or missed.get((student_id, section_id)):
            alerts.append(
                Alert(people[student_id], section, tuple(missed.get((student_id, section_id), ())), off, 0)
            )
    return sorted(
        alerts, key=lambda a: (a.student.family_name, a.student.given_name, a.student.pk, a.section.title)
    )
