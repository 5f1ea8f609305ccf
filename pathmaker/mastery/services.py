"""Keeping mastery up to date: rules, the district's policy, overrides, and each student's summary per competency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from pathmaker.audit.services import audit_record
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency, ProficiencyScale
from pathmaker.jobs.services import job_create
from pathmaker.mastery import bkt, engine, running
from pathmaker.mastery.models import (
    KnowledgeTracing,
    MasteryFlag,
    MasteryOverride,
    MasteryPolicy,
    MasteryRule,
    MasterySummary,
)
from pathmaker.rostering.models import Person

DEFAULT_RULE = engine.Rule(method=engine.Method.DECAYING_AVERAGE)


class MasteryError(Exception):
    """A change to mastery that cannot be made as asked; the message says why."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field  # the form field the message is about, when there is one


def self_peer_counts() -> bool:
    """Whether self- and peer-assessments count toward mastery now (the district's policy)."""
    return MasteryPolicy.objects.current().self_peer_count


def rule_for(competency: Competency, course_id: int | None = None) -> tuple[MasteryRule | None, engine.Rule]:
    """The most specific current rule: the competency's, the course's, the framework's, the district's."""
    current = MasteryRule.objects.filter(is_current=True)
    for scope in ({"competency": competency}, {"course_id": course_id} if course_id else None,
                  {"framework_id": competency.framework_id},
                  {"competency__isnull": True, "course__isnull": True, "framework__isnull": True}):
        if scope is None:
            continue
        found = current.filter(**scope).first()
        if found is not None:
            return found, engine.Rule.from_dict(found.parameters)
    return None, DEFAULT_RULE


def scores_of(student_id: int, competency_id: int, *, self_peer: bool | None = None) -> list[engine.Score]:
    """The evidence that counts, as engine scores in demonstration order (`self_peer`: the policy's answer,
    read when not given)."""
    rows = Evidence.objects.filter(student_id=student_id, competency_id=competency_id, is_current=True,
                                   score__isnull=False)
    if not (self_peer_counts() if self_peer is None else self_peer):
        rows = rows.exclude(kind__in=Evidence.SELF_OR_PEER)
    return [engine.Score(float(score), day, pk, kind) for pk, score, day, kind in
            rows.order_by("demonstrated_on", "id").values_list("id", "score", "demonstrated_on", "kind")]


def status_of(level: float | None, count: int, rule: engine.Rule) -> str:
    if count == 0:
        return MasterySummary.Status.NOT_STARTED
    if level is None or level < rule.mastery:
        return MasterySummary.Status.IN_PROGRESS
    return MasterySummary.Status.ADVANCED if level >= rule.scale_max else MasterySummary.Status.PROFICIENT


def _save(student_id: int, competency_id: int, stored_rule: MasteryRule | None, rule: engine.Rule,
          state: running.Running, self_peer: bool) -> MasterySummary:
    computed = running.level(state, rule)
    override = MasteryOverride.objects.filter(student_id=student_id, competency_id=competency_id,
                                              is_current=True).first()
    level = override.level if override else computed
    flag = MasteryFlag.objects.filter(student_id=student_id, competency_id=competency_id, is_current=True).first()
    status = status_of(level, state.count, rule)
    if flag is not None and status not in (MasterySummary.Status.PROFICIENT, MasterySummary.Status.ADVANCED):
        status = flag.kind
    summary, _ = MasterySummary.objects.update_or_create(
        student_id=student_id, competency_id=competency_id,
        defaults={"level": level, "computed_level": computed, "overridden": override is not None,
                  "status": status, "evidence_count": state.count,
                  "last_demonstrated_on": dt.date.fromisoformat(state.last_key[0]) if state.last_key else None,
                  "rule": stored_rule, "rule_snapshot": rule.as_dict(), "computed_at": timezone.now(),
                  # What was counted is part of the state: a district that starts counting
                  # self-assessments must not fold new ones into sums that left the old ones out.
                  "running": {"self_peer": self_peer, "state": state.as_dict()}})
    return summary


def summary_refresh(*, student_id: int, competency_id: int) -> MasterySummary:
    """Recompute one student's level on one competency from its current evidence (a few indexed rows)."""
    competency = Competency.objects.get(pk=competency_id)
    stored_rule, rule = rule_for(competency)
    self_peer = self_peer_counts()
    return _save(student_id, competency_id, stored_rule, rule,
                 running.start(scores_of(student_id, competency_id, self_peer=self_peer), rule), self_peer)


