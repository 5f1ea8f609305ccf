"""Writes to the roster. Views, commands and jobs call these; nothing else writes rostering tables."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.lib.memory import gc_paused
from pathmaker.rostering.models import ImportRun
from pathmaker.rostering.oneroster.importer import ImportOutcome, ImportRejected, import_upload
from pathmaker.rostering.oneroster.reader import Problem, UploadUnreadable, read_upload

ProgressFn = Callable[[str, int, int], None]
MAX_STORED_WARNINGS = 1000


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def roster_upload_store(*, chunks: Iterable[bytes]) -> Path:
    """Keep an uploaded roster zip for the worker, readable by the server's own user only (it holds
    student names and birth dates): folders 0700, the file 0600. The import task deletes it."""
    folder = Path(settings.MEDIA_ROOT)
    for directory in (folder, folder / "imports"):
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory.chmod(0o700)
    target = folder / "imports" / f"{uuid.uuid4().hex}.zip"
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return target


def roster_import_queue(*, source_name: str, actor: Actor, force: bool, job: Any = None) -> ImportRun:
    return ImportRun.objects.create(
        source_name=source_name,
        force=force,
        job=job,
        created_at=timezone.now(),
        started_by=actor.user,
    )


def roster_import(
    *,
    path: Path,
    actor: Actor,
    force: bool = False,
    run: ImportRun | None = None,
    progress: ProgressFn | None = None,
) -> ImportRun:
    """Import a OneRoster zip or folder. Applies whole or not at all; returns the run with its outcome."""
    progress = progress or _quiet
    if run is None:
        run = roster_import_queue(source_name=path.name, actor=actor, force=force)
    run.status = ImportRun.Status.RUNNING
    run.save(update_fields=["status"])
    try:
        with gc_paused():
            upload = read_upload(
                path, progress=progress, max_expanded_bytes=settings.PATHMAKER_IMPORT_MAX_EXPANDED_BYTES
            )
            with transaction.atomic():  # the roster, the run's outcome and its audit row: all or nothing
                outcome = import_upload(
                    upload,
                    force=force,
                    max_share=settings.PATHMAKER_MAX_DEACTIVATION_SHARE,
                    now=timezone.now(),
                    progress=progress,
                )
                return _succeeded(run, actor, outcome, force=force)
    except UploadUnreadable as exc:
        return _refused(run, actor, [Problem(path.name, None, None, str(exc))], 1, [])
    except ImportRejected as exc:
        # Only import_upload refuses, so the upload was read: its warnings go with the errors.
        return _refused(run, actor, exc.problems, exc.total, upload.problems.warnings)
    except Exception as exc:
        run.status = ImportRun.Status.FAILED
        run.errors = [
            Problem(path.name, None, None, f"unexpected error, nothing was changed: {exc}").as_dict()
        ]
        run.finished_at = timezone.now()
        run.save()
        raise


def _succeeded(run: ImportRun, actor: Actor, outcome: ImportOutcome, *, force: bool) -> ImportRun:
    run.status = ImportRun.Status.SUCCEEDED
    run.oneroster_version = outcome.version
    run.summary = outcome.summary
    run.warning_count = sum(w.count for w in outcome.warnings)
    run.warnings = [w.as_dict() for w in outcome.warnings[:MAX_STORED_WARNINGS]]
    run.finished_at = timezone.now()
    run.save()
    audit_record(
        actor=actor,
        action="roster.import",
        object_type="import_run",
        object_id=str(run.pk),
        detail={"source": run.source_name, "force": force, "summary": outcome.summary},
    )
    return run


@transaction.atomic
def _refused(
    run: ImportRun, actor: Actor, problems: list[Problem], total: int, warnings: list[Problem]
) -> ImportRun:
    run.status = ImportRun.Status.REJECTED
    run.errors = [p.as_dict() for p in problems]
    run.summary = {"error_count": total}
    run.warnings = [w.as_dict() for w in warnings[:MAX_STORED_WARNINGS]]
    run.warning_count = sum(w.count for w in warnings)
    run.finished_at = timezone.now()
    run.save()
    audit_record(
        actor=actor,
        action="roster.import_rejected",
        object_type="import_run",
        object_id=str(run.pk),
        detail={"source": run.source_name, "errors": total},
    )
    return run


def format_summary(run: ImportRun, *, warnings: bool = True) -> str:
    """The text the import command prints: the counts per file, then errors and (optionally) warnings."""
    lines = [f"Import of {run.source_name}: {run.get_status_display()}"]
    if run.status == ImportRun.Status.SUCCEEDED:
        lines.append(
            f"{'file':<42} {'created':>8} {'updated':>8} {'unchanged':>9} {'deactivated':>11} {'warnings':>8}"
        )
        for label, c in run.summary.items():
            lines.append(
                f"{label:<42} {c['created']:>8} {c['updated']:>8} {c['unchanged']:>9} "
                f"{c['deactivated']:>11} {c.get('warnings', 0):>8}"
            )
    if run.errors:
        total = run.summary.get("error_count", len(run.errors))
        lines.append(f"{total} error(s); nothing was changed:")
        lines.extend(f"  ERROR {e['text']}" for e in run.errors)
    if run.warnings and warnings:
        lines.append(f"{run.warning_count} warning(s):")
        lines.extend(f"  warning {w['text']}" for w in run.warnings)
    return "\n".join(lines)
