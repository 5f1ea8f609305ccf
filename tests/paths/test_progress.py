"""The teachers' view of a section: where each student is on their plan (a chart with its numbers), who is
behind pace, who is stuck, which resources students used and how they did afterwards, and one playlist
assigned to several students from there; who may open it, the reads it audits and its bounded queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pathmaker.access.scope import relation_to
from pathmaker.audit.models import AuditEvent
from pathmaker.mastery.recording import evidence_record
from pathmaker.pacing import services as pacing
from pathmaker.pacing.models import Deadline
from pathmaker.paths import selectors, services
from pathmaker.paths.models import Playlist, PlaylistStep
from tests import factories as f
from tests.personas import assert_opens_only_for, persona_table

WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
# Math 7's teachers, North's principal and the district: they see its progress and assign its playlists.
TEACHES_SAM = ["teacher", "co_teacher", "principal", "district_admin"]
NOT_TEACHING_SAM = ["student", "guardian", "advisor", *WRONG]

PROGRESS_PAGES = persona_table(
    "section progress page",
    [("section_progress", lambda d, m: [d.math.pk], TEACHES_SAM, NOT_TEACHING_SAM)],
)

PROGRESS_ACTIONS = persona_table(
    "section progress assign",
    [
        (
            "section_progress",
            lambda d, m: [d.math.pk],
            lambda d, m: {
                "competency": m.rp1.pk,
                "resources": [m.video.pk, m.reading.pk],
                "students": [d.sam.pk, d.tia.pk],
            },
            TEACHES_SAM,
            NOT_TEACHING_SAM,
        )
    ],
)


def score(district, student, competency, value: str, on: dt.date):
    return evidence_record(
        student=student,
        competency=competency,
        score=Decimal(value),
        kind="task",
        demonstrated_on=on,
        actor=district.actor("teacher"),
        section=district.math,
    )


def sam_works_through_three_steps_without_moving(district, math) -> None:
    """Sam was at 2 before; he finishes the video, the reading and the practice and is still at 2."""
    score(district, district.sam, math.rp1, "2", dt.date(2026, 9, 20))
    playlist = services.playlist_add(
        relation=relation_to(district.user("teacher"), district.sam.pk),
        competency=math.rp1,
        resources=[math.video, math.reading, math.practice, math.quiz],
        actor=district.actor("teacher"),
    )
    sam = relation_to(district.user("student"), district.sam.pk)
    for resource in (math.video, math.reading, math.practice):
        services.step_done(
            relation=sam, step=playlist.steps.get(resource=resource), actor=district.actor("student")
        )


def tia_aces_the_quiz(district, math) -> None:
    """Tia was at 2 before; her teacher scores her quiz at 4 today."""
    score(district, district.tia, math.rp1, "2", dt.date(2026, 9, 20))
    teacher = relation_to(district.user("teacher"), district.tia.pk)
    playlist = services.playlist_add(
        relation=teacher,
        competency=math.rp1,
        resources=[math.video, math.quiz],
        actor=district.actor("teacher"),
    )
    services.step_score(
        relation=teacher,
        step=playlist.steps.get(resource=math.quiz),
        score=Decimal("4"),
        demonstrated_on=dt.date(2026, 10, 1),
        actor=district.actor("teacher"),
    )


@pytest.mark.parametrize(("name", "args", "allowed", "refused"), PROGRESS_PAGES)
def test_the_progress_page_opens_for_the_sections_teachers_leaders_and_the_district_only(
    district, math, login, name, args, allowed, refused
):
    assert_opens_only_for(login, district, reverse(name, args=args(district, math)), allowed, refused)


@pytest.mark.parametrize(("name", "args", "form", "allowed", "refused"), PROGRESS_ACTIONS)
def test_assigning_from_the_progress_page_is_taken_by_the_right_personas_and_refused_to_the_others(
    district, math, login, name, args, form, allowed, refused
):
    url, data = reverse(name, args=args(district, math)), form(district, math)
    answers = {p: login(district.user(p)).post(url, data).status_code for p in refused}
    assert answers == dict.fromkeys(refused, 404)
    assert PlaylistStep.objects.count() == 0
    for persona in allowed:
        with transaction.atomic():
            response = login(district.user(persona)).post(url, data)
            assert response.status_code == 302, persona
            assert response["Location"] == f"{url}?competency={math.rp1.pk}#assign"
            assert set(Playlist.objects.values_list("student_id", flat=True)) == {
                district.sam.pk,
                district.tia.pk,
            }
            assert PlaylistStep.objects.count() == 4
            transaction.set_rollback(True)


def test_a_student_who_finishes_three_steps_without_a_level_change_is_stuck_and_one_who_rose_is_not(
    district, math
):
    sam_works_through_three_steps_without_moving(district, math)
    tia_aces_the_quiz(district, math)
    rows = {row.student.pk: row for row in selectors.section_progress(district.math).students}
    (stuck,) = rows[district.sam.pk].stuck
    assert (stuck.competency, stuck.steps, stuck.before, stuck.now) == (math.rp1, 3, 2.0, 2.0)
    assert rows[district.tia.pk].stuck == ()


def test_stuck_waits_for_the_number_of_steps_the_setting_names(district, math, settings):
    sam_works_through_three_steps_without_moving(district, math)
    settings.PATHMAKER_STUCK_STEPS = 4
    progress = selectors.section_progress(district.math)
    assert (progress.stuck_steps, [row.stuck for row in progress.students]) == (4, [(), ()])


def test_each_resource_used_shows_how_many_finished_it_and_their_mean_level_change_afterwards(district, math):
    sam_works_through_three_steps_without_moving(district, math)
    tia_aces_the_quiz(district, math)
    uses = {
        u.resource.title: (u.used, u.compared, u.mean_change)
        for u in selectors.section_progress(district.math).resources
    }
    assert uses["Unit rates video"] == (1, 1, 0.0)
    assert uses["Unit rates reading"] == (1, 1, 0.0)
    used, compared, change = uses["Unit rates quiz"]
    assert (used, compared) == (1, 1) and change > 0


def test_the_page_draws_the_plans_as_a_chart_with_its_numbers_and_says_who_is_behind_and_stuck(
    district, math, login
):
    sam_works_through_three_steps_without_moving(district, math)
    tia_aces_the_quiz(district, math)
    deadline = pacing.hard_deadline_set(
        section=district.math,
        competency_id=math.rp3.pk,
        due_on=timezone.localdate() + dt.timedelta(days=1),
        student=district.tia,
        actor=district.actor("teacher"),
    )[0]
    Deadline.objects.filter(pk=deadline.pk).update(
        due_on=dt.date(2026, 9, 25), first_due_on=dt.date(2026, 9, 25)
    )
    response = login(district.user("teacher")).get(reverse("section_progress", args=[district.math.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="chart-svg"' in text and "The course&#x27;s competencies by student" in text
    assert "<caption>The course&#x27;s competencies by student</caption>" in text  # the numbers, as a table
    behind = text[text.index('id="behind-heading"') : text.index('id="stuck-heading"')]
    assert "Tia Tran" in behind and "Sam Garcia" not in behind
    stuck = text[text.index('id="stuck-heading"') : text.index('id="resources-heading"')]
    assert "Stuck means: 3 steps or more" in stuck
    assert "Sam Garcia: 7.RP.1" in stuck and "Tia Tran" not in stuck
    resources = text[text.index('id="resources-heading"') : text.index('id="assign-heading"')]
    assert "no claim of causation" in resources
    assert "Unit rates quiz" in resources and "(of 1 student)" in resources
    # The stuck students are ticked to start with in the assign form; the others are not.
    ticked = set(re.findall(r'name="students" value="(\d+)"[^>]*checked', text))
    assert ticked == {str(district.sam.pk)}


def test_every_student_shown_is_audited_as_a_read(district, math, login):
    login(district.user("principal")).get(reverse("section_progress", args=[district.math.pk]))
    shown = AuditEvent.objects.filter(action="paths.section_progress_view")
    assert sorted(shown.values_list("student_id", flat=True)) == sorted([district.sam.pk, district.tia.pk])
    assert {e.detail["section"] for e in shown} == {district.math.pk}


def test_the_teacher_and_the_section_page_link_to_the_progress_page(district, math, login):
    client = login(district.user("teacher"))
    url = reverse("section_progress", args=[district.math.pk])
    assert url in client.get(reverse("home")).content.decode()
    assert url in client.get(reverse("section_detail", args=[district.math.pk])).content.decode()


def _more_students(district, math, count: int, first: int = 0) -> None:
    """`count` more students in Math 7, each with three finished playlist steps and a score before them."""
    now = timezone.now()
    for n in range(first, first + count):
        student = f.person("Extra", f"Student{n:02}", grades="07")
        f.role(student, district.north, "student")
        f.enroll(student, district.math)
        score(district, student, math.rp1, "2", dt.date(2026, 9, 20))
        playlist = Playlist.objects.create(student=student, competency=math.rp1, created_at=now)
        for position, resource in enumerate((math.video, math.reading, math.practice)):
            PlaylistStep.objects.create(
                playlist=playlist,
                resource=resource,
                position=position,
                state="done",
                added_at=now,
                finished_at=now,
            )


def test_the_page_reads_in_the_same_number_of_queries_for_5_and_35_students(district, math, login):
    client = login(district.user("teacher"))
    url = reverse("section_progress", args=[district.math.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _more_students(district, math, 3)  # with Sam and Tia: 5
    queries()  # the first request also reads what is cached for the next ones (the session, the policy)
    few = queries()
    _more_students(district, math, 30, first=3)
    assert len(selectors.section_progress(district.math).students) == 35
    assert queries() == few


def test_each_student_is_placed_on_their_plan_by_mastered_working_and_not_started(district, math):
    score(district, district.sam, math.rp1, "2", dt.date(2026, 9, 20))
    score(district, district.tia, math.rp1, "4", dt.date(2026, 9, 20))
    rows = {row.student.pk: row for row in selectors.section_progress(district.math).students}
    sam, tia = rows[district.sam.pk], rows[district.tia.pk]
    assert (sam.mastered, sam.working, sam.not_started, sam.next_step) == (0, 1, 3, math.rp1)
    # Tia mastered 7.RP.1, so 7.RP.2 (which needs it) is next on her plan.
    assert (tia.mastered, tia.working, tia.not_started, tia.next_step) == (1, 0, 3, math.rp2)


def test_an_assignment_the_service_refuses_is_shown_beside_its_field_on_the_progress_page(
    district, math, login
):
    url = reverse("section_progress", args=[district.math.pk])
    response = login(district.user("teacher")).post(
        url, {"competency": math.rp1.pk, "resources": [math.video.pk], "students": [district.sam.pk]}
    )
    assert response.status_code == 400
    assert 'id="id_resources_error"' in response.content.decode()
    assert "at least two ways of learning" in response.content.decode()
    assert PlaylistStep.objects.count() == 0
