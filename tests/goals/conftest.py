"""Goal fixtures: a frozen clock, each persona's access to Sam's profile, and goal builders.

The clock stands at noon on 1 October 2026 in the district's time zone (America/New_York), a month
into the school year the roster factories date everything from.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.goals import services
from pathmaker.goals.models import CheckIn, Goal, GoalStep
from pathmaker.profiles.access import ProfileAccess, profile_access_or_404

TODAY = dt.date(2026, 10, 1)
NOON = dt.datetime(2026, 10, 1, 16, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def access_of(district, persona: str, student=None) -> ProfileAccess:
    return profile_access_or_404(district.user(persona), (student or district.sam).pk)


def own_goal(
    district, *, title: str = "Finish my lab reports on time", target: dt.date | None = None, **kwargs
) -> Goal:
    """A goal Sam sets himself (active at once)."""
    return services.goal_create(
        access=access_of(district, "student"),
        actor=district.actor("student"),
        category=kwargs.pop("category", "academic"),
        title=title,
        target_date=target or days(30),
        **kwargs,
    )


def proposed_goal(district, persona: str = "advisor", **kwargs) -> Goal:
    """A goal an adult proposes for Sam (waiting for his acceptance)."""
    return services.goal_create(
        access=access_of(district, persona),
        actor=district.actor(persona),
        category=kwargs.pop("category", "college_career"),
        title=kwargs.pop("title", "Visit the career fair"),
        target_date=kwargs.pop("target", days(20)),
        **kwargs,
    )


def reflect(district, goal: Goal, text: str = "Two labs in on time this week.", **kwargs) -> CheckIn:
    return services.goal_checkin(
        access=access_of(district, "student"), goal=goal, actor=district.actor("student"), text=text, **kwargs
    )


def respond(district, checkin: CheckIn, persona: str, text: str = "Keep it going.") -> CheckIn:
    return services.goal_respond(
        access=access_of(district, persona), checkin=checkin, actor=district.actor(persona), text=text
    )


def competency(
    statement: str = "Plans the steps toward a goal", *, code: str = "MV.POG.5.1", retired: bool = False
):
    framework = frameworks.framework_create(
        title=f"Portrait {code}", description="", actor=Actor.system("test")
    )
    found = frameworks.competency_create(
        framework=framework, full_statement=statement, human_coding_scheme=code, actor=Actor.system("test")
    )
    if retired:
        frameworks.competency_retire(competency=found, actor=Actor.system("test"))
        found.refresh_from_db()
    return found


def snapshot() -> tuple[int, ...]:
    """Counts of everything a goal service may write, to show a refusal changed nothing."""
    return (
        Goal.objects.count(),
        GoalStep.objects.count(),
        CheckIn.objects.count(),
        AuditEvent.objects.filter(action__startswith="goal.").count(),
        GoalStep.objects.filter(done_on__isnull=False).count(),
        Goal.objects.filter(status__in=["active", "achieved", "set_aside"]).count(),
    )
