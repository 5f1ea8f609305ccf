"""What a portfolio file may be, how it is checked, and where its bytes are kept.

A file is taken only when three things agree: its name ends in an extension on the allowlist, it
is no bigger than `PATHMAKER_PORTFOLIO_MAX_BYTES` (checked from the upload's size, before its bytes
are read), and its bytes are what the extension says (sniffed with puremagic, plus Pathmaker's own
checks for text and for Office documents, which are zip files inside). Web pages and SVG drawings
are refused whatever their name: they can carry scripts.

Kept files live under `PATHMAKER_PORTFOLIO_DIR/ab/cd/abcd...` (a random name, owner-only
permissions), never under STATIC or MEDIA, and are served only by the portfolio's file view.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import puremagic
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pathmaker import display


class FileRefused(Exception):
    """An upload the portfolio does not take; the message names the file and says why, in plain words."""


@dataclass(frozen=True)
class FileType:
    key: str
    extensions: tuple[str, ...]
    content_type: str
    group: str  # how the allowlist is summed up to a student: "PDF", "images", "text", ...
    label: Any  # what the file is, in a sentence: "a PDF", "a PNG image" (translated)
    inline: bool  # shown in the browser (images, PDF); everything else downloads
    sniffed: tuple[str, ...] = ()  # the MIME types puremagic may report for it
    name: Any = ""  # what the file is, as a label: "PDF", "PNG image" (translated)


OOXML = "application/vnd.openxmlformats-officedocument."
TYPES: tuple[FileType, ...] = (
    FileType(
        "pdf", ("pdf",), "application/pdf", "PDF", _lazy("a PDF"), True, ("application/pdf",), _lazy("PDF")
    ),
    FileType(
        "png", ("png",), "image/png", "images", _lazy("a PNG image"), True, ("image/png",), _lazy("PNG image")
    ),
    FileType(
        "jpeg",
        ("jpg", "jpeg"),
        "image/jpeg",
        "images",
        _lazy("a JPEG image"),
        True,
        ("image/jpeg",),
        _lazy("JPEG image"),
    ),
    FileType(
        "gif", ("gif",), "image/gif", "images", _lazy("a GIF image"), True, ("image/gif",), _lazy("GIF image")
    ),
    FileType(
        "webp",
        ("webp",),
        "image/webp",
        "images",
        _lazy("a WebP image"),
        True,
        ("image/webp",),
        _lazy("WebP image"),
    ),
    FileType("text", ("txt",), "text/plain", "text", _lazy("plain text"), False, (), _lazy("Plain text")),
    FileType(
        "mp3",
        ("mp3",),
        "audio/mpeg",
        "audio",
        _lazy("an MP3 recording"),
        False,
        ("audio/mpeg",),
        _lazy("MP3 recording"),
    ),
    FileType(
        "mp4",
        ("mp4", "m4v"),
        "video/mp4",
        "video",
        _lazy("an MP4 video"),
        False,
        ("video/mp4",),
        _lazy("MP4 video"),
    ),
    FileType(
        "docx",
        ("docx",),
        OOXML + "wordprocessingml.document",
        "Office documents",
        _lazy("a Word document"),
        False,
        (),
        _lazy("Word document"),
    ),
    FileType(
        "pptx",
        ("pptx",),
        OOXML + "presentationml.presentation",
        "Office documents",
        _lazy("a PowerPoint presentation"),
        False,
        (),
        _lazy("PowerPoint presentation"),
    ),
    FileType(
        "xlsx",
        ("xlsx",),
        OOXML + "spreadsheetml.sheet",
        "Office documents",
        _lazy("an Excel workbook"),
        False,
        (),
        _lazy("Excel workbook"),
    ),
    FileType(
        "odt",
        ("odt",),
        "application/vnd.oasis.opendocument.text",
        "Office documents",
        _lazy("an OpenDocument text"),
        False,
        (),
        _lazy("OpenDocument text"),
    ),
)
TYPE_KEYS = frozenset(t.key for t in TYPES)
SCRIPTABLE_EXTENSIONS = frozenset(
    {"html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "xml", "xsl", "mht", "mhtml"}
)
MARKUP_START = re.compile(rb"^\s*<(!doctype|html|svg|\?xml|script|head|body|iframe|!--)", re.IGNORECASE)
OOXML_FOLDERS = {"docx": "word/", "pptx": "ppt/", "xlsx": "xl/"}
HEAD_BYTES = 64 * 1024
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # control characters, except tab and line ends


def allowed_types() -> tuple[FileType, ...]:
    """The types this district takes: every type unless PATHMAKER_PORTFOLIO_TYPES narrows the list."""
    chosen = set(settings.PATHMAKER_PORTFOLIO_TYPES)
    return tuple(t for t in TYPES if t.key in chosen)


def allowed_summary(types: Iterable[FileType] | None = None) -> str:
    """ "PDF, images, text, audio, video, Office documents": what a student is told the portfolio takes."""
    groups: list[str] = []
    for t in types if types is not None else allowed_types():
        if t.group not in groups:
            groups.append(t.group)
    names = {
        "PDF": _("PDF"),
        "images": _("images"),
        "text": _("text"),
        "audio": _("audio"),
        "video": _("video"),
        "Office documents": _("Office documents"),
    }
    return ", ".join(names.get(g, g) for g in groups)


def allowed_extensions(types: Iterable[FileType] | None = None) -> list[str]:
    return [f".{ext}" for t in (types if types is not None else allowed_types()) for ext in t.extensions]


def human_size(size: int) -> str:
    """23.4 MB, 512 KB, 900 bytes (binary units, as people's computers count them)."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    elif size >= 1024:
        value, unit = size / 1024, "KB"
    else:
        return _("%(count)d bytes") % {"count": size} if size != 1 else _("1 byte")
    return f"{display.number(value, 1)} {unit}"  # "23,4 MB" in Spanish, like every number shown


def type_for_name(name: str) -> FileType | None:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((t for t in allowed_types() if extension in t.extensions), None)


@dataclass(frozen=True)
class Checked:
    """An upload that passed every check: what it is and the content type it will be served with."""

    file_type: FileType
    content_type: str
    original_name: str
    size: int


def clean_name(name: str) -> str:
    """The uploaded name, as shown: no folders, no control characters, at most 255 characters."""
    name = os.path.basename(name.replace("\\", "/"))
    name = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", name).strip() or "file"
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 254 - len(extension)] + dot + extension) if dot and len(extension) < 20 else name[:255]
    return name


