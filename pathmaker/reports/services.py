"""Writes for reports: an export of a subgroup table, audited (the suppression audit runs again on exactly
what leaves, and the export is written to the audit log)."""

from __future__ import annotations

import csv
import io

from django.db import transaction

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.lib.errors import DomainError
from pathmaker.reports.selectors import SubgroupTable
from pathmaker.reports.suppression import suppression_audit


class ReportsError(DomainError):
    code = "reports.invalid"


def subgroup_export(*, table: SubgroupTable, channel: str, actor: Actor) -> str:
    """The table as CSV (one line per school and subgroup), after the suppression audit finds nothing.
    `channel` says where it went ("csv" or "api"), for the audit row."""
    recovered = suppression_audit(table.published, min_cell=table.min_cell)
    if recovered:
        raise ReportsError("the suppression audit could work out a withheld cell", code="reports.unsafe")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="reports.subgroups.export",
            object_type="competency",
            object_id=str(table.competency.pk),
            detail={
                "field": table.field,
                "channel": channel,
                "schools": len(table.rows) - 1,
                "withheld": table.withheld,
                "recovered": 0,
                "min_cell": table.min_cell,
            },
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["school", "subgroup", "assessed", "percent_proficient", "withheld"])
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells, strict=True):
            assessed = "" if cell.assessed is None else str(cell.assessed)
            writer.writerow([row.label, column, assessed, cell.percent, "yes" if cell.withheld else "no"])
    return out.getvalue()
