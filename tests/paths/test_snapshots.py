"""The stored snapshot of every student's plan, projection and recommendation (`paths/snapshots.py`).

The rebuild job must say exactly what the pages compute, for every student of the test district, over
random mixes of levels, moves, revision requests, guides and deadlines; a changed level must rewrite
that student's snapshot inside the transaction that changed it; and the lists over many students (the
teacher's and advisor's alerts, the advisor's page) read it.

Math 7 (Sam and Tia) has the paths fixtures' four competencies (7.RP.1 precedes 7.RP.2); Art (Sam only)
gets two of its own, the second needing Math's 7.NS.1 (a prerequisite from another course). The fall
semester runs from 24 August to 18 December 2026; today is 1 October.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from pathmaker.access.scope import relation_to
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.jobs.models import Job
from pathmaker.jobs.services import job_create
from pathmaker.mastery.recompute import recompute
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.services import flag_set
from pathmaker.pacing import services as pacing
from pathmaker.pacing.models import DayOff, Deadline
from pathmaker.pacing.selectors import deadlines_of, projection_for
from pathmaker.paths import services, snapshots
from pathmaker.paths.models import PathSnapshot
from pathmaker.paths.selectors import courses_of, pacing_alerts_for_teacher, what_next
from pathmaker.paths.snapshots import rebuild
from pathmaker.paths.tasks import JOB_KIND, paths_nightly_rebuild, paths_rebuild_task
from pathmaker.rostering.models import AcademicSession, SectionTerm
from tests.factories import _record
from tests.paths.conftest import NOON, SYSTEM

TODAY = dt.date(2026, 10, 1)
TERM_START, TERM_END = dt.date(2026, 8, 24), dt.date(2026, 12, 18)


@pytest.fixture
def term(district) -> AcademicSession:
    term = AcademicSession.objects.create(
        title="Fall Semester 2026",
        session_type="semester",
        start_date=TERM_START,
        end_date=TERM_END,
        **_record(),
    )
    for section in (district.math, district.art, district.science):
        SectionTerm.objects.create(section=section, session=term)
    DayOff.objects.create(school=district.north, on=dt.date(2026, 9, 7), name="Labor Day", created_at=NOON)
    return term


@pytest.fixture
def art(district, math) -> list:
    framework = frameworks.framework_create(title="Art 7", description="", actor=SYSTEM)
    made = [
        frameworks.competency_create(
            framework=framework, full_statement=statement, human_coding_scheme=code, actor=SYSTEM
        )
        for code, statement in (("ART.1", "Mix colours"), ("ART.2", "Draw in proportion"))
    ]
    for competency in made:
        frameworks.course_competency_add(course=district.art.course, competency=competency, actor=SYSTEM)
    frameworks.association_create(
        origin=math.ns1, destination=made[1], association_type="precedes", actor=SYSTEM
    )
    return made


def score(district, student, competency, value: str, on: dt.date):
    return evidence_record(
        student=student,
        competency=competency,
        score=Decimal(value),
        kind="task",
        demonstrated_on=on,
        actor=district.actor("teacher"),
    )


def pages_say(student, course) -> tuple:
    """What the student's home, pacing page and deadlines say about one course."""
    shown = next(c for c in what_next(student, today=TODAY).courses if c.course == course)
    found = projection_for(student, course, today=TODAY)
    missed = sum(
        1 for r in deadlines_of(student, course=course, today=TODAY) if r.is_hard and r.state == "missed"
    )
    rec = shown.recommendation
    return (
        shown.next_step.pk if shown.next_step else None,
        shown.left,
        rec.competency if rec else None,
        rec.reason if rec else "",
        {k: v for k, v in rec.values.items() if k in ("due_on", "kind")} if rec else {},
        str(found.status),
        found.projection.finish_on if found.projection else None,
        missed,
    )


def stored(student, course) -> tuple:
    s = PathSnapshot.objects.get(student=student, course=course)
    return (
        s.next_competency_id,
        s.remaining,
        s.recommended_id,
        s.reason,
        s.reason_values,
        s.pace_status,
        s.finish_on,
        s.missed_hard,
    )


def every_student_course(district) -> set:
    return {(s.pk, c.pk) for s in (district.sam, district.tia, district.omar) for c in courses_of(s)}


