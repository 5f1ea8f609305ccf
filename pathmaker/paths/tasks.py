"""Background work for learning paths, run by the Huey worker: rebuilding every student's snapshot, nightly
and when something many students' plans are computed from changes (a course's order, a pacing guide, a
school's days off, a district recompute of levels). A change that concerns a few students (a deadline, an
extension) rewrites theirs in its own transaction instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pathmaker.audit.actor import Actor
from pathmaker.jobs.models import Job
from pathmaker.jobs.progress import progress_report
from pathmaker.jobs.services import job_create, job_run
from pathmaker.paths.snapshots import rebuild, refresh_students

JOB_KIND = "paths_rebuild"
REFRESH_AT_ONCE = 200  # students a deadline change rewrites in its own transaction; more go to the worker


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


def rebuild_soon(actor: Actor) -> Job | None:
    """Queue a rebuild once the change commits, unless one is already waiting to start (it has not read
    anything yet, so it will see this change too). Returns the job queued, if any."""
    if Job.objects.filter(kind=JOB_KIND, status=Job.Status.QUEUED).exists():
        return None
    job = job_create(kind=JOB_KIND, actor=actor)
    transaction.on_commit(lambda: paths_rebuild_task(job.pk))
    return job


def on_pace_changed(
    sender: object, *, student_ids: list[int] | None, course_id: int | None, **_: object
) -> None:
    """Pacing's `pace_changed`: a few students' snapshots at once, in the change's transaction; a guide or a
    calendar (every student of a course or school) on the worker."""
    if student_ids is not None and len(student_ids) <= REFRESH_AT_ONCE:
        refresh_students(student_ids, courses=None if course_id is None else [course_id])
    else:
        rebuild_soon(Actor.system("paths:pace"))


def on_levels_recomputed(sender: object, **_: object) -> None:
    """Mastery's `levels_recomputed`: every level may have moved, so every snapshot is rebuilt."""
    rebuild_soon(Actor.system("paths:recompute"))
