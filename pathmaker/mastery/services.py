"""Keeping mastery up to date: rules, the district's policy, overrides, and each student's summary per competency."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency
from pathmaker.jobs.services import job_create
from pathmaker.lib.errors import DomainError
from pathmaker.mastery import bkt, engine, running, tasks
from pathmaker.mastery.models import (
    KnowledgeTracing,
    MasteryFlag,
    MasteryOverride,
    MasteryPolicy,
    MasteryRule,
    MasterySummary,
)
from pathmaker.mastery.rules import (
    home_courses,
    rule_for,
    scale_for,
    scores_of,
    self_peer_counts,
    status_of,
    status_shown,
)
from pathmaker.mastery.selectors import scale_bounds
from pathmaker.mastery.signals import level_changed
from pathmaker.rostering.models import Person

SCORE_STEP = Decimal("0.01")  # evidence scores are stored with two decimals


class MasteryError(DomainError):
    """A change to mastery that cannot be made as asked; the message says why, `code` which rule."""

    code = "mastery.invalid"


LEVEL_OFF_SCALE = "mastery.level_off_scale"
LEVEL_TOO_PRECISE = "mastery.level_too_precise"


def _save(
    summary: MasterySummary,
    stored_rule: MasteryRule | None,
    rule: engine.Rule,
    state: running.Running,
    self_peer: bool,
    *,
    flag_kind: str | None | bool = True,
    read_override: bool = True,
) -> MasterySummary:
    """Write the locked summary row from a running state. `flag_kind`: the open request's kind when the
    caller knows it (None: no open request), True to read it. `read_override=False`: the caller knows
    there is no current override."""
    student_id, competency_id = summary.student_id, summary.competency_id
    computed = running.level(state, rule)
    override = None
    if read_override:
        override = MasteryOverride.objects.filter(
            student_id=student_id, competency_id=competency_id, is_current=True
        ).first()
    level = override.level if override else computed
    if flag_kind is True:
        flag = MasteryFlag.objects.filter(
            student_id=student_id, competency_id=competency_id, is_current=True
        ).first()
        flag_kind = flag.kind if flag else None
    summary.level, summary.computed_level, summary.overridden = level, computed, override is not None
    summary.status = status_shown(status_of(level, state.count, rule), flag_kind or None)
    summary.evidence_count = state.count
    summary.last_demonstrated_on = dt.date.fromisoformat(state.last_key[0]) if state.last_key else None
    summary.rule, summary.rule_snapshot, summary.computed_at = stored_rule, rule.as_dict(), timezone.now()
    # What was counted is part of the state: a district that starts counting
    # self-assessments must not fold new ones into sums that left the old ones out.
    summary.running = {"self_peer": self_peer, "state": state.as_dict()}
    summary.save(
        update_fields=[
            "level",
            "computed_level",
            "overridden",
            "status",
            "evidence_count",
            "last_demonstrated_on",
            "rule",
            "rule_snapshot",
            "computed_at",
            "running",
        ]
    )
    level_changed.send(sender=MasterySummary, student_id=student_id, competency_id=competency_id)
    return summary


def _lock_pair(student_id: int, competency_id: int) -> MasterySummary:
    """Lock the pair's summary row for the rest of the transaction, creating it first when there is none.

    `select_for_update` locks nothing when the row does not exist yet, so two first writes would each
    compute from their own evidence and the second would overwrite the first. Inserting an empty row
    with ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite) waits for any other transaction that is
    inserting the same pair, and leaves exactly one row to lock; whoever locks it next sees what the
    previous writer committed. The empty row (no running sums) makes the caller recompute from history.
    The row usually exists, so it is locked first and inserted only when missing.
    """
    rows = MasterySummary.objects.select_for_update().filter(
        student_id=student_id, competency_id=competency_id
    )
    summary = rows.first()
    if summary is not None:
        return summary
    MasterySummary.objects.bulk_create(
        [MasterySummary(student_id=student_id, competency_id=competency_id, computed_at=timezone.now())],
        ignore_conflicts=True,
    )
    return rows.get()


@transaction.atomic(savepoint=False)
def summary_refresh(
    *, student_id: int, competency_id: int, rule_pair: tuple[MasteryRule | None, engine.Rule] | None = None
) -> MasterySummary:
    """Recompute one student's level on one competency from its current evidence (a few indexed rows).
    `rule_pair`: the competency's `rule_for`, when the caller has it already."""
    if rule_pair is None:
        rule_pair = rule_for(Competency.objects.get(pk=competency_id))
    stored_rule, rule = rule_pair
    self_peer = self_peer_counts()
    summary = _lock_pair(
        student_id, competency_id
    )  # before reading the evidence: a concurrent writer's is then committed
    return _save(
        summary,
        stored_rule,
        rule,
        running.start(scores_of(student_id, competency_id, self_peer=self_peer), rule),
        self_peer,
    )


