"""The conferences part of a learner profile: upcoming and past conferences, with links to each.

It also offers the next packet the next steps agreed at the student's last conference.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pathmaker.conferences.selectors import upcoming_and_past
from pathmaker.conferences.services import next_steps_packet
from pathmaker.profiles.access import ProfileAccess
from pathmaker.profiles.parts import ProfilePart


def part_context(access: ProfileAccess, request: HttpRequest) -> dict[str, Any]:
    """What conferences/part.html reads as `ctx` (the profile page passes `student` and `access` too)."""
    upcoming, past = upcoming_and_past(access.student)
    return {"upcoming": upcoming, "past": past, "may_plan": access.may_write_own or access.may_respond}


PARTS = (
    ProfilePart(
        kind="conferences", template="conferences/part.html", context=part_context, packet=next_steps_packet
    ),
)
