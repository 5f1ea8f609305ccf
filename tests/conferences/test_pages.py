"""The conference pages, persona by persona: who opens and changes what, and who gets a plain 404.

Sam's family (Gina) sees his conferences, reads the packet and the record and downloads the PDF; the
adults who work with him (Alice and Carol teach him, Ada advises him, Pat leads North, Dana the district)
plan and record them; only Sam edits his packet. Everyone else gets a 404 that says nothing.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pathmaker.audit.models import AuditEvent
from pathmaker.conferences.models import Conference, ConferenceAddendum, ConferenceAttendee
from pathmaker.conferences.selectors import shown_packet
from pathmaker.profiles.models import ProfileSection
from pathmaker.profiles.parts import PacketItem
from tests.conferences.conftest import TODAY, plan, record

STAFF = ["teacher", "co_teacher", "advisor", "principal", "district_admin"]
SEES = ["student", "guardian", *STAFF]
NEVER = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
LEAKS = [b"Sam Garcia", b"Fall conference", b"Read twenty books"]


def url(name: str, conference: Conference | None = None, student=None) -> str:
    student_id = (student or conference.student).pk
    kwargs = {"student_id": student_id} | (
        {"conference_id": conference.pk} if name != "conference_list" else {}
    )
    return reverse(name, kwargs=kwargs)


def _no_leak(response) -> None:
    assert response.status_code == 404
    for secret in LEAKS:
        assert secret not in response.content


def _state(conference: Conference) -> tuple:
    conference.refresh_from_db()
    return (
        conference.status,
        conference.packet,
        conference.notes,
        conference.attendees.count(),
        conference.addenda.count(),
        Conference.objects.count(),
    )


@pytest.fixture
def planned(district, fake_parts) -> Conference:
    return plan(district)


@pytest.fixture
def held(district, fake_parts) -> Conference:
    return record(district, plan(district, title="Fall conference", day=TODAY))


# --- Reading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["conference_list", "conference_detail", "conference_pdf"])
def test_the_student_the_family_and_the_staff_read_the_conferences(district, login, held, name):
    for persona in SEES:
        AuditEvent.objects.all().delete()
        response = login(district.user(persona)).get(url(name, held))
        assert response.status_code == 200, persona
        event = AuditEvent.objects.get(action__startswith="conferences.")
        assert (event.actor, event.student_id) == (district.user(persona), district.sam.pk)
        assert event.action == ("conferences.download" if name == "conference_pdf" else "conferences.view")


@pytest.mark.parametrize(
    "name",
    ["conference_list", "conference_detail", "conference_pdf", "conference_packet", "conference_record"],
)
def test_everyone_else_gets_not_found_and_nothing_is_logged_as_read(district, login, planned, name):
    for persona in NEVER:
        _no_leak(login(district.user(persona)).get(url(name, planned)))
    assert not AuditEvent.objects.filter(action__startswith="conferences.").exists()


def test_anonymous_visitors_are_sent_to_log_in(district, client, planned):
    response = client.get(url("conference_detail", planned))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_conference_page_shows_the_packet_as_the_student_will_present_it(district, login, planned):
    from pathmaker.conferences import services
    from tests.conferences.conftest import access_of

    services.conference_packet_edit(
        access=access_of(district, "student"),
        conference=planned,
        actor=district.actor("student"),
        opening="Hi, I'm Sam.",
        closing="Thanks!",
        included=["goals:goal-1"],
        shown=["goals:goal-1", "goals:goal-2"],
    )
    page = login(district.user("guardian")).get(url("conference_detail", planned)).content.decode()
    assert "Hi, I&#x27;m Sam." in page and "Read twenty books this year" in page and "Thanks!" in page
    assert "Bridge model" in page
    assert "Finish the science fair project" not in page  # left out by Sam
    assert "left out" not in page  # the family is not told what was left out
    # Families change nothing: no edit, record or refresh controls.
    for control in ("conference_packet", "conference_record", "conference_rebuild"):
        assert url(control, planned) not in page
    assert url("conference_pdf", planned) in page

    student_page = login(district.user("student")).get(url("conference_detail", planned)).content.decode()
    assert (
        url("conference_packet", planned) in student_page
        and "1 item from the profile is left out" in student_page
    )
    assert url("conference_record", planned) not in student_page
    advisor_page = login(district.user("advisor")).get(url("conference_detail", planned)).content.decode()
    assert (
        url("conference_record", planned) in advisor_page
        and url("conference_packet", planned) not in advisor_page
    )


def test_the_record_shows_who_attended_the_notes_and_next_steps(district, login, held):
    page = login(district.user("guardian")).get(url("conference_detail", held)).content.decode()
    for expected in (
        "Gina Garcia",
        "Ada Okafor",
        "Sam led the conference",
        "Read every evening",
        "Ask for help within a day",
    ):
        assert expected in page
    assert 'name="text"' not in page  # no addendum form for the family


def test_another_students_conference_is_not_found_under_this_students_address(district, login, fake_parts):
    from pathmaker.conferences import services
    from tests.conferences.conftest import access_of

    tias = services.conference_plan(
        access=access_of(district, "teacher", district.tia),
        title="Tia's conference",
        scheduled_on=TODAY,
        actor=district.actor("teacher"),
    )
    bad = reverse("conference_detail", kwargs={"student_id": district.sam.pk, "conference_id": tias.pk})
    assert login(district.user("teacher")).get(bad).status_code == 404
    assert login(district.user("guardian")).get(url("conference_detail", tias)).status_code == 404


def test_a_family_does_not_see_conferences_when_the_district_hides_them(district, login, held):
    ProfileSection.objects.filter(kind="conferences").update(family_visible=False)
    for name in ("conference_list", "conference_detail", "conference_pdf"):
        _no_leak(login(district.user("guardian")).get(url(name, held)))
        assert login(district.user("teacher")).get(url(name, held)).status_code == 200


def test_the_pdf_downloads_as_an_attachment_named_for_the_student_and_day(district, login, held):
    response = login(district.user("guardian")).get(url("conference_pdf", held))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="conference-sam-garcia-2026-10-20.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    pdf = b"".join(response.streaming_content)
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Sam Garcia" in text and "Read every evening" in text


def test_the_profile_shows_upcoming_and_held_conferences_with_links(district, login, held):
    spring = plan(district, "student", title="Spring conference", day=TODAY + dt.timedelta(days=120))
    page = (
        login(district.user("guardian"))
        .get(reverse("student_profile", args=[district.sam.pk]))
        .content.decode()
    )
    assert url("conference_detail", held) in page and url("conference_detail", spring) in page
    assert "Spring conference" in page and "Fall conference" in page


# --- Planning -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["student", *STAFF])
def test_the_student_and_the_adults_plan_a_conference(district, login, fake_parts, persona):
    response = login(district.user(persona)).post(
        url("conference_list", student=district.sam),
        {"title": "Winter conference", "scheduled_on": "2026-12-10"},
    )
    conference = Conference.objects.get(student=district.sam)
    assert response.status_code == 302 and response["Location"] == url("conference_detail", conference)
    assert (conference.title, conference.scheduled_on) == ("Winter conference", dt.date(2026, 12, 10))
    assert len(shown_packet(conference).sections) == 2
    assert AuditEvent.objects.get(action="conference.plan").actor == district.user(persona)


@pytest.mark.parametrize("persona", ["guardian", *NEVER])
def test_a_family_or_a_stranger_cannot_plan_one(district, login, fake_parts, persona):
    response = login(district.user(persona)).post(
        url("conference_list", student=district.sam),
        {"title": "Winter conference", "scheduled_on": "2026-12-10"},
    )
    _no_leak(response)
    assert not Conference.objects.exists()


def test_the_plan_form_names_the_field_to_fix(district, login, fake_parts):
    client = login(district.user("teacher"))
    response = client.post(
        url("conference_list", student=district.sam), {"title": "", "scheduled_on": "2028-01-01"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_title"' in page and "within a year" not in page  # the form stops at the missing title
    response = client.post(
        url("conference_list", student=district.sam), {"title": "Late", "scheduled_on": "2028-01-01"}
    )
    assert response.status_code == 400 and "within a year of today" in response.content.decode()
    assert not Conference.objects.exists()


def test_the_plan_form_is_shown_only_to_those_who_may_plan(district, login, held):
    assert (
        'name="scheduled_on"'
        in login(district.user("student")).get(url("conference_list", held)).content.decode()
    )
    assert (
        'name="scheduled_on"'
        not in login(district.user("guardian")).get(url("conference_list", held)).content.decode()
    )


# --- The student's packet -----------------------------------------------------------------------------


def test_the_student_edits_the_packet_with_checkboxes_grouped_by_section(district, login, planned):
    client = login(district.user("student"))
    page = client.get(url("conference_packet", planned)).content.decode()
    assert page.count("<fieldset") == 2 and "<legend>My goals</legend>" in page
    assert 'value="goals:goal-2"' in page

    response = client.post(
        url("conference_packet", planned),
        {
            "opening": "Welcome, everyone.",
            "closing": "",
            "include": ["goals:goal-1", "portfolio:work-7"],
            "shown": ["goals:goal-1", "goals:goal-2", "portfolio:work-7"],
        },
    )

    assert response.status_code == 302 and response["Location"] == url("conference_detail", planned)
    planned.refresh_from_db()
    packet = shown_packet(planned)
    assert packet.opening == "Welcome, everyone."
    assert {i.token: i.included for s in packet.sections for i in s.items} == {
        "goals:goal-1": True,
        "goals:goal-2": False,
        "portfolio:work-7": True,
    }
    assert (
        AuditEvent.objects.filter(action="conference.packet_edit", actor=district.user("student")).count()
        == 1
    )


@pytest.mark.parametrize("persona", ["guardian", *STAFF, *NEVER])
def test_nobody_but_the_student_opens_or_saves_the_packet_editor(district, login, planned, persona):
    before = _state(planned)
    client = login(district.user(persona))
    _no_leak(client.get(url("conference_packet", planned)))
    _no_leak(client.post(url("conference_packet", planned), {"opening": "Not mine", "include": []}))
    assert _state(planned) == before


def test_words_too_long_are_shown_as_an_error_on_their_field(district, login, planned):
    response = login(district.user("student")).post(
        url("conference_packet", planned), {"opening": "x" * 4001, "closing": "", "include": []}
    )
    assert response.status_code == 400
    assert 'href="#id_opening"' in response.content.decode()
    planned.refresh_from_db()
    assert planned.packet["opening"] == "" and planned.packet["edited_at"] is None


def test_a_held_conferences_packet_editor_sends_the_student_back(district, login, held):
    before = _state(held)
    response = login(district.user("student")).post(url("conference_packet", held), {"opening": "Too late"})
    assert response.status_code == 302 and response["Location"] == url("conference_detail", held)
    assert _state(held) == before


@pytest.mark.parametrize("persona", ["student", "advisor"])
def test_the_student_or_an_adult_refreshes_the_packet(district, login, planned, fake_parts, persona):
    fake_parts.goals.append(PacketItem("Learn to swim", "", "goal-3"))
    response = login(district.user(persona)).post(url("conference_rebuild", planned), follow=True)
    assert "1 new item" in response.content.decode()
    planned.refresh_from_db()
    assert "goals:goal-3" in {i.token for s in shown_packet(planned).sections for i in s.items}


@pytest.mark.parametrize("persona", ["guardian", *NEVER])
def test_a_family_or_a_stranger_cannot_refresh_the_packet(district, login, planned, fake_parts, persona):
    fake_parts.goals.append(PacketItem("Learn to swim", "", "goal-3"))
    before = _state(planned)
    _no_leak(login(district.user(persona)).post(url("conference_rebuild", planned)))
    assert _state(planned) == before
    assert login(district.user(persona)).get(url("conference_rebuild", planned)).status_code in (404, 405)


# --- Recording ----------------------------------------------------------------------------------------


def test_an_adult_records_the_conference(district, login, planned):
    client = login(district.user("advisor"))
    form = client.get(url("conference_record", planned)).content.decode()
    assert "Sam Garcia | student\nGina Garcia | guardian\nAda Okafor | advisor" in form
    assert 'max="2026-10-20"' in form

    response = client.post(
        url("conference_record", planned),
        {
            "held_on": "2026-10-20",
            "attendees": "Sam Garcia | student\nGina Garcia | guardian\nAda Okafor | advisor",
            "notes": "Sam presented.",
            "next_steps": "Read every evening\n",
        },
    )

    assert response.status_code == 302 and response["Location"] == url("conference_detail", planned)
    planned.refresh_from_db()
    assert (planned.status, planned.held_on, planned.next_step_lines) == (
        "held",
        TODAY,
        ["Read every evening"],
    )
    assert [a.role for a in planned.attendees.all()] == ["student", "guardian", "advisor"]
    assert AuditEvent.objects.filter(action="conference.record", actor=district.user("advisor")).count() == 1


@pytest.mark.parametrize("persona", STAFF)
def test_each_adult_who_works_with_the_student_opens_the_record_form(district, login, planned, persona):
    assert login(district.user(persona)).get(url("conference_record", planned)).status_code == 200


@pytest.mark.parametrize("persona", ["student", "guardian", *NEVER])
def test_the_student_the_family_and_strangers_cannot_record(district, login, planned, persona):
    before = _state(planned)
    client = login(district.user(persona))
    _no_leak(client.get(url("conference_record", planned)))
    _no_leak(
        client.post(
            url("conference_record", planned),
            {"held_on": "2026-10-20", "attendees": "Sam Garcia | student", "notes": "Fake", "next_steps": ""},
        )
    )
    assert _state(planned) == before
    assert not ConferenceAttendee.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"held_on": "2026-10-21"}, "held_on", "cannot be in the future"),
        ({"attendees": "Gina Garcia | guardian"}, "attendees", "led by the student"),
        ({"attendees": "Sam Garcia"}, "attendees", "line 1"),
        ({"notes": ""}, "notes", "This field is required"),
    ],
)
def test_the_record_form_names_what_to_fix_and_saves_nothing(district, login, planned, data, field, message):
    values = {
        "held_on": "2026-10-20",
        "attendees": "Sam Garcia | student",
        "notes": "Sam presented.",
        "next_steps": "",
    } | data
    response = login(district.user("teacher")).post(url("conference_record", planned), values)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'href="#id_{field}"' in page and message in page
    planned.refresh_from_db()
    assert planned.status == "planned" and not ConferenceAttendee.objects.exists()


def test_a_held_conference_cannot_be_recorded_again(district, login, held):
    before = _state(held)
    response = login(district.user("teacher")).post(
        url("conference_record", held),
        {
            "held_on": "2026-10-20",
            "attendees": "Sam Garcia | student",
            "notes": "Rewritten",
            "next_steps": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("conference_detail", held)
    assert _state(held) == before


# --- Adding to the notes --------------------------------------------------------------------------------


def test_an_adult_adds_to_the_notes_of_a_held_conference(district, login, held):
    client = login(district.user("teacher"))
    assert 'name="text"' in client.get(url("conference_detail", held)).content.decode()
    response = client.post(
        url("conference_addendum", held), {"text": "Called home: going well."}, follow=True
    )
    assert (
        "Called home: going well." in response.content.decode() and "Alice Adams" in response.content.decode()
    )
    assert ConferenceAddendum.objects.get().written_by == district.user("teacher")


def test_an_empty_addition_is_refused_on_its_field(district, login, held):
    response = login(district.user("teacher")).post(url("conference_addendum", held), {"text": "  "})
    assert response.status_code == 400 and 'href="#id_text"' in response.content.decode()
    assert not ConferenceAddendum.objects.exists()


@pytest.mark.parametrize("persona", ["student", "guardian", *NEVER])
def test_only_adults_add_to_the_notes(district, login, held, persona):
    _no_leak(login(district.user(persona)).post(url("conference_addendum", held), {"text": "Mine"}))
    assert not ConferenceAddendum.objects.exists()
