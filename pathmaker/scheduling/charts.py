"""The outcomes chart: one bar per workshop (and competency), its placements split into present, late,
absent and not taken; its table carries those numbers and the mean level changes beside them. The geometry
is `pathmaker.lib.charts.bar_chart`; the words are written here in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from pathmaker.components.display import day, number
from pathmaker.lib import charts
from pathmaker.scheduling.outcomes import Outcome

# Colour classes the shared stylesheet already has: green, amber, red, grey.
KEYS = ("mastered", "working", "attention", "not-started")


def label_of(outcome: Outcome) -> str:
    code = ""
    if outcome.competency is not None:
        code = outcome.competency.human_coding_scheme or outcome.competency.abbreviated_statement[:20]
    title = outcome.workshop.title
    named = f"{title} · {code}" if code and code not in title else title
    return f"{named} ({day(outcome.workshop.week.week_start)})"


def _change(value: float | None, count: int, outcome: Outcome) -> charts.Cell:
    if not outcome.ready:
        return charts.Cell(_("not yet"), _("on %(day)s") % {"day": day(outcome.measured_on)})
    if value is None:
        return charts.Cell(_("suppressed"), _("%(count)s students: fewer than 10") % {"count": count})
    sign = "+" if value > 0 else ""
    return charts.Cell(f"{sign}{number(value)}", _("of %(count)s students") % {"count": count})


def _table(rows: Sequence[Outcome]) -> charts.Table:
    return charts.Table(
        caption=_("Attendance and level change two weeks later, by workshop"),
        columns=[
            _("Workshop"),
            _("Present"),
            _("Late"),
            _("Absent"),
            _("Not taken"),
            _("Attendees' mean change"),
            _("Similar non-attendees' mean change"),
        ],
        rows=[
            (
                label_of(o),
                [
                    *(charts.Cell(str(n)) for n in (o.present, o.late, o.absent, o.not_taken)),
                    _change(o.attendee_change, o.attendees, o),
                    _change(o.others_change, o.others, o),
                ],
            )
            for o in rows
        ],
    )


def _describe(rows: Sequence[Outcome]) -> str:
    return " ".join(
        _("%(workshop)s: %(present)s present, %(late)s late, %(absent)s absent, %(open)s not taken.")
        % {
            "workshop": label_of(o),
            "present": o.present,
            "late": o.late,
            "absent": o.absent,
            "open": o.not_taken,
        }
        for o in rows
    )


def outcomes_chart(rows: Sequence[Outcome]) -> charts.Chart:
    plot = charts.bar_chart(
        [(label_of(o), (o.present, o.late, o.absent, o.not_taken)) for o in rows], keys=KEYS
    )
    return charts.Chart(
        id="outcomes-chart",
        title=_("Attendance by workshop"),
        desc=_describe(rows),
        plot=plot,
        table=_table(rows),
        legend=list(zip(KEYS, (_("Present"), _("Late"), _("Absent"), _("Not taken")), strict=True)),
    )
