"""Starting and finishing jobs. Domain apps define the work; this module keeps the bookkeeping the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.jobs.models import Job


def job_create(*, kind: str, actor: Actor) -> Job:
    return Job.objects.create(kind=kind, created_by=actor.user, created_at=timezone.now())


def job_actor(job: Job) -> Actor:
    """The one actor of a job's work: the system, on behalf of whoever queued it (if anyone did)."""
    return Actor(user=job.created_by, system_name=f"job:{job.kind}")


def job_run(job_id: int, work: Callable[[Job], dict[str, Any]]) -> None:
    """Run `work` for a job, recording start, end and outcome. Called inside the worker."""
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = work(job)
    except Exception as exc:  # the job must end visibly whatever went wrong
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), message=str(exc)[:2000]
        )
        raise
    ok = result.pop("ok", True)
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED if ok else Job.Status.FAILED,
        finished_at=timezone.now(),
        result=result,
        message=str(result.get("message", ""))[:2000],
    )
