"""Opening one student's record: through the scope (a 404 outside it), with demographics only for the
roles the district allows, and the read written to the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from pathmaker.access import scope
from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.rostering.models import Person, StudentDemographics


@dataclass(frozen=True)
class StudentRecord:
    student: Person
    demographics: StudentDemographics | None  # None when the viewer may not see them, or none are on record
    may_see_demographics: bool


def student_record_open(*, actor: Actor, student_id: int, via: str) -> StudentRecord:
    """Fetch a student through the access rule (404 outside it) and write the read to the audit log."""
    student = scope.student_for_user_or_404(actor.user, student_id)
    allowed = scope.can_see_demographics(actor.user)
    demographics = getattr(student, "demographics", None) if allowed else None
    audit_record(
        actor=actor,
        action="student.view",
        object_type="student",
        object_id=str(student.pk),
        student_id=student.pk,
        detail={"via": via, "demographics": demographics is not None},
    )
    return StudentRecord(student, demographics, allowed)
