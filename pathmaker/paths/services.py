"""Changing plans, course sequences and playlists.

Each service is one transaction with its audit row (one per student changed). Who may act comes from the
access rule: the caller passes the `Relation` it got from `paths.access.plan_relation_or_404` (or, for a
course's sequence and a section's playlists, checked the course or section there), and the service
checks the flag it needs again, so an API client and a page cannot differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from pathmaker.access.scope import Relation
from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency
from pathmaker.lib.errors import DomainError
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import EvidenceError, evidence_record, score_bounds
from pathmaker.mastery.rules import rule_for
from pathmaker.paths import selectors, sequence, snapshots
from pathmaker.paths.access import may_build_playlists, may_move_as_student, may_move_as_teacher
from pathmaker.paths.models import Plan, PlanChange, Playlist, PlaylistStep, SequenceStep
from pathmaker.paths.tasks import rebuild_soon
from pathmaker.resources.models import Resource
from pathmaker.rostering.models import Course, Enrollment, Person, Section

MAX_REASON_CHARS = 500
MAX_PLAYLIST_STEPS = 20


class PathsError(DomainError):
    """A change to a plan or playlist that cannot be made as asked: `code` says which rule, `field` which
    form field it concerns."""

    code = "paths.invalid"


__all__ = ["EvidenceError", "PathsError"]

FORBIDDEN = "paths.forbidden"
PREREQUISITE_FIRST = "paths.prerequisite_first"
NOT_IN_COURSE = "paths.not_in_course"
REASON_REQUIRED = "paths.reason_required"
STEP_NOT_OPEN = "paths.step_not_open"
NOT_AN_ASSESSMENT = "paths.not_an_assessment"
NOT_A_QUIZ = "paths.not_a_quiz"
RESOURCE_NOT_AVAILABLE = "paths.resource_not_available"
ALREADY_ON_PLAYLIST = "paths.already_on_playlist"
UNKNOWN_MODALITY = "paths.unknown_modality"
PLAYLIST_FULL = "paths.playlist_full"
NOT_IN_SECTION = "paths.not_in_section"
ONE_MODALITY = "paths.one_modality"


# --- Plans ----------------------------------------------------------------------------------------


def _plan_row(student: Person, course: Course) -> Plan:
    """The student's plan for the course, made on its first change (a plan is computed whether or not it
    has a row); the row is locked so two moves on one plan are taken one after the other."""
    now = timezone.now()
    Plan.objects.get_or_create(
        student=student, course=course, defaults={"created_at": now, "updated_at": now}
    )
    return Plan.objects.select_for_update().get(student=student, course=course)


def _in_course(course: Course, competency_id: int | None, *, field: str) -> Competency | None:
    if competency_id is None:
        return None
    found = next((c for c in selectors.course_competencies(course) if c.pk == competency_id), None)
    if found is None:
        raise PathsError(f"that competency is not part of {course.title}", code=NOT_IN_COURSE, field=field)
    return found


@transaction.atomic
def plan_move(
    *,
    relation: Relation,
    course: Course,
    competency_id: int,
    after_id: int | None,
    reason: str = "",
    actor: Actor,
) -> PlanChange:
    """Move one competency on a student's plan to just after another (`after_id` None: first). The student
    moves within what the prerequisites allow; a teacher moves anything, with a reason, and what the moved
    competency needs comes along with it."""
    student = relation.student
    if student is None:
        raise PathsError("there is no such student", code="paths.not_found")
    if may_move_as_student(relation):
        by = PlanChange.By.STUDENT
    elif may_move_as_teacher(relation):
        by = PlanChange.By.TEACHER
    else:
        raise PathsError("only the student and their teachers change this plan", code=FORBIDDEN)
    reason = " ".join((reason or "").split())
    if by == PlanChange.By.TEACHER and not reason:
        raise PathsError(
            "say why you are moving it: the student reads it", code=REASON_REQUIRED, field="reason"
        )
    if len(reason) > MAX_REASON_CHARS:
        raise PathsError(f"keep the reason to {MAX_REASON_CHARS} characters", field="reason")
    competency = _in_course(course, competency_id, field="competency")
    after = _in_course(course, after_id, field="after")
    assert competency is not None
    if after is not None and after.pk == competency.pk:
        raise PathsError("a competency cannot follow itself", field="after")
    plan = _plan_row(student, course)
    inputs = selectors.plan_inputs(student, course, plan)
    if by == PlanChange.By.STUDENT:
        order = [item.competency for item in inputs.order()]
        blockers = sequence.student_move_blockers(
            order, inputs.prerequisites, inputs.mastered, competency.pk, after.pk if after else None
        )
        if blockers:
            names = ", ".join(
                c.human_coding_scheme or c.short_statement for c in Competency.objects.filter(pk__in=blockers)
            )
            raise PathsError(
                f"that would put it on the wrong side of {names}: prerequisites come first",
                code=PREREQUISITE_FIRST,
                field="after",
            )
    now = timezone.now()
    change = PlanChange.objects.create(
        plan=plan, competency=competency, after=after, by_role=by, reason=reason, by=actor.user, at=now
    )
    Plan.objects.filter(pk=plan.pk).update(updated_at=now)
    audit_record(
        actor=actor,
        action="paths.plan_move",
        object_type="plan",
        object_id=str(plan.pk),
        student_id=student.pk,
        detail={
            "course": course.pk,
            "competency": competency.identifier,
            "after": after.identifier if after else None,
            "by": by,
            **({"reason": reason} if reason else {}),
        },
    )
    snapshots.refresh_student(student.pk, courses=[course.pk])  # the stored plan and recommendation
    return change


@transaction.atomic
def sequence_set(*, course: Course, competency_ids: Sequence[int], actor: Actor) -> list[SequenceStep]:
    """Set the course's default order (the caller checked `paths.access.may_set_sequence`). Competencies it
    leaves out follow in the course's alignment order."""
    Course.objects.select_for_update().filter(pk=course.pk).first()
    in_course = {c.pk: c for c in selectors.course_competencies(course)}
    wanted = list(dict.fromkeys(int(i) for i in competency_ids))
    unknown = [i for i in wanted if i not in in_course]
    if unknown:
        raise PathsError(
            f"{len(unknown)} of those competencies are not part of {course.title}",
            code=NOT_IN_COURSE,
            field="order",
        )
    SequenceStep.objects.filter(course=course).delete()
    now = timezone.now()
    steps = SequenceStep.objects.bulk_create(
        [
            SequenceStep(course=course, competency_id=pk, position=i, set_by=actor.user, set_at=now)
            for i, pk in enumerate(wanted)
        ]
    )
    audit_record(
        actor=actor,
        action="paths.sequence_set",
        object_type="course",
        object_id=str(course.pk),
        detail={"order": [in_course[pk].identifier for pk in wanted]},
    )
    # Every plan in the course changes order: the stored ones are rebuilt by the worker, not in this request.
    rebuild_soon(actor)
    return steps


