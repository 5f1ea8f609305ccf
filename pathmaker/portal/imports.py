"""Roster import pages (district administrators only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from pathmaker.access.scope import require_district_admin
from pathmaker.audit.services import audit_record
from pathmaker.jobs.services import job_create
from pathmaker.rostering.forms import UploadForm
from pathmaker.rostering.models import ImportRun
from pathmaker.rostering.services import roster_import_queue, roster_upload_store
from pathmaker.rostering.tasks import roster_import_task


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    require_district_admin(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        target = roster_upload_store(chunks=form.cleaned_data["file"].chunks())
        with transaction.atomic():
            job = job_create(kind="roster_import", actor=request.actor)
            run = roster_import_queue(
                source_name=form.cleaned_data["file"].name,
                actor=request.actor,
                force=form.cleaned_data["force"],
                job=job,
            )
            transaction.on_commit(lambda: roster_import_task(job.pk, run.pk, str(target), run.force))
        return redirect("import_detail", run_id=run.pk)
    runs = ImportRun.objects.select_related("started_by")[:50]
    # Import reports name rows of the roster (students among them): opening them is audited.
    audit_record(actor=request.actor, action="import.list_view", object_type="import_run")
    return render(request, "rostering/import_list.html", {"form": form, "runs": runs})


@login_required
def import_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    require_district_admin(request.user)
    run = get_object_or_404(ImportRun.objects.select_related("job", "started_by"), pk=run_id)
    audit_record(
        actor=request.actor,
        action="import.view",
        object_type="import_run",
        object_id=str(run.pk),
    )
    return render(request, "rostering/import_detail.html", {"run": run})
