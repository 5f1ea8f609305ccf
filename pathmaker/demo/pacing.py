"""Pacing for the demo district: guides, days off, hard deadlines met and missed, targets and extensions.

Everything goes through the pacing services (so the rules and the audit log are the real ones): the school
calendar and the guides as the district (a system actor), the deadlines as the demo teacher, the targets and
the requests as the demo student. A deadline whose date has passed is set ahead and then moved back to its
date, as the goals demo backdates its rows, since the services accept only dates from today on.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pathmaker.accounts.models import User
from pathmaker.audit.actor import Actor
from pathmaker.demo.data.pacing import (
    EXTENSION_NOTE,
    EXTENSION_REASON,
    FIXED_DAYS_OFF,
    FLOATING_DAYS_OFF,
    GUIDE_SHARES,
    HARD_DEADLINES,
    OPEN_EXTENSION_REASON,
    TARGET_DAYS,
)
from pathmaker.mastery.models import MasterySummary
from pathmaker.pacing import projection, selectors, services
from pathmaker.pacing.models import Deadline
from pathmaker.pacing.services import PacingError
from pathmaker.rostering.models import Org, Section


def _nth_weekday(year: int, month: int, weekday: int, which: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (which - 1))


def fall_days_off(year: int) -> list[tuple[dt.date, str]]:
    """The fall's days off for a school year starting in `year`, weekdays only, in date order."""
    days = [(dt.date(year, m, d), name) for (m, d), name in FIXED_DAYS_OFF]
    days += [(_nth_weekday(year, m, w, n), name) for (m, w, n), name in FLOATING_DAYS_OFF]
    return sorted((on, name) for on, name in days if on.weekday() < 5)


def _calendar(school: Org, year: int, actor: Actor) -> int:
    added = 0
    for on, name in fall_days_off(year):
        try:
            services.day_off_add(school=school, on=on, name=name, actor=actor)
        except PacingError:  # a day already off (another term of the same school)
            continue
        added += 1
    return added


def _sections(teacher: User) -> list[Section]:
    return [
        section
        for section in Section.objects.filter(
            enrollments__person=teacher.person,
            enrollments__role="teacher",
            enrollments__is_active=True,
            is_active=True,
        )
        .select_related("course", "school")
        .distinct()
        .order_by("title", "id")
        if section.course is not None and selectors.course_competencies(section.course)
    ]


def _hard_deadlines(section: Section, teacher: User, today: dt.date) -> None:
    assert section.course is not None  # _sections keeps sections with a course
    competencies = selectors.course_competencies(section.course)
    for position, days in HARD_DEADLINES:
        if position >= len(competencies):
            continue
        due_on = today + dt.timedelta(days=days)
        changed = services.hard_deadline_set(
            section=section,
            competency_id=competencies[position].pk,
            due_on=max(due_on, today),
            actor=Actor.for_user(teacher),
        )
        if due_on < today:
            Deadline.objects.filter(pk__in=[d.pk for d in changed]).update(due_on=due_on, first_due_on=due_on)


def _student(student: User, teacher: User, today: dt.date) -> None:
    """The demo student sets targets for the next two competencies they have not mastered in each paced course,
    and asks for more time twice: one request granted, one left for the teacher."""
    me, them = Actor.for_user(student), Actor.for_user(teacher)
    mastered = set(
        MasterySummary.objects.filter(student=student.person, status__in=selectors.MASTERED).values_list(
            "competency_id", flat=True
        )
    )
    for pacing in selectors.student_pacing(student.person, today):
        if not pacing.projection.has_guide:
            continue
        open_competencies = [c for c in selectors.course_competencies(pacing.course) if c.pk not in mastered]
        for competency, days in zip(open_competencies, TARGET_DAYS, strict=False):
            services.soft_deadline_set(
                student=student.person,
                course=pacing.course,
                competency_id=competency.pk,
                due_on=today + dt.timedelta(days=days),
                actor=me,
            )
    upcoming = [
        row.deadline
        for row in selectors.deadlines_of(student.person, today=today)
        if row.is_hard and row.state == Deadline.State.UPCOMING
    ]
    if upcoming:
        request = services.extension_ask(deadline=upcoming[0], reason=EXTENSION_REASON, actor=me)
        services.extension_decide(
            request=request,
            grant=True,
            new_due_on=upcoming[0].due_on + dt.timedelta(days=7),
            note=EXTENSION_NOTE,
            actor=them,
        )
    if len(upcoming) > 1:
        services.extension_ask(deadline=upcoming[1], reason=OPEN_EXTENSION_REASON, actor=me)


def _guide_weeks(section: Section, term_days: int) -> dict[int, Decimal]:
    """The term's school weeks spread over the course's competencies in the demo's shares (half weeks)."""
    assert section.course is not None  # _sections keeps sections with a course
    competencies = selectors.course_competencies(section.course)
    shares = [GUIDE_SHARES[i % len(GUIDE_SHARES)] for i in range(len(competencies))]
    weeks = term_days / 5
    return {
        c.pk: max(Decimal(str(round(weeks * share / sum(shares) * 2) / 2)), Decimal("0.5"))
        for c, share in zip(competencies, shares, strict=True)
    }


def build_demo_pacing(*, student: User, teacher: User, today: dt.date, **_: object) -> int:
    """Guides and calendars for the demo teacher's courses and schools, their deadlines, the student's part."""
    district = Actor.system("demo")
    sections = _sections(teacher)
    calendars: set[tuple[int, int]] = set()
    for section in sections:
        term = selectors.term_for(section, today)
        if term is None or section.course is None:
            continue
        if (section.school_id, term.start_date.year) not in calendars:
            calendars.add((section.school_id, term.start_date.year))
            _calendar(section.school, term.start_date.year, district)
        days_off = selectors.days_off_for(section.school_id)
        weeks = _guide_weeks(section, projection.school_days(term.start_date, term.end_date, days_off))
        services.pacing_guide_set(course=section.course, term=term, weeks=weeks, actor=district)
        _hard_deadlines(section, teacher, today)
    _student(student, teacher, today)
    return len(sections)
