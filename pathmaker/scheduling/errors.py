"""The scheduling app's refusals: one error class with stable codes (the web layer and the API word them)."""

from __future__ import annotations

from pathmaker.lib.errors import DomainError


class SchedulingError(DomainError):
    """A flex-schedule change that cannot be made as asked: `code` names the rule, `field` the form field."""

    code = "scheduling.invalid"


FORBIDDEN = "scheduling.forbidden"
NOT_FOUND = "scheduling.not_found"