def summary_add(evidence: Evidence) -> MasterySummary:
    """A new piece of evidence: fold it into the running sums when it is the latest, else recompute.

    New evidence answers any open request (evaluation or revision), so current flags end here.
    """
    MasteryFlag.objects.filter(student_id=evidence.student_id, competency_id=evidence.competency_id,
                               is_current=True).update(is_current=False)
    competency = Competency.objects.get(pk=evidence.competency_id)
    stored_rule, rule = rule_for(competency)
    summary = (MasterySummary.objects.select_for_update()
               .filter(student_id=evidence.student_id, competency_id=evidence.competency_id).first())
    self_peer = self_peer_counts()
    counts = evidence.score is not None and (self_peer or evidence.kind not in Evidence.SELF_OR_PEER)
    if (summary is not None and summary.running and summary.rule_snapshot == rule.as_dict()
            and summary.running.get("self_peer") == self_peer):
        state = running.Running.from_dict(summary.running["state"])
        if not counts:
            return summary
        folded = running.add(state, engine.Score(float(evidence.score), evidence.demonstrated_on, evidence.pk,
                                                 evidence.kind), rule)
        if folded is not None:
            return _save(evidence.student_id, evidence.competency_id, stored_rule, rule, folded, self_peer)
    return summary_refresh(student_id=evidence.student_id, competency_id=evidence.competency_id)


@transaction.atomic
def rule_set(*, actor: Any, rule: engine.Rule, framework: Any = None, course: Any = None,
             competency: Any = None) -> MasteryRule:
    """Adopt a rule for a scope. The previous one stays on record; affected summaries are recomputed."""
    scope = {"framework": framework, "course": course, "competency": competency}
    if sum(v is not None for v in scope.values()) > 1:
        raise MasteryError("a rule applies to one competency, one course, one framework, or the whole district")
    filters = {f"{k}__isnull" if v is None else k: True if v is None else v for k, v in scope.items()}
    previous = MasteryRule.objects.filter(is_current=True, **filters).first()
    if previous is not None:
        MasteryRule.objects.filter(pk=previous.pk).update(is_current=False)
    created = MasteryRule.objects.create(**scope, method=rule.method, parameters=rule.as_dict(),
                                         version=(previous.version + 1) if previous else 1,
                                         created_by=actor if getattr(actor, "pk", None) else None,
                                         created_at=timezone.now())
    audit_record(actor=actor, action="mastery.rule_set", object_type="mastery_rule", object_id=str(created.pk),
                 detail={"scope": {k: v.pk for k, v in scope.items() if v is not None}, "rule": rule.as_dict(),
                         "replaces": previous.pk if previous else None})
    if competency is not None:
        competency_ids: list[int] | None = [competency.pk]
    elif framework is not None:
        competency_ids = list(framework.competencies.values_list("id", flat=True))
    else:
        competency_ids = None  # the whole district (or a course): every summary may change
    # Recomputed by the worker, vectorized, once this rule is committed; pages show progress from the job.
    job = job_create(kind="mastery_recompute", created_by=actor)
    transaction.on_commit(lambda: _enqueue(job.pk, competency_ids))
    return created


def scale_bounds() -> tuple[Decimal, Decimal]:
    """The lowest and highest level on the district's scales (the default range when there is none)."""
    values = [v for scale in ProficiencyScale.objects.prefetch_related("levels")
              for v in (level.value for level in scale.levels.all())]
    if not values:
        low, high = settings.PATHMAKER_DEFAULT_SCALE_RANGE
        return Decimal(str(low)), Decimal(str(high))
    return min(values), max(values)


def _plain(number: Decimal) -> str:
    """80, 2.5: a decimal as people write it."""
    return f"{Decimal(number).normalize():f}"


def _policy_values(policy: MasteryPolicy) -> dict[str, Any]:
    return {"self_peer_count": policy.self_peer_count, "credit_min_share": _plain(policy.credit_min_share),
            "credit_floor": _plain(policy.credit_floor)}


@transaction.atomic
def policy_set(*, actor: Any, self_peer_count: bool, credit_min_share: Decimal, credit_floor: Decimal,
               request: HttpRequest | None = None) -> MasteryPolicy:
    """Adopt the district's mastery policy. The previous one stays on record.

    Counting self- and peer-assessments or not changes levels: the summaries of every competency with
    such evidence are recomputed by the worker, as for a rule change. Credit is worked out on each
    read, so new percentages apply at once.
    """
    if not Decimal(0) <= credit_min_share <= Decimal(100):
        raise MasteryError("the share of competencies proficient for credit is a percentage from 0 to 100",
                           field="credit_min_share")
    if credit_min_share != credit_min_share.quantize(Decimal("0.01")):
        raise MasteryError("give the share with at most two decimals, like 80 or 87.5", field="credit_min_share")
    low, high = scale_bounds()
    if not low <= credit_floor <= high:
        raise MasteryError(f"the lowest level allowed for credit must be on the district's scale, from {_plain(low)} "
                           f"to {_plain(high)}", field="credit_floor")
    if credit_floor != credit_floor.quantize(Decimal("0.01")):
        raise MasteryError("give the lowest level with at most two decimals", field="credit_floor")
    previous = MasteryPolicy.objects.select_for_update().filter(is_current=True).first()
    before = previous or MasteryPolicy.objects.current()
    if (before.self_peer_count, before.credit_min_share, before.credit_floor) == (
            self_peer_count, credit_min_share, credit_floor):
        raise MasteryError("nothing changed: this is already the district's policy")
    if previous is not None:
        MasteryPolicy.objects.filter(pk=previous.pk).update(is_current=False)
    created = MasteryPolicy.objects.create(
        self_peer_count=self_peer_count, credit_min_share=credit_min_share, credit_floor=credit_floor,
        version=(previous.version + 1) if previous else 1, is_current=True,
        created_by=actor if getattr(actor, "pk", None) else None, created_at=timezone.now())
    recompute: list[int] = []
    if before.self_peer_count != self_peer_count:
        recompute = sorted(set(Evidence.objects.filter(is_current=True, score__isnull=False,
                                                       kind__in=Evidence.SELF_OR_PEER)
                               .values_list("competency_id", flat=True).distinct()))
    audit_record(actor=actor, action="mastery.policy_set", object_type="mastery_policy",
                 object_id=str(created.pk), request=request,
                 detail={"before": _policy_values(before), "after": _policy_values(created),
                         "replaces": previous.pk if previous else None, "recomputes": len(recompute)})
    if recompute:
        job = job_create(kind="mastery_recompute", created_by=actor)
        transaction.on_commit(lambda: _enqueue(job.pk, recompute))
    return created


