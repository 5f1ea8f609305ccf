"""Writing to the audit log. Every service that reads or changes student data calls `audit_record`."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from pathmaker.audit.models import AuditEvent


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: from the header PATHMAKER_CLIENT_IP_HEADER names when a trusted proxy sets
    it (the last address, the one that proxy added), else the connection's REMOTE_ADDR. Any client can
    send X-Forwarded-For, so it is never read unless configured. Not an address: the connection's."""
    header = settings.PATHMAKER_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        candidate = forwarded.rsplit(",", 1)[-1].strip()
        if _is_ip(candidate):
            return candidate
    remote = request.META.get("REMOTE_ADDR") or ""
    return remote if _is_ip(remote) else None


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _origin(request: HttpRequest | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    return client_ip(request), request.META.get("HTTP_USER_AGENT", "")[:300]


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


def audit_denied(*, actor: Any, student_id: Any, request: HttpRequest) -> AuditEvent | None:
    """A refused attempt to open a student's record: who tried which record, on which path."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    try:
        asked = int(student_id)
    except (TypeError, ValueError):
        asked = None
    # An id outside bigint would not fit the column; the path still says what was tried.
    within = asked is not None and -(2**63) <= asked < 2**63
    return audit_record(
        actor=actor,
        action="student.denied",
        object_type="student",
        object_id=str(student_id)[:255],
        student_id=asked if within else None,
        request=request,
        detail={"path": request.path.replace("\x00", "")[:500], "method": request.method},
    )
