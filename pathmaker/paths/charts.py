"""The teachers' chart of a section's progress: one bar per student, the course's competencies split into
mastered, being worked on and not started. The geometry is `pathmaker.lib.charts.bar_chart`; this module
writes its words in the reader's language and its numbers as a table; `components/_chart.html` draws it."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from pathmaker.lib import charts
from pathmaker.paths.selectors import StudentProgress
from pathmaker.paths.words import code_of

KEYS = ("mastered", "working", "not-started")


def _legend() -> list[tuple[str, str]]:
    return list(zip(KEYS, (_("Mastered"), _("Working on it"), _("Not started")), strict=True))


def _describe(rows: Sequence[StudentProgress]) -> str:
    return " ".join(
        _("%(name)s: %(mastered)s mastered, %(working)s being worked on, %(left)s not started.")
        % {
            "name": r.student.display_name,
            "mastered": r.mastered,
            "working": r.working,
            "left": r.not_started,
        }
        for r in rows
    )


def _table(rows: Sequence[StudentProgress]) -> charts.Table:
    return charts.Table(
        caption=_("The course's competencies by student"),
        columns=[_("Student"), _("Mastered"), _("Working on it"), _("Not started"), _("Next on the plan")],
        rows=[
            (
                r.student.display_name,
                [
                    *(charts.Cell(str(n)) for n in (r.mastered, r.working, r.not_started)),
                    charts.Cell(code_of(r.next_step) if r.next_step else ""),
                ],
            )
            for r in rows
        ],
    )


def progress_chart(rows: Sequence[StudentProgress]) -> charts.Chart:
    plot = charts.bar_chart(
        [(r.student.display_name, (r.mastered, r.working, r.not_started)) for r in rows], keys=KEYS
    )
    return charts.Chart(
        id="progress-chart",
        title=_("The course's competencies by student"),
        desc=_describe(rows),
        plot=plot,
        table=_table(rows),
        legend=_legend(),
    )
