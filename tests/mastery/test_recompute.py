"""The district recompute (vectorized) leaves every summary as a one-by-one refresh would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery import engine
from pathmaker.mastery import recompute as recompute_module
from pathmaker.mastery.models import MasteryHistory, MasteryRule, MasterySummary
from pathmaker.mastery.recompute import recompute
from pathmaker.mastery.recording import evidence_record, evidence_retract
from pathmaker.mastery.services import flag_set, override_set, summary_refresh

SEP = dt.date(2026, 9, 1)
STATE = [
    "level",
    "computed_level",
    "status",
    "evidence_count",
    "last_demonstrated_on",
    "overridden",
    "rule_id",
]


@pytest.fixture
def competencies(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    return [
        frameworks.competency_create(framework=framework, full_statement=name, actor=Actor.system("test"))
        for name in ("Ratios", "Percents", "Rates")
    ]


def record(district, student, competency, score, day, *, kind="task"):
    return evidence_record(
        student=student,
        competency=competency,
        score=Decimal(str(score)),
        kind=kind,
        demonstrated_on=SEP + dt.timedelta(days=day),
        actor=district.actor("teacher"),
    )


def state() -> dict[tuple[int, int], dict]:
    return {
        (row["student_id"], row["competency_id"]): row
        for row in MasterySummary.objects.values("student_id", "competency_id", *STATE)
    }


def refreshed() -> dict[tuple[int, int], dict]:
    for row in MasterySummary.objects.all():
        summary_refresh(student_id=row.student_id, competency_id=row.competency_id)
    return state()


def assert_same(found: dict, expected: dict) -> None:
    assert found.keys() == expected.keys()
    for pair, row in expected.items():
        for name in STATE:
            if isinstance(row[name], float):
                assert found[pair][name] == pytest.approx(row[name], abs=1e-9), (pair, name)
            else:
                assert found[pair][name] == row[name], (pair, name)


@pytest.fixture
def history(district, competencies):
    """Sam and Tia, each competency with its own scores (halves, quarters, a shared day, one score)."""
    ratios, percents, rates = competencies
    for day, (sam, tia) in enumerate(((1, 4), (3, 4), (2.5, 3), (4, 3.75))):
        record(district, district.sam, ratios, sam, day)
        record(district, district.tia, ratios, tia, day // 2)  # two scores a day: the id orders them
    record(district, district.sam, percents, 2, 3)
    record(district, district.sam, percents, 3.25, 1)  # shown earlier, typed later
    record(district, district.tia, rates, 1.5, 0)
    return competencies


@pytest.mark.parametrize("method", list(engine.Method))
def test_a_recompute_in_small_chunks_and_batches_equals_refreshing_each_summary(
    district, history, method, monkeypatch
):
    ratios, percents, rates = history
    MasteryRule.objects.create(
        competency=ratios,
        method=method,
        parameters=engine.Rule(method, n=2).as_dict(),
        created_at=timezone.now(),
    )
    MasteryRule.objects.create(
        competency=rates,
        method="highest",
        parameters=engine.Rule("highest").as_dict(),
        created_at=timezone.now(),
    )
    expected = refreshed()
    MasterySummary.objects.update(level=None, computed_level=None, status="not_started", evidence_count=0)
    monkeypatch.setattr(recompute_module, "READ_CHUNK", 2)
    monkeypatch.setattr(recompute_module, "WRITE_COMPETENCIES", 1)
    assert recompute() == 4
    assert_same(state(), expected)


def test_overrides_and_open_requests_survive_a_recompute(district, history):
    ratios, percents, _ = history
    override_set(
        student=district.sam,
        competency=ratios,
        level=3.5,
        reason="Conference",
        actor=district.actor("teacher"),
    )
    flag_set(
        student=district.sam,
        competency=percents,
        kind="needs_revision",
        note="Show your steps",
        actor=district.actor("teacher"),
    )
    expected = refreshed()
    assert expected[(district.sam.pk, ratios.pk)]["overridden"]
    assert expected[(district.sam.pk, percents.pk)]["status"] == "needs_revision"
    MasterySummary.objects.update(status="in_progress", overridden=False, level=0)
    recompute()
    assert_same(state(), expected)


def test_a_summary_whose_evidence_no_longer_counts_becomes_not_started(district, history):
    _, _, rates = history
    for evidence in rates.evidence.all():
        evidence_retract(evidence=evidence, actor=district.actor("teacher"), reason="Wrong student")
    MasterySummary.objects.filter(competency=rates).update(status="in_progress", level=1.5, evidence_count=1)
    recompute(competency_ids=[rates.pk])
    row = MasterySummary.objects.get(student=district.tia, competency=rates)
    assert (row.level, row.status, row.evidence_count, row.last_demonstrated_on) == (
        None,
        "not_started",
        0,
        None,
    )


def test_self_assessments_count_when_the_caller_says_so_and_the_setting_decides_otherwise(
    district, competencies, settings
):
    ratios = competencies[0]
    record(district, district.sam, ratios, 2, 0)
    record(district, district.sam, ratios, 4, 1, kind="self_assessment")
    settings.PATHMAKER_SELF_PEER_COUNT = False
    recompute(competency_ids=[ratios.pk], self_peer_count=True)
    row = MasterySummary.objects.get(student=district.sam, competency=ratios)
    assert (row.level, row.evidence_count) == (pytest.approx(0.65 * 4 + 0.35 * 2), 2)
    recompute(competency_ids=[ratios.pk])  # the server's setting: they do not count
    row.refresh_from_db()
    assert (row.level, row.evidence_count) == (2.0, 1)
    settings.PATHMAKER_SELF_PEER_COUNT = True
    recompute(competency_ids=[ratios.pk])
    row.refresh_from_db()
    assert row.evidence_count == 2


def test_only_the_given_competencies_change_and_a_new_rule_keeps_the_old_result(district, history):
    ratios, percents, _ = history
    before = MasterySummary.objects.get(student=district.sam, competency=percents)
    MasteryRule.objects.create(
        method="highest", parameters=engine.Rule("highest").as_dict(), created_at=timezone.now()
    )
    assert recompute(competency_ids=[ratios.pk]) == 2
    assert MasterySummary.objects.get(student=district.sam, competency=ratios).level == 4.0
    after = MasterySummary.objects.get(student=district.sam, competency=percents)
    assert (after.level, after.computed_at) == (before.level, before.computed_at)
    kept = MasteryHistory.objects.get(student=district.sam, competency=ratios)
    assert kept.rule_snapshot["method"] == "decaying_average"


def test_a_score_off_a_changed_scale_stops_the_recompute_naming_the_competency_and_changes_nothing(
    district, history
):
    ratios = history[0]
    MasteryRule.objects.create(
        competency=ratios, method="mean", parameters=engine.Rule("mean").as_dict(), created_at=timezone.now()
    )
    two_to_four = frameworks.scale_create(
        name="Two to four",
        mastery_value=Decimal(3),
        actor=Actor.system("test"),
        levels=[frameworks.LevelSpec(Decimal(v), str(v)) for v in (2, 3, 4)],
    )
    frameworks.scale_assign(
        scale=two_to_four, competency=ratios, actor=Actor.system("test")
    )  # after scores of 1 were recorded
    before = state()
    with pytest.raises(ValueError, match=rf"off the scale 2-4 \(competencies {ratios.pk}, rule mean\)"):
        recompute()
    assert state() == before


def test_no_evidence_and_no_summaries_write_nothing(district, competencies):
    assert recompute() == 0
    assert recompute(competency_ids=[competencies[0].pk]) == 0