def random_district(district, math, art, term, rng: random.Random) -> None:
    """Levels, a teacher's move, revision requests, a guide and deadlines, drawn from `rng`."""
    course = district.math.course
    if rng.random() < 0.6:
        weeks = {c.pk: rng.choice((1, 2, 3.5)) for c in math.order if rng.random() < 0.8}
        if weeks:
            pacing.pacing_guide_set(course=course, term=term, weeks=weeks, actor=district.actor("teacher"))
    for student, competencies in ((district.sam, [*math.order, *art]), (district.tia, math.order)):
        for competency in competencies:
            kind = rng.choice(("none", "none", "working", "mastered", "mastered"))
            if kind != "none":
                on = TERM_START + dt.timedelta(days=rng.randint(-30, 35))
                score(district, student, competency, "4" if kind == "mastered" else "2", on)
    if rng.random() < 0.5:
        services.plan_move(
            relation=relation_to(district.user("teacher"), district.tia.pk),
            course=course,
            competency_id=rng.choice(math.order).pk,
            after_id=None,
            reason="We start the project next week.",
            actor=district.actor("teacher"),
        )
    if rng.random() < 0.5:
        flag_set(
            student=district.sam,
            competency=rng.choice(math.order),
            kind="needs_revision",
            note="Show your working.",
            actor=district.actor("teacher"),
        )
    for competency in rng.sample(math.order, rng.randint(0, 3)):
        student = rng.choice((district.sam, district.tia))
        (deadline,) = pacing.hard_deadline_set(
            section=district.math,
            competency_id=competency.pk,
            due_on=TODAY + dt.timedelta(days=rng.randint(0, 20)),
            student=student,
            actor=district.actor("teacher"),
        )
        if rng.random() < 0.5:  # a date already passed
            past = TODAY - dt.timedelta(days=rng.randint(1, 20))
            Deadline.objects.filter(pk=deadline.pk).update(due_on=past, first_due_on=past)
    if rng.random() < 0.5:
        pacing.soft_deadline_set(
            student=district.sam,
            course=course,
            competency_id=rng.choice(math.order).pk,
            due_on=TODAY + dt.timedelta(days=rng.randint(0, 20)),
            actor=district.actor("student"),
        )


@pytest.mark.parametrize("seed", range(8))
def test_the_rebuild_stores_what_the_pages_compute_for_every_student_and_course(
    district, math, art, term, seed
):
    random_district(district, math, art, term, random.Random(seed))
    result = rebuild()
    pairs = every_student_course(district)
    assert set(PathSnapshot.objects.values_list("student_id", "course_id")) == pairs
    assert result["snapshots"] == len(pairs) == 3  # Sam: Math 7 and Art; Tia: Math 7
    for student in (district.sam, district.tia):
        for course in courses_of(student):
            assert stored(student, course) == pages_say(student, course), (student, course)


def test_the_rebuild_runs_as_a_worker_job_and_says_what_it_wrote(district, math, term):
    job = job_create(kind=JOB_KIND, actor=SYSTEM)
    paths_rebuild_task(job.pk)  # the test queue runs a task when it is queued
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.result["snapshots"], job.result["students"]) == (2, 2)
    assert set(PathSnapshot.objects.values_list("student_id", flat=True)) == {
        district.sam.pk,
        district.tia.pk,
    }


def test_the_nightly_rebuild_is_a_job_of_the_system(district, math, term):
    paths_nightly_rebuild()  # what the worker's scheduler calls each night
    job = Job.objects.get(kind=JOB_KIND)
    assert (job.status, job.created_by, job.result["snapshots"]) == (Job.Status.SUCCEEDED, None, 2)


def test_a_changed_level_rewrites_that_students_plan_and_recommendation_before_the_recording_returns(
    district, math, art, term
):
    rebuild()
    course = district.math.course
    assert stored(district.sam, course)[:4] == (math.rp1.pk, 4, math.rp1.pk, "next")
    tia_before = stored(district.tia, course)
    score(district, district.sam, math.rp1, "4", TODAY)
    assert stored(district.sam, course)[:4] == (math.rp2.pk, 3, math.rp2.pk, "next")
    assert stored(district.sam, course) == pages_say(district.sam, course)
    assert stored(district.tia, course) == tia_before  # only the student whose level changed


