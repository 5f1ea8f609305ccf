"""Background work for mastery, run by the Huey worker."""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey import db_task

from pathmaker.jobs.models import Job
from pathmaker.jobs.progress import progress_report
from pathmaker.jobs.services import job_run
from pathmaker.mastery.recompute import recompute
from pathmaker.mastery.rules import self_peer_counts


@db_task()
def mastery_recompute_task(job_id: int, competency_ids: list[int] | None) -> None:
    def work(job: Job) -> dict[str, Any]:
        written = recompute(
            competency_ids=competency_ids,
            self_peer_count=self_peer_counts(),
            progress=lambda stage, done, total: progress_report(job_id, stage, done, total),
        )
        return {"summaries": written, "message": f"Recomputed {written} levels"}

    job_run(job_id, work)
