"""Writing to the audit log. Every service that reads or changes student data calls `audit_record`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from pathmaker.audit.actor import Actor, client_ip
from pathmaker.audit.models import AuditEvent
from pathmaker.lib.bounds import row_id

__all__ = ["audit_denied", "audit_record", "audit_student_reads", "client_ip"]


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str = "",
    object_id: str = "",
    student_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor.user,
        actor_username=actor.username,
        action=action,
        object_type=object_type,
        object_id=object_id,
        student_id=student_id,
        ip_address=actor.ip,
        user_agent=actor.user_agent,
        detail=detail or {},
    )


def audit_student_reads(
    *,
    actor: Actor,
    action: str,
    student_ids: Iterable[int],
    detail: dict[str, Any] | None = None,
) -> None:
    """One row per student shown, so 'who has seen this child's record?' has a complete answer."""
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                at=now,
                actor=actor.user,
                actor_username=actor.username,
                action=action,
                object_type="student",
                object_id=str(student_id),
                student_id=student_id,
                ip_address=actor.ip,
                user_agent=actor.user_agent,
                detail=detail or {},
            )
            for student_id in student_ids
        ],
        batch_size=500,
    )


def audit_denied(*, actor: Actor, student_id: Any, path: str, method: str) -> AuditEvent | None:
    """A refused attempt to open a student's record: who tried which record, on which path."""
    if actor.user is None:
        return None
    # An id outside bigint would not fit the column (row_id gives None); the path still says what was tried.
    return audit_record(
        actor=actor,
        action="student.denied",
        object_type="student",
        object_id=str(student_id)[:255],
        student_id=row_id(student_id),
        detail={"path": path.replace("\x00", "")[:500], "method": method},
    )
