"""Live progress of a job, in the cache shared by web processes and workers."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.cache import cache

from pathmaker.jobs.models import Job

_TTL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Progress:
    status: str
    stage: str
    done: int
    total: int
    percent: int
    finished: bool
    message: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _key(job_id: int) -> str:
    return f"pathmaker:job:{job_id}:progress"


def progress_report(job_id: int, stage: str, done: int, total: int) -> None:
    cache.set(_key(job_id), {"stage": stage, "done": done, "total": total}, _TTL_SECONDS)


def progress_of(job: Job) -> Progress:
    live = cache.get(_key(job.pk)) or {}
    finished = job.status in (Job.Status.SUCCEEDED, Job.Status.FAILED)
    done, total = int(live.get("done", 0)), int(live.get("total", 0))
    if finished:
        percent = 100
    elif total:
        percent = min(99, round(100 * done / total))
    else:
        percent = 0
    stage = live.get("stage", "") if not finished else job.get_status_display()
    return Progress(
        job.status,
        stage or ("Waiting for the worker" if job.status == "queued" else ""),
        done,
        total,
        percent,
        finished,
        job.message,
    )
