"""The grouping benchmark's figures: named as `bench flex` prints them, measured on a section it builds and
rolls back (no timing is asserted: the machine decides the numbers)."""

from __future__ import annotations

from pathmaker.benchmarks.grouping_bench import figures
from pathmaker.grouping.models import Grouping
from pathmaker.rostering.models import Person, Section


def test_the_figures_name_the_proposal_medians_and_leave_the_database_as_it_was(db):
    found = figures(students=12, competencies=2, runs=2)
    assert [name for name, _, _ in found] == [
        "grouping.propose.students",
        "grouping.propose.competencies",
        "grouping.propose.runs",
        "grouping.propose.alike.median",
        "grouping.propose.mixed.median",
        "grouping.propose.pure.median",
    ]
    assert all(value > 0 for _, value, _ in found)
    assert (Person.objects.count(), Section.objects.count(), Grouping.objects.count()) == (0, 0, 0)
