"""What the flex pages show and do: the setup forms (the availability grid with plain checkboxes), the plan
with its figures, room loads and reasons, what to relax when the rules cannot all hold, the student's week in
English and Spanish, attendance through the service with its audit row, and the outcomes' suppression."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from pathmaker.audit.models import AuditEvent
from pathmaker.jobs.models import Job
from pathmaker.mastery.recording import evidence_record
from pathmaker.rostering.models import Person, PersonRole
from pathmaker.scheduling import outcomes, services, words
from pathmaker.scheduling.models import FlexAttendance, FlexBlock, Placement, Schedule, StaffAvailability
from tests import factories as f
from tests.scheduling.north_flex import NEXT_WEEK, NOON, SYSTEM, build_north_flex

WEEK = f"?week={NEXT_WEEK.isoformat()}"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def flex(district):
    return build_north_flex(district)


def test_the_plan_shows_the_solvers_figures_room_loads_and_each_students_reason(district, flex, login):
    page = login(district.user("principal")).get(reverse("flex_plan", args=[district.north.pk]) + WEEK)
    text = page.content.decode()
    assert page.status_code == 200
    for shown in ("Objective", "Bound", "Gap", "Needs met", "Room loads in Monday flex", "Ratios clinic"):
        assert shown in text, shown
    sam = flex.placement_of(district.sam)
    assert sam.workshop == flex.clinic
    assert "7.RP.2" in text  # Sam's reason names the competency he is below on
    # One audit row per student shown.
    shown = set(AuditEvent.objects.filter(action="scheduling.plan_view").values_list("student_id", flat=True))
    assert {district.sam.pk, district.tia.pk} <= shown


def test_an_infeasible_week_says_what_to_relax(district, flex, login):
    # Tuesday has no workshop and a study hall of one seat for two students: the rules cannot all hold.
    services.flex_settings_set(school=district.north, threshold=3.0, study_hall_capacity=1, actor=SYSTEM)
    schedule = services.schedule_solve(
        school=district.north, week_start=NEXT_WEEK, actor=SYSTEM, time_limit=5
    )
    assert schedule.is_infeasible
    assert [item["code"] for item in schedule.relax]
    page = login(district.user("principal")).get(reverse("flex_plan", args=[district.north.pk]) + WEEK)
    text = page.content.decode()
    assert "The rules cannot all hold: what to relax" in text
    for item in schedule.relax:  # each rule group to relax, in words
        assert escape(words.relax_text(item)) in text
    assert b"Publish this week" not in page.content


def test_the_availability_grid_saves_plain_checkboxes(district, flex, login):
    carol = district.user("co_teacher").person
    response = login(district.user("principal")).post(
        reverse("flex_availability_save", args=[district.north.pk]),
        {f"a-{carol.pk}-{flex.tuesday.pk}": "1"},  # Monday unticked, Tuesday ticked
    )
    assert response.status_code == 302
    assert list(StaffAvailability.objects.filter(person=carol).values_list("block_id", flat=True)) == [
        flex.tuesday.pk
    ]
    page = login(district.user("principal")).get(reverse("flex_setup", args=[district.north.pk]))
    assert (
        f'name="a-{carol.pk}-{flex.tuesday.pk}" value="1" id="a-{carol.pk}-{flex.tuesday.pk}" checked'.encode()
        in (page.content)
    )


def test_a_block_with_a_bad_time_is_refused_beside_its_field(district, flex, login):
    before = FlexBlock.objects.count()
    response = login(district.user("principal")).post(
        reverse("flex_block_add", args=[district.north.pk]),
        {"block-weekday": "2", "block-starts_at": "25:99", "block-minutes": "45"},
    )
    assert response.status_code == 400
    assert b"error-summary" in response.content
    assert FlexBlock.objects.count() == before


def test_sam_reads_where_to_be_and_why_in_english_and_in_spanish(district, flex, login):
    client = login(district.user("student"))
    url = reverse("flex_week", args=[district.sam.pk]) + WEEK
    page = client.get(url).content.decode()
    assert "My flex week" in page
    assert "Ratios clinic" in page
    assert "7.RP.2" in page
    client.cookies["django_language"] = "es"
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 200
    assert 'lang="es"' in spanish.content.decode()
    assert "Ratios clinic" in spanish.content.decode()
    translation.activate("en")


def test_a_guardian_sees_the_childs_week_but_no_choices_form(district, flex, login):
    page = login(district.user("guardian")).get(reverse("flex_week", args=[district.sam.pk]) + WEEK)
    assert b"Ratios clinic" in page.content
    assert b"Save my choices" not in page.content


def test_sam_ranks_the_enrichment_workshops(district, flex, login):
    response = login(district.user("student")).post(
        reverse("flex_preferences", args=[district.sam.pk]) + WEEK, {f"pref-rank_{flex.chess.pk}": "1"}
    )
    assert response.status_code == 302
    assert list(flex.chess.preferences.values_list("student_id", "rank")) == [(district.sam.pk, 1)]


def test_the_workshop_leader_takes_attendance_through_the_service_with_an_audit_row(district, flex, login):
    sam = flex.placement_of(district.sam)
    before = AuditEvent.objects.count()
    response = login(district.user("teacher")).post(
        reverse("flex_attendance", args=[flex.clinic.pk, flex.monday.pk]), {f"mark-{sam.pk}": "late"}
    )
    assert response.status_code == 302
    assert FlexAttendance.objects.get(placement=sam).mark == "late"
    assert AuditEvent.objects.count() > before
    roster = login(district.user("teacher")).get(reverse("flex_workshop", args=[flex.clinic.pk]))
    assert f'name="mark-{sam.pk}" value="late" checked'.encode() in roster.content
    assert b"7.RP.2" in roster.content  # each student's reason on the roster


def test_the_api_schedule_lists_each_placement_with_its_reason(district, flex, client):
    from tests.scheduling.test_page_personas import bearer

    answer = client.get(
        f"/api/v1/schools/{district.north.pk}/flex/schedule{WEEK}", **bearer(district.user("principal"))
    ).json()
    sams = [p for p in answer["placements"] if p["student_id"] == district.sam.pk]
    assert {p["workshop_id"] for p in sams if p["block_id"] == flex.monday.pk} == {flex.clinic.pk}
    assert all(p["reason"] for p in sams)
    assert answer["status"] == "published"


def test_an_unknown_attendance_mark_is_refused_with_its_code(district, flex, client):
    from tests.scheduling.test_page_personas import bearer

    sam = flex.placement_of(district.sam)
    response = client.post(
        f"/api/v1/flex/placements/{sam.pk}/attendance",
        {"mark": "asleep"},
        content_type="application/json",
        **bearer(district.user("teacher")),
    )
    assert (response.status_code, response.json()["code"]) == (400, "scheduling.mark_unknown")


# --- Outcomes ------------------------------------------------------------------------------------------


def _classmates(district, count: int) -> list[Person]:
    found = []
    for i in range(count):
        student = f.person(f"Kid{i}", "North", grades="07")
        f.role(student, district.north, "student")
        f.enroll(student, district.math)
        found.append(student)
    return found


def _score(student, competency, district, on: dt.date, score: int) -> None:
    evidence_record(
        student=student,
        competency=competency,
        score=Decimal(score),
        demonstrated_on=on,
        kind="task",
        section=district.math,
        actor=district.actor("teacher"),
    )


def test_the_outcome_is_suppressed_under_ten_and_shown_from_ten_on_each_side(district, flex, clock):
    attendees, others = _classmates(district, 10), _classmates(district, 10)
    for student in [*attendees, *others]:
        _score(student, flex.rp2, district, NEXT_WEEK - dt.timedelta(days=5), 2)
    for student in attendees:  # placed and present (rows written here: the solver is tested elsewhere)
        placement = Placement.objects.create(
            schedule=flex.schedule,
            student=student,
            block=flex.tuesday,
            workshop=flex.clinic,
            reason_code="need",
        )
        FlexAttendance.objects.create(placement=placement, mark="present", recorded_by_name="Alice", at=NOON)
    assert outcomes.workshop_outcome(flex.clinic)[0].ready is False  # two weeks have not passed yet
    clock.move_to(dt.datetime(2026, 10, 30, 16, tzinfo=dt.UTC))  # two weeks after the week's Friday
    for student in attendees:
        _score(student, flex.rp2, district, NEXT_WEEK + dt.timedelta(days=15), 3)
    for student in others:
        _score(student, flex.rp2, district, NEXT_WEEK + dt.timedelta(days=15), 2)
    (row,) = outcomes.workshop_outcome(flex.clinic)
    assert (row.ready, row.present, row.attendees, row.others) == (True, 10, 10, 10)
    assert row.shown
    assert row.attendee_change > row.others_change
    # One fewer comparison student and the comparison is suppressed, said in words, not as a number.
    PersonRole.objects.filter(person=others[0]).update(is_active=False)
    row = outcomes.workshop_outcome(flex.clinic)[0]
    assert (row.others, row.others_change, row.shown) == (9, None, False)


def test_solving_from_the_plan_runs_as_a_job_and_the_page_follows_it(
    district, flex, login, django_capture_on_commit_callbacks
):
    client = login(district.user("principal"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("flex_solve", args=[district.north.pk]), {"week": NEXT_WEEK.isoformat()}
        )
    assert response.status_code == 302
    job = Job.objects.get(kind="scheduling_solve")
    assert f"job={job.pk}" in response["Location"]
    assert job.status == Job.Status.SUCCEEDED
    draft = Schedule.objects.get(week=flex.schedule.week, status=Schedule.Status.DRAFT)
    page = client.get(response["Location"])
    assert b"Publish this week" in page.content
    assert draft.based_on == flex.schedule  # the re-solve starts from the published week


def test_a_teacher_offers_only_workshops_they_lead_themself(district, flex, login):
    carol = district.user("co_teacher").person
    response = login(district.user("teacher")).post(
        reverse("flex_workshops", args=[district.north.pk]) + WEEK,
        {
            "title": "Fractions",
            "kind": "intervention",
            "leader": str(carol.pk),
            "capacity": "8",
            "priority": "2",
        },
    )
    assert response.status_code == 400
    assert b"You offer workshops you lead yourself." in response.content
    assert not flex.clinic.week.workshops.filter(title="Fractions").exists()


def test_a_leader_locks_a_placement_and_the_lock_is_audited(district, flex, login):
    sam = flex.placement_of(district.sam)
    response = login(district.user("principal")).post(
        reverse("flex_placement_lock", args=[sam.pk]), {"locked": "1"}
    )
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.locked
    assert AuditEvent.objects.filter(
        action__startswith="scheduling.placement", object_id=str(sam.pk)
    ).exists()


def test_the_plan_has_one_form_per_activity_whose_ticked_students_are_locked_unlocked_or_moved(
    district, flex, login
):
    client = login(district.user("principal"))
    page = client.get(reverse("flex_plan", args=[district.north.pk]) + WEEK).content.decode()
    move = reverse("flex_placement_move", args=[flex.schedule.pk])
    sam, tia = flex.placement_of(district.sam), flex.placement_of(district.tia)
    activities = flex.schedule.placements.values_list("block_id", "workshop_id").distinct().count()
    assert page.count(f'action="{move}"') == activities  # one form per activity, not one per student
    assert "/lock/" not in page
    assert f'<label><input type="checkbox" name="placement" value="{sam.pk}">' in page

    client.post(move, {"placement": [str(sam.pk), str(tia.pk)], "action": "lock"})
    assert list(Placement.objects.filter(pk__in=[sam.pk, tia.pk]).values_list("locked", flat=True)) == [
        True,
        True,
    ]
    assert AuditEvent.objects.filter(
        action__startswith="scheduling.placement", object_id=str(tia.pk)
    ).exists()

    client.post(move, {"placement": [str(sam.pk)], "action": "unlock"})
    sam.refresh_from_db()
    tia.refresh_from_db()
    assert (sam.locked, tia.locked) == (False, True)

    client.post(move, {"placement": [str(tia.pk)], "action": "move", "workshop": str(flex.clinic.pk)})
    tia.refresh_from_db()
    assert (tia.workshop, tia.locked, tia.source) == (flex.clinic, True, "manual")

    response = client.post(move, {"action": "lock"}, follow=True)  # nobody ticked: said, nothing changed
    assert "Tick at least one student first." in response.content.decode()
    sam.refresh_from_db()
    assert not sam.locked
