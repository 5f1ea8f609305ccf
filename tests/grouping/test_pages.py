"""What the grouping pages show: the proposal with each student's reason and what could not be met, moving
students with the selects, a student's own group only, the demographic option only where allowed, the
outcomes with their suppression, and the rotation's schedule."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from pathmaker.audit.models import AuditEvent
from pathmaker.grouping import selectors, services
from pathmaker.grouping.models import Grouping, GroupMember
from tests.grouping.conftest import TODAY, ask, classmates, score


def four(district, math):
    """Sam 1, Amy 2, Tia 3, Ben 4 on 7.RP.1: alike groups of two are (Sam, Amy) and (Tia, Ben)."""
    amy, ben = classmates(district, 2)
    for student, value in ((district.sam, "1"), (amy, "2"), (district.tia, "3"), (ben, "4")):
        score(district, student, math.rp1, value)
    return amy, ben


def proposal_url(district, math, **extra) -> str:
    query = f"?competencies={math.rp1.pk}&goal=alike&min_size=2&max_size=2"
    query += "".join(f"&{k}={v}" for k, v in extra.items())
    return reverse("grouping_new", args=[district.math.pk]) + query


def test_the_proposal_says_why_each_student_is_in_their_group(district, math, login):
    four(district, math)
    page = login(district.user("teacher")).get(proposal_url(district, math)).content.decode()
    assert "Similar levels: 1–2 on 7.RP.1." in page
    assert "Similar levels: 3–4 on 7.RP.1." in page
    assert set(AuditEvent.objects.filter(action="grouping.propose").values_list("student_id", flat=True)) >= {
        district.sam.pk,
        district.tia.pk,
    }


def test_the_proposal_says_what_could_not_be_met_and_what_to_relax(district, math, login):
    page = login(district.user("teacher")).get(
        reverse("grouping_new", args=[district.math.pk])
        + f"?competencies={math.rp1.pk}&goal=alike&min_size=2&max_size=2"
        + f"&apart_0_a={district.sam.pk}&apart_0_b={district.tia.pk}"
    )
    assert (
        "Sam Garcia and Tia Tran could not be kept apart: allow more groups or remove a pair."
        in page.content.decode()
    )


def test_saving_the_proposal_with_a_student_moved_by_the_select(district, math, login):
    amy, ben = four(district, math)
    form = {
        f"student_{district.sam.pk}": 0,
        f"student_{amy.pk}": 1,  # moved from group 1 to group 2
        f"student_{district.tia.pk}": 1,
        f"student_{ben.pk}": 0,
        "on": TODAY.isoformat(),
        "purpose": "Ratio tables",
    }
    response = login(district.user("teacher")).post(proposal_url(district, math), form)
    grouping = Grouping.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "grouping_detail", args=[grouping.pk]
    )
    codes = dict(GroupMember.objects.values_list("student_id", "reason_code"))
    assert codes == {district.sam.pk: "alike", amy.pk: "moved", district.tia.pk: "alike", ben.pk: "moved"}


def test_the_demographic_option_is_offered_to_a_principal_and_absent_for_a_teacher(district, math, login):
    url = reverse("grouping_new", args=[district.math.pk])
    assert 'name="balance"' in login(district.user("principal")).get(url).content.decode()
    assert 'name="balance"' not in login(district.user("teacher")).get(url).content.decode()


def test_a_teacher_sending_the_demographic_option_anyway_gets_the_proposal_without_it(district, math, login):
    # The field does not exist for them, so the value is ignored (and the service would refuse it).
    page = login(district.user("teacher")).get(proposal_url(district, math, balance="english_learner"))
    assert page.status_code == 200 and "English learners" not in page.content.decode()


def sams_group(district, math):
    amy, ben = four(district, math)
    grouping = services.grouping_save(
        ask=ask(district, math, min_size=2),
        on=TODAY,
        purpose="Unit rates again",
        actor=district.actor("teacher"),
    )
    return grouping, amy, ben


def test_a_student_sees_their_own_group_and_nobody_from_the_other(district, math, login):
    grouping, amy, ben = sams_group(district, math)
    for persona in ("student", "guardian"):
        page = (
            login(district.user(persona))
            .get(reverse("student_groups", args=[district.sam.pk]))
            .content.decode()
        )
        assert "Unit rates again" in page and amy.display_name in page, persona
        assert "Tia Tran" not in page and ben.display_name not in page, persona
        assert "Similar levels: 1–2 on 7.RP.1." in page


def test_an_advisor_sees_the_advisees_group_without_classmates_they_do_not_see(district, math, login):
    grouping, amy, ben = sams_group(district, math)
    page = (
        login(district.user("advisor"))
        .get(reverse("student_groups", args=[district.sam.pk]))
        .content.decode()
    )
    assert amy.display_name not in page and "1 other student" in page
    detail = (
        login(district.user("advisor")).get(reverse("grouping_detail", args=[grouping.pk])).content.decode()
    )
    assert "Sam Garcia" in detail and "Tia Tran" not in detail and amy.display_name not in detail
    assert "Save the moves" not in detail


def test_the_saved_grouping_offers_a_select_per_student_to_move_them(district, math, login):
    grouping, amy, ben = sams_group(district, math)
    page = (
        login(district.user("teacher")).get(reverse("grouping_detail", args=[grouping.pk])).content.decode()
    )
    assert page.count("<select") >= 4 + 2  # four students, and each group's staff select
    assert "grouping/move.js" in page


def test_outcomes_wait_two_weeks_then_show_means_only_for_ten_or_more(district, math):
    extra = classmates(district, 22)
    everyone = [district.sam, district.tia, *extra]
    start = TODAY - dt.timedelta(days=20)
    for i, student in enumerate(everyone):
        score(district, student, math.rp1, "2", on=start - dt.timedelta(days=3))
        # The first twelve (the first group, alike on equal levels: by key) gain a level; the rest half.
        score(district, student, math.rp1, "4" if i < 12 else "3", on=start + dt.timedelta(days=5))
    grouping = services.grouping_save(
        ask=ask(district, math, min_size=12, max_size=12),
        on=start,
        purpose="",
        groups=[[s.pk for s in everyone[:12]], [s.pk for s in everyone[12:]]],
        actor=district.actor("teacher"),
    )
    view = selectors.grouping_view(grouping)
    first = selectors.outcomes(view)[0]
    assert (first.ready, first.members, first.others) == (True, 12, 12)
    # Level by the default rule after "2" then "4": the engine's answer, compared with "2" then "3".
    assert first.member_change is not None and first.other_change is not None
    assert first.member_change > first.other_change
    assert selectors.outcomes(view, today=start + dt.timedelta(days=13))[0].ready is False


def test_outcomes_are_suppressed_below_ten_students(district, math):
    grouping, amy, ben = sams_group(district, math)
    Grouping.objects.filter(pk=grouping.pk).update(on=TODAY - dt.timedelta(days=30))
    score(district, district.sam, math.rp1, "3", on=TODAY - dt.timedelta(days=40))
    grouping.refresh_from_db()
    found = selectors.outcomes(selectors.grouping_view(grouping))
    assert all(o.suppressed and o.member_change is None for o in found)


def test_the_rotation_page_gives_each_rotation_its_times_and_stations(district, math, login):
    response = login(district.user("teacher")).post(
        reverse("rotation_new", args=[district.math.pk]),
        {
            "competencies": [math.rp1.pk],
            "on": TODAY.isoformat(),
            "starts_at": "09:00",
            "minutes": 20,
            "rotations": 2,
            "station_0_kind": "online",
            "station_0_name": "Practice set",
            "station_1_kind": "teacher_led",
            "station_1_name": "With me",
        },
    )
    assert response.status_code == 302
    page = login(district.user("teacher")).get(response["Location"]).content.decode()
    assert "09:00–09:20" in page and "09:20–09:40" in page
    assert page.index("With me") < page.index("Practice set")  # the teacher-led station comes first
