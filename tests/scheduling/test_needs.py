"""Needs from levels: below the threshold, weighted by how far below, how long unseen, and whether required."""

from __future__ import annotations

import datetime as dt

from pathmaker.scheduling.needs import (
    Level,
    RequiredBelow,
    TeacherRequirement,
    changed_students,
    student_needs,
    weight,
)

TODAY = dt.date(2026, 10, 1)
SEEN_TODAY = TODAY
A_MONTH_AGO = TODAY - dt.timedelta(days=28)


def needs_of(*levels: Level, **options):
    return student_needs(levels, threshold=3.0, today=TODAY, recency_days=14, **options)


def test_a_level_at_or_above_the_threshold_is_no_need():
    found = needs_of(Level(1, 10, 3.0, SEEN_TODAY), Level(1, 11, 3.6, SEEN_TODAY))
    assert found.by_student == {}


def test_a_competency_with_no_level_yet_is_no_need():
    assert needs_of(Level(1, 10, None, None)).by_student == {}


def test_the_weight_grows_with_how_far_below():
    assert weight(level=2.9, threshold=3.0, floor=1.0, days_unseen=0, recency_days=14, required=False) == 12
    assert weight(level=2.0, threshold=3.0, floor=1.0, days_unseen=0, recency_days=14, required=False) == 30
    assert weight(level=1.0, threshold=3.0, floor=1.0, days_unseen=0, recency_days=14, required=False) == 50


def test_a_level_unseen_for_weeks_weighs_up_to_half_as_much_again():
    seen = weight(level=2.0, threshold=3.0, floor=1.0, days_unseen=0, recency_days=14, required=False)
    two_weeks = weight(level=2.0, threshold=3.0, floor=1.0, days_unseen=14, recency_days=14, required=False)
    months = weight(level=2.0, threshold=3.0, floor=1.0, days_unseen=90, recency_days=14, required=False)
    assert (seen, two_weeks, months) == (30, 38, 45)


def test_needs_come_heaviest_first_with_what_made_them():
    found = needs_of(Level(1, 10, 2.5, SEEN_TODAY), Level(1, 11, 1.5, A_MONTH_AGO))
    assert [(n.competency, n.weight, n.days_unseen) for n in found.by_student[1]] == [
        (11, 60, 28),
        (10, 20, 0),
    ]


def test_a_workshop_required_below_a_level_requires_the_student_and_doubles_the_weight():
    rule = RequiredBelow(workshop=7, competencies=frozenset({10}), below=2.0, priority=1)
    found = needs_of(Level(1, 10, 1.5, SEEN_TODAY), Level(2, 10, 2.5, SEEN_TODAY), required_below=[rule])
    assert [(n.required, n.weight) for n in found.by_student[1]] == [(True, 80)]
    assert [(r.workshop, r.priority, r.competency, r.level) for r in found.requirements[1]] == [
        (7, 1, 10, 1.5)
    ]
    assert 2 not in found.requirements and not found.by_student[2][0].required


def test_a_teachers_requirement_keeps_the_highest_priority():
    found = needs_of(
        Level(1, 10, 1.5, SEEN_TODAY),
        required_below=[RequiredBelow(7, frozenset({10}), 2.0, 3)],
        teacher_requirements=[TeacherRequirement(1, 7, 2), TeacherRequirement(1, 8, 1)],
    )
    assert [(r.workshop, r.priority) for r in found.requirements[1]] == [(8, 1), (7, 2)]


def test_changed_students_are_those_whose_needs_or_requirements_differ():
    before = needs_of(
        Level(1, 10, 2.0, SEEN_TODAY), Level(2, 10, 2.0, SEEN_TODAY), Level(3, 10, 3.5, SEEN_TODAY)
    )
    after = needs_of(
        Level(1, 10, 2.0, SEEN_TODAY), Level(2, 10, 3.2, SEEN_TODAY), Level(3, 10, 2.5, SEEN_TODAY)
    )
    assert changed_students(before, after) == {2, 3}