def _enqueue(job_id: int, competency_ids: list[int] | None) -> None:
    from pathmaker.mastery.tasks import mastery_recompute_task

    mastery_recompute_task(job_id, competency_ids)


@transaction.atomic
def override_set(*, student: Person, competency: Competency, level: float, reason: str, by: Any) -> MasterySummary:
    if not reason.strip():
        raise MasteryError("an override needs a reason")
    MasteryOverride.objects.filter(student=student, competency=competency, is_current=True).update(is_current=False)
    MasteryOverride.objects.create(student=student, competency=competency, level=level, reason=reason,
                                   by=by if getattr(by, "pk", None) else None, at=timezone.now())
    audit_record(actor=by, action="mastery.override", object_type="competency", object_id=competency.identifier,
                 student_id=student.pk, detail={"level": level, "reason": reason})
    return summary_refresh(student_id=student.pk, competency_id=competency.pk)


# Fewer students than this and EM learns little that the defaults do not already say.
BKT_MIN_STUDENTS = 20


def knowledge_tracing_fit(*, competency: Competency) -> KnowledgeTracing | None:
    """Fit BKT (prior, learn, guess, slip) by EM on every student's correct/incorrect practice, in order."""
    rows = list(Evidence.objects.filter(competency=competency, is_current=True, correct__isnull=False)
                .order_by("student_id", "demonstrated_on", "id").values_list("student_id", "correct"))
    students = {s for s, _ in rows}
    if len(students) < BKT_MIN_STUDENTS:
        return None
    seqs = bkt.Sequences.from_columns(np.array([s for s, _ in rows]), np.array([c for _, c in rows], dtype=float))
    fitted = bkt.fit(seqs, restarts=5, seed=0)
    values = {"prior": fitted.params.prior, "learn": fitted.params.learn, "guess": fitted.params.guess,
              "slip": fitted.params.slip, "students": len(students), "responses": len(rows),
              "log_likelihood": fitted.log_likelihood, "fitted_at": timezone.now()}
    record, _ = KnowledgeTracing.objects.update_or_create(competency=competency, defaults=values)
    return record


def practice_estimate(student_id: int, competency: Competency) -> tuple[bkt.Trace, bkt.Params, bool] | None:
    """The chance the student has mastered the competency, from their correct/incorrect practice (or None)."""
    responses = list(Evidence.objects.filter(student_id=student_id, competency=competency, is_current=True,
                                             correct__isnull=False).order_by("demonstrated_on", "id")
                     .values_list("correct", flat=True))
    if not responses:
        return None
    fitted = KnowledgeTracing.objects.filter(competency=competency).first()
    params = (bkt.Params(fitted.prior, fitted.learn, fitted.guess, fitted.slip) if fitted
              else bkt.Params(prior=0.3, learn=0.15, guess=0.2, slip=0.1))
    return bkt.trace(responses, params), params, fitted is not None


def flag_set(*, student: Person, competency: Competency, kind: str, note: str, by: Any) -> MasterySummary:
    """A student asks for evaluation of their work, or a teacher asks the student to revise it."""
    if kind not in MasteryFlag.Kind.values:
        raise MasteryError(f"{kind!r} is not a request Pathmaker knows")
    if kind == MasteryFlag.Kind.NEEDS_REVISION and not note.strip():
        raise MasteryError("say what to revise")
    with transaction.atomic():
        MasteryFlag.objects.filter(student=student, competency=competency, is_current=True).update(is_current=False)
        MasteryFlag.objects.create(student=student, competency=competency, kind=kind, note=note,
                                   by=by if getattr(by, "pk", None) else None, at=timezone.now())
        audit_record(actor=by, action=f"mastery.{kind}", object_type="competency", object_id=competency.identifier,
                     student_id=student.pk, detail={"note": note})
        return summary_refresh(student_id=student.pk, competency_id=competency.pk)
