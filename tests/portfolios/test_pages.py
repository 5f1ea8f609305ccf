"""Every portfolio page and action, by persona: who gets it, and that the wrong personas get a 404,
change nothing and see nothing of the student."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pathmaker.audit.models import AuditEvent
from pathmaker.evidence.models import Evidence
from pathmaker.mastery.models import MasterySummary
from pathmaker.portfolios import files
from pathmaker.portfolios.models import PortfolioItem
from pathmaker.portfolios.uploads import PortfolioUploadLimit
from pathmaker.profiles.models import ProfileSection
from tests.portfolios.conftest import add, office, pdf, png, stored_files, upload

SEES_THE_PROFILE = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
STAFF = ["teacher", "co_teacher", "advisor", "principal", "district_admin"]
WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
TODAY = dt.datetime(2026, 10, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def work(district, tags):
    """Sam's featured poster (an image) and an unfeatured draft report (a PDF)."""
    poster = add(
        district,
        title="Ratio table poster",
        featured=True,
        competencies=[tags.ratio],
        upload=upload("poster.png", png()),
        description="Four bars growing evenly.",
        reflection="Bars helped me see the pattern.",
    )
    draft = add(district, title="Secret draft report", reflection="Not ready to share.")
    return poster, draft


def urls(district, item) -> dict[str, str]:
    sid = district.sam.pk
    return {
        "page": reverse("portfolio", args=[sid]),
        "item": reverse("portfolio_item", args=[sid, item.pk]),
        "file": reverse("portfolio_file", args=[sid, item.pk]),
    }


