"""Who may see and change a student's portfolio, on the learner profile's access (`ProfileAccess`).

The student adds, features and removes their work. Families see only what the student featured.
Adults who may record evidence for the student turn a piece of work into evidence (not the student).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathmaker.access.scope import viewer_for
from pathmaker.evidence.access import can_record_evidence
from pathmaker.portfolios.models import PortfolioItem
from pathmaker.profiles.access import ProfileAccess
from pathmaker.rostering.models import Person


def may_make_evidence_of(user: Any, student: Person) -> bool:
    """Turning a student's work into evidence: an adult who records evidence for them, not the student."""
    return viewer_for(user).person_id != student.pk and can_record_evidence(user, student)


def item_or_404(access: ProfileAccess, item_id: int) -> PortfolioItem:
    """One item, or a 404 exactly like a missing one: another student's, a family's view of an item the
    student did not feature, a removed item (except for staff, when a teacher made evidence of it)."""
    item = (
        PortfolioItem.objects.filter(student=access.student, pk=item_id)
        .select_related("evidence", "evidence_by")
        .prefetch_related("competencies")
        .first()
    )
    if item is None or (access.family_only and not item.featured):
        raise Http404("No such portfolio item")
    if item.is_removed and not (access.is_staff and item.evidence_id is not None):
        raise Http404("No such portfolio item")
    return item
