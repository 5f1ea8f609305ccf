"""Who may open a section's gradebook, on the shared scope: its teachers and aides, its school's
leaders and the district. Not students or families (they see their own levels on the student page)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathmaker.access.scope import section_for_user_or_404, teaches_section, viewer_for
from pathmaker.rostering.models import Section


def may_open_gradebook(user: Any, section: Section) -> bool:
    viewer = viewer_for(user)
    return (
        viewer.is_district_admin or section.school_id in viewer.led_org_ids or teaches_section(user, section)
    )


def gradebook_section_or_404(user: Any, section_id: int) -> Section:
    section = section_for_user_or_404(user, section_id)
    if not may_open_gradebook(user, section):
        raise Http404("No such section")
    return section