# --- Playlists ------------------------------------------------------------------------------------


def _student_courses_have(student: Person, competency: Competency) -> bool:
    return any(
        competency.pk in {c.pk for c in selectors.course_competencies(course)}
        for course in selectors.courses_of(student)
    )


def _school_ids(student: Person) -> list[int]:
    return list(
        Enrollment.objects.filter(person=student, role="student", is_active=True).values_list(
            "school_id", flat=True
        )
    )


def _available(resource: Resource, student: Person, competency: Competency) -> bool:
    return any(
        r.pk == resource.pk for r in selectors.suggestions_for(competency, school_ids=_school_ids(student))
    )


def _playlist_row(student: Person, competency: Competency, actor: Actor) -> Playlist:
    Playlist.objects.get_or_create(
        student=student,
        competency=competency,
        defaults={"created_by": actor.user, "created_at": timezone.now()},
    )
    return Playlist.objects.select_for_update().get(student=student, competency=competency)


def _append(playlist: Playlist, resource: Resource, origin: str, actor: Actor) -> PlaylistStep:
    if playlist.steps.filter(resource=resource).exists():
        raise PathsError(
            f"“{resource.title}” is already on this playlist", code=ALREADY_ON_PLAYLIST, field="resource"
        )
    if playlist.steps.count() >= MAX_PLAYLIST_STEPS:
        raise PathsError(f"a playlist holds at most {MAX_PLAYLIST_STEPS} steps", code=PLAYLIST_FULL)
    last = playlist.steps.aggregate(last=Max("position"))["last"]
    return PlaylistStep.objects.create(
        playlist=playlist,
        resource=resource,
        position=0 if last is None else last + 1,
        origin=origin,
        added_by=actor.user,
        added_at=timezone.now(),
    )