@transaction.atomic(savepoint=False)
def summary_add(
    evidence: Evidence, rule_pair: tuple[MasteryRule | None, engine.Rule] | None = None
) -> MasterySummary:
    """A new piece of evidence: fold it into the running sums when it is the latest, else recompute.

    New evidence answers any open request (evaluation or revision), so current flags end here.
    `rule_pair`: the competency's `rule_for`, when the caller has it already (evidence recording does).
    """
    MasteryFlag.objects.filter(
        student_id=evidence.student_id, competency_id=evidence.competency_id, is_current=True
    ).update(is_current=False)
    if rule_pair is None:
        rule_pair = rule_for(Competency.objects.get(pk=evidence.competency_id))
    stored_rule, rule = rule_pair
    summary = _lock_pair(evidence.student_id, evidence.competency_id)
    # Every override change (override_set, override_clear) refreshes the summary under this lock, so a
    # row with running sums that says "not overridden" has no current override.
    read_override = summary.overridden or not summary.running
    self_peer = self_peer_counts()
    counts = evidence.score is not None and (self_peer or evidence.kind not in Evidence.SELF_OR_PEER)
    if (
        summary.running
        and summary.rule_snapshot == rule.as_dict()
        and summary.running.get("self_peer") == self_peer
    ):
        state = running.Running.from_dict(summary.running["state"])
        if not counts:
            return summary
        # The value as stored (two decimals), so the sums agree with a recompute from the table.
        stored_score = float(Decimal(str(evidence.score)).quantize(SCORE_STEP))
        folded = running.add(
            state, engine.Score(stored_score, evidence.demonstrated_on, evidence.pk, evidence.kind), rule
        )
        if folded is not None:  # the flags just ended: no open request
            return _save(
                summary, stored_rule, rule, folded, self_peer, flag_kind=None, read_override=read_override
            )
    return _save(
        summary,
        stored_rule,
        rule,
        running.start(scores_of(evidence.student_id, evidence.competency_id, self_peer=self_peer), rule),
        self_peer,
        flag_kind=None,
        read_override=read_override,
    )


@transaction.atomic
def rule_set(
    *, actor: Actor, rule: engine.Rule, framework: Any = None, course: Any = None, competency: Any = None
) -> MasteryRule:
    """Adopt a rule for a scope. The previous one stays on record; affected summaries are recomputed."""
    scope = {"framework": framework, "course": course, "competency": competency}
    if sum(v is not None for v in scope.values()) > 1:
        raise MasteryError(
            "a rule applies to one competency, one course, one framework, or the whole district",
            code="mastery.rule_scope_ambiguous",
        )
    filters = {f"{k}__isnull" if v is None else k: True if v is None else v for k, v in scope.items()}
    previous = MasteryRule.objects.filter(is_current=True, **filters).first()
    if previous is not None:
        MasteryRule.objects.filter(pk=previous.pk).update(is_current=False)
    created = MasteryRule.objects.create(
        **scope,
        method=rule.method,
        parameters=rule.as_dict(),
        version=(previous.version + 1) if previous else 1,
        created_by=actor.user,
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="mastery.rule_set",
        object_type="mastery_rule",
        object_id=str(created.pk),
        detail={
            "scope": {k: v.pk for k, v in scope.items() if v is not None},
            "rule": rule.as_dict(),
            "replaces": previous.pk if previous else None,
        },
    )
    if competency is not None:
        competency_ids: list[int] | None = [competency.pk]
    elif framework is not None:
        competency_ids = list(framework.competencies.values_list("id", flat=True))
    elif course is not None:  # a course's rule applies to the competencies whose home course it is
        competency_ids = [
            pk
            for pk, home in home_courses(
                list(course.competency_links.values_list("competency_id", flat=True))
            ).items()
            if home == course.pk
        ]
    else:
        competency_ids = None  # the whole district: every summary may change
    # Recomputed by the worker, vectorized, once this rule is committed; pages show progress from the job.
    job = job_create(kind="mastery_recompute", actor=actor)
    transaction.on_commit(lambda: _enqueue(job.pk, competency_ids))
    return created


