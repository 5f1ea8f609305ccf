"""Reports through the JSON API: the subgroup table, under the same access and demographic rule as the page,
suppressed, audited by the suppression audit and written to the audit log as an export."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from pathmaker.frameworks.models import Competency
from pathmaker.lib.bounds import row_id
from pathmaker.reports import access, selectors, services

router = Router(tags=["reports"])


class CellOut(Schema):
    subgroup: str
    assessed: int | None
    percent_proficient: str
    withheld: bool


class RowOut(Schema):
    school: str
    school_id: int | None
    cells: list[CellOut]


class SubgroupTableOut(Schema):
    competency_id: int
    field: str
    min_cell: int
    withheld: int
    recovered_by_audit: int
    rows: list[RowOut]


@router.get("/reports/subgroups", response=SubgroupTableOut)
def reports_subgroups(request: HttpRequest, competency: int, field: str):
    access.subgroups_or_404(request.user)
    key = row_id(competency)
    if field not in selectors.FIELDS or key is None:
        raise Http404("Not found")
    found = selectors.report_competencies().filter(pk=key).first()
    if not isinstance(found, Competency):
        raise Http404("Not found")
    table = selectors.subgroup_table(user=request.user, field=field, competency=found)
    services.subgroup_export(table=table, channel="api", actor=request.actor)
    return {
        "competency_id": found.pk,
        "field": field,
        "min_cell": table.min_cell,
        "withheld": table.withheld,
        "recovered_by_audit": len(table.recovered),
        "rows": [
            {
                "school": row.label,
                "school_id": row.school_id,
                "cells": [
                    {
                        "subgroup": column,
                        "assessed": cell.assessed,
                        "percent_proficient": cell.percent,
                        "withheld": cell.withheld,
                    }
                    for column, cell in zip(table.columns, row.cells, strict=True)
                ],
            }
            for row in table.rows
        ],
    }
