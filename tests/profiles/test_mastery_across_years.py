"""The profile shows mastery across courses and years, not stuck inside one course, with gaps highlighted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.models import CourseCompetency
from pathmaker.mastery import engine
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.services import rule_set
from pathmaker.profiles.access import profile_access_or_404
from pathmaker.profiles.parts import packet_sections
from pathmaker.profiles.selectors import mastery_across_years


def competencies(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    ratios = frameworks.competency_create(
        framework=framework, full_statement="Uses ratios", actor=Actor.system("test")
    )
    equations = frameworks.competency_create(
        framework=framework, full_statement="Solves equations", actor=Actor.system("test")
    )
    course = district.math.course
    for competency in (ratios, equations):
        CourseCompetency.objects.create(course=course, competency=competency, created_at="2025-08-01T00:00Z")
    rule_set(
        actor=Actor.system("test"), rule=engine.Rule(method=engine.Method.MOST_RECENT), framework=framework
    )
    return ratios, equations


def score(district, competency, value, day):
    with time_machine.travel(dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)):
        evidence_record(
            student=district.sam,
            competency=competency,
            score=Decimal(value),
            demonstrated_on=day,
            kind="task",
            actor=district.actor("district_admin"),
        )


def test_each_school_years_level_is_the_level_at_the_end_of_that_year(district):
    ratios, _ = competencies(district)
    score(district, ratios, 2, dt.date(2025, 3, 10))  # 2024-25
    score(district, ratios, 3, dt.date(2025, 10, 1))  # 2025-26
    score(district, ratios, 4, dt.date(2026, 9, 20))  # 2026-27
    across = mastery_across_years(district.sam, today=dt.date(2026, 11, 1))
    row = next(r for r in across.rows if r.competency == ratios)
    assert [label for _, label in across.year_labels] == ["2024-25", "2025-26", "2026-27"]
    assert row.cells == [2.0, 3.0, 4.0]
    assert row.courses == ["Math 7 course"]


def test_a_current_course_competency_not_yet_at_mastery_is_a_gap(district):
    ratios, equations = competencies(district)
    score(district, ratios, 4, dt.date(2026, 10, 1))
    across = mastery_across_years(district.sam, today=dt.date(2026, 11, 1))
    assert [r.competency for r in across.gaps] == [equations]
    assert across.counts == {"ready": 1, "working": 0, "not_started": 1}


def test_the_profile_page_shows_the_gap_and_the_years(district, login):
    ratios, equations = competencies(district)
    score(district, ratios, 2, dt.date(2025, 10, 1))
    page = (
        login(district.user("guardian"))
        .get(reverse("student_profile", kwargs={"student_id": district.sam.pk}))
        .content.decode()
    )
    assert "To work on now" in page and "Solves equations" in page and "2025-26" in page


def test_the_conference_packet_offers_mastery_and_readiness(district, rf):
    ratios, _ = competencies(district)
    score(district, ratios, 3, dt.date(2026, 10, 1))
    access = profile_access_or_404(district.user("student"), district.sam.pk)
    kinds = {section.kind: section for section in packet_sections(access)}
    assert "Uses ratios" in kinds["mastery"].items[0].title
    assert "readiness" not in kinds  # nothing recorded yet: no empty section in the packet
