"""Background work for rostering, run by the Huey worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from huey.contrib.djhuey import db_task

from pathmaker.jobs.models import Job
from pathmaker.jobs.progress import progress_report
from pathmaker.jobs.services import job_actor, job_run
from pathmaker.rostering.models import ImportRun
from pathmaker.rostering.services import roster_import


@db_task()
def roster_import_task(job_id: int, run_id: int, path: str, force: bool) -> None:
    def work(job: Job) -> dict[str, Any]:
        try:
            run = roster_import(
                path=Path(path),
                actor=job_actor(job),
                force=force,
                run=ImportRun.objects.get(pk=run_id),
                progress=lambda stage, done, total: progress_report(job_id, stage, done, total),
            )
        finally:
            # The upload held student data: keep only what was imported, whether it was, was refused or failed.
            Path(path).unlink(missing_ok=True)
        return {
            "ok": run.status == ImportRun.Status.SUCCEEDED,
            "import_run": run.pk,
            "message": f"Import {run.get_status_display().lower()}",
        }

    job_run(job_id, work)
