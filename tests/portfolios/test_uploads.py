"""What the portfolio takes and refuses, and that a refusal keeps nothing: no file on disk, no row, no audit."""

from __future__ import annotations

import hashlib
import stat

import pytest
from django.conf import settings as django_settings

from pathmaker.audit.models import AuditEvent
from pathmaker.portfolios import files
from pathmaker.portfolios.models import PortfolioItem
from pathmaker.portfolios.services import PortfolioError
from tests.portfolios.conftest import add, odt, office, pdf, png, stored_files, upload

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
    b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 24
MP3_TAGGED = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400
MP3_BARE = b"\xff\xf3\x90\x64" + b"\x00" * 400
MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
OOXML = "application/vnd.openxmlformats-officedocument."


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("lab-report.pdf", pdf(), "application/pdf"),
        ("poster.png", png(), "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.JPEG", JPEG, "image/jpeg"),
        ("animation.gif", GIF, "image/gif"),
        ("picture.webp", WEBP, "image/webp"),
        (
            "notes.txt",
            "My reflection: ratios are everywhere. ¿Por qué? 🙂\n".encode(),
            "text/plain; charset=utf-8",
        ),
        (
            "old-editor.txt",
            "Caf\xe9 menu prices\r\n".encode("windows-1252"),
            "text/plain; charset=windows-1252",
        ),
        ("interview.mp3", MP3_TAGGED, "audio/mpeg"),
        ("voice-memo.mp3", MP3_BARE, "audio/mpeg"),
        ("explainer.mp4", MP4, "video/mp4"),
        ("essay.docx", office("docx"), OOXML + "wordprocessingml.document"),
        ("slides.pptx", office("pptx"), OOXML + "presentationml.presentation"),
        ("budget.xlsx", office("xlsx"), OOXML + "spreadsheetml.sheet"),
        ("story.odt", odt(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_it_takes_each_kind_of_file_on_the_allowlist_with_the_type_it_checked(
    district, portfolio_dir, name, content, content_type
):
    item = add(district, upload=upload(name, content, "application/octet-stream"))
    assert item.kind == "file" and item.original_name == name and item.content_type == content_type
    assert item.size == len(content) and item.sha256 == hashlib.sha256(content).hexdigest()
    path = files.path_for(item.stored_name)
    assert path.read_bytes() == content
    assert path.parent.parent.parent == portfolio_dir and path.parent.name == item.stored_name[2:4]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_stored_name_is_random_and_the_file_is_outside_every_public_folder(district, portfolio_dir):
    first, second = add(district), add(district)
    assert first.stored_name != second.stored_name and len(first.stored_name) == 32
    assert "lab-report" not in first.stored_name
    path = files.path_for(first.stored_name).resolve()
    for public in (django_settings.STATIC_ROOT, django_settings.MEDIA_ROOT):
        assert not path.is_relative_to(public.resolve())


def test_the_default_folder_is_the_portfolio_folder_in_the_data_dir():
    from pathmaker import settings as project

    assert project.PATHMAKER_PORTFOLIO_DIR == project.DATA_DIR / "portfolio"
    assert project.PATHMAKER_PORTFOLIO_MAX_BYTES == 10 * 1024 * 1024


def _refused(district, portfolio_dir, **kwargs) -> PortfolioError:
    """The service refuses, and nothing is left of the attempt."""
    rows, audited, kept = (
        PortfolioItem.objects.count(),
        AuditEvent.objects.filter(action="portfolio.add").count(),
        stored_files(portfolio_dir),
    )
    with pytest.raises(PortfolioError) as refused:
        add(district, **kwargs)
    assert PortfolioItem.objects.count() == rows
    assert AuditEvent.objects.filter(action="portfolio.add").count() == audited
    assert stored_files(portfolio_dir) == kept
    return refused.value


class Unreadable:
    def read(self, *args):
        pytest.fail("an oversized upload must not be read")

    seek = read


def test_an_oversized_file_is_refused_from_its_size_before_its_bytes_are_read(district, portfolio_dir):
    video = upload("video.mp4", MP4, "video/mp4")
    video.size = int(23.4 * 1024 * 1024)
    video.file = Unreadable()
    error = _refused(district, portfolio_dir, upload=video)
    assert str(error) == "“video.mp4” is 23.4 MB; the limit is 10 MB" and error.field == "file"


def test_a_file_one_byte_over_a_district_limit_is_refused(district, portfolio_dir, settings):
    settings.PATHMAKER_PORTFOLIO_MAX_BYTES = 2048
    add(district, upload=upload("small.txt", b"a" * 2048))
    error = _refused(district, portfolio_dir, upload=upload("notes.txt", b"a" * 2049))
    assert str(error) == "“notes.txt” is 2,049 bytes; the limit is 2,048 bytes"


def test_a_disallowed_extension_is_refused_naming_what_the_portfolio_takes(district, portfolio_dir):
    error = _refused(district, portfolio_dir, upload=upload("essay.exe", EXE))
    assert str(error) == (
        "“essay.exe” is not a kind of file the portfolio takes "
        "(PDF, images, text, audio, video, Office documents)"
    )


def test_a_file_without_an_extension_is_refused(district, portfolio_dir):
    assert "is not a kind of file" in str(
        _refused(district, portfolio_dir, upload=upload("README", b"hello"))
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", EXE),  # a renamed program
        ("photo.png", JPEG),
        ("photo.jpg", png()),
        ("song.mp3", b"just some text pretending to be a song"),
        ("essay.docx", b"PK\x03\x04" + b"\x00" * 100),  # not really a zip
        ("essay.docx", office("xlsx")),  # a workbook named like a document
        ("story.odt", office("docx")),
        ("notes.txt", EXE),
        ("data.txt", b"\x00\x01\x02\x03binary"),
    ],
)
def test_a_file_whose_bytes_are_not_what_its_name_says_is_refused(district, portfolio_dir, name, content):
    error = _refused(district, portfolio_dir, upload=upload(name, content))
    assert str(error).startswith(f"“{name}” is named like ") and "what is inside is not" in str(error)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", SVG),
        ("page.html", HTML),
        ("page.htm", HTML),
        ("drawing.svgz", SVG),
    ],
)
def test_svg_and_html_are_refused_because_they_can_carry_scripts(district, portfolio_dir, name, content):
    error = _refused(district, portfolio_dir, upload=upload(name, content))
    assert str(error).startswith(f"“{name}” is a web page or SVG drawing, which can carry scripts")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.png", SVG),
        ("notes.txt", HTML),
        ("notes.txt", b"\n  <svg onload=alert(1)>"),
        ("report.pdf", HTML),
    ],
)
def test_svg_and_html_renamed_to_an_allowed_extension_are_refused(district, portfolio_dir, name, content):
    error = _refused(district, portfolio_dir, upload=upload(name, content))
    assert "is really a web page or SVG drawing, which can carry scripts" in str(error)


