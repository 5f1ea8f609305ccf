"""What paths adds to the advisor's page (goals' `advising_panels`, registered in `PathsConfig.ready`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_student_reads
from pathmaker.goals.panels import Panel
from pathmaker.paths.selectors import pacing_alerts_for_advisor


def advisees_behind(*, user: Any, actor: Actor, student_ids: Sequence[int], today: dt.date) -> Panel | None:
    """The advisees on the page who are off track or missed a hard deadline (each one shown is audited)."""
    alerts = pacing_alerts_for_advisor(user, today, student_ids=student_ids)
    if alerts:
        audit_student_reads(
            actor=actor,
            action="pacing.alerts_view",
            student_ids=sorted({a.student.pk for a in alerts}),
            detail={"page": "advising"},
        )
    return Panel("paths/_advising_panel.html", {"alerts": alerts})
