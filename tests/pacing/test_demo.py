"""The demo's pacing: a guide filling the term, the school's days off, hard deadlines met and missed, the
demo student's own targets, and one extension asked and granted, all written through the services."""

from __future__ import annotations

from collections import Counter

from pathmaker.audit.models import AuditEvent
from pathmaker.demo.pacing import build_demo_pacing, fall_days_off
from pathmaker.pacing import selectors
from pathmaker.pacing.models import DayOff, Deadline, ExtensionRequest, PacingGuide
from tests.pacing.conftest import TERM_START, TODAY, master


def test_the_demo_gives_the_teachers_course_a_guide_a_calendar_deadlines_and_an_extension(district, pacing):
    DayOff.objects.all().delete()
    for competency in pacing.competencies[:2]:
        master(district, competency, TERM_START)  # Sam meets the first two deadlines; Tia misses them
    build_demo_pacing(student=district.user("student"), teacher=district.user("teacher"), today=TODAY)

    guide = PacingGuide.objects.get(course=district.math.course)
    assert guide.targets.count() == 6
    assert set(DayOff.objects.values_list("on", "name")) == set(fall_days_off(2026))
    states = Counter(
        (row.deadline.student_id, row.state)
        for row in selectors.deadline_rows(Deadline.objects.filter(kind="hard", due_on__lt=TODAY), TODAY)
    )
    assert states == {(district.sam.pk, "met"): 2, (district.tia.pk, "missed"): 2}
    assert Deadline.objects.filter(student=district.sam, kind="soft").count() == 2
    granted = ExtensionRequest.objects.get(status="granted")
    assert granted.deadline.student == district.sam and granted.deadline.was_extended
    assert ExtensionRequest.objects.filter(status="open").count() == 1
    assert AuditEvent.objects.filter(action="pacing.extension_grant", student_id=district.sam.pk).count() == 1


def test_the_fall_calendar_has_only_weekdays_in_date_order():
    days = fall_days_off(2026)
    assert [on for on, _ in days] == sorted(on for on, _ in days)
    assert all(on.weekday() < 5 for on, _ in days)
    assert "Labor Day" in {name for _, name in days}
