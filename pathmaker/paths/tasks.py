"""Background work for learning paths, run by the Huey worker: rebuilding every student's snapshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pathmaker.audit.actor import Actor
from pathmaker.jobs.models import Job
from pathmaker.jobs.progress import progress_report
from pathmaker.jobs.services import job_create, job_run
from pathmaker.paths.snapshots import rebuild

JOB_KIND = "paths_rebuild"


def run_rebuild(job_id: int, today: str | None = None) -> None:
    """`today`: the day to project from, as YYYY-MM-DD (the district's today when not given)."""

    def work(job: Job) -> dict[str, Any]:
        found = rebuild(
            today=dt.date.fromisoformat(today) if today else None,
            progress=lambda stage, done, total: progress_report(job_id, stage, done, total),
        )
        found["message"] = f"Rebuilt {found['snapshots']} plans for {found['students']} students"
        return found

    job_run(job_id, work)


@db_task()
def paths_rebuild_task(job_id: int, today: str | None = None) -> None:
    run_rebuild(job_id, today)


@db_periodic_task(crontab(hour="2", minute="30"))
def paths_nightly_rebuild() -> None:
    """Each school night: projections count school days, so yesterday's "at risk" may be today's "off track"
    with no level changed."""
    run_rebuild(job_create(kind=JOB_KIND, actor=Actor.system("paths-nightly")).pk)