def _add_steps(
    student: Person, competency: Competency, resources: Sequence[Resource], origin: str, actor: Actor
) -> Playlist:
    if not _student_courses_have(student, competency):
        raise PathsError(
            "that competency is on none of the student's plans", code=NOT_IN_COURSE, field="competency"
        )
    playlist = _playlist_row(student, competency, actor)
    for resource in resources:
        if not _available(resource, student, competency):
            raise PathsError(
                f"“{resource.title}” is not in the library for this competency",
                code=RESOURCE_NOT_AVAILABLE,
                field="resource",
            )
        _append(playlist, resource, origin, actor)
    return playlist


@transaction.atomic
def playlist_add(
    *,
    relation: Relation,
    competency: Competency,
    resources: Sequence[Resource],
    actor: Actor,
    origin: str = PlaylistStep.Origin.PICKED,
) -> Playlist:
    """A teacher puts resources on one student's playlist for a competency (picked, or a suggestion they
    confirm)."""
    student = relation.student
    if student is None or not may_build_playlists(relation):
        raise PathsError("only the student's teachers build playlists", code=FORBIDDEN)
    if origin not in (PlaylistStep.Origin.PICKED, PlaylistStep.Origin.SUGGESTED):
        raise PathsError("a step is picked or a confirmed suggestion", field="origin")
    playlist = _add_steps(student, competency, resources, origin, actor)
    audit_record(
        actor=actor,
        action="paths.playlist_add",
        object_type="playlist",
        object_id=str(playlist.pk),
        student_id=student.pk,
        detail={
            "competency": competency.identifier,
            "resources": [r.pk for r in resources],
            "origin": origin,
        },
    )
    return playlist


@transaction.atomic
def playlist_assign(
    *,
    section: Section,
    competency: Competency,
    resources: Sequence[Resource],
    student_ids: Sequence[int],
    actor: Actor,
) -> list[Playlist]:
    """One playlist for several students of a section at once (the caller checked
    `paths.access.section_to_assign_or_404`); a resource a student already has is left as it is."""
    if not resources:
        raise PathsError("choose at least one resource", field="resources")
    offered = {r.modality for r in selectors.suggestions_for(competency, school_ids=[section.school_id])}
    if len({r.modality for r in resources}) < 2 <= len(offered):
        raise PathsError(
            "choose resources in at least two ways of learning: the library has more than one for this competency",
            code=ONE_MODALITY,
            field="resources",
        )
    wanted = list(dict.fromkeys(int(i) for i in student_ids))
    if not wanted:
        raise PathsError("choose at least one student", field="students")
    students = {
        e.person_id: e.person
        for e in Enrollment.objects.filter(
            section=section, role="student", is_active=True, person_id__in=wanted
        ).select_related("person")
    }
    if len(students) != len(wanted):
        raise PathsError("every student must be in this section", code=NOT_IN_SECTION, field="students")
    playlists = []
    for pk in wanted:
        student = students[pk]
        have = set(
            PlaylistStep.objects.filter(
                playlist__student=student, playlist__competency=competency
            ).values_list("resource_id", flat=True)
        )
        playlist = _add_steps(
            student, competency, [r for r in resources if r.pk not in have], PlaylistStep.Origin.PICKED, actor
        )
        audit_record(
            actor=actor,
            action="paths.playlist_assign",
            object_type="playlist",
            object_id=str(playlist.pk),
            student_id=student.pk,
            detail={
                "section": section.pk,
                "competency": competency.identifier,
                "resources": [r.pk for r in resources],
            },
        )
        playlists.append(playlist)
    return playlists


