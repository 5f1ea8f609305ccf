"""What the plan, playlist and home pages show: reasons in words, the next step and one recommendation per
course, the family's view, and a changed level showing on the very next page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from pathmaker.access.scope import relation_to
from pathmaker.audit.models import AuditEvent
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.services import flag_set
from pathmaker.paths import services


def test_the_plan_page_says_why_each_competency_sits_where_it_does(district, math, login):
    page = login(district.user("student")).get(
        reverse("plan_detail", args=[district.sam.pk, district.math.course.pk])
    )
    text = page.content.decode()
    assert "Needs 7.RP.1 first." in text
    assert "The course&#x27;s order." in text or "The course's order." in text
    assert AuditEvent.objects.filter(action="paths.plan_view", student_id=district.sam.pk).exists()


def test_a_teachers_reason_is_shown_to_the_student_and_the_history_keeps_it(district, math, login):
    client = login(district.user("teacher"))
    url = reverse("plan_move", args=[district.sam.pk, district.math.course.pk])
    response = client.post(
        url, {"competency": math.ns1.pk, "after": "first", "reason": "Field trip on Friday"}
    )
    assert response.status_code == 302
    text = (
        login(district.user("student"))
        .get(reverse("plan_detail", args=[district.sam.pk, district.math.course.pk]))
        .content.decode()
    )
    assert "Your teacher moved it: “Field trip on Friday”" in text
    assert "Changes to this plan" in text


def test_a_teacher_who_forgets_the_reason_is_told_beside_the_field(district, math, login):
    url = reverse("plan_move", args=[district.sam.pk, district.math.course.pk])
    response = login(district.user("teacher")).post(
        url, {"competency": math.ns1.pk, "after": "first", "reason": ""}
    )
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()


def test_a_student_move_over_a_prerequisite_is_refused_with_the_reason(district, math, login):
    client = login(district.user("student"))
    url = reverse("plan_move", args=[district.sam.pk, district.math.course.pk])
    response = client.post(url, {"competency": math.rp2.pk, "after": "first"}, follow=True)
    assert "prerequisites come first" in response.content.decode()


def test_the_students_home_answers_what_next(district, math, login):
    text = login(district.user("student")).get(reverse("home")).content.decode()
    assert "What next" in text
    assert "Nothing due in the next two weeks." in text
    assert "7.RP.1 is next on your plan and you have mastered what it needs." in text


def test_a_revision_the_teacher_asked_for_is_listed_and_recommended_first(district, math, login):
    flag_set(
        student=district.sam,
        competency=math.rp3,
        kind="needs_revision",
        note="Show the percent as a fraction too",
        actor=district.actor("teacher"),
    )
    text = login(district.user("student")).get(reverse("home")).content.decode()
    assert "Show the percent as a fraction too" in text
    assert "Revise 7.RP.3: your teacher asked for a revision." in text


def test_a_changed_level_shows_in_the_plan_and_the_recommendation_on_the_next_request(
    district, math, login, client
):
    evidence_record(
        student=district.sam,
        competency=math.rp1,
        score=Decimal(4),
        demonstrated_on=dt.date(2026, 9, 30),
        kind="task",
        actor=district.actor("teacher"),
    )
    text = login(district.user("student")).get(reverse("home")).content.decode()
    assert "7.RP.2 is next on your plan" in text


def test_the_family_sees_the_same_what_next_in_spanish(district, math, login):
    text = login(district.user("guardian")).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sam" in text
    assert reverse("plan_detail", args=[district.sam.pk, district.math.course.pk]) in text


def test_a_playlist_page_shows_its_steps_and_a_quiz_to_answer(district, math, login):
    services.playlist_add(
        relation=relation_to(district.user("teacher"), district.sam.pk),
        competency=math.rp1,
        resources=[math.video, math.quiz],
        actor=district.actor("teacher"),
    )
    text = (
        login(district.user("student"))
        .get(reverse("playlist_detail", args=[district.sam.pk, math.rp1.pk]))
        .content.decode()
    )
    assert "Unit rates video" in text
    assert "3 apples for $6: one apple?" in text
    assert "Mark done" in text
    assert "How do you want to learn this?" in text


def test_the_teacher_sees_library_suggestions_to_confirm(district, math, login):
    text = (
        login(district.user("teacher"))
        .get(reverse("playlist_detail", args=[district.sam.pk, math.rp1.pk]))
        .content.decode()
    )
    assert "Suggestions from the library" in text
    assert "Unit rates reading" in text


def test_the_student_is_offered_only_the_moves_the_prerequisites_allow(district, math, login):
    page = login(district.user("student")).get(
        reverse("plan_detail", args=[district.sam.pk, district.math.course.pk])
    )
    text = page.content.decode()
    # 7.RP.2 needs 7.RP.1: 7.RP.1 cannot move down past it, nor 7.RP.2 up past it.
    assert 'Move down<span class="visually-hidden">: 7.RP.1' not in text
    assert 'Move up<span class="visually-hidden">: 7.RP.2' not in text
    assert 'Move down<span class="visually-hidden">: 7.RP.2' in text
