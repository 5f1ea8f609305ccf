"""The refusal the audit log records: an attempt to open a student's record outside one's scope.

It is defined here, under the access scope, so the scope can raise it and the audit middleware and
the API can record it without the audit log depending on the access rule (the layers contract).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404


class DeniedRecordRead(Http404):
    """A 404 for a student record outside the user's scope (or no such record). It carries what was
    asked for, so the audit middleware and the API record the denied attempt in one place."""

    def __init__(self, student_id: Any) -> None:
        super().__init__("No such student")
        self.student_id = student_id
