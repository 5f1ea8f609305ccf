"""Checking and keeping uploaded files, for every domain that takes them (portfolio work, library resources).

A file is taken only when three things agree: its name ends in an extension the domain allows, it is no
bigger than the domain's limit (checked from the upload's size, before its bytes are read), and its bytes
are what the extension says (sniffed with puremagic, plus our own checks for text and for Office
documents, which are zip files inside). Web pages and SVG drawings are refused whatever their name: they
can carry scripts.

A refusal is an `UploadRefused` with a `reason` ("scriptable", "unknown_type", "too_big", "empty",
"disguised", "mismatch", "macros", "grew") and the values a sentence needs; each domain words it in its
own voice ("the portfolio does not take...", "the library does not take..."), so this module says nothing
to people. Kept files live under the domain's directory (`<dir>/ab/cd/abcd...`, a random name, owner-only
permissions), never under STATIC or MEDIA, and are served only by the domain's own file view.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import puremagic
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pathmaker.components import display
from pathmaker.lib.errors import DomainError


class UploadRefused(DomainError):
    """An upload that failed a check: `reason` says which, `values` hold what the domain's sentence needs
    (`file`: the quoted name; `label`, `kinds`, `size`, `limit` where they apply)."""

    code = "uploads.refused"

    def __init__(self, reason: str, **values: Any) -> None:
        super().__init__(reason, code=f"uploads.{reason}")
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class FileType:
    key: str
    extensions: tuple[str, ...]
    content_type: str
    group: str  # how the allowlist is summed up to a reader: "PDF", "images", "text", ...
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


@dataclass(frozen=True)
class UploadRules:
    """What one domain takes: its types, its size limit, and the directory its files are kept in."""

    types: tuple[FileType, ...]
    limit: int
    directory: Path = field(default_factory=Path)


def allowed_summary(types: Iterable[FileType]) -> str:
    """ "PDF, images, text, audio, video, Office documents": what a reader is told the domain takes."""
    groups: list[str] = []
    for t in types:
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


def allowed_extensions(types: Iterable[FileType]) -> list[str]:
    return [f".{ext}" for t in types for ext in t.extensions]


def human_size(size: int) -> str:
    """23.4 MB, 512 KB, 900 bytes (binary units, as people's computers count them)."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    elif size >= 1024:
        value, unit = size / 1024, "KB"
    else:
        return _("%(count)d bytes") % {"count": size} if size != 1 else _("1 byte")
    return f"{display.number(value, 1)} {unit}"  # "23,4 MB" in Spanish, like every number shown


def type_for_name(name: str, types: Iterable[FileType]) -> FileType | None:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((t for t in types if extension in t.extensions), None)


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


def check_upload(upload: Any, rules: UploadRules) -> Checked:
    """Refuse anything the rules do not take, reading as little as possible; raise UploadRefused."""
    name = clean_name(upload.name or "")
    quoted = f"“{name}”"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in SCRIPTABLE_EXTENSIONS:
        raise UploadRefused("scriptable", file=quoted)
    file_type = type_for_name(name, rules.types)
    if file_type is None:
        raise UploadRefused("unknown_type", file=quoted, kinds=allowed_summary(rules.types))
    limit = rules.limit
    size = int(upload.size or 0)
    if size > limit:
        size_text, limit_text = human_size(size), human_size(limit)
        if size_text == limit_text:  # just over: "2 KB; the limit is 2 KB" would make no sense
            size_text, limit_text = (
                _("%(count)s bytes") % {"count": f"{size:,}"},
                _("%(count)s bytes") % {"count": f"{limit:,}"},
            )
        raise UploadRefused("too_big", file=quoted, size=size_text, limit=limit_text)
    if size == 0:
        raise UploadRefused("empty", file=quoted)
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if _looks_scriptable(head):
        raise UploadRefused("disguised", file=quoted)
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


def _mismatch(quoted: str, file_type: FileType) -> UploadRefused:
    return UploadRefused("mismatch", file=quoted, label=file_type.label)


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
        raise UploadRefused("macros", file=quoted)


# --- Storage ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    stored_name: str
    size: int
    sha256: str


def path_for(directory: Path, stored_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", stored_name):
        raise ValueError("not a stored file name")
    return directory / stored_name[:2] / stored_name[2:4] / stored_name


def store(upload: Any, rules: UploadRules) -> Stored:
    """Write the upload under a new random name, hashing it on the way; the file is owner-only."""
    stored_name = secrets.token_hex(16)
    target = path_for(rules.directory, stored_name)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(stored_name + ".part")
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    try:
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > rules.limit:  # the upload grew after its size was checked: keep nothing
                    raise UploadRefused(
                        "grew", file=clean_name(upload.name or ""), limit=human_size(rules.limit)
                    )
                digest.update(chunk)
                out.write(chunk)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Stored(stored_name=stored_name, size=size, sha256=digest.hexdigest())


class UploadLimit(FileUploadHandler):
    """Keeps an oversized upload from ever filling the disk or memory.

    Django stores an uploaded file whole (in memory, then in a temporary file) before a view sees it. Put
    first in the request's handlers, this one passes a file's bytes on to Django's usual handlers up to
    the limit, then only counts the rest. An oversized file reaches the view as an empty placeholder that
    carries its real size, so the size check refuses it with the usual clear message and nothing is kept.
    """

    def __init__(self, request: Any = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.seen = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.seen = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        return raw_data if self.seen <= self.limit else None  # None: the next handlers never see it

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.seen <= self.limit:
            return None  # the usual handlers hold the whole file
        return UploadedFile(
            io.BytesIO(),
            name=self.file_name,
            content_type=self.content_type,
            size=self.seen,
            charset=self.charset,
        )


def discard(directory: Path, stored_name: str) -> None:
    """Only for a file whose row was never saved (the transaction failed after the bytes were written)."""
    path_for(directory, stored_name).unlink(missing_ok=True)