def test_an_office_document_with_macros_is_refused(district, portfolio_dir):
    error = _refused(district, portfolio_dir, upload=upload("budget.xlsx", office("xlsx", macros=True)))
    assert str(error).startswith("“budget.xlsx” contains macros")


def test_an_empty_file_is_refused(district, portfolio_dir):
    assert str(_refused(district, portfolio_dir, upload=upload("notes.txt", b""))) == "“notes.txt” is empty"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.org/video.mp4",
        "file:///etc/passwd",
        "example.org/my-video",
        "  JavaScript:alert(1)",
    ],
)
def test_a_link_that_is_not_http_or_https_is_refused(district, portfolio_dir, url):
    error = _refused(district, portfolio_dir, url=url)
    assert str(error).startswith("A link must start with http:// or https://") and error.field == "url"


def test_an_incomplete_web_address_is_refused(district, portfolio_dir):
    error = _refused(district, portfolio_dir, url="https://")
    assert "is not a complete web address" in str(error) and error.field == "url"


def test_a_link_is_kept_as_given(district):
    item = add(district, url="https://video.example.org/sam/unit-rates?t=30")
    assert item.kind == "link" and item.url == "https://video.example.org/sam/unit-rates?t=30"
    assert item.stored_name == "" and item.size == 0


def test_work_needs_a_title_and_either_a_file_or_a_link(district, portfolio_dir):
    assert _refused(district, portfolio_dir, title="   ").field == "title"
    neither = _refused(district, portfolio_dir, upload=None)
    assert str(neither) == "Choose a file to upload, or give a link to your work." and neither.field == "file"
    both = _refused(
        district,
        portfolio_dir,
        url="https://example.org/x",
        upload=upload("lab.pdf", pdf(), "application/pdf"),
    )
    assert str(both) == "Upload a file or give a link, not both."


def test_tags_must_be_competencies_of_the_students_courses(district, tags, portfolio_dir):
    error = _refused(district, portfolio_dir, competencies=[tags.ratio, tags.outside])
    assert "SCI.SAFE Lab safety is not a competency of your courses" in str(error)
    assert error.field == "competencies"


def test_a_district_may_narrow_the_kinds_of_file(district, portfolio_dir, settings):
    settings.PATHMAKER_PORTFOLIO_TYPES = ["pdf", "text"]
    add(district, upload=upload("lab.pdf", pdf()))
    error = _refused(district, portfolio_dir, upload=upload("poster.png", png()))
    assert str(error) == "“poster.png” is not a kind of file the portfolio takes (PDF, text)"


def test_a_failure_after_the_file_was_written_keeps_no_file_and_no_row(district, portfolio_dir, monkeypatch):
    from pathmaker.portfolios import services

    def broken(**kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        add(district)
    assert not PortfolioItem.objects.exists() and stored_files(portfolio_dir) == []


def test_the_uploaded_name_is_cleaned_of_folders_and_control_characters():
    assert files.clean_name("C:\\Users\\sam\\Desktop\\lab\x07.pdf") == "lab.pdf"
    assert files.clean_name("../../etc/passwd") == "passwd"
    long = files.clean_name("a" * 400 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (900, "900 bytes"),
        (2048, "2 KB"),
        (1536, "1.5 KB"),
        (10 * 1024 * 1024, "10 MB"),
        (int(23.4 * 1024 * 1024), "23.4 MB"),
    ],
)
def test_sizes_are_written_the_way_people_read_them(size, text):
    assert files.human_size(size) == text