def test_a_level_changed_while_the_rebuild_is_reading_is_not_written_over_by_its_older_answer(
    district, math, art, term, monkeypatch
):
    reading = snapshots.read_all

    def read_then_a_score_arrives(today, **kwargs):
        chunks = list(reading(today, **kwargs))  # the rebuild has read Sam's level on 7.RP.1...
        score(district, district.sam, math.rp1, "4", TODAY)  # ...and the teacher records a 4 before it writes
        yield from chunks

    monkeypatch.setattr(snapshots, "read_all", read_then_a_score_arrives)
    result = rebuild()
    course = district.math.course
    assert result["changed_while_reading"] == 1
    assert stored(district.sam, course)[:4] == (math.rp2.pk, 3, math.rp2.pk, "next")
    assert stored(district.sam, course) == pages_say(district.sam, course)


def test_a_hard_deadline_rewrites_the_stored_plans_of_the_students_it_is_set_for_at_once(
    district, math, term
):
    rebuild()
    course = district.math.course
    before = stored(district.sam, course)
    pacing.hard_deadline_set(
        section=district.math,
        competency_id=math.order[-1].pk,
        due_on=TODAY + dt.timedelta(days=2),
        actor=district.actor("teacher"),
    )
    assert stored(district.sam, course) == pages_say(district.sam, course) != before
    assert stored(district.tia, course) == pages_say(district.tia, course)
    assert not Job.objects.filter(kind=JOB_KIND).exclude(status=Job.Status.SUCCEEDED).exists()


def test_a_granted_extension_rewrites_the_students_stored_plan_at_once(district, math, term):
    course = district.math.course
    (deadline,) = pacing.hard_deadline_set(
        section=district.math,
        competency_id=math.order[-1].pk,
        due_on=TODAY + dt.timedelta(days=2),
        student=district.sam,
        actor=district.actor("teacher"),
    )
    rebuild()
    request = pacing.extension_ask(deadline=deadline, reason="I was ill", actor=district.actor("student"))
    pacing.extension_decide(
        request=request, grant=True, new_due_on=TODAY + dt.timedelta(days=30), actor=district.actor("teacher")
    )
    assert stored(district.sam, course) == pages_say(district.sam, course)
    assert stored(district.sam, course)[4] != {"due_on": (TODAY + dt.timedelta(days=2)).isoformat()}


def test_a_pacing_guide_or_a_day_off_queues_one_rebuild_for_every_student(
    district, math, term, django_capture_on_commit_callbacks
):
    rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        pacing.pacing_guide_set(
            course=district.math.course,
            term=term,
            weeks={c.pk: 1 for c in math.order},
            actor=district.actor("teacher"),
        )
        pacing.day_off_add(
            school=district.north,
            on=dt.date(2026, 11, 26),
            name="Thanksgiving",
            actor=district.actor("principal"),
        )
        assert Job.objects.filter(kind=JOB_KIND, status=Job.Status.QUEUED).count() == 1  # not one each
    (job,) = Job.objects.filter(kind=JOB_KIND)
    assert job.status == Job.Status.SUCCEEDED  # the test queue runs it when the change commits
    course = district.math.course
    assert stored(district.sam, course) == pages_say(district.sam, course)


