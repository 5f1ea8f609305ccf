"""The conference packet as a PDF, for the family to take home and the school to file.

Built with reportlab's platypus from the stored packet (only the items the student chose), with the
record of the conference once it was held. The text is set in the Bitstream Vera fonts that ship with
reportlab, embedded, so names such as "José Núñez" print as written; the document carries its title,
author and language, and numbers its pages.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from pathmaker.components import display
from pathmaker.conferences.models import Conference
from pathmaker.conferences.selectors import attendees_of, schools_of, shown_packet

FONT = "PathmakerVera"
INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#4a5560")
BRAND = colors.HexColor("#083f78")


@lru_cache(maxsize=1)
def _font_family() -> str:
    """Register reportlab's bundled Vera TrueType fonts once per process."""
    folder = Path(reportlab.__file__).resolve().parent / "fonts"
    faces = {
        "normal": ("", "Vera.ttf"),
        "bold": ("-Bold", "VeraBd.ttf"),
        "italic": ("-Italic", "VeraIt.ttf"),
        "boldItalic": ("-BoldItalic", "VeraBI.ttf"),
    }
    for suffix, file in faces.values():
        pdfmetrics.registerFont(TTFont(f"{FONT}{suffix}", str(folder / file)))
    pdfmetrics.registerFontFamily(
        FONT, **{face: f"{FONT}{suffix}" for face, (suffix, _file) in faces.items()}
    )
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font_family()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=15, textColor=INK, spaceAfter=6)
    return {
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=f"{font}-Bold",
            fontSize=22,
            leading=27,
            textColor=BRAND,
            spaceAfter=4,
        ),
        "student": ParagraphStyle("student", parent=body, fontName=f"{font}-Bold", fontSize=15, leading=20),
        "meta": ParagraphStyle("meta", parent=body, fontSize=10, leading=13, textColor=MUTED, spaceAfter=2),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=f"{font}-Bold",
            fontSize=14,
            leading=18,
            textColor=BRAND,
            spaceBefore=12,
            spaceAfter=6,
        ),
        "item": ParagraphStyle("item", parent=body, fontName=f"{font}-Bold", spaceAfter=1),
        "detail": ParagraphStyle(
            "detail", parent=body, fontSize=10, leading=13, textColor=MUTED, spaceAfter=6
        ),
        "body": body,
    }


def _text(value: str) -> str:
    """Plain text for a Paragraph: markup characters escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def _paragraphs(value: str, style: ParagraphStyle) -> list[Paragraph]:
    blocks = [block.strip() for block in value.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return [Paragraph(_text(block), style) for block in blocks]


def _bullets(flowables: list[list], *, numbered: bool = False) -> ListFlowable:
    return ListFlowable(
        [ListItem(f, leftIndent=14) for f in flowables],
        bulletType="1" if numbered else "bullet",
        start=None if numbered else "•",
        leftIndent=14,
        bulletFontName=_font_family(),
        bulletFontSize=10,
    )


class _NumberedCanvas(Canvas):
    """Draws "Page n of N" and the packet's name at the foot of every page, once the page count is known."""

    footer = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            width, _height = self._pagesize
            self.setFont(_font_family(), 9)
            self.setFillColor(MUTED)
            self.drawString(18 * mm, 12 * mm, self.footer)
            self.drawRightString(
                width - 18 * mm,
                12 * mm,
                _("Page %(number)d of %(total)d") % {"number": number, "total": total},
            )
            super().showPage()
        super().save()


def packet_filename(conference: Conference) -> str:
    name = slugify(conference.student.display_name) or "student"
    return f"conference-{name}-{conference.day.isoformat()}.pdf"


def conference_packet_pdf(conference: Conference) -> bytes:
    """The packet the student presents (and, once held, the record of the conference) as PDF bytes."""
    student = conference.student
    styles = _styles()
    packet = shown_packet(conference)
    story: list = [
        Paragraph(_text(conference.title), styles["title"]),
        Paragraph(_text(student.display_name), styles["student"]),
    ]
    schools = ", ".join(school.name for school in schools_of(student))
    if schools:
        story.append(Paragraph(_text(schools), styles["meta"]))
    when = (_("Held on %(day)s") if conference.is_held else _("Planned for %(day)s")) % {
        "day": display.day(conference.day)
    }
    story += [Paragraph(_text(when), styles["meta"]), Spacer(1, 6 * mm)]

    if packet.opening:
        story += [
            Paragraph(_text(_("Opening words")), styles["h2"]),
            *_paragraphs(packet.opening, styles["body"]),
        ]
    presented = packet.presented
    for section in presented:
        story.append(Paragraph(_text(section.title), styles["h2"]))
        story.append(
            _bullets(
                [
                    [Paragraph(_text(item.title), styles["item"])]
                    + ([Paragraph(_text(item.detail), styles["detail"])] if item.detail else [])
                    for item in section.items
                ]
            )
        )
    if not presented and not packet.opening:
        story.append(Paragraph(_text(_("Nothing has been chosen for the packet yet.")), styles["body"]))
    if packet.closing:
        story += [
            Paragraph(_text(_("Closing words")), styles["h2"]),
            *_paragraphs(packet.closing, styles["body"]),
        ]

    if conference.is_held:
        story.append(Paragraph(_text(_("The conference")), styles["h2"]))
        story.append(
            Paragraph(
                _text(
                    _("Held on %(day)s; recorded by %(name)s.")
                    % {"day": display.day(conference.held_on), "name": conference.recorded_by_name}
                ),
                styles["meta"],
            )
        )
        attendees = attendees_of(conference)
        if attendees:
            story.append(
                KeepTogether(
                    [
                        Paragraph(_text(_("Who attended")), styles["item"]),
                        _bullets(
                            [
                                [Paragraph(_text(f"{a.name} ({a.get_role_display()})"), styles["body"])]
                                for a in attendees
                            ]
                        ),
                    ]
                )
            )
        story += [
            Paragraph(_text(_("Notes")), styles["item"]),
            *_paragraphs(conference.notes, styles["body"]),
        ]
        steps = conference.next_step_lines
        if steps:
            story.append(
                KeepTogether(
                    [
                        Paragraph(_text(_("Agreed next steps")), styles["item"]),
                        _bullets([[Paragraph(_text(step), styles["body"])] for step in steps], numbered=True),
                    ]
                )
            )
        for addendum in conference.addenda.all():
            story.append(
                Paragraph(
                    _text(
                        _("Added on %(day)s by %(name)s")
                        % {"day": display.day(addendum.written_at), "name": addendum.written_by_name}
                    ),
                    styles["item"],
                )
            )
            story += _paragraphs(addendum.text, styles["body"])

    buffer = io.BytesIO()
    page = A4 if settings.PATHMAKER_CONFERENCE_PAPER == "a4" else LETTER
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=f"{conference.title} · {student.display_name}",
        author=student.display_name,
        subject=_("Student-led conference packet"),
        creator="Pathmaker",
        lang=translation.get_language() or "en",
    )
    canvas = type(
        "PacketCanvas", (_NumberedCanvas,), {"footer": f"{student.display_name} · {conference.title}"}
    )
    document.build(story, canvasmaker=canvas)
    return buffer.getvalue()
