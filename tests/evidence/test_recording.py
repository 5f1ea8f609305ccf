"""Recording evidence: who may, what is refused, history kept, and mastery updated at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks import services as frameworks
from pathmaker.jobs.models import Job
from pathmaker.mastery import engine
from pathmaker.mastery.models import MasteryHistory, MasteryRule, MasterySummary
from pathmaker.mastery.recording import (
    FORBIDDEN,
    MAY_NOT_RECORD,
    EvidenceError,
    evidence_correct,
    evidence_record,
    evidence_retract,
)
from pathmaker.mastery.services import MasteryError, override_set, rule_set

SEP = dt.date(2026, 9, 1)


@pytest.fixture
def ratios(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    return frameworks.competency_create(
        framework=framework, full_statement="Uses ratios", actor=Actor.system("test")
    )


def record(district, competency, score, day, persona="teacher", **kwargs):
    return evidence_record(
        student=district.sam,
        competency=competency,
        score=Decimal(score),
        demonstrated_on=SEP + dt.timedelta(days=day),
        kind=kwargs.pop("kind", "task"),
        actor=district.actor(persona),
        **kwargs,
    )


def summary(district, competency):
    return MasterySummary.objects.get(student=district.sam, competency=competency)


def test_recording_a_score_updates_the_level_at_once_and_is_audited(district, ratios):
    record(district, ratios, 2, 0)
    assert summary(district, ratios).level == 2.0
    record(district, ratios, 4, 7)
    assert summary(district, ratios).level == pytest.approx(
        0.65 * 4 + 0.35 * 2
    )  # decaying average by default
    assert AuditEvent.objects.filter(action="evidence.record", student_id=district.sam.pk).count() == 2


def test_scores_count_in_the_order_they_were_shown_not_typed(district, ratios):
    rule_set(
        actor=Actor.system("test"), rule=engine.Rule(method=engine.Method.MOST_RECENT), competency=ratios
    )
    record(district, ratios, 4, 9)  # typed first, shown later
    record(district, ratios, 1, 2)  # typed later, shown earlier
    assert summary(district, ratios).level == 4.0


@pytest.mark.parametrize("persona", ["other_school_teacher", "guardian", "other_guardian", "unrostered"])
def test_the_wrong_persona_cannot_record_evidence(district, ratios, persona):
    with pytest.raises(EvidenceError) as refused:
        record(district, ratios, 3, 0, persona=persona)
    assert (refused.value.code, str(refused.value)) == (FORBIDDEN, MAY_NOT_RECORD)
    assert not Evidence.objects.exists() and not MasterySummary.objects.exists()


def test_a_student_records_only_self_assessments_and_they_do_not_count_by_default(district, ratios, settings):
    with pytest.raises(EvidenceError):
        record(district, ratios, 4, 0, persona="student")
    record(district, ratios, 4, 0, persona="student", kind="self_assessment")
    assert summary(district, ratios).status == MasterySummary.Status.NOT_STARTED
    settings.PATHMAKER_SELF_PEER_COUNT = True
    record(district, ratios, 3, 1, persona="student", kind="self_assessment")
    assert summary(district, ratios).evidence_count == 2


def test_a_score_off_the_scale_or_in_the_future_is_refused(district, ratios):
    with pytest.raises(EvidenceError, match="between 1 and 4"):
        record(district, ratios, 7, 0)
    with pytest.raises(EvidenceError, match="future"):
        evidence_record(
            student=district.sam,
            competency=ratios,
            score=Decimal(3),
            kind="task",
            demonstrated_on=timezone.localdate() + dt.timedelta(days=2),
            actor=district.actor("teacher"),
        )


def test_a_correction_keeps_the_old_score_in_history(district, ratios):
    first = record(district, ratios, 2, 0)
    fixed = evidence_correct(evidence=first, actor=district.actor("teacher"), reason="Typo", score=Decimal(3))
    first.refresh_from_db()
    assert not first.is_current and fixed.corrects == first and fixed.is_current
    assert summary(district, ratios).level == 3.0
    assert AuditEvent.objects.filter(action="evidence.correct").exists()


def test_withdrawing_evidence_needs_a_reason_and_keeps_the_row(district, ratios):
    piece = record(district, ratios, 2, 0)
    with pytest.raises(EvidenceError, match="say why"):
        evidence_retract(evidence=piece, actor=district.actor("teacher"), reason=" ")
    evidence_retract(evidence=piece, actor=district.actor("teacher"), reason="Wrong student")
    piece.refresh_from_db()
    assert not piece.is_current and piece.retraction_reason == "Wrong student"
    assert summary(district, ratios).status == MasterySummary.Status.NOT_STARTED


def test_changing_the_rule_recomputes_on_the_worker_and_keeps_the_old_rule(
    district, ratios, django_capture_on_commit_callbacks
):
    for day, score in enumerate((1, 2, 3, 4)):
        record(district, ratios, score, day)
    with django_capture_on_commit_callbacks(execute=True):
        rule_set(actor=district.actor("district_admin"), rule=engine.Rule(method=engine.Method.MEAN))
    assert summary(district, ratios).level == 2.5
    assert Job.objects.get(kind="mastery_recompute").status == Job.Status.SUCCEEDED
    with django_capture_on_commit_callbacks(execute=True):
        rule_set(actor=district.actor("district_admin"), rule=engine.Rule(method=engine.Method.HIGHEST))
    assert summary(district, ratios).level == 4.0
    assert summary(district, ratios).status == MasterySummary.Status.ADVANCED
    earlier = MasteryHistory.objects.filter(student=district.sam, competency=ratios).first()
    assert (earlier.level, earlier.rule_snapshot["method"]) == (2.5, "mean")  # the result the old rule gave
    assert list(MasteryRule.objects.order_by("id").values_list("method", "is_current")) == [
        ("mean", False),
        ("highest", True),
    ]


def test_an_override_needs_a_reason_and_never_hides_the_computed_level(district, ratios):
    record(district, ratios, 2, 0)
    with pytest.raises(MasteryError):
        override_set(
            student=district.sam, competency=ratios, level=3, reason="", actor=district.actor("teacher")
        )
    override_set(
        student=district.sam,
        competency=ratios,
        level=3,
        reason="Showed it in conference",
        actor=district.actor("teacher"),
    )
    row = summary(district, ratios)
    assert (row.level, row.computed_level, row.overridden) == (3.0, 2.0, True)


@pytest.mark.parametrize("method", list(engine.Method))
def test_the_vectorized_district_recompute_agrees_with_one_by_one_refresh(district, ratios, method):
    from pathmaker.mastery.recompute import recompute

    other = frameworks.competency_create(
        framework=ratios.framework, full_statement="Percents", actor=Actor.system("test")
    )
    for student, scores in ((district.sam, (1, 3, 2, 4)), (district.tia, (4, 4, 3))):
        for competency in (ratios, other):
            for day, score in enumerate(scores):
                evidence_record(
                    student=student,
                    competency=competency,
                    score=Decimal(score),
                    kind="task",
                    demonstrated_on=SEP + dt.timedelta(days=day),
                    actor=district.actor("teacher"),
                )
    rule_set(
        actor=Actor.system("test"), rule=engine.Rule(method=method, n=2), competency=ratios
    )  # refreshed below
    from pathmaker.mastery.services import summary_refresh

    for row in MasterySummary.objects.all():
        summary_refresh(student_id=row.student_id, competency_id=row.competency_id)
    one_by_one = dict(((r.student_id, r.competency_id), r.level) for r in MasterySummary.objects.all())
    MasterySummary.objects.update(level=None)
    assert recompute() == 4
    vectorized = dict(((r.student_id, r.competency_id), r.level) for r in MasterySummary.objects.all())
    assert vectorized.keys() == one_by_one.keys()
    for pair, level in one_by_one.items():
        assert vectorized[pair] == pytest.approx(level) if level is not None else vectorized[pair] is None


@pytest.mark.parametrize("method", list(engine.Method))
def test_a_new_latest_score_is_folded_in_without_rereading_and_gives_the_same_level(district, ratios, method):
    from pathmaker.mastery.services import summary_refresh

    rule_set(actor=Actor.system("test"), rule=engine.Rule(method=method, n=2), competency=ratios)
    for day, score in enumerate((1, 3, 2, 4, 3)):
        record(district, ratios, score, day)
    folded = summary(district, ratios)
    assert folded.running["state"]["count"] == 5
    refreshed = summary_refresh(student_id=district.sam.pk, competency_id=ratios.pk)
    assert (
        folded.level == pytest.approx(refreshed.level)
        if refreshed.level is not None
        else folded.level is None
    )


def test_a_score_shown_earlier_than_the_latest_recomputes_from_history(district, ratios):
    rule_set(
        actor=Actor.system("test"), rule=engine.Rule(method=engine.Method.MOST_RECENT), competency=ratios
    )
    record(district, ratios, 2, 5)
    record(district, ratios, 4, 1)  # shown before the latest: the latest is still 2
    assert summary(district, ratios).level == 2.0


def test_every_status_from_not_started_to_advanced(district, ratios):
    from pathmaker.mastery.services import flag_set, summary_refresh

    status = MasterySummary.Status
    assert summary_refresh(student_id=district.sam.pk, competency_id=ratios.pk).status == status.NOT_STARTED
    record(district, ratios, 2, 0)
    assert summary(district, ratios).status == status.IN_PROGRESS
    flag_set(
        student=district.sam,
        competency=ratios,
        kind="awaiting_evaluation",
        note="",
        actor=district.actor("student"),
    )
    assert summary(district, ratios).status == status.AWAITING_EVALUATION
    with pytest.raises(MasteryError, match="say what to revise"):
        flag_set(
            student=district.sam,
            competency=ratios,
            kind="needs_revision",
            note="",
            actor=district.actor("teacher"),
        )
    flag_set(
        student=district.sam,
        competency=ratios,
        kind="needs_revision",
        note="Show your steps",
        actor=district.actor("teacher"),
    )
    assert summary(district, ratios).status == status.NEEDS_REVISION
    record(district, ratios, 3, 1)  # new evidence answers the request
    assert summary(district, ratios).status == status.IN_PROGRESS  # decaying average 2.65 < 3
    record(district, ratios, 4, 2)
    assert summary(district, ratios).status == status.PROFICIENT
    rule_set(actor=Actor.system("test"), rule=engine.Rule(method=engine.Method.HIGHEST), competency=ratios)
    record(district, ratios, 4, 3)
    assert summary(district, ratios).status == status.ADVANCED
