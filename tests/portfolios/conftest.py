"""Portfolio fixtures: files never go to the real data folder, and Sam's courses have competencies to tag."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pathmaker.audit.actor import Actor
from pathmaker.demo.portfolios import lab_report_pdf, poster_png
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.models import Competency
from pathmaker.portfolios.models import PortfolioItem
from pathmaker.portfolios.services import portfolio_item_add
from pathmaker.profiles.access import profile_part_or_404


@pytest.fixture(autouse=True)
def portfolio_dir(settings, tmp_path):
    settings.PATHMAKER_PORTFOLIO_DIR = tmp_path / "portfolio"
    settings.PATHMAKER_PORTFOLIO_MAX_BYTES = 10 * 1024 * 1024
    return settings.PATHMAKER_PORTFOLIO_DIR


def stored_files(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@dataclass
class Tags:
    ratio: Competency  # Math 7
    collaboration: Competency  # Math 7 and Art
    outside: Competency  # no course of Sam's


@pytest.fixture
def tags(district) -> Tags:
    framework = frameworks.framework_create(title="Maple Valley", description="", actor=Actor.system("test"))
    scale = frameworks.scale_create(
        name="4-point",
        mastery_value=Decimal(3),
        actor=Actor.system("test"),
        levels=[
            frameworks.LevelSpec(Decimal(1), "Beginning", ""),
            frameworks.LevelSpec(Decimal(2), "Developing", ""),
            frameworks.LevelSpec(Decimal(3), "Proficient", ""),
            frameworks.LevelSpec(Decimal(4), "Advanced", ""),
        ],
    )
    frameworks.scale_assign(scale=scale, framework=framework, actor=Actor.system("test"))
    ratio = frameworks.competency_create(
        framework=framework,
        full_statement="I can use ratios and rates.",
        human_coding_scheme="MV.M.RATIO",
        actor=Actor.system("test"),
    )
    collaboration = frameworks.competency_create(
        framework=framework,
        full_statement="Collaboration",
        human_coding_scheme="MV.POG.2",
        actor=Actor.system("test"),
    )
    outside = frameworks.competency_create(
        framework=framework,
        full_statement="Lab safety",
        human_coding_scheme="SCI.SAFE",
        actor=Actor.system("test"),
    )
    for course, competency in (
        (district.math.course, ratio),
        (district.math.course, collaboration),
        (district.art.course, collaboration),
        (district.science.course, outside),
    ):
        frameworks.course_competency_add(course=course, competency=competency, actor=Actor.system("test"))
    return Tags(ratio, collaboration, outside)


def pdf() -> bytes:
    return lab_report_pdf(student_name="Sam Garcia", day=dt.date(2026, 9, 20))


def png() -> bytes:
    return poster_png(40, 30)


def office(kind: str, *, macros: bool = False) -> bytes:
    folder = {"docx": "word", "pptx": "ppt", "xlsx": "xl"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(f"{folder}/document.xml", "<document/>")
        if macros:
            archive.writestr(f"{folder}/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def add(district, *, title="Lab report", featured=False, competencies=(), **kwargs) -> PortfolioItem:
    """Sam adds work through the service, as the page does."""
    sam = district.user("student")
    access = profile_part_or_404(sam, district.sam.pk, "portfolio")
    if "upload" not in kwargs and "url" not in kwargs:
        kwargs["upload"] = upload("lab-report.pdf", pdf(), "application/pdf")
    return portfolio_item_add(
        access=access,
        actor=Actor.for_user(sam),
        title=title,
        featured=featured,
        competencies=competencies,
        **kwargs,
    )
