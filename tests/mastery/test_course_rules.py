"""Course-scoped rules and scales: a competency follows its home course's, whichever class the evidence is from.

A student has one level per competency, so when several courses share a competency, the rule and scale
of its home course (the first course the district aligned it to) apply in all of them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.jobs.models import Job
from pathmaker.mastery import engine, running
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import SCORE_OFF_SCALE, EvidenceError, evidence_record
from pathmaker.mastery.rules import home_courses, rule_for
from pathmaker.mastery.services import rule_set

SEP = dt.date(2026, 9, 1)


@pytest.fixture
def shared(district):
    """Ratios, aligned to Math 7's course first, then to Art's (a school's addition); Rates, to Math 7 only."""
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    ratios, rates = (
        frameworks.competency_create(framework=framework, full_statement=name, actor=Actor.system("test"))
        for name in ("Uses ratios", "Uses rates")
    )
    frameworks.course_competency_add(
        course=district.math.course, competency=ratios, actor=Actor.system("test")
    )
    frameworks.course_competency_add(
        course=district.art.course, competency=ratios, actor=Actor.system("test")
    )
    frameworks.course_competency_add(
        course=district.math.course, competency=rates, actor=Actor.system("test")
    )
    return framework, ratios, rates


def record(district, competency, score, day, section):
    return evidence_record(
        student=district.sam,
        competency=competency,
        score=Decimal(str(score)),
        kind="task",
        demonstrated_on=SEP + dt.timedelta(days=day),
        actor=district.actor("teacher"),
        section=section,
    )


def level(district, competency):
    return MasterySummary.objects.get(student=district.sam, competency=competency).level


def test_a_competency_s_home_course_is_the_first_the_district_aligned_it_to(district, shared):
    _, ratios, rates = shared
    assert home_courses([ratios.pk, rates.pk]) == {
        ratios.pk: district.math.course_id,
        rates.pk: district.math.course_id,
    }


def test_a_course_rule_applies_to_its_competencies_whichever_class_the_evidence_is_from(district, shared):
    _, ratios, _ = shared
    rule_set(actor=Actor.system("test"), rule=engine.Rule(engine.Method.HIGHEST), course=district.math.course)
    record(district, ratios, 4, 1, district.art)  # shown in Art, which shares Math 7's competency
    record(district, ratios, 2, 2, district.math)
    assert level(district, ratios) == 4.0
    stored, rule = rule_for(ratios)
    assert (stored.course_id, rule.method) == (district.math.course_id, engine.Method.HIGHEST)


def test_the_rule_of_a_course_that_only_shares_the_competency_does_not_apply(district, shared):
    _, ratios, _ = shared
    rule_set(actor=Actor.system("test"), rule=engine.Rule(engine.Method.HIGHEST), course=district.art.course)
    record(district, ratios, 4, 1, district.art)
    record(district, ratios, 2, 2, district.art)
    assert level(district, ratios) == pytest.approx(0.65 * 2 + 0.35 * 4)  # the district's default rule
    assert rule_for(ratios)[0] is None


def test_the_most_specific_rule_wins_competency_then_course_then_framework_then_district(district, shared):
    framework, ratios, rates = shared
    rule_set(actor=Actor.system("test"), rule=engine.Rule(engine.Method.MEAN))
    rule_set(actor=Actor.system("test"), rule=engine.Rule(engine.Method.MOST_RECENT), framework=framework)
    assert rule_for(ratios)[1].method == engine.Method.MOST_RECENT
    rule_set(actor=Actor.system("test"), rule=engine.Rule(engine.Method.HIGHEST), course=district.math.course)
    assert rule_for(ratios)[1].method == engine.Method.HIGHEST
    rule_set(actor=Actor.system("test"), rule=engine.Rule(engine.Method.MODE), competency=ratios)
    assert (rule_for(ratios)[1].method, rule_for(rates)[1].method) == (
        engine.Method.MODE,
        engine.Method.HIGHEST,
    )


def test_adopting_a_course_rule_recomputes_the_competencies_whose_home_it_is(
    district, shared, django_capture_on_commit_callbacks
):
    _, ratios, rates = shared
    for day, score in enumerate((4, 2), start=1):
        record(district, ratios, score, day, district.math)
        record(district, rates, score, day, district.math)
    with django_capture_on_commit_callbacks(execute=True):
        rule_set(
            actor=Actor.system("test"), rule=engine.Rule(engine.Method.HIGHEST), course=district.math.course
        )
    assert Job.objects.get(kind="mastery_recompute").status == Job.Status.SUCCEEDED
    assert (level(district, ratios), level(district, rates)) == (4.0, 4.0)
    with django_capture_on_commit_callbacks(execute=True):
        rule_set(
            actor=Actor.system("test"),
            rule=engine.Rule(engine.Method.MOST_RECENT),
            course=district.art.course,
        )
    assert (level(district, ratios), level(district, rates)) == (4.0, 4.0)  # Art is not their home


def test_the_home_course_s_scale_applies_in_every_class(district, shared):
    _, ratios, _ = shared
    five = frameworks.scale_create(
        name="One to five",
        mastery_value=Decimal(4),
        actor=Actor.system("test"),
        levels=[frameworks.LevelSpec(Decimal(v), str(v)) for v in range(1, 6)],
    )
    frameworks.scale_assign(scale=five, course=district.math.course, actor=Actor.system("test"))
    record(district, ratios, 5, 1, district.art)  # on Math 7's 1-5 scale, though shown in Art
    summary = MasterySummary.objects.get(student=district.sam, competency=ratios)
    assert (summary.level, summary.status, summary.rule_snapshot["mastery"]) == (5.0, "advanced", 4.0)
    hundred = frameworks.scale_create(
        name="Percent",
        mastery_value=Decimal(70),
        actor=Actor.system("test"),
        levels=[frameworks.LevelSpec(Decimal(v), str(v)) for v in (0, 70, 100)],
    )
    frameworks.scale_assign(scale=hundred, course=district.art.course, actor=Actor.system("test"))
    with pytest.raises(EvidenceError) as refused:  # Art's own scale is not the competency's
        record(district, ratios, 80, 2, district.art)
    assert refused.value.code == SCORE_OFF_SCALE


def test_running_sums_refuse_a_method_they_do_not_know_instead_of_using_the_power_law():
    rule = engine.Rule(engine.Method.MEAN)
    object.__setattr__(rule, "method", "median")  # a method added to the engine but not to `running`
    state = running.start(list(engine.in_given_order([1, 3, 4])), engine.Rule(engine.Method.MEAN))
    with pytest.raises(ValueError, match="median"):
        running.level(state, rule)


def test_the_rules_page_says_which_course_s_rule_a_shared_competency_follows(district, login):
    page = login(district.user("district_admin")).get(reverse("mastery_rules")).content.decode()
    assert 'id="rule-scope"' in page and "home course" in page
