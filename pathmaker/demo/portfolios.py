"""The demo student's portfolio: a lab report (PDF), a poster (PNG), a written reflection (text) and a
video link, tagged to the competencies of the student's courses, two featured, the lab report already
scored by their teacher as evidence. Everything goes through the services, as a student would add it.

The files are made here (reportlab for the PDF, a few lines of zlib for the PNG), so the demo needs
no asset and copies nobody's work.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pathmaker.audit.actor import Actor
from pathmaker.demo.data.portfolios import JUICE, REFLECTION_TEXT
from pathmaker.evidence.access import can_record_evidence
from pathmaker.frameworks.models import Competency
from pathmaker.portfolios import selectors
from pathmaker.portfolios.models import PortfolioItem
from pathmaker.portfolios.services import portfolio_item_add, portfolio_item_to_evidence
from pathmaker.profiles.access import profile_access_or_404


def lab_report_pdf(*, student_name: str, day: dt.date) -> bytes:
    """A one-page lab report, as a seventh grader might hand it in."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=letter,
        title="Unit rates lab: which juice is the better buy?",
        author=student_name,
        invariant=True,
    )
    rows = [["Brand", "Price", "Size (oz)", "Cost per ounce"]]
    for brand, price, ounces in JUICE:
        rows.append([brand, f"${price}", str(ounces), f"${(price / ounces).quantize(Decimal('0.001'))}"])
    table = Table(rows, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]
        )
    )
    story = [
        Paragraph("Unit rates lab: which juice is the better buy?", styles["Title"]),
        Paragraph(f"{student_name} · Math 7 · {day.isoformat()}", styles["Normal"]),
        Spacer(1, 12),
        Paragraph("Question", styles["Heading2"]),
        Paragraph(
            "Three brands of orange juice come in different sizes at different prices. "
            "Which one costs the least for each ounce?",
            styles["Normal"],
        ),
        Paragraph("Prediction", styles["Heading2"]),
        Paragraph(
            "I predicted the biggest bottle would be the best buy, because big sizes are usually cheaper.",
            styles["Normal"],
        ),
        Paragraph("Data", styles["Heading2"]),
        table,
        Paragraph("Conclusion", styles["Heading2"]),
        Paragraph(
            "Maple Farms costs about $0.047 an ounce, the least of the three, so my prediction was right "
            "this time. But Valley Fresh costs more per ounce than Sunny Orange even though its bottle "
            "is cheaper, so the price on the shelf does not tell you the better buy: the unit rate does.",
            styles["Normal"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def poster_png(width: int = 360, height: int = 240) -> bytes:
    """A small bar chart poster (ratio table 1:3, growing bars), written as a PNG by hand."""
    background, axis = (255, 255, 255), (27, 31, 36)
    bars = [(11, 92, 173), (26, 107, 52), (164, 22, 26), (122, 75, 0)]
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type: none
        for x in range(width):
            colour = background
            if x == 30 or y == height - 30:
                colour = axis
            for i, bar in enumerate(bars):
                left = 50 + i * 75
                if left <= x < left + 50 and height - 30 - (i + 1) * 45 <= y < height - 30:
                    colour = bar
            row += bytes(colour)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def build_demo_portfolio(*, student: Any, advisor: Any, teacher: Any, today: dt.date) -> list[PortfolioItem]:
    """Four pieces of the demo student's work. `advisor` is part of the demo's common signature: a
    portfolio is the student's own work and their teachers' evidence, so the advisor adds nothing here."""
    del advisor
    access = profile_access_or_404(student, student.person_id)
    offered = list(selectors.course_competencies(access.student))

    def pick(*names: str) -> list[Competency]:
        found = [c for name in names for c in offered if name in (c.human_coding_scheme, c.full_statement)]
        return list(dict.fromkeys(found))

    name = access.student.display_name
    lab = portfolio_item_add(
        access=access,
        actor=Actor.for_user(student),
        title="Unit rates lab: which juice is the better buy?",
        featured=True,
        upload=SimpleUploadedFile(
            "unit-rates-lab-report.pdf",
            lab_report_pdf(student_name=name, day=today),
            content_type="application/pdf",
        ),
        description="My lab report comparing the price per ounce of three brands of orange juice.",
        reflection="I used to think the cheapest bottle was the best deal. Working out the unit rate for each "
        "brand showed me why the price per ounce matters more. I am proud of my data table; next "
        "time I will explain my rounding.",
        competencies=pick("MV.M.RATIO", "Critical thinking", "Communication"),
    )
    poster = portfolio_item_add(
        access=access,
        actor=Actor.for_user(student),
        title="Ratio table poster",
        featured=True,
        upload=SimpleUploadedFile("ratio-table-poster.png", poster_png(), content_type="image/png"),
        description="A bar chart of four bars, each taller than the last by the same amount, showing the "
        "ratio table 1 to 3, 2 to 6, 3 to 9 and 4 to 12.",
        reflection="Drawing the bars helped me see that a proportional relationship grows by the same step "
        "every time.",
        competencies=pick("MV.M.PROP", "MV.M.RATIO", "Creativity"),
    )
    notes = portfolio_item_add(
        access=access,
        actor=Actor.for_user(student),
        title="Reflection on our garden group project",
        upload=SimpleUploadedFile(
            "garden-project-reflection.txt", REFLECTION_TEXT.encode(), content_type="text/plain"
        ),
        description="What I learned about working in a team.",
        reflection="Writing this down made me notice that I take over when I am worried about time.",
        competencies=pick("Collaboration", "Habits of work"),
    )
    video = portfolio_item_add(
        access=access,
        actor=Actor.for_user(student),
        title="Video: how I find a unit rate",
        url="https://video.example.org/maple-valley/unit-rate-explainer",
        description="A two-minute video where I explain unit rates with grocery prices.",
        reflection="I had to record it three times before the explanation was clear.",
        competencies=pick("MV.M.RATIO", "Communication"),
    )
    tagged, others = selectors.evidence_choices(lab)
    target = next(iter(tagged + others), None)
    if target is not None and can_record_evidence(teacher, access.student):
        portfolio_item_to_evidence(
            item=lab,
            actor=Actor.for_user(teacher),
            competency=target,
            score=Decimal(3),
            demonstrated_on=today - dt.timedelta(days=3),
            feedback="Clear data table and a conclusion that uses the unit rates. "
            "Show how you rounded next time.",
        )
    return [lab, poster, notes, video]