def check_upload(upload: Any) -> Checked:
    """Refuse anything the portfolio does not take, reading as little as possible; raise FileRefused."""
    name = clean_name(upload.name or "")
    quoted = f"“{name}”"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in SCRIPTABLE_EXTENSIONS:
        raise FileRefused(
            _(
                "%(file)s is a web page or SVG drawing, which can carry scripts: the portfolio does "
                "not take those. Save it as a PDF or an image, or add a link to it instead."
            )
            % {"file": quoted}
        )
    file_type = type_for_name(name)
    if file_type is None:
        raise FileRefused(
            _("%(file)s is not a kind of file the portfolio takes (%(kinds)s)")
            % {"file": quoted, "kinds": allowed_summary()}
        )
    limit = settings.PATHMAKER_PORTFOLIO_MAX_BYTES
    size = int(upload.size or 0)
    if size > limit:
        size_text, limit_text = human_size(size), human_size(limit)
        if size_text == limit_text:  # just over: "2 KB; the limit is 2 KB" would make no sense
            size_text, limit_text = (
                _("%(count)s bytes") % {"count": f"{size:,}"},
                _("%(count)s bytes") % {"count": f"{limit:,}"},
            )
        raise FileRefused(
            _("%(file)s is %(size)s; the limit is %(limit)s")
            % {"file": quoted, "size": size_text, "limit": limit_text}
        )
    if size == 0:
        raise FileRefused(_("%(file)s is empty") % {"file": quoted})
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if _looks_scriptable(head):
        raise FileRefused(
            _(
                "%(file)s is really a web page or SVG drawing, which can carry scripts: the portfolio "
                "does not take those."
            )
            % {"file": quoted}
        )
    content_type = file_type.content_type
    if file_type.key == "text":
        charset = _text_charset(upload)
        if charset is None:
            raise _mismatch(quoted, file_type)
        content_type = f"text/plain; charset={charset}"
    elif file_type.key in OOXML_FOLDERS or file_type.key == "odt":
        _check_office(upload, head, file_type, quoted)
    elif not _sniffs_as(head, file_type):
        raise _mismatch(quoted, file_type)
    return Checked(file_type=file_type, content_type=content_type, original_name=name, size=size)


