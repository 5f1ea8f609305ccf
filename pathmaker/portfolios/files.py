"""What a portfolio file may be and where its bytes are kept, in the portfolio's words.

The checks themselves (extension allowlist, size before reading, bytes sniffed, web pages, SVG drawings
and macros refused) and the storage are shared with the resource library: `pathmaker.components.uploads`.
This module sets the portfolio's rules from its settings (`PATHMAKER_PORTFOLIO_TYPES`,
`PATHMAKER_PORTFOLIO_MAX_BYTES`, `PATHMAKER_PORTFOLIO_DIR`) and says each refusal to a student.
Kept files live under `PATHMAKER_PORTFOLIO_DIR/ab/cd/abcd...`, never under STATIC or MEDIA, and are
served only by the portfolio's file view.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from pathmaker.components import uploads
from pathmaker.components.uploads import TYPES, Checked, FileType, Stored, clean_name, human_size
from pathmaker.lib.errors import DomainError

__all__ = [
    "TYPES",
    "TYPE_KEYS",
    "Checked",
    "FileRefused",
    "FileType",
    "Stored",
    "allowed_extensions",
    "allowed_summary",
    "allowed_types",
    "check_upload",
    "clean_name",
    "discard",
    "human_size",
    "path_for",
    "portfolio_dir",
    "store",
]

TYPE_KEYS = frozenset(t.key for t in TYPES)


class FileRefused(DomainError):
    """An upload the portfolio does not take; the message names the file and says why, in plain words."""

    code = "portfolios.file_refused"


def allowed_types() -> tuple[FileType, ...]:
    """The types this district takes: every type unless PATHMAKER_PORTFOLIO_TYPES narrows the list."""
    chosen = set(settings.PATHMAKER_PORTFOLIO_TYPES)
    return tuple(t for t in TYPES if t.key in chosen)


def allowed_summary(types: Iterable[FileType] | None = None) -> str:
    """ "PDF, images, text, audio, video, Office documents": what a student is told the portfolio takes."""
    return uploads.allowed_summary(types if types is not None else allowed_types())


def allowed_extensions(types: Iterable[FileType] | None = None) -> list[str]:
    return uploads.allowed_extensions(types if types is not None else allowed_types())


def portfolio_dir() -> Path:
    return Path(settings.PATHMAKER_PORTFOLIO_DIR)


def rules() -> uploads.UploadRules:
    return uploads.UploadRules(
        types=allowed_types(), limit=settings.PATHMAKER_PORTFOLIO_MAX_BYTES, directory=portfolio_dir()
    )


def _refusal(refused: uploads.UploadRefused) -> FileRefused:
    """The shared check's reason, said as the portfolio says it."""
    words = {
        "scriptable": _(
            "%(file)s is a web page or SVG drawing, which can carry scripts: the portfolio does "
            "not take those. Save it as a PDF or an image, or add a link to it instead."
        ),
        "unknown_type": _("%(file)s is not a kind of file the portfolio takes (%(kinds)s)"),
        "too_big": _("%(file)s is %(size)s; the limit is %(limit)s"),
        "empty": _("%(file)s is empty"),
        "disguised": _(
            "%(file)s is really a web page or SVG drawing, which can carry scripts: the portfolio "
            "does not take those."
        ),
        "mismatch": _(
            "%(file)s is named like %(label)s, but what is inside is not %(label)s (the portfolio "
            "checks the contents, not only the name)"
        ),
        "macros": _(
            "%(file)s contains macros (programs that run inside the document): save it "
            "without them and upload it again"
        ),
        "grew": _("“%(name)s” is bigger than the limit of %(limit)s"),
    }
    values = refused.values | {"name": refused.values.get("file", "")}
    return FileRefused(words[refused.reason] % values)


def check_upload(upload: Any) -> Checked:
    """Refuse anything the portfolio does not take, reading as little as possible; raise FileRefused."""
    try:
        return uploads.check_upload(upload, rules())
    except uploads.UploadRefused as refused:
        raise _refusal(refused) from None


def path_for(stored_name: str) -> Path:
    return uploads.path_for(portfolio_dir(), stored_name)


def store(upload: Any) -> Stored:
    """Write the upload under a new random name, hashing it on the way; the file is owner-only."""
    try:
        return uploads.store(upload, rules())
    except uploads.UploadRefused as refused:
        raise _refusal(refused) from None


def discard(stored_name: str) -> None:
    """Only for a file whose row was never saved (the transaction failed after the bytes were written)."""
    uploads.discard(portfolio_dir(), stored_name)
