"""Plans and playlists for the demo district, through the paths services (the real rules and audit rows).

The demo teacher sets the order of their first course, moves a competency up for the demo student with a
reason, builds the student's playlist for the next step on each plan from the library (several
modalities), and assigns one playlist to classmates of the section at once. The student moves one
competency (within the prerequisites), chooses a way to learn and marks a step done. Levels come from the
evidence demo, so some students are ahead on their plans and some behind. Playlists need the resource
library's demo (run before this one); without a library, the plans are built and the playlists skipped.
"""

from __future__ import annotations

import contextlib

from pathmaker.access.scope import relation_to
from pathmaker.accounts.models import User
from pathmaker.accounts.services import account_provision
from pathmaker.audit.actor import Actor
from pathmaker.demo.data.paths import CLASSMATES_ASSIGNED, STEPS_PER_PLAYLIST, TEACHER_MOVE_REASON
from pathmaker.jobs.services import job_create
from pathmaker.paths import selectors, services
from pathmaker.paths.models import Playlist
from pathmaker.paths.services import PathsError
from pathmaker.paths.tasks import JOB_KIND, run_rebuild
from pathmaker.rostering.models import Enrollment, Person, Section


def _spread(resources: list, count: int) -> list:
    """Up to `count` resources, one per modality first (a playlist offers more than one way to learn)."""
    by_modality: dict[str, list] = {}
    for resource in resources:
        by_modality.setdefault(resource.modality, []).append(resource)
    picked: list = []
    while len(picked) < count and any(by_modality.values()):
        for group in by_modality.values():
            if group and len(picked) < count:
                picked.append(group.pop(0))
    return picked


def _student_plans(student: User, teacher: User) -> int:
    me, them = Actor.for_user(student), Actor.for_user(teacher)
    mine, theirs = relation_to(student, student.person_id), relation_to(teacher, student.person_id)
    built, teacher_moved = 0, False
    for course in selectors.courses_of(student.person):
        view = selectors.plan_view(student.person, course)
        if not teacher_moved and len(view.lines) >= 2 and theirs.student is not None:
            with contextlib.suppress(PathsError):
                services.plan_move(
                    relation=theirs,
                    course=course,
                    competency_id=view.order[-1],
                    after_id=None,
                    reason=TEACHER_MOVE_REASON,
                    actor=them,
                )
                teacher_moved = True
            view = selectors.plan_view(student.person, course)
        elif len(view.lines) >= 2:
            # The student moves the last one up a place, where the prerequisites allow it.
            with contextlib.suppress(PathsError):
                services.plan_move(
                    relation=mine,
                    course=course,
                    competency_id=view.order[-1],
                    after_id=view.order[-3] if len(view.order) >= 3 else None,
                    actor=me,
                )
        # The first ready competency without a playlist yet (one shared by two courses has one playlist).
        step = next(
            (
                line
                for line in selectors.plan_view(student.person, course).lines
                if line.item.ready and not line.playlist
            ),
            None,
        )
        if step is None or theirs.student is None:
            continue
        schools = Enrollment.objects.filter(person=student.person, role="student", is_active=True)
        resources = _spread(
            selectors.suggestions_for(
                step.competency, school_ids=schools.values_list("school_id", flat=True)
            ),
            STEPS_PER_PLAYLIST,
        )
        if not resources:
            continue
        playlist = services.playlist_add(
            relation=theirs, competency=step.competency, resources=resources, actor=them
        )
        built += 1
        modalities = sorted({r.modality for r in resources})
        services.playlist_choose(relation=mine, playlist=playlist, modality=modalities[0], actor=me)
        first = playlist.steps.order_by("position").select_related("resource").first()
        if first is not None and first.resource.kind != "assessment":
            services.step_done(relation=mine, step=first, actor=me)
    return built


def _first_section(teacher: User) -> Section | None:
    """The teacher's first section (by title) whose course has competencies: the one the demo shows."""
    return (
        Section.objects.filter(
            enrollments__person=teacher.person,
            enrollments__role="teacher",
            enrollments__is_active=True,
            is_active=True,
            course__competency_links__isnull=False,
        )
        .distinct()
        .order_by("title", "id")
        .first()
    )