def _mismatch(quoted: str, file_type: FileType) -> FileRefused:
    return FileRefused(
        _(
            "%(file)s is named like %(label)s, but what is inside is not %(label)s (the portfolio "
            "checks the contents, not only the name)"
        )
        % {"file": quoted, "label": file_type.label}
    )


def _candidates(head: bytes) -> list[Any]:
    try:
        return list(puremagic.magic_string(head))
    except (puremagic.PureError, ValueError):
        return []


def _looks_scriptable(head: bytes) -> bool:
    start = head.removeprefix(b"\xef\xbb\xbf")
    if MARKUP_START.match(start[:1024]):
        return True
    scriptable = {"text/html", "image/svg+xml", "application/xhtml+xml", "application/xml", "text/xml"}
    return any(
        m.mime_type in scriptable or m.extension in {".html", ".htm", ".svg", ".xml"}
        for m in _candidates(head)[:3]
    )


def _sniffs_as(head: bytes, file_type: FileType) -> bool:
    if any(m.mime_type in file_type.sniffed for m in _candidates(head)):
        return True
    if file_type.key == "mp3":  # an MP3 without ID3 tags starts with an MPEG audio layer III frame header
        return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and (head[1] >> 1) & 3 == 1
    return False


def _text_charset(upload: Any) -> str | None:
    """UTF-8 (or the Windows-1252 older editors save), without NUL or other control bytes; else None."""
    data = b"".join(upload.chunks())
    upload.seek(0)
    if b"\x00" in data:
        return None
    for charset in ("utf-8", "windows-1252"):
        try:
            text = data.decode(charset)
        except UnicodeDecodeError:
            continue
        return None if CONTROL.search(text) else charset
    return None


def _check_office(upload: Any, head: bytes, file_type: FileType, quoted: str) -> None:
    """OOXML and ODT files are zips: look at their table of contents (without unpacking anything)."""
    if not head.startswith(b"PK\x03\x04"):
        raise _mismatch(quoted, file_type)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if file_type.key == "odt":
                first = archive.infolist()[0] if names else None
                kind = (
                    archive.open(first).read(100)
                    if first is not None and first.filename == "mimetype"
                    else b""
                )
                if kind.strip() != file_type.content_type.encode():
                    raise _mismatch(quoted, file_type)
                macros = any(
                    n.startswith(("Basic/", "Scripts/"))
                    and not n.endswith(("script-lc.xml", "script-lb.xml", "/"))
                    for n in names
                )
            else:
                if "[Content_Types].xml" not in names or not any(
                    n.startswith(OOXML_FOLDERS[file_type.key]) for n in names
                ):
                    raise _mismatch(quoted, file_type)
                macros = any(n.lower().endswith("vbaproject.bin") for n in names)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, NotImplementedError, RuntimeError):
        raise _mismatch(quoted, file_type) from None
    finally:
        upload.seek(0)
    if macros:
        raise FileRefused(
            _(
                "%(file)s contains macros (programs that run inside the document): save it "
                "without them and upload it again"
            )
            % {"file": quoted}
        )


# --- Storage ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    stored_name: str
    size: int
    sha256: str


def portfolio_dir() -> Path:
    return Path(settings.PATHMAKER_PORTFOLIO_DIR)


def path_for(stored_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", stored_name):
        raise ValueError("not a stored portfolio file name")
    return portfolio_dir() / stored_name[:2] / stored_name[2:4] / stored_name


def store(upload: Any) -> Stored:
    """Write the upload under a new random name, hashing it on the way; the file is owner-only."""
    stored_name = secrets.token_hex(16)
    target = path_for(stored_name)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(stored_name + ".part")
    digest, size, limit = hashlib.sha256(), 0, settings.PATHMAKER_PORTFOLIO_MAX_BYTES
    upload.seek(0)
    try:
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > limit:  # the upload grew after its size was checked: keep nothing
                    raise FileRefused(
                        _("“%(name)s” is bigger than the limit of %(limit)s")
                        % {"name": clean_name(upload.name or ""), "limit": human_size(limit)}
                    )
                digest.update(chunk)
                out.write(chunk)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Stored(stored_name=stored_name, size=size, sha256=digest.hexdigest())


def discard(stored_name: str) -> None:
    """Only for a file whose row was never saved (the transaction failed after the bytes were written)."""
    path_for(stored_name).unlink(missing_ok=True)
