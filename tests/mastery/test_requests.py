"""Requests reach their reader: a teacher's "what to revise" note reaches the student, a student's note
asking for evaluation reaches their teachers (on the explanation page and in the inbox on their home
page), and every page shows the same status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.selectors import evaluation_inbox
from pathmaker.mastery.services import flag_set


@pytest.fixture
def ratio(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    competency = frameworks.competency_create(
        framework=framework,
        full_statement="Uses ratios",
        human_coding_scheme="MV.M.RATIO",
        actor=Actor.system("test"),
    )
    frameworks.course_competency_add(
        course=district.math.course, competency=competency, actor=Actor.system("test")
    )
    evidence_record(
        student=district.sam,
        competency=competency,
        score=Decimal(2),
        kind="task",
        demonstrated_on=dt.date(2026, 9, 2),
        actor=district.actor("teacher"),
    )
    return competency


def explain_url(district, competency):
    return reverse("mastery_explanation", args=[district.sam.pk, competency.pk])


def ask_evaluation(district, competency, note="I redid problem 3"):
    return flag_set(
        student=district.sam,
        competency=competency,
        kind="awaiting_evaluation",
        note=note,
        actor=district.actor("student"),
    )


def ask_revision(district, competency, note="Label the units"):
    return flag_set(
        student=district.sam,
        competency=competency,
        kind="needs_revision",
        note=note,
        actor=district.actor("teacher"),
    )


def test_the_student_reads_the_teachers_revision_note_on_the_explanation_page(district, login, ratio):
    ask_revision(district, ratio)
    page = login(district.user("student")).get(explain_url(district, ratio)).content.decode()
    assert "Alice Adams asked you to revise this work" in page and "Label the units" in page


def test_the_student_reads_the_revision_note_on_their_classes_page(district, login, ratio):
    ask_revision(district, ratio)
    page = (
        login(district.user("student"))
        .get(reverse("student_detail", args=[district.sam.pk]))
        .content.decode()
    )
    assert "Label the units" in page and "asked for a revision" in page


def test_the_teacher_reads_the_students_note_on_the_explanation_page(district, login, ratio):
    ask_evaluation(district, ratio)
    page = login(district.user("teacher")).get(explain_url(district, ratio)).content.decode()
    assert "Sam Garcia asked for this work to be evaluated" in page and "I redid problem 3" in page


def test_every_page_shows_the_same_status_as_the_summary(district, login, ratio):
    ask_revision(district, ratio)
    stored = MasterySummary.objects.get(student=district.sam, competency=ratio).status
    response = login(district.user("teacher")).get(explain_url(district, ratio))
    assert stored == MasterySummary.Status.NEEDS_REVISION == response.context["found"].status
    assert response.context["status_label"] == MasterySummary.Status.NEEDS_REVISION.label
    book = login(district.user("teacher")).get(reverse("section_gradebook", args=[district.math.pk]))
    cell = next(row for row in book.context["book"].rows if row.student == district.sam).cells[0]
    assert cell.status == stored


def test_a_proficient_level_keeps_its_status_whatever_the_request(district, login, ratio):
    evidence_record(
        student=district.sam,
        competency=ratio,
        score=Decimal(4),
        kind="task",
        demonstrated_on=dt.date(2026, 9, 3),
        actor=district.actor("teacher"),
    )
    ask_evaluation(district, ratio)
    stored = MasterySummary.objects.get(student=district.sam, competency=ratio).status
    found = login(district.user("student")).get(explain_url(district, ratio)).context["found"]
    assert stored == found.status != MasterySummary.Status.AWAITING_EVALUATION


def test_the_teachers_home_lists_open_evaluation_requests_linking_to_the_explanation(district, login, ratio):
    ask_evaluation(district, ratio)
    page = login(district.user("teacher")).get(reverse("home")).content.decode()
    assert "Asked to evaluate" in page and "I redid problem 3" in page
    assert explain_url(district, ratio) in page
    event = AuditEvent.objects.get(action="mastery.inbox_view")
    assert event.student_id == district.sam.pk and event.actor == district.user("teacher")


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("teacher", True),
        ("co_teacher", True),
        ("other_school_teacher", False),
        ("teacher_parent", False),
        ("advisor", False),
        ("principal", False),
        ("student", False),
    ],
)
def test_the_inbox_holds_only_requests_from_the_teachers_own_sections(district, ratio, persona, sees):
    ask_evaluation(district, ratio)
    assert bool(evaluation_inbox(district.user(persona))) is sees


def test_a_request_on_a_competency_outside_the_teachers_courses_is_not_in_their_inbox(district, ratio):
    other = frameworks.competency_create(
        framework=ratio.framework, full_statement="Draws maps", actor=Actor.system("test")
    )
    ask_evaluation(district, other)
    assert evaluation_inbox(district.user("teacher")) == []


def test_new_evidence_answers_the_request_and_empties_the_inbox(district, ratio):
    ask_evaluation(district, ratio)
    evidence_record(
        student=district.sam,
        competency=ratio,
        score=Decimal(3),
        kind="task",
        demonstrated_on=dt.date(2026, 9, 4),
        actor=district.actor("teacher"),
    )
    assert evaluation_inbox(district.user("teacher")) == []


def test_a_teacher_with_no_requests_sees_an_empty_inbox(district, login, ratio):
    page = login(district.user("teacher")).get(reverse("home")).content.decode()
    assert "No student is waiting for an evaluation." in page
    assert not AuditEvent.objects.filter(action="mastery.inbox_view").exists()


def test_the_gradebook_filters_students_awaiting_evaluation(district, login, ratio):
    ask_evaluation(district, ratio)
    client = login(district.user("teacher"))
    book = client.get(reverse("section_gradebook", args=[district.math.pk]), {"show": "awaiting_evaluation"})
    assert [row.student for row in book.context["book"].rows] == [district.sam]
    assert "Tran, Tia" not in book.content.decode()
