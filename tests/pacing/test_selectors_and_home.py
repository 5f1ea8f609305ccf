"""What the other parts of Pathmaker read from pacing: what is due soon, a course's projection, and the
alerts on the teacher's and the advisor's home pages (each student shown there is audited)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathmaker.audit.models import AuditEvent
from pathmaker.pacing import selectors
from pathmaker.pacing.projection import PaceSource, Status
from tests import factories as f
from tests.pacing.conftest import TERM_START, TODAY, asked, days, guide, hard, master, past_hard


def test_deadlines_due_lists_what_is_not_yet_met_within_the_days_asked(district, pacing):
    soon = hard(district, pacing.competencies[0], days(3), student=district.sam)[0]
    hard(district, pacing.competencies[1], days(30), student=district.sam)
    met = hard(district, pacing.competencies[2], days(2), student=district.sam)[0]
    missed = past_hard(district, pacing.competencies[3], days(-2))
    master(district, pacing.competencies[2], days(-1))
    due = selectors.deadlines_due(district.sam, within_days=7, today=TODAY)
    assert [(row.deadline.pk, row.state) for row in due] == [(missed.pk, "missed"), (soon.pk, "upcoming")]
    assert met.pk not in {row.deadline.pk for row in due}


def test_the_projection_uses_the_guide_early_and_the_students_pace_later(district, pacing):
    guide(district, pacing)
    early = selectors.projection_for(
        district.sam, district.math.course, today=TERM_START + dt.timedelta(days=3)
    )
    assert (early.projection.source, early.has_guide) == (PaceSource.GUIDE, True)
    for n, competency in enumerate(pacing.competencies[:3]):
        master(district, competency, TERM_START + dt.timedelta(days=7 * n + 3))
    later = selectors.projection_for(district.sam, district.math.course, today=TODAY)
    # 3 mastered in 27 school days, 3 left: ceil(3 × 5 ÷ (15/27)) = 27 school days of the 57 left.
    assert (later.projection.source, later.projection.days_needed, later.status) == (
        PaceSource.STUDENT,
        27,
        Status.ON_TRACK,
    )
    assert selectors.projection_for(district.omar, district.math.course) is None


def test_the_guide_suggests_dates_laid_end_to_end_in_school_days(district, pacing):
    found = guide(district, pacing, weeks=(2, 1))
    dates = selectors.suggested_dates(
        pacing.competencies,
        selectors.target_weeks(found),
        pacing.term,
        selectors.days_off_for(district.north.pk),
    )
    # Ten school days from Aug 24 end on Sep 4; five more skip Labor Day and end on Sep 14.
    assert dates == {
        pacing.competencies[0].pk: dt.date(2026, 9, 4),
        pacing.competencies[1].pk: dt.date(2026, 9, 14),
    }


def test_the_teachers_home_lists_missed_hard_deadlines_and_students_off_track(district, pacing, login):
    past_hard(district, pacing.competencies[0], days(-3))
    page = login(district.user("teacher")).get(reverse("home")).content.decode()
    assert "Pacing: who needs a word" in page and "Sam Garcia" in page and "1 missed hard deadline" in page
    # Nothing mastered a month into the term: both Math 7 students are off track.
    assert page.count("off track") >= 2 and "Tia Tran" in page
    assert reverse("pacing_section", args=[district.math.pk]) in page
    shown = set(AuditEvent.objects.filter(action="pacing.alerts_view").values_list("student_id", flat=True))
    assert shown == {district.sam.pk, district.tia.pk}


def test_the_advisors_home_lists_their_advisee_behind_pace_and_nobody_else(district, pacing, login):
    past_hard(district, pacing.competencies[0], days(-3))
    page = login(district.user("advisor")).get(reverse("home")).content.decode()
    assert "Advisees behind pace" in page and "Sam Garcia" in page
    assert "Tia Tran" not in page


def test_a_student_on_track_with_no_missed_deadline_raises_no_alert(district, pacing, login):
    for n, competency in enumerate(pacing.competencies):
        master(district, competency, TERM_START + dt.timedelta(days=3 * n + 1))
    alerts = selectors.alerts_for_teacher(district.user("teacher"), today=TODAY)
    assert [a.student for a in alerts] == [district.tia]


def test_the_students_page_shows_the_projection_with_its_arithmetic_and_their_deadlines(
    district, pacing, login
):
    guide(district, pacing)
    hard(district, pacing.competencies[0], days(3), student=district.sam)
    page = (
        login(district.user("student"))
        .get(reverse("pacing_student", args=[district.sam.pk]))
        .content.decode()
    )
    assert "My deadlines and pace" in page and "How this is worked out" in page
    assert "27 school days are behind you" in page and "Off track" in page
    assert "Ask for more time" in page and "Accept this date" in page
    guardian = (
        login(district.user("guardian"))
        .get(reverse("pacing_student", args=[district.sam.pk]))
        .content.decode()
    )
    assert "Sam Garcia's deadlines and pace" in guardian
    assert "Ask for more time" not in guardian and "Accept this date" not in guardian
    assert AuditEvent.objects.filter(action="pacing.view", student_id=district.sam.pk).count() == 2


def test_the_students_page_speaks_spanish_to_a_spanish_reader(district, pacing, login):
    client = login(district.user("guardian"))
    page = client.get(
        reverse("pacing_student", args=[district.sam.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert 'lang="es"' in page


def test_the_section_page_lists_each_students_projection_and_answers_a_request(district, pacing, login):
    deadline = hard(district, pacing.competencies[0], days(3), student=district.sam)[0]
    request = asked(district, deadline, reason="My grandmother was in hospital")
    client = login(district.user("teacher"))
    page = client.get(reverse("pacing_section", args=[district.math.pk])).content.decode()
    assert "Sam Garcia" in page and "Tia Tran" in page and "My grandmother was in hospital" in page
    response = client.post(
        reverse("pacing_extension_decide", args=[district.math.pk, request.pk]),
        {
            f"decide-{request.pk}-decision": "decline",
            f"decide-{request.pk}-note": "Come to lunch help instead",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.note) == ("declined", "Come to lunch help instead")
    shown = set(AuditEvent.objects.filter(action="pacing.section_view").values_list("student_id", flat=True))
    assert shown == {district.sam.pk, district.tia.pk}


def test_a_sections_pacing_reads_in_the_same_queries_however_many_students(district, pacing):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.section_pacing(district.math, TODAY)
        return len(captured)

    few = queries()
    for n in range(10):
        f.enroll(f.person("Extra", f"Student{n}"), district.math)
    assert queries() == few
