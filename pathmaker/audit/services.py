"""Writing to the audit log. Every service that reads or changes student data calls `audit_record`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from pathmaker.audit.models import AuditEvent


def _origin(request: HttpRequest | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy sets it.
    return request.META.get("REMOTE_ADDR") or None, request.META.get("HTTP_USER_AGENT", "")[:300]


def audit_record(
    *,
    actor: Any,
    action: str,
    object_type: str = "",
    object_id: str = "",
    student_id: int | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    ip, agent = _origin(request)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        student_id=student_id,
        ip_address=ip,
        user_agent=agent,
        detail=detail or {},
    )


def audit_student_reads(
    *,
    actor: Any,
    action: str,
    student_ids: Iterable[int],
    request: HttpRequest | None,
    detail: dict[str, Any] | None = None,
) -> None:
    """One row per student shown, so 'who has seen this child's record?' has a complete answer."""
    ip, agent = _origin(request)
    now = timezone.now()
    username = actor.get_username() if actor is not None else "system"
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                at=now,
                actor=actor,
                actor_username=username,
                action=action,
                object_type="student",
                object_id=str(student_id),
                student_id=student_id,
                ip_address=ip,
                user_agent=agent,
                detail=detail or {},
            )
            for student_id in student_ids
        ],
        batch_size=500,
    )
