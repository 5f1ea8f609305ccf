"""Editing, removing, turning work into evidence; the profile part and the conference packet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.evidence.models import Evidence
from pathmaker.mastery.models import MasterySummary
from pathmaker.portfolios import files, selectors
from pathmaker.portfolios.services import (
    FORBIDDEN,
    PortfolioError,
    portfolio_item_edit,
    portfolio_item_remove,
    portfolio_item_to_evidence,
)
from pathmaker.profiles.access import profile_access_or_404, profile_part_or_404
from pathmaker.profiles.models import ProfileSection
from pathmaker.profiles.parts import packet_sections, part_for, render_text
from tests.portfolios.conftest import add, png, upload

TODAY = dt.datetime(2026, 10, 15, 12, 0, tzinfo=dt.UTC)


def access_of(district, persona):
    return profile_part_or_404(district.user(persona), district.sam.pk, "portfolio")


def test_the_student_retitles_rewrites_retags_and_features_their_work(district, tags):
    item = add(district, competencies=[tags.ratio])
    portfolio_item_edit(
        access=access_of(district, "student"),
        item=item,
        actor=district.actor("student"),
        title="Juice lab, final",
        reflection="Unit rates beat shelf prices.",
        competencies=[tags.collaboration],
        featured=True,
    )
    item.refresh_from_db()
    assert (item.title, item.reflection, item.featured) == (
        "Juice lab, final",
        "Unit rates beat shelf prices.",
        True,
    )
    assert list(item.competencies.all()) == [tags.collaboration] and item.updated_at >= item.created_at
    event = AuditEvent.objects.get(action="portfolio.edit")
    assert event.student_id == district.sam.pk and event.detail["before"]["title"] == "Lab report"


@pytest.mark.parametrize("persona", ["teacher", "advisor", "guardian", "principal", "district_admin"])
def test_only_the_student_changes_or_removes_their_work(district, persona):
    item = add(district)
    access = access_of(district, persona)
    with pytest.raises(PortfolioError) as forbidden:
        portfolio_item_edit(
            access=access,
            item=item,
            actor=district.actor(persona),
            title="Mine now",
            reflection="",
            competencies=[],
            featured=True,
        )
    assert forbidden.value.code == FORBIDDEN
    with pytest.raises(PortfolioError) as forbidden:
        portfolio_item_remove(access=access, item=item, actor=district.actor(persona))
    assert forbidden.value.code == FORBIDDEN
    item.refresh_from_db()
    assert item.title == "Lab report" and not item.featured and item.removed_at is None


def test_removed_work_is_hidden_everywhere_but_its_file_and_row_are_kept(district, portfolio_dir):
    item = add(district, featured=True)
    portfolio_item_remove(access=access_of(district, "student"), item=item, actor=district.actor("student"))
    item.refresh_from_db()
    assert item.removed_at is not None and not item.featured
    assert files.path_for(item.stored_name).is_file()  # kept for the audit trail
    for persona in ("student", "teacher", "guardian"):
        assert list(selectors.items_visible(access_of(district, persona))) == []
    assert AuditEvent.objects.filter(action="portfolio.remove", object_id=str(item.pk)).exists()
    with pytest.raises(PortfolioError):
        portfolio_item_remove(
            access=access_of(district, "student"), item=item, actor=district.actor("student")
        )


def test_a_family_sees_only_featured_work_and_staff_see_all(district):
    featured, plain = add(district, title="Poster", featured=True), add(district, title="Draft")
    assert list(selectors.items_visible(access_of(district, "guardian"))) == [featured]
    for persona in ("student", "teacher", "advisor", "principal", "district_admin"):
        assert set(selectors.items_visible(access_of(district, persona))) == {featured, plain}


@time_machine.travel(TODAY)
def test_a_teacher_turns_work_into_evidence_and_the_level_updates_at_once(district, tags):
    item = add(district, competencies=[tags.ratio])
    evidence = portfolio_item_to_evidence(
        item=item,
        actor=district.actor("teacher"),
        competency=tags.ratio,
        score=Decimal(3),
        demonstrated_on=dt.date(2026, 10, 14),
        feedback="Clear table.",
    )
    assert evidence.kind == Evidence.Kind.PORTFOLIO_ITEM and evidence.student == district.sam
    assert evidence.link.endswith(f"/students/{district.sam.pk}/portfolio/{item.pk}/")
    assert evidence.feedback == "Clear table." and evidence.demonstrated_on == dt.date(2026, 10, 14)
    item.refresh_from_db()
    assert item.evidence == evidence and item.evidence_by == district.user("teacher")
    summary = MasterySummary.objects.get(student=district.sam, competency=tags.ratio)
    assert summary.level == 3.0 and summary.evidence_count == 1
    assert AuditEvent.objects.filter(action="portfolio.to_evidence", object_id=str(item.pk)).exists()
    assert AuditEvent.objects.filter(action="evidence.record", object_id=str(evidence.pk)).exists()
    assert selectors.evidence_from(item) == [evidence]


@time_machine.travel(TODAY)
def test_a_teacher_may_choose_any_competency_of_the_students_courses(district, tags):
    item = add(district, competencies=[tags.ratio])
    portfolio_item_to_evidence(
        item=item,
        actor=district.actor("co_teacher"),
        competency=tags.collaboration,
        score=Decimal(2),
        demonstrated_on=dt.date(2026, 10, 1),
    )
    with pytest.raises(PortfolioError, match="not one of this work's tags") as refused:
        portfolio_item_to_evidence(
            item=item,
            actor=district.actor("teacher"),
            competency=tags.outside,
            score=Decimal(2),
            demonstrated_on=dt.date(2026, 10, 1),
        )
    assert refused.value.field == "competency"


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    "persona", ["student", "guardian", "advisor", "other_school_teacher", "teacher_parent", "unrostered"]
)
def test_who_cannot_record_evidence_cannot_turn_work_into_evidence(district, tags, persona):
    item = add(district, competencies=[tags.ratio])
    with pytest.raises(PortfolioError) as forbidden:
        portfolio_item_to_evidence(
            item=item,
            actor=district.actor(persona),
            competency=tags.ratio,
            score=Decimal(3),
            demonstrated_on=dt.date(2026, 10, 14),
        )
    assert forbidden.value.code == FORBIDDEN
    assert not Evidence.objects.exists() and not MasterySummary.objects.exists()
    item.refresh_from_db()
    assert item.evidence is None


@time_machine.travel(TODAY)
def test_evidence_keeps_to_the_scale_the_calendar_and_one_score_per_competency(district, tags):
    item = add(district, competencies=[tags.ratio])
    teacher = district.user("teacher")
    with pytest.raises(PortfolioError, match="between 1 and 4") as off_scale:
        portfolio_item_to_evidence(
            item=item,
            actor=Actor.for_user(teacher),
            competency=tags.ratio,
            score=Decimal(5),
            demonstrated_on=dt.date(2026, 10, 14),
        )
    assert off_scale.value.field == "score"
    with pytest.raises(PortfolioError, match="cannot be in the future") as future:
        portfolio_item_to_evidence(
            item=item,
            actor=Actor.for_user(teacher),
            competency=tags.ratio,
            score=Decimal(3),
            demonstrated_on=dt.date(2026, 10, 16),
        )
    assert future.value.field == "demonstrated_on"
    portfolio_item_to_evidence(
        item=item,
        actor=Actor.for_user(teacher),
        competency=tags.ratio,
        score=Decimal(3),
        demonstrated_on=dt.date(2026, 10, 14),
    )
    with pytest.raises(PortfolioError, match="already evidence of MV.M.RATIO"):
        portfolio_item_to_evidence(
            item=item,
            actor=Actor.for_user(teacher),
            competency=tags.ratio,
            score=Decimal(4),
            demonstrated_on=dt.date(2026, 10, 14),
        )
    assert Evidence.objects.count() == 1


@time_machine.travel(TODAY)
def test_removed_work_cannot_become_evidence(district, tags):
    item = add(district, competencies=[tags.ratio])
    portfolio_item_remove(access=access_of(district, "student"), item=item, actor=district.actor("student"))
    with pytest.raises(PortfolioError, match="removed this work"):
        portfolio_item_to_evidence(
            item=item,
            actor=district.actor("teacher"),
            competency=tags.ratio,
            score=Decimal(3),
            demonstrated_on=dt.date(2026, 10, 14),
        )


def test_the_portfolio_registers_its_profile_part_with_a_packet_contribution():
    part = part_for("portfolio")
    assert part is not None and part.template == "portfolios/part.html" and part.packet is not None


def _render_part(district, persona) -> str:
    """As the profile page includes a part: its context as `ctx`."""
    access = access_of(district, persona)
    part = part_for("portfolio")
    request = RequestFactory().get("/")
    request.user = district.user(persona)
    return render_to_string(part.template, {"ctx": part.context(access, request)}, request=request)


def test_the_profile_part_shows_featured_work_first_and_a_family_nothing_else(district, tags):
    add(
        district,
        title="Ratio poster",
        featured=True,
        competencies=[tags.ratio],
        reflection="Bars grow evenly.",
        upload=upload("poster.png", png()),
    )
    add(district, title="Rough draft")
    family = _render_part(district, "guardian")
    assert "Ratio poster" in family and "Bars grow evenly." in family and "Rough draft" not in family
    assert "<h3>Featured work</h3>" in family and "<h4" in family and "<h2" not in family
    assert 'class="portfolio-thumb"' in family and "I can use ratios and rates." in family
    staff = _render_part(district, "teacher")
    assert (
        staff.index("Ratio poster") < staff.index("Rough draft")
        and "See the whole portfolio (2 pieces" in staff
    )
    assert "Open my portfolio" in _render_part(district, "student")


def test_the_packet_offers_featured_work_with_its_reflection(district):
    poster = add(district, title="Ratio poster", featured=True, reflection="Bars grow evenly.")
    add(district, title="Rough draft", reflection="Not ready.")
    removed = add(district, title="Old poster", featured=True)
    portfolio_item_remove(
        access=access_of(district, "student"), item=removed, actor=district.actor("student")
    )
    sections = [s for s in packet_sections(access_of(district, "student")) if s.kind == "portfolio"]
    assert len(sections) == 1 and render_text(sections[0].title) == "Work I chose to feature"
    assert [(i.title, i.detail, i.key) for i in sections[0].items] == [
        ("Ratio poster", "Bars grow evenly.", f"portfolio-{poster.pk}")
    ]


def test_nothing_shows_when_the_district_hides_the_portfolio_from_families(district):
    add(district, title="Ratio poster", featured=True)
    ProfileSection.objects.filter(kind="portfolio").update(family_visible=False)
    with pytest.raises(Http404):
        access_of(district, "guardian")
    family = profile_access_or_404(district.user("guardian"), district.sam.pk)
    assert [s for s in packet_sections(family) if s.kind == "portfolio"] == []
    assert [s.kind for s in packet_sections(access_of(district, "student")) if s.kind == "portfolio"] == [
        "portfolio"
    ]
