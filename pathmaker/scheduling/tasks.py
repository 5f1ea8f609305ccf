"""Background work for the flex schedule, run by the Huey worker: a long solve, with live progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from huey.contrib.djhuey import db_task

from pathmaker.jobs.models import Job
from pathmaker.jobs.progress import progress_report
from pathmaker.jobs.services import job_actor, job_run
from pathmaker.rostering.models import Org
from pathmaker.scheduling.solving import solve_week

PROGRESS_STEPS = 100


@db_task()
def schedule_solve_task(job_id: int, school_id: int, week_start: str, time_limit: float) -> None:
    """Solve the week for the job's owner; progress is the share of the time limit used, with the
    objective of the best week found so far as the stage."""

    def report(share: float, stage: str) -> None:
        progress_report(job_id, stage, round(share * PROGRESS_STEPS), PROGRESS_STEPS)

    def work(job: Job) -> dict[str, Any]:
        school = Org.objects.get(pk=school_id)
        progress_report(job_id, "Reading needs", 0, PROGRESS_STEPS)
        schedule = solve_week(
            school=school,
            week_start=dt.date.fromisoformat(week_start),
            actor=job_actor(job),
            time_limit=time_limit,
            progress=report,
        )
        return {
            "ok": not schedule.is_infeasible,
            "schedule": schedule.pk,
            "status": schedule.solver_status,
            "message": f"Solved: {schedule.solver_status}",
        }

    job_run(job_id, work)
