"""Goals for the demo student: a realistic few weeks of goal-setting, check-ins and responses.

Everything is written through the services (so the audit log and the rules are the real ones); the
services stamp the present moment, so the rows are then moved back to the weeks they belong to.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.frameworks.models import Competency
from pathmaker.goals import services
from pathmaker.goals.models import CheckIn, Goal, GoalStep
from pathmaker.goals.services import StepSpec
from pathmaker.profiles.access import ProfileAccess, profile_access_or_404


def _access(user: Any, student_id: int, who: str) -> ProfileAccess:
    try:
        return profile_access_or_404(user, student_id)
    except Http404:
        raise RuntimeError(
            f"the demo {who} ({user.get_username()}) cannot see the demo student's profile: "
            "the teacher must teach the student and the advisor must advise them"
        ) from None


def _at(today: dt.date, days_ago: int, hour: int = 15, minute: int = 30) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, minute))
    )


def _competencies(*codes: str) -> list[int]:
    found = []
    for code in codes:
        competency = (
            Competency.objects.filter(human_coding_scheme=code, is_retired=False).order_by("id").first()
        )
        if competency is not None:
            found.append(competency.pk)
    return found


def _backdate_goal(
    goal: Goal, *, created: dt.datetime, accepted: dt.datetime | None = None, target: dt.date | None = None
) -> None:
    Goal.objects.filter(pk=goal.pk).update(
        created_at=created, accepted_at=accepted, **({"target_date": target} if target else {})
    )
    GoalStep.objects.filter(goal=goal).update(added_at=created)


def _checkin(
    access: ProfileAccess,
    goal: Goal,
    by: Any,
    at: dt.datetime,
    text: str,
    progress: int | None,
    *,
    advisor_only: bool = False,
) -> CheckIn:
    checkin = services.goal_checkin(
        access=access,
        goal=goal,
        actor=Actor.for_user(by),
        text=text,
        progress=progress,
        advisor_only=advisor_only,
    )
    CheckIn.objects.filter(pk=checkin.pk).update(created_at=at)
    checkin.created_at = at
    return checkin


def _respond(access: ProfileAccess, checkin: CheckIn, by: Any, at: dt.datetime, text: str) -> CheckIn:
    response = services.goal_respond(access=access, checkin=checkin, actor=Actor.for_user(by), text=text)
    CheckIn.objects.filter(pk=response.pk).update(created_at=at)
    return response


def _done(access: ProfileAccess, goal: Goal, by: Any, position: int, on: dt.date) -> None:
    step = goal.steps.get(position=position)
    services.goal_step_done(access=access, step=step, actor=Actor.for_user(by))
    GoalStep.objects.filter(pk=step.pk).update(done_on=on)


@transaction.atomic
def build_demo_goals(*, student: Any, advisor: Any, teacher: Any, today: dt.date) -> list[Goal]:
    """Four goals for the demo student: an academic goal going well (with a teacher's and the advisor's
    responses), a habits goal that is overdue and stalled (with an advisor-only reflection), an achieved
    personal goal, and a college and career goal the advisor proposed that waits for acceptance.

    `student`, `advisor` and `teacher` are accounts whose `.person` is set; the advisor must advise
    the student and the teacher must teach them."""
    sid = student.person_id
    me = _access(student, sid, "student")
    ada = _access(advisor, sid, "advisor")
    mr = _access(teacher, sid, "teacher")
    horizon = today + dt.timedelta(days=60)

    # 1. Academic, active for six weeks, going well.
    math = services.goal_create(
        access=me,
        actor=Actor.for_user(student),
        category=Goal.Category.ACADEMIC,
        title="Reach proficient on proportional relationships before winter break",
        why="Ratios keep coming back in science too, and I want to stop guessing on the percent problems.",
        target_date=horizon,
        steps=[
            StepSpec("Redo the unit-rate practice set and check my answers"),
            StepSpec("Go to flex-time math help twice"),
            StepSpec("Explain one proportional graph to a classmate"),
            StepSpec("Take the retake quiz on percent problems", today + dt.timedelta(days=40)),
        ],
        competency_ids=_competencies("MV.M.PROP", "MV.M.PCT"),
    )
    _backdate_goal(math, created=_at(today, 42, 10, 5), accepted=_at(today, 42, 10, 5))
    _done(me, math, student, 1, today - dt.timedelta(days=30))
    _done(me, math, student, 2, today - dt.timedelta(days=12))
    first = _checkin(
        me,
        math,
        student,
        _at(today, 35),
        "I redid the practice set. I get unit rates now but "
        "I still mix up which number goes on top when I write y = kx.",
        2,
    )
    _respond(
        mr,
        first,
        teacher,
        _at(today, 34, 8, 10),
        "Good catch on where you get stuck. Try saying it as "
        '"y for every one x" and check with a table. Come to flex time on Tuesday and we\'ll practise.',
    )
    second = _checkin(
        me,
        math,
        student,
        _at(today, 20),
        "Flex time helped. I got 3 of 4 proportional graph questions right on the exit ticket.",
        3,
    )
    _respond(
        ada,
        second,
        advisor,
        _at(today, 19, 9, 0),
        "That's real progress. What helped most at flex "
        "time? Let's write it down as a strategy you can reuse.",
    )
    _checkin(
        me,
        math,
        student,
        _at(today, 6),
        "Explaining the graph to Jordan made me notice the unit "
        "rate is the point at x = 1. Retake is next month.",
        3,
    )

    # 2. Habits: overdue (target and a step passed) and stalled (no check-in for 25 days).
    habits = services.goal_create(
        access=me,
        actor=Actor.for_user(student),
        category=Goal.Category.HABITS,
        title="Turn in every assignment on time for a month",
        why="Late work is pulling my grades down even when I understand it.",
        target_date=horizon,
        steps=[
            StepSpec("Write every assignment in my planner before I leave class"),
            StepSpec("Check Pathmaker every Sunday evening", horizon - dt.timedelta(days=1)),
        ],
        competency_ids=_competencies("MV.POG.5.1", "MV.POG.5.2"),
    )
    _backdate_goal(
        habits,
        created=_at(today, 38, 13, 40),
        accepted=_at(today, 38, 13, 40),
        target=today - dt.timedelta(days=4),
    )
    GoalStep.objects.filter(goal=habits, position=2).update(due_on=today - dt.timedelta(days=10))
    _done(me, habits, student, 1, today - dt.timedelta(days=33))
    private = _checkin(
        me,
        habits,
        student,
        _at(today, 25, 20, 15),
        "I've been watching my little brother "
        "after school most days, so evenings are short and I fall behind. I don't want my "
        "teachers to think I'm making excuses.",
        1,
        advisor_only=True,
    )
    _respond(
        ada,
        private,
        advisor,
        _at(today, 24, 8, 30),
        "Thank you for telling me. That's a lot to carry. "
        "Let's meet Thursday and look at which assignments could be done in study hall.",
    )

    # 3. Personal: achieved, with a closing reflection.
    reading = services.goal_create(
        access=me,
        actor=Actor.for_user(student),
        category=Goal.Category.PERSONAL,
        title="Read four books I choose myself",
        why="I used to love reading and I stopped.",
        target_date=today,
        steps=["Get a library card", "Finish the first book", "Finish four books"],
    )
    _backdate_goal(
        reading,
        created=_at(today, 120, 12, 0),
        accepted=_at(today, 120, 12, 0),
        target=today - dt.timedelta(days=14),
    )
    for position, days_ago in ((1, 115), (2, 90), (3, 16)):
        _done(me, reading, student, position, today - dt.timedelta(days=days_ago))
    _checkin(me, reading, student, _at(today, 60), "Two books done. Graphic novels count and I'm glad.", 4)
    services.goal_close(
        access=me,
        goal=reading,
        actor=Actor.for_user(student),
        outcome=Goal.Status.ACHIEVED,
        reflection="Reading before bed instead of my phone worked. I'm keeping it up.",
    )
    Goal.objects.filter(pk=reading.pk).update(closed_at=_at(today, 15, 21, 0))

    # 4. College and career: proposed by the advisor, waiting for the student.
    career = services.goal_create(
        access=ada,
        actor=Actor.for_user(advisor),
        category=Goal.Category.COLLEGE_CAREER,
        title="Explore two careers that mix design and engineering",
        why="You wrote that you might design bridges, or animate. Let's find out what those jobs are like "
        "day to day.",
        target_date=today + dt.timedelta(days=45),
        steps=[
            "Take the career interest inventory",
            "Interview someone who works in design",
            StepSpec("Share what you found at your student-led conference", today + dt.timedelta(days=40)),
        ],
        competency_ids=_competencies("MV.POG.1.1"),
    )
    _backdate_goal(career, created=_at(today, 3, 14, 20))
    return [math, habits, reading, career]