def test_a_district_recompute_of_levels_queues_a_rebuild(
    district, math, term, django_capture_on_commit_callbacks
):
    score(district, district.sam, math.rp1, "4", TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        recompute()
    assert Job.objects.get(kind=JOB_KIND).status == Job.Status.SUCCEEDED


def test_a_level_in_another_courses_prerequisite_refreshes_the_course_that_needs_it(
    district, math, art, term
):
    rebuild()
    art_course = district.art.course
    for competency in art:
        score(district, district.sam, competency, "2", TODAY)
    assert stored(district.sam, art_course)[:2] == (art[0].pk, 2)  # ART.2 waits for Math's 7.NS.1
    score(district, district.sam, math.ns1, "4", TODAY)
    assert stored(district.sam, art_course) == pages_say(district.sam, art_course)


def test_a_teachers_request_to_revise_moves_the_recommendation_at_once(district, math, term):
    rebuild()
    score(district, district.sam, math.rp1, "4", TODAY)
    flag_set(
        student=district.sam,
        competency=math.ns1,
        kind="needs_revision",
        note="Again",
        actor=district.actor("teacher"),
    )
    snapshot = PathSnapshot.objects.get(student=district.sam, course=district.math.course)
    assert (snapshot.recommended_id, snapshot.reason) == (math.ns1.pk, "revise")


def test_a_level_change_that_is_rolled_back_leaves_the_stored_plan_as_it_was(district, math, term):
    rebuild()
    course = district.math.course
    before = stored(district.sam, course)
    with pytest.raises(RuntimeError), transaction.atomic():
        score(district, district.sam, math.rp1, "4", TODAY)
        raise RuntimeError("the rest of the request failed")
    assert stored(district.sam, course) == before


def test_a_student_with_no_snapshot_yet_gets_one_when_a_level_changes(district, math, term):
    score(district, district.tia, math.rp1, "4", TODAY)
    assert PathSnapshot.objects.filter(student=district.tia).count() == 1
    assert stored(district.tia, district.math.course) == pages_say(district.tia, district.math.course)


def test_a_teachers_move_rewrites_the_stored_plan(district, math, term):
    rebuild()
    services.plan_move(
        relation=relation_to(district.user("teacher"), district.sam.pk),
        course=district.math.course,
        competency_id=math.ns1.pk,
        after_id=None,
        reason="The project needs it first.",
        actor=district.actor("teacher"),
    )
    assert stored(district.sam, district.math.course)[:3] == (math.ns1.pk, 4, math.ns1.pk)


def test_setting_a_courses_order_rebuilds_the_stored_plans_on_the_worker(
    district, math, term, django_capture_on_commit_callbacks
):
    rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        services.sequence_set(
            course=district.math.course, competency_ids=[math.ns1.pk], actor=district.actor("teacher")
        )
    assert Job.objects.get(kind=JOB_KIND).status == Job.Status.SUCCEEDED
    assert stored(district.sam, district.math.course)[0] == math.ns1.pk
    assert stored(district.tia, district.math.course)[0] == math.ns1.pk


def test_the_teachers_alerts_read_each_students_status_from_their_snapshot(district, math, term):
    for competency in math.order:
        score(district, district.sam, competency, "4", TERM_START + dt.timedelta(days=3))
    rebuild()
    assert [a.student for a in pacing_alerts_for_teacher(district.user("teacher"), TODAY)] == [district.tia]
    # What is stored is what is listed: no projection is worked out again on the teacher's home.
    PathSnapshot.objects.filter(student=district.tia).update(pace_status="on_track")
    assert pacing_alerts_for_teacher(district.user("teacher"), TODAY) == []


def test_a_snapshot_from_an_earlier_day_is_projected_again_when_a_list_reads_it(district, math, term, clock):
    for competency in math.order:
        score(district, district.sam, competency, "4", TERM_START + dt.timedelta(days=3))
    rebuild()
    PathSnapshot.objects.filter(student=district.tia).update(pace_status="on_track")
    clock.shift(dt.timedelta(days=1))  # the nightly rebuild has not run: school days have passed since
    alerts = pacing_alerts_for_teacher(district.user("teacher"))
    assert [(a.student, a.off_track) for a in alerts] == [(district.tia, True)]


def test_the_advisors_page_lists_their_advisees_behind_pace_and_audits_them(district, math, term, login):
    rebuild()  # nothing mastered a month into the term, no guide: Sam and Tia are both off track
    page = login(district.user("advisor")).get(reverse("advising")).content.decode()
    panel = page[page.index('id="advising-pacing-heading"') :]
    assert "Advisees behind pace" in panel and "Sam Garcia" in panel and "off track" in panel
    assert "Tia Tran" not in page  # not Ada's advisee
    shown = AuditEvent.objects.filter(action="pacing.alerts_view", detail__page="advising")
    assert set(shown.values_list("student_id", flat=True)) == {district.sam.pk}


def test_the_advisors_page_says_so_when_no_advisee_is_behind(district, math, term, login):
    for competency in math.order:
        score(district, district.sam, competency, "4", TERM_START + dt.timedelta(days=3))
    page = login(district.user("advisor")).get(reverse("advising")).content.decode()
    assert "None of your advisees has missed a hard deadline or is off track." in page
    assert not AuditEvent.objects.filter(action="pacing.alerts_view").exists()


@pytest.mark.parametrize("persona", ["teacher", "principal", "district_admin", "student", "guardian"])
def test_the_advisors_page_with_its_panel_opens_for_advisors_only(district, math, term, login, persona):
    rebuild()
    assert login(district.user(persona)).get(reverse("advising")).status_code == 404
    assert not AuditEvent.objects.filter(action="pacing.alerts_view").exists()
