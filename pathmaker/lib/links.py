"""Which addresses Pathmaker keeps as links: whole http(s) web addresses only.

A link typed by a student or teacher is shown to others as `<a href>`; a `javascript:` or `data:`
address there would run in the reader's session. Browsers ignore case, leading blanks and control
characters inside a scheme (" JaVa\\tScRiPt:"), so anything with blanks or control characters is refused
rather than cleaned up.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})


def is_web_link(url: str) -> bool:
    """True for an absolute http:// or https:// address with a host and no blank or control character."""
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(host)
