"""Reading goals: one student's goals as the viewer may see them, and the goals that need an adult.

Advisor-only reflections, and the responses to them, are left out here for anyone who is not the
student or one of their advisors, so no page has to remember to hide them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from pathmaker.access.scope import advisees_of
from pathmaker.frameworks.models import Competency, CourseCompetency
from pathmaker.goals.models import CheckIn, Goal, GoalStep
from pathmaker.profiles.access import ProfileAccess
from pathmaker.rostering.models import Enrollment, Person

STATUS_ORDER: dict[str, int] = {
    Goal.Status.PROPOSED: 0,
    Goal.Status.ACTIVE: 1,
    Goal.Status.ACHIEVED: 2,
    Goal.Status.SET_ASIDE: 3,
}


@dataclass
class Thread:
    """One reflection of the student's and the adults' responses to it (oldest first)."""

    reflection: CheckIn
    responses: list[CheckIn] = field(default_factory=list)


@dataclass
class GoalCard:
    """A goal with what this viewer may see of it, ready for a page."""

    goal: Goal
    steps: list[GoalStep]
    threads: list[Thread]  # newest reflection first
    competencies: list[Competency]
    today: dt.date

    @property
    def steps_done(self) -> int:
        return sum(1 for s in self.steps if s.done_on is not None)

    @property
    def steps_total(self) -> int:
        return len(self.steps)

    @property
    def last_thread(self) -> Thread | None:
        return self.threads[0] if self.threads else None

    @property
    def missed_steps(self) -> list[GoalStep]:
        return [s for s in self.steps if s.done_on is None and s.due_on is not None and s.due_on < self.today]

    @property
    def is_overdue(self) -> bool:
        return self.goal.status == Goal.Status.ACTIVE and (
            self.goal.target_date < self.today or bool(self.missed_steps)
        )


def visible_checkins(access: ProfileAccess) -> QuerySet[CheckIn]:
    """Every check-in on the student's goals this viewer may read."""
    checkins = CheckIn.objects.filter(goal__student=access.student)
    if not access.sees_advisor_only:
        checkins = checkins.exclude(advisor_only=True).exclude(responds_to__advisor_only=True)
    return checkins


def cards_for(access: ProfileAccess, goals: QuerySet[Goal], today: dt.date) -> list[GoalCard]:
    goals = goals.prefetch_related(
        Prefetch("steps", queryset=GoalStep.objects.order_by("position", "id"), to_attr="step_list"),
        Prefetch(
            "competencies",
            queryset=Competency.objects.order_by("human_coding_scheme", "id"),
            to_attr="competency_list",
        ),
        Prefetch(
            "checkins", queryset=visible_checkins(access).order_by("created_at", "id"), to_attr="visible"
        ),
    )
    cards = []
    for goal in goals:
        threads: dict[int, Thread] = {}
        for checkin in goal.visible:
            if checkin.responds_to_id is None:
                threads[checkin.pk] = Thread(checkin)
            elif checkin.responds_to_id in threads:
                threads[checkin.responds_to_id].responses.append(checkin)
        cards.append(
            GoalCard(goal, goal.step_list, list(reversed(threads.values())), goal.competency_list, today)
        )
    cards.sort(
        key=lambda c: (
            STATUS_ORDER[c.goal.status],
            -(c.goal.closed_at.timestamp()) if c.goal.closed_at else 0,
            c.goal.target_date,
            c.goal.pk,
        )
    )
    return cards


def goals_for(
    access: ProfileAccess, *, statuses: Iterable[str] | None = None, today: dt.date | None = None
) -> list[GoalCard]:
    """The student's goals (proposed, then active by target date, then closed, newest first)."""
    goals = Goal.objects.filter(student=access.student)
    if statuses is not None:
        goals = goals.filter(status__in=list(statuses))
    return cards_for(access, goals, today or timezone.localdate())


def latest_shared_reflection(goal: Goal) -> CheckIn | None:
    """The student's newest reflection that is not advisor-only (for the family and the packet)."""
    return (
        goal.checkins.filter(responds_to__isnull=True, advisor_only=False)
        .order_by("-created_at", "-id")
        .first()
    )


# --- Competencies to choose from ------------------------------------------------------------------


def course_competencies(student: Person) -> QuerySet[Competency]:
    """The current competencies of the courses the student is enrolled in now."""
    courses = Enrollment.objects.filter(
        person=student, role="student", is_active=True, section__is_active=True
    ).values("section__course_id")
    linked = CourseCompetency.objects.filter(course_id__in=courses).values("competency_id")
    return (
        Competency.objects.filter(pk__in=linked, is_retired=False)
        .select_related("framework")
        .order_by("framework__title", "human_coding_scheme", "id")
    )


