"""The advisor's page lists the student's new check-ins that no adult has answered yet."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from pathmaker.goals.selectors import checkins_awaiting_reply
from tests.goals.conftest import own_goal, reflect, respond


def test_a_check_in_no_adult_has_answered_waits_for_a_reply(district):
    goal = own_goal(district)
    checkin = reflect(district, goal, text="Finished the first lab.")
    assert checkins_awaiting_reply([district.sam]) == [checkin]


def test_an_adults_response_after_it_clears_it(district, clock):
    goal = own_goal(district)
    checkin = reflect(district, goal)
    clock.shift(dt.timedelta(minutes=5))
    respond(district, checkin, "advisor")
    assert checkins_awaiting_reply([district.sam]) == []


def test_a_later_student_check_in_still_waits_after_an_earlier_answer(district, clock):
    goal = own_goal(district)
    first = reflect(district, goal, text="Week one.")
    clock.shift(dt.timedelta(minutes=5))
    respond(district, first, "teacher")
    clock.shift(dt.timedelta(days=7))
    second = reflect(district, goal, text="Week two.")
    assert checkins_awaiting_reply([district.sam]) == [second]


def test_the_advisors_page_shows_the_check_ins_waiting_with_links_to_them(district, login):
    goal = own_goal(district, title="Read four books")
    checkin = reflect(district, goal, text="Started the second book.")
    page = login(district.user("advisor")).get(reverse("advising")).content.decode()
    assert "New check-ins waiting for your reply" in page and "Started the second book." in page
    assert f"{reverse('goal_detail', args=[district.sam.pk, goal.pk])}#checkin-{checkin.pk}" in page


def test_the_advisors_page_lists_nothing_once_the_advisor_replied(district, login, clock):
    goal = own_goal(district)
    checkin = reflect(district, goal, text="Started the second book.")
    clock.shift(dt.timedelta(minutes=5))
    respond(district, checkin, "advisor")
    page = login(district.user("advisor")).get(reverse("advising")).content.decode()
    assert "New check-ins waiting for your reply" not in page
