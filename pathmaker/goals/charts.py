"""The advisor's chart: one bar per advisee, open goals split into on track, needing attention and waiting
for the student's acceptance. The geometry is `pathmaker.lib.charts.bar_chart`; this module writes its words
in the reader's language and its numbers as a table; `components/_chart.html` draws it."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pathmaker.goals.selectors import AdviseeRow
from pathmaker.lib import charts

KEYS = ("on-track", "attention", "proposed")


def _legend() -> list[tuple[str, str]]:
    return list(
        zip(
            KEYS,
            (_("On track"), _("Overdue or stalled"), _("Proposed, waiting for the student")),
            strict=True,
        )
    )


def _describe(rows: Sequence[AdviseeRow]) -> str:
    return " ".join(
        _("%(name)s: %(on)s on track, %(attention)s needing attention, %(proposed)s waiting for acceptance.")
        % {
            "name": r.student.display_name,
            "on": r.on_track,
            "attention": r.flagged_count,
            "proposed": r.proposed,
        }
        for r in rows
    )


def _table(rows: Sequence[AdviseeRow]) -> charts.Table:
    return charts.Table(
        caption=_("Open goals by advisee"),
        columns=[
            _("Student"),
            pgettext("how many goals", "Active"),
            pgettext("how many goals", "Overdue"),
            pgettext("how many goals", "Stalled"),
            pgettext("how many goals", "Proposed"),
        ],
        rows=[
            (
                r.student.display_name,
                [
                    charts.Cell(str(n))
                    for n in (r.active, len(r.attention.overdue), len(r.attention.stalled), r.proposed)
                ],
            )
            for r in rows
        ],
    )


def advising_chart(rows: Sequence[AdviseeRow]) -> charts.Chart:
    plot = charts.bar_chart(
        [(r.student.display_name, (r.on_track, r.flagged_count, r.proposed)) for r in rows], keys=KEYS
    )
    return charts.Chart(
        id="advising-chart",
        title=_("Open goals by advisee"),
        desc=_describe(rows),
        plot=plot,
        table=_table(rows),
        legend=_legend(),
    )