def reads(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- Reading -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", SEES_THE_PROFILE)
def test_the_portfolio_page_opens_for_everyone_who_sees_the_students_profile(district, login, work, persona):
    poster, _ = work
    response = login(district.user(persona)).get(reverse("portfolio", args=[district.sam.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Ratio table poster" in page and reverse("portfolio_file", args=[district.sam.pk, poster.pk]) in page
    )
    event = AuditEvent.objects.get(action="portfolio.view")
    assert event.actor == district.user(persona) and event.student_id == district.sam.pk


@pytest.mark.parametrize("persona", SEES_THE_PROFILE)
def test_the_item_page_opens_for_everyone_who_sees_featured_work(district, login, work, persona):
    poster, _ = work
    page = login(district.user(persona)).get(urls(district, poster)["item"])
    assert page.status_code == 200
    assert (
        "Bars helped me see the pattern." in page.content.decode() and "MV.M.RATIO" in page.content.decode()
    )
    assert AuditEvent.objects.get(action="portfolio.view").detail == {"item": poster.pk}
    assert "PNG image · " in page.content.decode()


@pytest.mark.parametrize("persona", WRONG)
@pytest.mark.parametrize("which", ["page", "item", "file"])
def test_the_wrong_personas_get_404_and_see_nothing_of_the_student(district, login, work, persona, which):
    poster, _ = work
    response = login(district.user(persona)).get(urls(district, poster)[which])
    assert response.status_code == 404
    body = response.content
    assert b"Ratio table poster" not in body and b"Garcia" not in body and png() not in body
    assert reads("portfolio.view") == 0 and reads("portfolio.file") == 0


def test_anonymous_visitors_are_sent_to_log_in(district, client, work):
    poster, _ = work
    for url in urls(district, poster).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_family_sees_featured_work_and_gets_404_for_the_rest(district, login, work):
    poster, draft = work
    client = login(district.user("guardian"))
    page = client.get(urls(district, poster)["page"]).content.decode()
    assert "Ratio table poster" in page and "Secret draft report" not in page
    assert "This is the work Sam chose to feature." in page and "Add work" not in page
    assert client.get(urls(district, poster)["file"]).status_code == 200
    for which in ("item", "file"):
        response = client.get(urls(district, draft)[which])
        assert response.status_code == 404 and b"Secret draft" not in response.content


@pytest.mark.parametrize("persona", STAFF + ["student"])
def test_staff_and_the_student_see_every_piece_of_work(district, login, work, persona):
    _, draft = work
    client = login(district.user(persona))
    assert "Secret draft report" in client.get(urls(district, draft)["page"]).content.decode()
    assert client.get(urls(district, draft)["item"]).status_code == 200
    assert client.get(urls(district, draft)["file"]).status_code == 200


def test_when_the_district_hides_the_portfolio_from_families_the_guardian_gets_404(district, login, work):
    poster, _ = work
    ProfileSection.objects.filter(kind="portfolio").update(family_visible=False)
    for which, url in urls(district, poster).items():
        assert login(district.user("guardian")).get(url).status_code == 404, which
        assert login(district.user("teacher")).get(url).status_code == 200, which


def test_when_the_district_turns_the_portfolio_off_it_is_404_for_everyone(district, login, work):
    poster, _ = work
    ProfileSection.objects.filter(kind="portfolio").update(is_active=False)
    for persona in ("student", "teacher", "district_admin"):
        assert login(district.user(persona)).get(urls(district, poster)["page"]).status_code == 404


# --- Serving files -------------------------------------------------------------------------------


def test_an_image_is_served_inline_sandboxed_unsniffed_and_uncached(district, login, work):
    poster, _ = work
    response = login(district.user("guardian")).get(urls(district, poster)["file"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == png()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="poster.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="portfolio.file")
    assert event.student_id == district.sam.pk and event.detail["item"] == poster.pk
    assert event.actor == district.user("guardian")


@pytest.mark.parametrize(
    ("name", "content", "content_type", "disposition"),
    [
        ("lab report.pdf", pdf(), "application/pdf", 'inline; filename="lab report.pdf"'),
        ("notes.txt", b"My notes\n", "text/plain; charset=utf-8", 'attachment; filename="notes.txt"'),
        (
            "essay.docx",
            office("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            'attachment; filename="essay.docx"',
        ),
        (
            "ensayo_año.txt",
            b"Hola\n",
            "text/plain; charset=utf-8",
            "attachment; filename*=utf-8''ensayo_a%C3%B1o.txt",
        ),
    ],
)
def test_files_other_than_images_and_pdf_download_rather_than_open(
    district, login, name, content, content_type, disposition
):
    item = add(district, upload=upload(name, content))
    response = login(district.user("teacher")).get(urls(district, item)["file"])
    assert response["Content-Type"] == content_type and response["Content-Disposition"] == disposition
    assert (
        response["Content-Security-Policy"] == "sandbox" and response["X-Content-Type-Options"] == "nosniff"
    )
    assert b"".join(response.streaming_content) == content


def test_a_link_has_no_file_and_a_missing_file_is_not_found(district, login, work):
    link = add(district, url="https://video.example.org/sam")
    client = login(district.user("student"))
    assert client.get(urls(district, link)["file"]).status_code == 404
    poster, _ = work
    files.path_for(poster.stored_name).unlink()
    assert client.get(urls(district, poster)["file"]).status_code == 404


# --- Adding --------------------------------------------------------------------------------------


def test_the_page_states_the_limits_before_the_student_uploads(district, login):
    page = login(district.user("student")).get(reverse("portfolio", args=[district.sam.pk])).content.decode()
    assert "Upload a file of up to 10 MB (PDF, images, text, audio, video, Office documents)" in page
    assert ".pdf, .png, .jpg, .jpeg" in page and "SVG drawings are not taken" in page
    assert 'enctype="multipart/form-data"' in page and 'accept=".pdf,.png,' in page


def test_the_student_uploads_work_from_the_page(district, login, tags, portfolio_dir):
    client = login(district.user("student"))
    response = client.post(
        reverse("portfolio_add", args=[district.sam.pk]),
        {
            "title": "Juice lab",
            "file": SimpleUploadedFile("juice-lab.pdf", pdf(), "application/pdf"),
            "url": "",
            "reflection": "Unit rates matter.",
            "competencies": [tags.ratio.pk],
            "featured": "on",
        },
        follow=True,
    )
    item = PortfolioItem.objects.get()
    assert (item.title, item.original_name, item.featured, item.kind) == (
        "Juice lab",
        "juice-lab.pdf",
        True,
        "file",
    )
    assert list(item.competencies.all()) == [tags.ratio]
    assert files.path_for(item.stored_name).read_bytes() == pdf()
    assert "“Juice lab” is in your portfolio." in response.content.decode()
    event = AuditEvent.objects.get(action="portfolio.add")
    assert event.actor == district.user("student") and event.detail["sha256"] == item.sha256


def test_the_student_adds_a_link_from_the_page(district, login):
    login(district.user("student")).post(
        reverse("portfolio_add", args=[district.sam.pk]),
        {"title": "My explainer video", "url": "https://video.example.org/sam/unit-rates", "reflection": ""},
    )
    assert PortfolioItem.objects.get().url == "https://video.example.org/sam/unit-rates"


def test_an_oversized_upload_is_refused_on_the_page_with_its_size_and_nothing_is_kept(
    district, login, settings, portfolio_dir, monkeypatch
):
    settings.PATHMAKER_PORTFOLIO_MAX_BYTES = 2048
    seen = []
    check = files.check_upload
    monkeypatch.setattr(files, "check_upload", lambda upload: seen.append(upload.read()) or check(upload))
    response = login(district.user("student")).post(
        reverse("portfolio_add", args=[district.sam.pk]),
        {"title": "Big scan", "file": SimpleUploadedFile("big-scan.pdf", pdf()[:4] + b"x" * 5000)},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in page
    assert "“big-scan.pdf” is 4.9 KB; the limit is 2 KB" in page
    assert '<a href="#id_file">File</a>' in page and 'value="Big scan"' in page
    assert not PortfolioItem.objects.exists() and stored_files(portfolio_dir) == []
    assert seen == [b""]  # the view got the size, not the bytes: they were never kept


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "essay.exe",
            b"MZ\x90\x00" + b"\x00" * 100,
            "“essay.exe” is not a kind of file the portfolio takes (PDF, "
            "images, text, audio, video, Office documents)",
        ),
        (
            "drawing.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "“drawing.svg” is a web page or SVG drawing",
        ),
        (
            "report.pdf",
            b"MZ\x90\x00" + b"\x00" * 100,
            "“report.pdf” is named like a PDF, but what is inside is not",
        ),
        ("empty.txt", b"", "“empty.txt” is empty"),
    ],
)
def test_a_refused_file_is_named_on_the_page_with_the_reason(
    district, login, portfolio_dir, name, content, message
):
    response = login(district.user("student")).post(
        reverse("portfolio_add", args=[district.sam.pk]),
        {"title": "Something", "file": SimpleUploadedFile(name, content)},
    )
    assert message in response.content.decode()
    assert not PortfolioItem.objects.exists() and stored_files(portfolio_dir) == []


def test_a_bad_link_is_refused_on_the_page_naming_the_link_field(district, login):
    response = login(district.user("student")).post(
        reverse("portfolio_add", args=[district.sam.pk]), {"title": "Video", "url": "javascript:alert(1)"}
    )
    page = response.content.decode()
    assert '<a href="#id_url">Or a link to your work</a>: A link must start with http:// or https://' in page
    assert not PortfolioItem.objects.exists()


def test_the_upload_form_checks_the_csrf_token(district, portfolio_dir):
    client = Client(enforce_csrf_checks=True)
    client.force_login(district.user("student"))
    response = client.post(
        reverse("portfolio_add", args=[district.sam.pk]),
        {"title": "Juice lab", "file": SimpleUploadedFile("juice-lab.pdf", pdf())},
    )
    assert response.status_code == 403
    assert not PortfolioItem.objects.exists() and stored_files(portfolio_dir) == []


@pytest.mark.parametrize("persona", STAFF + ["guardian"] + WRONG)
def test_no_one_but_the_student_adds_work(district, login, portfolio_dir, persona):
    response = login(district.user(persona)).post(
        reverse("portfolio_add", args=[district.sam.pk]),
        {"title": "Planted", "file": SimpleUploadedFile("planted.pdf", pdf())},
    )
    assert response.status_code == 404 and b"Garcia" not in response.content
    assert not PortfolioItem.objects.exists() and stored_files(portfolio_dir) == []
    assert not AuditEvent.objects.filter(action="portfolio.add").exists()


def test_the_upload_limit_handler_passes_files_under_the_limit_and_counts_the_rest():
    handler = PortfolioUploadLimit(limit=10)
    handler.new_file("file", "small.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    assert handler.file_complete(5) is None  # Django's own handlers keep it
    handler.new_file("file", "big.mp4", "video/mp4", None)
    assert handler.receive_data_chunk(b"123456", 0) == b"123456"
    assert handler.receive_data_chunk(b"789012", 6) is None  # never reaches disk or memory
    assert handler.receive_data_chunk(b"x" * 1000, 12) is None
    placeholder = handler.file_complete(1012)
    assert placeholder.name == "big.mp4" and placeholder.size == 1012 and placeholder.read() == b""


# --- The item page: editing, removing, evidence ---------------------------------------------------


def test_the_student_sees_the_edit_and_remove_forms_and_no_evidence_form(district, login, work):
    poster, _ = work
    page = login(district.user("student")).get(urls(district, poster)["item"]).content.decode()
    assert "Change it" in page and "Remove from my portfolio" in page and "Record as evidence" not in page


@pytest.mark.parametrize(
    ("persona", "may_record"),
    [
        ("teacher", True),
        ("co_teacher", True),
        ("principal", True),
        ("district_admin", True),
        ("advisor", False),
        ("guardian", False),
    ],
)
def test_only_those_who_record_evidence_see_the_evidence_form(district, login, work, persona, may_record):
    poster, _ = work
    page = login(district.user(persona)).get(urls(district, poster)["item"]).content.decode()
    assert ("Record as evidence" in page) is may_record
    assert "Change it" not in page and "Remove from my portfolio" not in page


def test_the_student_edits_their_work_from_the_item_page(district, login, work, tags):
    _, draft = work
    response = login(district.user("student")).post(
        reverse("portfolio_item_edit", args=[district.sam.pk, draft.pk]),
        {
            "title": "Final report",
            "reflection": "Ready now.",
            "description": "",
            "competencies": [tags.collaboration.pk],
            "featured": "on",
        },
        follow=True,
    )
    draft.refresh_from_db()
    assert (draft.title, draft.reflection, draft.featured) == ("Final report", "Ready now.", True)
    assert list(draft.competencies.all()) == [tags.collaboration] and "Saved." in response.content.decode()


def test_an_edit_without_a_title_is_refused_with_the_field_named(district, login, work):
    _, draft = work
    response = login(district.user("student")).post(
        reverse("portfolio_item_edit", args=[district.sam.pk, draft.pk]), {"title": "", "reflection": "x"}
    )
    assert '<a href="#id_title">Title</a>' in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Secret draft report"


@pytest.mark.parametrize("persona", STAFF + ["guardian"] + WRONG)
def test_no_one_but_the_student_edits_or_removes_work(district, login, work, persona):
    poster, _ = work
    client = login(district.user(persona))
    edit = client.post(
        reverse("portfolio_item_edit", args=[district.sam.pk, poster.pk]),
        {"title": "Changed", "reflection": "", "featured": ""},
    )
    remove = client.post(reverse("portfolio_item_remove", args=[district.sam.pk, poster.pk]))
    assert edit.status_code == 404 and remove.status_code == 404
    assert b"Ratio table poster" not in edit.content + remove.content
    poster.refresh_from_db()
    assert poster.title == "Ratio table poster" and poster.featured and poster.removed_at is None
    assert not AuditEvent.objects.filter(action__in=["portfolio.edit", "portfolio.remove"]).exists()


def test_the_student_removes_work_and_it_disappears_but_the_file_is_kept(district, login, work):
    poster, _ = work
    client = login(district.user("student"))
    response = client.post(reverse("portfolio_item_remove", args=[district.sam.pk, poster.pk]), follow=True)
    assert "is no longer in your portfolio. Pathmaker keeps a copy" in response.content.decode()
    assert "Ratio table poster" not in client.get(urls(district, poster)["page"]).content.decode()
    assert client.get(urls(district, poster)["item"]).status_code == 404
    assert client.get(urls(district, poster)["file"]).status_code == 404
    assert files.path_for(poster.stored_name).is_file()
    assert login(district.user("guardian")).get(urls(district, poster)["file"]).status_code == 404


@time_machine.travel(TODAY)
def test_a_teacher_records_work_as_evidence_from_the_item_page(district, login, work, tags):
    poster, _ = work
    client = login(district.user("teacher"))
    page = client.get(urls(district, poster)["item"]).content.decode()
    assert "Tagged by the student" in page and "3 · Proficient" in page and 'max="2026-10-15"' in page
    response = client.post(
        reverse("portfolio_item_evidence", args=[district.sam.pk, poster.pk]),
        {
            "competency": tags.ratio.pk,
            "score": "3.00",
            "demonstrated_on": "2026-10-14",
            "feedback": "The bars make the ratio visible.",
        },
        follow=True,
    )
    evidence = Evidence.objects.get()
    assert (evidence.competency, evidence.score, evidence.kind) == (tags.ratio, Decimal(3), "portfolio_item")
    assert evidence.link == f"http://testserver/students/{district.sam.pk}/portfolio/{poster.pk}/"
    assert MasterySummary.objects.get(student=district.sam, competency=tags.ratio).level == 3.0
    page = response.content.decode()
    assert "Recorded as evidence of MV.M.RATIO" in page and "scored 3, shown Oct. 14, 2026" in page
    assert "The bars make the ratio visible." in page


@time_machine.travel(TODAY)
def test_an_evidence_score_off_the_scale_is_refused_with_the_field_named(district, login, work, tags):
    poster, _ = work
    response = login(district.user("teacher")).post(
        reverse("portfolio_item_evidence", args=[district.sam.pk, poster.pk]),
        {"competency": tags.ratio.pk, "score": "9", "demonstrated_on": "2026-10-14"},
    )
    assert '<a href="#id_score">Score</a>' in response.content.decode() and not Evidence.objects.exists()


@time_machine.travel(TODAY)
@pytest.mark.parametrize("persona", ["student", "guardian", "advisor"] + WRONG)
def test_those_who_cannot_record_evidence_get_404_and_nothing_is_recorded(
    district, login, work, tags, persona
):
    poster, _ = work
    response = login(district.user(persona)).post(
        reverse("portfolio_item_evidence", args=[district.sam.pk, poster.pk]),
        {"competency": tags.ratio.pk, "score": "3.00", "demonstrated_on": "2026-10-14"},
    )
    assert response.status_code == 404 and b"Ratio table poster" not in response.content
    assert not Evidence.objects.exists() and not MasterySummary.objects.exists()
    poster.refresh_from_db()
    assert poster.evidence is None


@time_machine.travel(TODAY)
def test_removed_work_that_became_evidence_stays_open_to_staff_only(district, login, work, tags):
    poster, _ = work
    login(district.user("teacher")).post(
        reverse("portfolio_item_evidence", args=[district.sam.pk, poster.pk]),
        {"competency": tags.ratio.pk, "score": "3.00", "demonstrated_on": "2026-10-14"},
    )
    login(district.user("student")).post(reverse("portfolio_item_remove", args=[district.sam.pk, poster.pk]))
    teacher = login(district.user("teacher"))
    page = teacher.get(urls(district, poster)["item"]).content.decode()
    assert "The student removed this work from their portfolio" in page and "Record as evidence" not in page
    assert teacher.get(urls(district, poster)["file"]).status_code == 200
    assert "Ratio table poster" not in teacher.get(urls(district, poster)["page"]).content.decode()
    for persona in ("student", "guardian"):
        assert login(district.user(persona)).get(urls(district, poster)["item"]).status_code == 404


def test_the_learner_profile_shows_the_portfolio_part_featured_work_first(district, login, work):
    profile = reverse("student_profile", args=[district.sam.pk])
    family = login(district.user("guardian")).get(profile).content.decode()
    assert "Ratio table poster" in family and "Secret draft report" not in family
    assert reverse("portfolio_file", args=[district.sam.pk, work[0].pk]) in family
    staff = login(district.user("advisor")).get(profile).content.decode()
    assert staff.index("Ratio table poster") < staff.index("Secret draft report")