def competency_search(query: str, *, limit: int = 20) -> list[Competency]:
    """Current competencies of any framework whose code or statement contains the words asked for."""
    words = query.split()[:6]
    if not words:
        return []
    found = Competency.objects.filter(is_retired=False)
    for word in words:
        found = found.filter(
            Q(human_coding_scheme__icontains=word)
            | Q(full_statement__icontains=word)
            | Q(abbreviated_statement__icontains=word)
        )
    return list(
        found.select_related("framework").order_by("framework__title", "human_coding_scheme", "id")[:limit]
    )


# --- What needs an adult's attention --------------------------------------------------------------


@dataclass(frozen=True)
class Flagged:
    """An active goal that needs attention, and why."""

    goal: Goal
    target_passed: bool
    missed_step_due: dt.date | None  # the earliest due date of a step not done, when one has passed
    quiet_days: int  # days since the student last reflected on it (or since it became active)

    @property
    def student_id(self) -> int:
        return self.goal.student_id


@dataclass
class Attention:
    overdue: list[Flagged]
    stalled: list[Flagged]

    def for_student(self, student_id: int) -> Attention:
        return Attention(
            [f for f in self.overdue if f.student_id == student_id],
            [f for f in self.stalled if f.student_id == student_id],
        )


def stalled_days() -> int:
    return int(settings.PATHMAKER_GOAL_STALLED_DAYS)


def needs_attention(students: Iterable[Person | int], today: dt.date) -> Attention:
    """Overdue goals (active, and the target date or a step's due date has passed) and stalled goals
    (active, and no reflection from the student for PATHMAKER_GOAL_STALLED_DAYS days, counted from the
    last reflection or else from when the goal became active)."""
    ids = [s if isinstance(s, int) else s.pk for s in students]
    missed = (
        GoalStep.objects.filter(goal=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    last = (
        CheckIn.objects.filter(goal=OuterRef("pk"), responds_to__isnull=True)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    goals = (
        Goal.objects.filter(student_id__in=ids, status=Goal.Status.ACTIVE)
        .annotate(
            missed_step_due=Subquery(missed),
            last_activity=Coalesce(Subquery(last), "accepted_at", "created_at"),
        )
        .select_related("student")
        .order_by("target_date", "id")
    )
    quiet_limit = stalled_days()
    overdue, stalled = [], []
    for goal in goals:
        flagged = Flagged(
            goal,
            goal.target_date < today,
            goal.missed_step_due,
            max(0, (today - timezone.localdate(goal.last_activity)).days),
        )
        if flagged.target_passed or flagged.missed_step_due is not None:
            overdue.append(flagged)
        if flagged.quiet_days >= quiet_limit:
            stalled.append(flagged)
    stalled.sort(key=lambda f: (-f.quiet_days, f.goal.pk))
    return Attention(overdue, stalled)


def checkins_awaiting_reply(students: Iterable[Person | int], *, limit: int = 100) -> list[CheckIn]:
    """Students' own check-ins on their open goals that no adult has answered yet: no check-in or response
    by anyone but the student on the same goal came after them. Newest first, with their goal."""
    ids = [s if isinstance(s, int) else s.pk for s in students]
    answered = CheckIn.objects.filter(goal=OuterRef("goal"), created_at__gt=OuterRef("created_at")).exclude(
        author_role="student"
    )
    return list(
        CheckIn.objects.filter(goal__student_id__in=ids, goal__status__in=Goal.OPEN, author_role="student")
        .exclude(Exists(answered))
        .select_related("goal", "goal__student")
        .order_by("-created_at", "-id")[:limit]
    )


@dataclass
class AdviseeRow:
    student: Person
    active: int
    proposed: int
    attention: Attention
    awaiting_reply: list[CheckIn] = field(
        default_factory=list
    )  # the student's check-ins no adult has answered

    @property
    def flagged_count(self) -> int:
        return len({f.goal.pk for f in self.attention.overdue + self.attention.stalled})

    @property
    def on_track(self) -> int:
        return self.active - self.flagged_count


def advising_rows(advisor_id: int, today: dt.date) -> list[AdviseeRow]:
    """Each of an advisor's current advisees with their goal counts and the goals that need attention."""
    students = [
        link.student
        for link in advisees_of(advisor_id)
        .select_related("student")
        .order_by("student__family_name", "student__given_name", "student_id")
    ]
    counts: dict[tuple[int, str], int] = {}
    for student_id, status in Goal.objects.filter(student__in=students, status__in=Goal.OPEN).values_list(
        "student_id", "status"
    ):
        counts[(student_id, status)] = counts.get((student_id, status), 0) + 1
    attention = needs_attention(students, today)
    awaiting: dict[int, list[CheckIn]] = {}
    for checkin in checkins_awaiting_reply(students):
        awaiting.setdefault(checkin.goal.student_id, []).append(checkin)
    return [
        AdviseeRow(
            s,
            counts.get((s.pk, Goal.Status.ACTIVE), 0),
            counts.get((s.pk, Goal.Status.PROPOSED), 0),
            attention.for_student(s.pk),
            awaiting.get(s.pk, []),
        )
        for s in students
    ]