@transaction.atomic
def playlist_choose(*, relation: Relation, playlist: Playlist, modality: str, actor: Actor) -> Playlist:
    """The student says how they want to learn it (a modality); recorded with when."""
    if not may_move_as_student(relation) or playlist.student_id != relation.student.pk:  # type: ignore[union-attr]
        raise PathsError("only the student chooses how they learn", code=FORBIDDEN)
    if modality not in Resource.Modality.values:
        raise PathsError("choose one of the ways listed", code=UNKNOWN_MODALITY, field="modality")
    playlist.chosen_modality, playlist.chosen_at = modality, timezone.now()
    playlist.save(update_fields=["chosen_modality", "chosen_at"])
    audit_record(
        actor=actor,
        action="paths.playlist_choose",
        object_type="playlist",
        object_id=str(playlist.pk),
        student_id=playlist.student_id,
        detail={"competency": playlist.competency.identifier, "modality": modality},
    )
    return playlist


def _open_step(step: PlaylistStep) -> PlaylistStep:
    step = (
        PlaylistStep.objects.select_for_update()
        .select_related("resource", "playlist__competency")
        .get(pk=step.pk)
    )
    if not step.is_open:
        raise PathsError("that step is finished already", code=STEP_NOT_OPEN)
    return step


@transaction.atomic
def step_done(*, relation: Relation, step: PlaylistStep, actor: Actor) -> PlaylistStep:
    """The student marks a step done. An assessment is finished by its score, not by a tick."""
    if not may_move_as_student(relation) or step.playlist.student_id != relation.student.pk:  # type: ignore[union-attr]
        raise PathsError("only the student marks their steps done", code=FORBIDDEN)
    step = _open_step(step)
    if step.resource.kind == Resource.Kind.ASSESSMENT:
        raise PathsError("an assessment is finished when it is scored", code=NOT_AN_ASSESSMENT)
    step.state, step.finished_at = PlaylistStep.State.DONE, timezone.now()
    step.save(update_fields=["state", "finished_at"])
    audit_record(
        actor=actor,
        action="paths.step_done",
        object_type="playlist_step",
        object_id=str(step.pk),
        student_id=step.playlist.student_id,
        detail={"competency": step.playlist.competency.identifier, "resource": step.resource_id},
    )
    _after_step(step.playlist, actor)
    return step


@transaction.atomic
def step_score(
    *, relation: Relation, step: PlaylistStep, score: Decimal, demonstrated_on: dt.date, actor: Actor
) -> PlaylistStep:
    """A teacher scores an assessment step: the score is recorded as evidence, so the level moves now."""
    if not may_build_playlists(relation) or step.playlist.student_id != relation.student.pk:  # type: ignore[union-attr]
        raise PathsError("only the student's teachers score their work", code=FORBIDDEN)
    step = _open_step(step)
    if step.resource.kind != Resource.Kind.ASSESSMENT:
        raise PathsError("only an assessment step is scored", code=NOT_AN_ASSESSMENT)
    evidence = evidence_record(
        student=step.playlist.student,
        competency=step.playlist.competency,
        score=score,
        demonstrated_on=demonstrated_on,
        kind=Evidence.Kind.TASK,
        task_name=step.resource.title[:200],
        actor=actor,
    )
    return _scored(step, evidence, actor, auto=False)


