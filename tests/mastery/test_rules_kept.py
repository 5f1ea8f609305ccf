"""Rules and scales kept in each process: a change made anywhere is used by the next write everywhere.

Each web process keeps the rules it read for as long as the rules stamp stays the same; the database
changes the stamp itself (triggers) in the transaction of any change to the tables rules and scales are
read from. The changes below are made behind the services' backs (a queryset update, raw SQL, another
connection, another process's cache), as another process, an importer or someone at psql would.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.models import CourseCompetency
from pathmaker.mastery import engine, rules
from pathmaker.mastery.models import MasteryPolicy, MasteryRule, MasterySummary
from pathmaker.mastery.recording import SCORE_OFF_SCALE, EvidenceError, evidence_record
from pathmaker.mastery.rules import rule_for, rules_stamp, self_peer_counts
from pathmaker.mastery.services import rule_set

SEP = dt.date(2026, 9, 1)
MOST_RECENT = engine.Rule(method=engine.Method.MOST_RECENT)


@pytest.fixture
def ratios(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    return frameworks.competency_create(
        framework=framework, full_statement="Uses ratios", actor=Actor.system("test")
    )


def record(district, competency, score, day):
    return evidence_record(
        student=district.sam,
        competency=competency,
        score=Decimal(score),
        demonstrated_on=SEP + dt.timedelta(days=day),
        kind="task",
        actor=district.actor("teacher"),
    )


def method_stored(district, competency) -> str:
    return MasterySummary.objects.get(student=district.sam, competency=competency).rule_snapshot["method"]


def test_a_rule_changed_behind_the_services_is_used_by_the_next_write(district, ratios):
    rule_set(actor=district.actor("district_admin"), rule=MOST_RECENT, competency=ratios)
    record(district, ratios, "2", 0)  # this process now keeps the most-recent rule
    assert method_stored(district, ratios) == "most_recent"
    MasteryRule.objects.filter(competency=ratios).update(
        parameters=engine.Rule(method=engine.Method.MEAN).as_dict(), method="mean"
    )
    record(district, ratios, "4", 1)
    assert method_stored(district, ratios) == "mean"
    assert MasterySummary.objects.get(student=district.sam, competency=ratios).level == 3.0


def test_a_scale_changed_by_raw_sql_moves_the_bounds_of_the_next_write(district, ratios):
    scale = frameworks.scale_create(
        name="Four levels",
        mastery_value=Decimal(3),
        levels=[frameworks.LevelSpec(Decimal(v), str(v)) for v in (1, 2, 3, 4)],
        actor=Actor.system("test"),
    )
    frameworks.scale_assign(scale=scale, framework=ratios.framework, actor=Actor.system("test"))
    record(district, ratios, "4", 0)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE frameworks_scalelevel SET value = 5 WHERE scale_id = %s AND value = 4", [scale.pk]
        )
    record(district, ratios, "5", 1)  # on the scale now
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM frameworks_scalelevel WHERE scale_id = %s AND value = 5", [scale.pk])
    with pytest.raises(EvidenceError) as refused:
        record(district, ratios, "4", 2)  # the scale ends at 3 now
    assert refused.value.code == SCORE_OFF_SCALE


def test_a_course_alignment_made_elsewhere_brings_in_the_course_rule(district, ratios):
    rule_set(actor=district.actor("district_admin"), rule=MOST_RECENT, course=district.math.course)
    assert rule_for(ratios)[0] is None  # not aligned: the default rule, now kept
    CourseCompetency.objects.bulk_create(
        [CourseCompetency(course=district.math.course, competency=ratios, created_at=timezone.now())]
    )
    stored, rule = rule_for(ratios)
    assert stored is not None and stored.course_id == district.math.course.pk
    assert rule.method == engine.Method.MOST_RECENT


def test_a_policy_changed_behind_the_services_is_read_at_once(district, settings):
    settings.PATHMAKER_SELF_PEER_COUNT = False
    assert self_peer_counts() is False
    MasteryPolicy.objects.create(
        self_peer_count=True,
        credit_min_share=Decimal(80),
        credit_floor=Decimal(2),
        version=1,
        created_at=timezone.now(),
    )
    assert self_peer_counts() is True


def test_the_stamp_changes_with_every_change_and_stands_without_one(district, ratios):
    before = rules_stamp()
    rule_for(ratios)
    record(district, ratios, "3", 0)  # evidence, summaries and audit rows are not rules
    assert rules_stamp() == before
    rule_set(actor=district.actor("district_admin"), rule=MOST_RECENT, competency=ratios)
    assert rules_stamp() != before


def test_rules_read_inside_a_rolled_back_change_are_never_used_again(district, ratios):
    assert rule_for(ratios)[1].method == engine.Method.DECAYING_AVERAGE
    with pytest.raises(RuntimeError), transaction.atomic():
        rule_set(actor=district.actor("district_admin"), rule=MOST_RECENT, competency=ratios)
        assert rule_for(ratios)[1].method == engine.Method.MOST_RECENT  # kept under the uncommitted stamp
        raise RuntimeError("the change is undone")
    assert rule_for(ratios)[1].method == engine.Method.DECAYING_AVERAGE
    rule_set(
        actor=district.actor("district_admin"), rule=engine.Rule(method=engine.Method.MEAN), competency=ratios
    )
    assert rule_for(ratios)[1].method == engine.Method.MEAN  # a new stamp, never the rolled-back one


def test_a_second_process_that_changes_the_rule_is_followed_by_the_first(district, ratios, monkeypatch):
    """Two processes: each keeps its own rules (`rules._kept`); they share only the database."""
    record(district, ratios, "2", 0)
    first_process = rules._kept
    assert first_process.found, "the first process keeps the rule it read"
    monkeypatch.setattr(rules, "_kept", rules._Kept())  # the second process, with nothing kept
    rule_set(actor=district.actor("district_admin"), rule=MOST_RECENT, competency=ratios)
    record(district, ratios, "4", 1)
    monkeypatch.setattr(rules, "_kept", first_process)  # back in the first process
    record(district, ratios, "1", 2)
    assert method_stored(district, ratios) == "most_recent"
    assert MasterySummary.objects.get(student=district.sam, competency=ratios).level == 1.0


def test_a_write_with_the_rule_kept_reads_no_rule_or_scale_table(district, ratios):
    record(district, ratios, "2", 0)
    reads = _tables_read(lambda: record(district, ratios, "3", 1))
    assert reads.isdisjoint(
        {
            "mastery_masteryrule",
            "mastery_masterypolicy",
            "frameworks_scaleassignment",
            "frameworks_scalelevel",
            "frameworks_proficiencyscale",
        }
    )
    assert _stamp_reads(lambda: record(district, ratios, "3", 2)) == 2  # the rule's, the policy's


def _tables_read(write) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        write()
    return {
        table
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
        for table in _TABLES
        if f'FROM "{table}"' in query["sql"]
    }


def _stamp_reads(write) -> int:
    with CaptureQueriesContext(connection) as queries:
        write()
    return sum('FROM "mastery_rulesstamp"' in query["sql"] for query in queries.captured_queries)


_TABLES = (
    "mastery_masteryrule",
    "mastery_masterypolicy",
    "frameworks_scaleassignment",
    "frameworks_scalelevel",
    "frameworks_proficiencyscale",
    "frameworks_coursecompetency",
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two committed connections: PostgreSQL")
def test_a_rule_committed_on_another_connection_is_used_by_the_next_read(district, ratios):
    assert rule_for(ratios)[1].method == engine.Method.DECAYING_AVERAGE
    other = connections.create_connection("default")  # another process's connection, committing at once
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "INSERT INTO mastery_masteryrule (competency_id, method, parameters, version, is_current, "
                "created_at) VALUES (%s, 'most_recent', %s, 1, true, now())",
                [ratios.pk, '{"method": "most_recent"}'],
            )
    finally:
        other.close()
    assert rule_for(ratios)[1].method == engine.Method.MOST_RECENT