def _plain(number: Decimal) -> str:
    """80, 2.5: a decimal as people write it."""
    return f"{Decimal(number).normalize():f}"


def _policy_values(policy: MasteryPolicy) -> dict[str, Any]:
    return {
        "self_peer_count": policy.self_peer_count,
        "credit_min_share": _plain(policy.credit_min_share),
        "credit_floor": _plain(policy.credit_floor),
    }


@transaction.atomic
def policy_set(
    *,
    actor: Actor,
    self_peer_count: bool,
    credit_min_share: Decimal,
    credit_floor: Decimal,
) -> MasteryPolicy:
    """Adopt the district's mastery policy. The previous one stays on record.

    Counting self- and peer-assessments or not changes levels: the summaries of every competency with
    such evidence are recomputed by the worker, as for a rule change. Credit is worked out on each
    read, so new percentages apply at once.
    """
    if not Decimal(0) <= credit_min_share <= Decimal(100):
        raise MasteryError(
            "the share of competencies proficient for credit is a percentage from 0 to 100",
            code="mastery.share_out_of_range",
            field="credit_min_share",
        )
    if credit_min_share != credit_min_share.quantize(Decimal("0.01")):
        raise MasteryError(
            "give the share with at most two decimals, like 80 or 87.5",
            code="mastery.share_too_precise",
            field="credit_min_share",
        )
    low, high = scale_bounds()
    if not low <= credit_floor <= high:
        raise MasteryError(
            f"the lowest level allowed for credit must be on the district's scale, from {_plain(low)} "
            f"to {_plain(high)}",
            code="mastery.floor_off_scale",
            field="credit_floor",
        )
    if credit_floor != credit_floor.quantize(Decimal("0.01")):
        raise MasteryError(
            "give the lowest level with at most two decimals",
            code="mastery.floor_too_precise",
            field="credit_floor",
        )
    previous = MasteryPolicy.objects.select_for_update().filter(is_current=True).first()
    before = previous or MasteryPolicy.objects.current()
    if (before.self_peer_count, before.credit_min_share, before.credit_floor) == (
        self_peer_count,
        credit_min_share,
        credit_floor,
    ):
        raise MasteryError(
            "nothing changed: this is already the district's policy", code="mastery.policy_unchanged"
        )
    if previous is not None:
        MasteryPolicy.objects.filter(pk=previous.pk).update(is_current=False)
    created = MasteryPolicy.objects.create(
        self_peer_count=self_peer_count,
        credit_min_share=credit_min_share,
        credit_floor=credit_floor,
        version=(previous.version + 1) if previous else 1,
        is_current=True,
        created_by=actor.user,
        created_at=timezone.now(),
    )
    recompute: list[int] = []
    if before.self_peer_count != self_peer_count:
        recompute = sorted(
            set(
                Evidence.objects.filter(is_current=True, score__isnull=False, kind__in=Evidence.SELF_OR_PEER)
                .values_list("competency_id", flat=True)
                .distinct()
            )
        )
    audit_record(
        actor=actor,
        action="mastery.policy_set",
        object_type="mastery_policy",
        object_id=str(created.pk),
        detail={
            "before": _policy_values(before),
            "after": _policy_values(created),
            "replaces": previous.pk if previous else None,
            "recomputes": len(recompute),
        },
    )
    if recompute:
        job = job_create(kind="mastery_recompute", actor=actor)
        transaction.on_commit(lambda: _enqueue(job.pk, recompute))
    return created


