"""Who may see and plan a student's conferences, on the learner profile's access (`ProfileAccess`).

Everyone who sees the profile's conferences part sees the student's conferences; the student and the
adults who work with them plan them and prepare the packet. Families see the packet they are shown.
"""

from __future__ import annotations

from django.http import Http404

from pathmaker.conferences.models import Conference
from pathmaker.conferences.selectors import conferences_of
from pathmaker.profiles.access import ProfileAccess


def may_plan_conference(access: ProfileAccess) -> bool:
    return access.may_write_own or access.may_respond


def conference_or_404(access: ProfileAccess, conference_id: int) -> Conference:
    """One of this student's conferences; any other id looks like one that does not exist."""
    conference = conferences_of(access.student).select_related("student").filter(pk=conference_id).first()
    if conference is None:
        raise Http404("No such conference")
    return conference
