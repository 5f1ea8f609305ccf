"""Who may record, correct or withdraw evidence, on the shared student scope.

Teachers of the student, leaders of their school and the district record evidence: the staff scope of
`pathmaker.access.scope` without advising (advising a student is not teaching them). A student records
only their own self-assessments. Guardians never do.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathmaker.access.scope import Relation, relation_to
from pathmaker.evidence.models import Evidence
from pathmaker.rostering.models import Person


def may_record_evidence_in(relation: Relation, *, self_assessment: bool = False) -> bool:
    if relation.student is None:
        return False
    if relation.is_self:
        return self_assessment
    return relation.teaches_or_leads


def can_record_evidence(
    user: Any, student: Person, *, self_assessment: bool = False, relation: Relation | None = None
) -> bool:
    """Whether this account may record evidence about this student (see the module's docstring).
    `relation`: this account's relation to the student, when the caller has just read it (one about
    another student, or none, and it is read here)."""
    if relation is None or relation.student is None or relation.student.pk != student.pk:
        relation = relation_to(user, student.pk)
    return may_record_evidence_in(relation, self_assessment=self_assessment)


def evidence_to_change_or_404(user: Any, evidence_id: int) -> Evidence:
    """Evidence a user may correct or withdraw: about a student they may record evidence for."""
    evidence = Evidence.objects.select_related("student", "competency").filter(pk=evidence_id).first()
    if evidence is None or not can_record_evidence(user, evidence.student):
        raise Http404("No such evidence")
    return evidence
