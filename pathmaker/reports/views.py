"""Leaders' report pages: the subgroup table (with its numbers as an accessible table) and its CSV export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pathmaker.reports import access, selectors, services
from pathmaker.reports.forms import SubgroupForm


def _table(request: HttpRequest) -> tuple[SubgroupForm, selectors.SubgroupTable | None]:
    form = SubgroupForm(request.GET or None)
    if not form.is_valid():
        return form, None
    table = selectors.subgroup_table(
        user=request.user, field=form.cleaned_data["field"], competency=form.cleaned_data["competency"]
    )
    return form, table


@login_required
def subgroups(request: HttpRequest) -> HttpResponse:
    access.subgroups_or_404(request.user)
    form, table = _table(request)
    return render(request, "reports/subgroups.html", {"form": form, "table": table})


@login_required
def subgroups_export(request: HttpRequest) -> HttpResponse:
    access.subgroups_or_404(request.user)
    form, table = _table(request)
    if table is None:
        return render(request, "reports/subgroups.html", {"form": form, "table": None}, status=400)
    text = services.subgroup_export(table=table, channel="csv", actor=request.actor)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    name = f"subgroups-{table.field}-{table.competency.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