def _section_playlist(teacher: User) -> int:
    section = _first_section(teacher)
    if section is None or section.course is None:
        return 0
    competencies = selectors.course_competencies(section.course)
    if not competencies:
        return 0
    services.sequence_set(
        course=section.course,
        competency_ids=[c.pk for c in competencies[1:3]] + [competencies[0].pk],
        actor=Actor.for_user(teacher),
    )
    competency = competencies[-1]
    resources = _spread(
        selectors.suggestions_for(competency, school_ids=[section.school_id]), STEPS_PER_PLAYLIST
    )
    students = list(
        Enrollment.objects.filter(section=section, role="student", is_active=True)
        .order_by("person__family_name", "person__given_name")
        .values_list("person_id", flat=True)[:CLASSMATES_ASSIGNED]
    )
    if not resources or not students:
        return 0
    return len(
        services.playlist_assign(
            section=section,
            competency=competency,
            resources=resources,
            student_ids=students,
            actor=Actor.for_user(teacher),
        )
    )


def _stuck_classmate(student: User, teacher: User) -> Person | None:
    """One classmate given the section's playlist works through `PATHMAKER_STUCK_STEPS` steps of it with no
    level change, so the progress page has someone stuck to show. They tick the steps themselves, through a
    login with no password (the same services and audit rows as any student's)."""
    section = _first_section(teacher)
    if section is None or section.course is None:
        return None
    competencies = selectors.course_competencies(section.course)
    if not competencies:
        return None
    competency, threshold = competencies[-1], selectors.stuck_steps()  # `_section_playlist`'s competency
    assigned = Playlist.objects.filter(
        competency=competency,
        student__enrollments__section=section,
        student__enrollments__role="student",
        student__enrollments__is_active=True,
    ).exclude(student=student.person)
    for playlist in assigned.select_related("student").order_by("student__family_name", "student_id"):
        if not playlist.student.username or selectors.mastered_of(playlist.student, [competency.pk]):
            continue
        classmate = account_provision(
            username=playlist.student.username, password=None, actor=Actor.system("demo")
        )
        theirs, mine = relation_to(teacher, classmate.person_id), relation_to(classmate, classmate.person_id)
        _top_up(playlist, theirs, threshold, section, Actor.for_user(teacher))
        for step in playlist.steps.filter(state="todo").select_related("resource").order_by("position"):
            if step.resource.kind != "assessment" and playlist.steps.filter(state="done").count() < threshold:
                services.step_done(relation=mine, step=step, actor=Actor.for_user(classmate))
        progress = selectors.section_progress(section)
        if any(row.stuck and row.student.pk == classmate.person_id for row in progress.students):
            return playlist.student
    return None


def _top_up(playlist: Playlist, relation, threshold: int, section: Section, actor: Actor) -> None:
    """More steps a student can tick (not assessments) until the playlist has `threshold` of them."""
    tickable = playlist.steps.exclude(resource__kind="assessment").count()
    if tickable >= threshold:
        return
    have = set(playlist.steps.values_list("resource_id", flat=True))
    more = [
        r
        for r in selectors.suggestions_for(playlist.competency, school_ids=[section.school_id], exclude=have)
        if r.kind != "assessment"
    ][: threshold - tickable]
    if more:
        services.playlist_add(relation=relation, competency=playlist.competency, resources=more, actor=actor)


def build_demo_paths(*, student: User, teacher: User, **_: object) -> int:
    """The course order, the section's shared playlist (one classmate stuck on it), then the demo student's
    plans and playlists; last, every student's stored snapshot (the worker's rebuild job, run here)."""
    built = _section_playlist(teacher)
    _stuck_classmate(student, teacher)
    built += _student_plans(student, teacher)
    run_rebuild(job_create(kind=JOB_KIND, actor=Actor.system("demo")).pk)
    return built
