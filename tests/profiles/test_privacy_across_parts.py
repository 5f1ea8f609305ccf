"""One boundary, checked on the whole profile page: a reflection the student marks "advisor only" reaches
the student and their advisor, and nobody else who can open the profile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.goals.services import goal_checkin, goal_create
from pathmaker.profiles.access import profile_access_or_404

SECRET = "I am worried about my parents splitting up and it is hard to focus"


@pytest.fixture
def private_reflection(district):
    student = district.user("student")
    access = profile_access_or_404(student, district.sam.pk)
    goal = goal_create(
        access=access,
        actor=Actor.for_user(student),
        category="personal",
        title="Sleep by ten on school nights",
        target_date=timezone.localdate() + dt.timedelta(days=30),
    )
    goal_checkin(
        access=access,
        goal=goal,
        actor=Actor.for_user(student),
        text="Three nights out of five this week",
        progress=3,
    )
    goal_checkin(
        access=access, goal=goal, actor=Actor.for_user(student), text=SECRET, progress=2, advisor_only=True
    )


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("student", True),
        ("advisor", True),
        ("teacher", False),
        ("co_teacher", False),
        ("principal", False),
        ("district_admin", False),
        ("guardian", False),
    ],
)
def test_an_advisor_only_reflection_reaches_the_student_and_advisor_alone(
    district, login, private_reflection, persona, sees
):
    page = login(district.user(persona)).get(
        reverse("student_profile", kwargs={"student_id": district.sam.pk})
    )
    assert page.status_code == 200
    assert (SECRET in page.content.decode()) is sees
