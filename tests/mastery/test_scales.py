"""Mastery on every scale: the rule's bounds and mastery level come from the competency's proficiency scale.

Each test runs on a 0-4, a 1-5, a 1-4 and a 0-100 scale, through recording, the explanation, what-if,
the district recompute, statuses, roll-ups, course credit and the pages that draw a level.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery import engine, selectors
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recompute import recompute
from pathmaker.mastery.recording import SCORE_OFF_SCALE, EvidenceError, evidence_record
from pathmaker.mastery.services import LEVEL_OFF_SCALE, MasteryError, override_set, rule_set, summary_refresh

SEP = dt.date(2026, 9, 1)
Status = MasterySummary.Status


@dataclass(frozen=True)
class Case:
    name: str
    values: tuple[int, ...]
    mastery: int
    below: str  # a score just under mastery

    @property
    def low(self) -> int:
        return self.values[0]

    @property
    def high(self) -> int:
        return self.values[-1]


CASES = [
    Case("0-4", (0, 1, 2, 3, 4), 3, "2.5"),
    Case("1-5", (1, 2, 3, 4, 5), 4, "3.5"),
    Case("1-4", (1, 2, 3, 4), 3, "2.75"),
    Case("0-100", (0, 50, 70, 85, 100), 70, "69.99"),
]


@pytest.fixture(params=CASES, ids=[c.name for c in CASES])
def scaled(request, district):
    """A framework on the case's scale, with a parent competency and two children, in Math 7's course."""
    case: Case = request.param
    scale = frameworks.scale_create(
        name=f"Scale {case.name}",
        mastery_value=Decimal(case.mastery),
        actor=Actor.system("test"),
        levels=[frameworks.LevelSpec(Decimal(v), f"Level {v}") for v in case.values],
    )
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    frameworks.scale_assign(scale=scale, framework=framework, actor=Actor.system("test"))
    parent = frameworks.competency_create(
        framework=framework, full_statement="Ratios and rates", actor=Actor.system("test")
    )
    children = [
        frameworks.competency_create(
            framework=framework, full_statement=name, parent=parent, actor=Actor.system("test")
        )
        for name in ("Uses ratios", "Uses rates")
    ]
    for competency in children:
        frameworks.course_competency_add(
            course=district.math.course, competency=competency, actor=Actor.system("test")
        )
    return case, children


def record(district, competency, score, day=1, student=None):
    return evidence_record(
        student=student or district.sam,
        competency=competency,
        score=Decimal(str(score)),
        kind="task",
        demonstrated_on=SEP + dt.timedelta(days=day),
        actor=district.actor("teacher"),
    )


def test_the_top_of_the_scale_is_advanced_and_explained_without_error(district, scaled):
    case, (ratios, _) = scaled
    record(district, ratios, case.high)
    summary = MasterySummary.objects.get(student=district.sam, competency=ratios)
    assert (summary.level, summary.status) == (case.high, Status.ADVANCED)
    assert (
        summary.rule_snapshot["scale_min"],
        summary.rule_snapshot["scale_max"],
        summary.rule_snapshot["mastery"],
    ) == (case.low, case.high, case.mastery)
    found = selectors.explanation(district.sam, ratios, what_if=float(case.mastery))
    assert (found.level, found.status) == (case.high, Status.ADVANCED)
    assert found.result.rule.as_dict() == summary.rule_snapshot
    assert found.what_if is not None and found.what_if.level is not None
    assert case.low <= found.what_if.level <= case.high


def test_mastery_is_the_scales_mastery_level_not_3(district, scaled):
    case, (ratios, rates) = scaled
    record(district, ratios, case.mastery)
    record(district, rates, case.below)
    statuses = dict(MasterySummary.objects.values_list("competency_id", "status"))
    assert statuses == {ratios.pk: Status.PROFICIENT, rates.pk: Status.IN_PROGRESS}


def test_a_score_off_the_scale_is_refused_with_its_code(district, scaled):
    case, (ratios, _) = scaled
    for score in (case.high + 1, case.low - 1):
        with pytest.raises(EvidenceError) as refused:
            record(district, ratios, score)
        assert (refused.value.code, refused.value.field) == (SCORE_OFF_SCALE, "score")
    assert not MasterySummary.objects.exists()


def test_a_rule_change_recomputes_every_scale_as_a_refresh_would(district, scaled):
    case, (ratios, rates) = scaled
    for day, score in enumerate((case.low, case.high, case.mastery), start=1):
        record(district, ratios, score, day)
        record(district, rates, case.below, day, student=district.tia)
    rule_set(actor=district.actor("district_admin"), rule=engine.Rule(engine.Method.POWER_LAW))
    assert recompute() == 2  # the job the rule change queues: it must not fail on any scale
    after = {
        (s.student_id, s.competency_id): (s.level, s.status, s.rule_snapshot)
        for s in MasterySummary.objects.all()
    }
    for student_id, competency_id in after:
        summary_refresh(student_id=student_id, competency_id=competency_id)
    refreshed = {
        (s.student_id, s.competency_id): (s.level, s.status, s.rule_snapshot)
        for s in MasterySummary.objects.all()
    }
    for pair, (level, status, snapshot) in after.items():
        assert level == pytest.approx(refreshed[pair][0], abs=1e-9)
        assert (status, snapshot) == refreshed[pair][1:]
        assert (snapshot["method"], snapshot["scale_max"], snapshot["mastery"]) == (
            "power_law",
            case.high,
            case.mastery,
        )


def test_the_roll_up_and_credit_follow_the_scale(district, scaled):
    case, (ratios, rates) = scaled
    parent = ratios.parent
    record(district, ratios, case.mastery)
    record(district, rates, case.below)
    progress = selectors.parent_progress(district.sam, parent)
    assert not progress.proficient and progress.level == pytest.approx((case.mastery + float(case.below)) / 2)
    assert not selectors.course_progress(district.sam, district.math.course).credit.earned  # 50% proficient
    record(district, rates, case.high, day=2)
    assert selectors.parent_progress(district.sam, parent).proficient
    credit = selectors.course_progress(district.sam, district.math.course).credit
    assert credit.share == 1.0


def test_an_override_stays_on_the_scale(district, scaled):
    case, (ratios, _) = scaled
    teacher = district.user("teacher")
    record(district, ratios, case.low)
    for level in (case.high + 1, case.low - 1, math.nan, math.inf, -math.inf):
        with pytest.raises(MasteryError) as refused:
            override_set(
                student=district.sam,
                competency=ratios,
                level=level,
                reason="Portfolio",
                actor=Actor.for_user(teacher),
            )
        assert (refused.value.code, refused.value.field) == (LEVEL_OFF_SCALE, "level")
    override_set(
        student=district.sam,
        competency=ratios,
        level=float(case.high),
        reason="Portfolio",
        actor=Actor.for_user(teacher),
    )
    summary = MasterySummary.objects.get(student=district.sam, competency=ratios)
    assert (summary.level, summary.status, summary.overridden) == (case.high, Status.ADVANCED, True)


def test_the_pages_draw_levels_out_of_the_scales_top(district, scaled, login):
    case, (ratios, rates) = scaled
    record(district, ratios, case.high)
    record(district, rates, case.mastery)
    client = login(district.user("teacher"))
    page = client.get(reverse("student_detail", args=[district.sam.pk])).content.decode()
    bars = [int(width) for width in re.findall(r'<svg class="bar"[^>]*><rect width="(\d+)"', page)]
    assert sorted(bars) == [round(100 * case.mastery / case.high), 100]  # the top of the scale fills the bar
    explained = client.get(
        reverse("mastery_explanation", args=[district.sam.pk, ratios.pk]), {"what_if": str(case.high)}
    )
    assert explained.status_code == 200
    assert explained.context["found"].what_if_score == case.high
    assert explained.context["levels"] == [float(v) for v in case.values]
    book = client.get(reverse("section_gradebook", args=[district.math.pk]))
    assert book.status_code == 200
    select = re.search(
        rf'<select[^>]*name="score-{district.sam.pk}"[^>]*>(.*?)</select>', book.content.decode(), re.S
    )
    assert select is not None
    offered = [value for value in re.findall(r'value="([^"]*)"', select.group(1)) if value]
    assert [Decimal(v) for v in offered] == [Decimal(v) for v in case.values]


def test_one_recompute_groups_competencies_by_rule_and_scale(district):
    """One district rule, four frameworks on four scales: each group is computed on its own scale."""
    competencies = {}
    for case in CASES:
        scale = frameworks.scale_create(
            name=f"Scale {case.name}",
            mastery_value=Decimal(case.mastery),
            actor=Actor.system("test"),
            levels=[frameworks.LevelSpec(Decimal(v), str(v)) for v in case.values],
        )
        framework = frameworks.framework_create(
            title=f"Framework {case.name}", description="", actor=Actor.system("test")
        )
        frameworks.scale_assign(scale=scale, framework=framework, actor=Actor.system("test"))
        competencies[case] = frameworks.competency_create(
            framework=framework, full_statement="Skill", actor=Actor.system("test")
        )
        record(district, competencies[case], case.high, 1)
        record(district, competencies[case], case.mastery, 2)
    rule_set(actor=Actor.system("test"), rule=engine.Rule(engine.Method.HIGHEST))
    assert recompute() == len(CASES)
    for case, competency in competencies.items():
        summary = MasterySummary.objects.get(student=district.sam, competency=competency)
        assert (summary.level, summary.status) == (case.high, Status.ADVANCED)
        assert (summary.rule_snapshot["scale_min"], summary.rule_snapshot["scale_max"]) == (
            case.low,
            case.high,
        )
