"""Who may do what with a student's goals, on the learner profile's access (`ProfileAccess`).

The student sets, plans, checks in on and closes their goals. An advisor or a teacher of the student
proposes goals (the student accepts or declines) and plans the steps of their own proposal while it
waits. Adults who work with the student respond to check-ins; a reflection marked "advisor only" is
seen by the student and their advisors alone. A goal, step or check-in outside this looks like none.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone

from pathmaker.goals.models import CheckIn, Goal, GoalStep
from pathmaker.goals.selectors import GoalCard, cards_for, visible_checkins
from pathmaker.profiles.access import ProfileAccess


def may_propose(access: ProfileAccess) -> bool:
    """An advisor or a teacher of the student proposes goals; other staff respond but do not propose."""
    return access.may_respond and (access.is_advisor or access.is_teacher)


def may_create(access: ProfileAccess) -> bool:
    return access.may_write_own or may_propose(access)


def may_plan(access: ProfileAccess, goal: Goal, user: Any) -> bool:
    """Adding steps and ticking them off: the student; and the proposer while the goal is a proposal."""
    if not goal.is_open:
        return False
    if access.may_write_own:
        return True
    return (
        goal.status == Goal.Status.PROPOSED
        and access.may_respond
        and user is not None
        and goal.proposed_by_id is not None
        and goal.proposed_by_id == user.pk
    )


def may_see_checkin(access: ProfileAccess, checkin: CheckIn) -> bool:
    reflection = checkin.responds_to or checkin  # a response is seen as its reflection is
    return not reflection.advisor_only or access.sees_advisor_only


def may_plan_at_all(access: ProfileAccess, goal: Goal, user: Any) -> bool:
    """Whether adding and ticking off steps is ever this viewer's to do on this goal (whatever its state)."""
    return access.may_write_own or (access.may_respond and goal.proposed_by_id == user.pk)


def goal_card_or_404(access: ProfileAccess, goal_id: int, *, today: dt.date | None = None) -> GoalCard:
    cards = cards_for(
        access, Goal.objects.filter(student=access.student, pk=goal_id), today or timezone.localdate()
    )
    if not cards:
        raise Http404("No such goal")
    return cards[0]


def step_or_404(access: ProfileAccess, goal_id: int, step_id: int) -> GoalStep:
    step = (
        GoalStep.objects.select_related("goal")
        .filter(pk=step_id, goal_id=goal_id, goal__student=access.student)
        .first()
    )
    if step is None:
        raise Http404("No such step")
    return step


def checkin_or_404(access: ProfileAccess, goal_id: int, checkin_id: int) -> CheckIn:
    """A check-in this viewer may read; an advisor-only one looks like no check-in at all to others."""
    checkin = (
        visible_checkins(access)
        .select_related("goal", "responds_to")
        .filter(pk=checkin_id, goal_id=goal_id)
        .first()
    )
    if checkin is None:
        raise Http404("No such check-in")
    return checkin
