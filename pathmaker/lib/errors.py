"""What a service refuses: an exception with a stable `code`, the field it concerns (if any) and a message.

A code reads "<domain>.<rule>" ("evidence.score_off_scale"). Its last part names its family where it
has one: FORBIDDEN (the actor may not do this) or NOT_FOUND. The web layer shows the message; the API
(pathmaker.api.views.STATUS_BY_FAMILY) turns the family into an HTTP status, so rewording or translating
a message never changes an answer. Tests assert codes, not English.
"""

from __future__ import annotations

FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"


class DomainError(Exception):
    """The base of every domain's error. A subclass sets `code` to its domain's catch-all
    ("goals.invalid"); a raise names a more precise code where a client or a test tells rules apart."""

    code: str = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        if code is not None:
            self.code = code
        self.field = field or None  # the form or API field the message is about

    @property
    def family(self) -> str:
        """The code's last part: "forbidden", "not_found", or the rule itself."""
        return family_of(self.code)


def family_of(code: str) -> str:
    return code.rsplit(".", 1)[-1]
