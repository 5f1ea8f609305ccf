"""Changing the district's mastery rule: the form starts from the rule in force, shows methods in words,
and adopting goes through a confirm step that shows (vectorized, over the whole district) how many
levels and statuses would change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery import engine
from pathmaker.mastery.models import MasteryRule, MasterySummary
from pathmaker.mastery.preview import rule_preview
from pathmaker.mastery.recompute import recompute
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.rules import self_peer_counts
from pathmaker.mastery.services import flag_set, override_set, rule_set
from pathmaker.mastery.views import ADOPT_CONFIRMATION_INVALID

RULES = reverse("mastery_rules")
MEAN = {"method": "mean", "weight": "0.65", "n": "5", "mastery": "3"}


@pytest.fixture
def scored(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    ratio = frameworks.competency_create(
        framework=framework, full_statement="Ratios", human_coding_scheme="R", actor=Actor.system("test")
    )
    area = frameworks.competency_create(
        framework=framework, full_statement="Area", human_coding_scheme="A", actor=Actor.system("test")
    )
    teacher = district.user("district_admin")
    scores = {
        (district.sam, ratio): [1, 4, 2],
        (district.tia, ratio): [4, 4, 3],
        (district.omar, ratio): [2],
        (district.sam, area): [3, 1],
        (district.tia, area): [1, 2, 4],
    }
    for (student, competency), values in scores.items():
        for day, value in enumerate(values):
            evidence_record(
                student=student,
                competency=competency,
                score=Decimal(value),
                kind="task",
                demonstrated_on=dt.date(2026, 9, 1) + dt.timedelta(days=day),
                actor=Actor.for_user(teacher),
            )
    override_set(
        student=district.omar, competency=ratio, level=4.0, reason="Conference", actor=Actor.for_user(teacher)
    )
    flag_set(
        student=district.sam,
        competency=area,
        kind="needs_revision",
        note="Label units",
        actor=Actor.for_user(teacher),
    )
    return framework, ratio, area


def _stored():
    return {
        (s.student_id, s.competency_id): (None if s.level is None else round(s.level, 2), s.status)
        for s in MasterySummary.objects.all()
    }


@pytest.mark.parametrize("method", ["highest", "most_recent", "mean", "n_times", "power_law", "mode"])
def test_the_preview_counts_exactly_what_adopting_then_changes(district, scored, method):
    before = _stored()
    rule = engine.Rule(method=method, n=2)
    preview = rule_preview(rule=rule)
    assert not MasteryRule.objects.exists()  # the preview adopted nothing
    rule_set(actor=Actor.system("test"), rule=rule)
    recompute(self_peer_count=self_peer_counts())
    after = _stored()
    assert preview.levels == len(after)
    assert preview.levels_changed == sum(before[k][0] != after[k][0] for k in after)
    assert preview.statuses_changed == sum(before[k][1] != after[k][1] for k in after)
    for row in preview.by_status:
        assert row.before == sum(v[1] == row.status for v in before.values())
        assert row.after == sum(v[1] == row.status for v in after.values())


def test_a_framework_rule_is_previewed_over_that_framework_only(district, scored):
    framework, ratio, _ = scored
    other = frameworks.framework_create(title="Science", description="", actor=Actor.system("test"))
    elsewhere = frameworks.competency_create(
        framework=other, full_statement="Cells", actor=Actor.system("test")
    )
    evidence_record(
        student=district.sam,
        competency=elsewhere,
        score=Decimal(1),
        kind="task",
        demonstrated_on=dt.date(2026, 9, 1),
        actor=district.actor("district_admin"),
    )
    preview = rule_preview(rule=engine.Rule(method="highest"), framework=framework)
    assert preview.competencies == 2 and preview.levels == 5


def test_the_form_starts_from_the_rule_in_force_with_methods_in_words(district, login):
    rule_set(actor=Actor.system("test"), rule=engine.Rule(method="most_recent", weight=0.4))
    page = login(district.user("district_admin")).get(RULES)
    assert page.context["form"]["method"].value() == "most_recent"
    assert page.context["form"]["weight"].value() == 0.4
    text = page.content.decode()
    assert '<option value="most_recent" selected>Most recent score</option>' in text
    assert ">most recent<" not in text and ">power law<" not in text


def test_previewing_shows_the_counts_and_adopts_nothing(district, login, scored):
    response = login(district.user("district_admin")).post(RULES, {**MEAN, "preview": "1"})
    assert response.status_code == 200
    assert response.templates[0].name == "mastery/rule_confirm.html"
    preview = response.context["preview"]
    assert preview.levels == 5 and preview.levels_changed > 0
    assert (
        not MasteryRule.objects.exists() and not AuditEvent.objects.filter(action="mastery.rule_set").exists()
    )
    assert 'name="adopt"' in response.content.decode()


def test_adopting_with_the_confirmation_adopts_the_rule(district, login, scored):
    client = login(district.user("district_admin"))
    token = client.post(RULES, {**MEAN, "preview": "1"}).context["token"]
    response = client.post(RULES, {**MEAN, "adopt": "1", "confirmation": token})
    assert response.status_code == 302
    assert MasteryRule.objects.get(is_current=True).method == "mean"
    assert AuditEvent.objects.filter(action="mastery.rule_set").count() == 1


@pytest.mark.parametrize("confirmation", ["", "forged", "previewed-for-another-rule"])
def test_adopting_without_a_valid_confirmation_changes_nothing(district, login, scored, confirmation):
    client = login(district.user("district_admin"))
    if confirmation == "previewed-for-another-rule":
        confirmation = client.post(RULES, {**MEAN, "method": "highest", "preview": "1"}).context["token"]
    response = client.post(RULES, {**MEAN, "adopt": "1", "confirmation": confirmation})
    assert response.status_code == 409 and response.context["refused_code"] == ADOPT_CONFIRMATION_INVALID
    assert (
        not MasteryRule.objects.exists() and not AuditEvent.objects.filter(action="mastery.rule_set").exists()
    )


def test_a_confirmation_goes_stale_when_another_rule_is_adopted_meanwhile(district, login, scored):
    client = login(district.user("district_admin"))
    token = client.post(RULES, {**MEAN, "preview": "1"}).context["token"]
    rule_set(actor=Actor.system("test"), rule=engine.Rule(method="highest"))
    response = client.post(RULES, {**MEAN, "adopt": "1", "confirmation": token})
    assert response.status_code == 409
    assert MasteryRule.objects.get(is_current=True).method == "highest"


@pytest.mark.parametrize("persona", ["teacher", "principal", "student", "guardian"])
def test_only_district_admins_preview_or_adopt(district, login, persona):
    for action in ("preview", "adopt"):
        assert login(district.user(persona)).post(RULES, {**MEAN, action: "1"}).status_code == 404
    assert not MasteryRule.objects.exists()