def _enqueue(job_id: int, competency_ids: list[int] | None) -> None:
    tasks.mastery_recompute_task(job_id, competency_ids)


@transaction.atomic
def override_set(
    *, student: Person, competency: Competency, level: float, reason: str, actor: Actor
) -> MasterySummary:
    """A teacher's level, on the competency's scale, with a reason; the computed level stays visible."""
    scale = scale_for(competency)
    if not math.isfinite(level) or not scale.low <= level <= scale.high:
        raise MasteryError(
            f"a level on this competency's scale is between {scale.low:g} and {scale.high:g}",
            field="level",
            code=LEVEL_OFF_SCALE,
        )
    if round(level, 2) != level:  # the same two decimals as a score, so the level shown is the level kept
        raise MasteryError(
            "a level has at most two decimals, like 2.75", field="level", code=LEVEL_TOO_PRECISE
        )
    if not reason.strip():
        raise MasteryError("an override needs a reason", code="mastery.reason_missing", field="reason")
    MasteryOverride.objects.filter(student=student, competency=competency, is_current=True).update(
        is_current=False
    )
    MasteryOverride.objects.create(
        student=student,
        competency=competency,
        level=level,
        reason=reason,
        by=actor.user,
        at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="mastery.override",
        object_type="competency",
        object_id=competency.identifier,
        student_id=student.pk,
        detail={"level": level, "reason": reason},
    )
    return summary_refresh(student_id=student.pk, competency_id=competency.pk)


# Fewer students than this and EM learns little that the defaults do not already say.
BKT_MIN_STUDENTS = 20


def knowledge_tracing_fit(*, competency: Competency) -> KnowledgeTracing | None:
    """Fit BKT (prior, learn, guess, slip) by EM on every student's correct/incorrect practice, in order."""
    rows = list(
        Evidence.objects.filter(competency=competency, is_current=True, correct__isnull=False)
        .order_by("student_id", "demonstrated_on", "id")
        .values_list("student_id", "correct")
    )
    students = {s for s, _ in rows}
    if len(students) < BKT_MIN_STUDENTS:
        return None
    seqs = bkt.Sequences.from_columns(
        np.array([s for s, _ in rows]), np.array([c for _, c in rows], dtype=float)
    )
    fitted = bkt.fit(seqs, restarts=5, seed=0)
    values = {
        "prior": fitted.params.prior,
        "learn": fitted.params.learn,
        "guess": fitted.params.guess,
        "slip": fitted.params.slip,
        "students": len(students),
        "responses": len(rows),
        "log_likelihood": fitted.log_likelihood,
        "fitted_at": timezone.now(),
    }
    record, _ = KnowledgeTracing.objects.update_or_create(competency=competency, defaults=values)
    return record


def flag_set(
    *, student: Person, competency: Competency, kind: str, note: str, actor: Actor
) -> MasterySummary:
    """A student asks for evaluation of their work, or a teacher asks the student to revise it."""
    if kind not in MasteryFlag.Kind.values:
        raise MasteryError(
            f"{kind!r} is not a request Pathmaker knows", code="mastery.unknown_flag", field="kind"
        )
    if kind == MasteryFlag.Kind.NEEDS_REVISION and not note.strip():
        raise MasteryError("say what to revise", code="mastery.revision_note_missing", field="note")
    with transaction.atomic():
        MasteryFlag.objects.filter(student=student, competency=competency, is_current=True).update(
            is_current=False
        )
        MasteryFlag.objects.create(
            student=student,
            competency=competency,
            kind=kind,
            note=note,
            by=actor.user,
            at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=f"mastery.{kind}",
            object_type="competency",
            object_id=competency.identifier,
            student_id=student.pk,
            detail={"note": note},
        )
        return summary_refresh(student_id=student.pk, competency_id=competency.pk)
