"""The demo student's portfolio: real files that pass the portfolio's own checks, two featured, one evidence."""

from __future__ import annotations

import datetime as dt
import io
import struct

import time_machine
from pypdf import PdfReader

from pathmaker.demo.portfolios import build_demo_portfolio, lab_report_pdf, poster_png
from pathmaker.evidence.models import Evidence
from pathmaker.mastery.models import MasterySummary
from pathmaker.portfolios import files
from pathmaker.portfolios.models import PortfolioItem


def test_the_lab_report_is_a_real_pdf_with_the_students_name():
    text = PdfReader(io.BytesIO(lab_report_pdf(student_name="Sam Garcia", day=dt.date(2026, 10, 1)))).pages[0]
    words = text.extract_text()
    assert "Unit rates lab" in words and "Sam Garcia" in words and "2026-10-01" in words


def test_the_poster_is_a_valid_png_of_the_asked_size():
    data = poster_png(120, 80)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")
    assert struct.unpack(">II", data[16:24]) == (120, 80)


@time_machine.travel(dt.datetime(2026, 10, 15, 12, 0, tzinfo=dt.UTC))
def test_the_demo_portfolio_has_four_tagged_pieces_two_featured_and_one_scored(district, tags, portfolio_dir):
    items = build_demo_portfolio(
        student=district.user("student"),
        advisor=district.user("advisor"),
        teacher=district.user("teacher"),
        today=dt.date(2026, 10, 15),
    )
    assert len(items) == PortfolioItem.objects.filter(student=district.sam).count() == 4
    assert sorted(i.kind for i in items) == ["file", "file", "file", "link"]
    assert {i.content_type for i in items if i.is_file} == {
        "application/pdf",
        "image/png",
        "text/plain; charset=utf-8",
    }
    assert sum(i.featured for i in items) == 2 and all(i.reflection for i in items)
    for item in items:
        assert item.competencies.exists(), item.title
        if item.is_file:
            assert files.path_for(item.stored_name).stat().st_size == item.size
    lab = items[0]
    lab.refresh_from_db()
    evidence = Evidence.objects.get()
    assert (
        lab.evidence == evidence and evidence.kind == "portfolio_item" and evidence.competency == tags.ratio
    )
    assert evidence.recorded_by == district.user("teacher")
    assert MasterySummary.objects.get(student=district.sam, competency=tags.ratio).level == 3.0