@transaction.atomic
def step_quiz_submit(
    *, relation: Relation, step: PlaylistStep, answers: Sequence[int | None], actor: Actor
) -> PlaylistStep:
    """The student answers a quiz step; it is scored from the resource's answer key onto the competency's
    scale (the share correct, from the scale's lowest to its highest score) and recorded as evidence by
    Pathmaker itself, so the level moves now."""
    if not may_move_as_student(relation) or step.playlist.student_id != relation.student.pk:  # type: ignore[union-attr]
        raise PathsError("only the student answers their quiz", code=FORBIDDEN)
    step = _open_step(step)
    key = quiz_key(step.resource)
    if step.resource.kind != Resource.Kind.ASSESSMENT or not key:
        raise PathsError("this step has no quiz to answer", code=NOT_A_QUIZ)
    if len(answers) != len(key):
        raise PathsError(f"answer all {len(key)} questions", field="answers")
    right = sum(1 for given, answer in zip(answers, key, strict=True) if given == answer)
    low, high = score_bounds(rule_for(step.playlist.competency)[1])
    score = (low + (high - low) * Decimal(right) / Decimal(len(key))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    evidence = evidence_record(
        student=step.playlist.student,
        competency=step.playlist.competency,
        score=score,
        demonstrated_on=timezone.localdate(),
        kind=Evidence.Kind.QUIZ_ITEM,
        task_name=step.resource.title[:200],
        feedback=f"{right} of {len(key)} correct",
        actor=Actor(system_name="paths:quiz", ip=actor.ip, user_agent=actor.user_agent),
    )
    return _scored(step, evidence, actor, auto=True, right=right, total=len(key))


def quiz_key(resource: Resource) -> list[int]:
    """The answer key of a quiz resource (its questions' `answer` indexes); empty when it has none."""
    key = []
    for question in resource.quiz if isinstance(resource.quiz, list) else []:
        if not isinstance(question, dict) or not isinstance(question.get("answer"), int):
            return []
        key.append(question["answer"])
    return key


def _scored(
    step: PlaylistStep, evidence: Evidence, actor: Actor, *, auto: bool, **detail: Any
) -> PlaylistStep:
    step.state, step.evidence, step.finished_at = PlaylistStep.State.SCORED, evidence, timezone.now()
    step.save(update_fields=["state", "evidence", "finished_at"])
    audit_record(
        actor=actor,
        action="paths.step_score",
        object_type="playlist_step",
        object_id=str(step.pk),
        student_id=step.playlist.student_id,
        detail={
            "competency": step.playlist.competency.identifier,
            "resource": step.resource_id,
            "evidence": evidence.pk,
            "score": str(evidence.score),
            "auto": auto,
            **detail,
        },
    )
    _after_step(step.playlist, actor)
    return step


def _after_step(playlist: Playlist, actor: Actor) -> None:
    """Mastery, not seat time: once the level is mastered the rest is skipped; a playlist finished without
    mastery gets a "try another way" step in a modality not used yet (when the library has one)."""
    mastered = MasterySummary.objects.filter(
        student_id=playlist.student_id, competency_id=playlist.competency_id, status__in=selectors.MASTERED
    ).exists()
    open_steps = playlist.steps.filter(state=PlaylistStep.State.TODO)
    if mastered:
        skipped = list(open_steps.values_list("pk", flat=True))
        if skipped:
            open_steps.update(
                state=PlaylistStep.State.SKIPPED, skip_reason="mastered", finished_at=timezone.now()
            )
            audit_record(
                actor=actor,
                action="paths.steps_skipped",
                object_type="playlist",
                object_id=str(playlist.pk),
                student_id=playlist.student_id,
                detail={"competency": playlist.competency.identifier, "steps": skipped, "reason": "mastered"},
            )
        return
    if open_steps.exists():
        return
    used = set(playlist.steps.values_list("resource__modality", flat=True))
    have = set(playlist.steps.values_list("resource_id", flat=True))
    student = playlist.student
    another = next(
        (
            r
            for r in selectors.suggestions_for(
                playlist.competency, school_ids=_school_ids(student), exclude=have
            )
            if r.modality not in used
        ),
        None,
    )
    if another is None:
        return
    try:
        with transaction.atomic():
            step = _append(playlist, another, PlaylistStep.Origin.ANOTHER_WAY, actor)
    except (IntegrityError, PathsError):
        return  # full, or added by a concurrent finish: the student still has a way forward
    audit_record(
        actor=actor,
        action="paths.another_way",
        object_type="playlist_step",
        object_id=str(step.pk),
        student_id=playlist.student_id,
        detail={
            "competency": playlist.competency.identifier,
            "resource": another.pk,
            "modality": another.modality,
        },
    )
