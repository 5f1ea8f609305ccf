"""Planning, editing, refreshing and recording a conference, through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from pathmaker.audit.models import AuditEvent
from pathmaker.conferences import services
from pathmaker.conferences.models import Conference, ConferenceAddendum, ConferenceAttendee
from pathmaker.conferences.selectors import shown_packet, suggested_attendees
from pathmaker.conferences.services import FORBIDDEN, AttendeeSpec, ConferenceError, item_token
from pathmaker.profiles.models import ProfileSection
from pathmaker.profiles.parts import PacketItem
from tests.conferences.conftest import TODAY, access_of, plan, record


def _items(conference: Conference) -> dict[str, bool]:
    conference.refresh_from_db()
    return {item.token: item.included for s in shown_packet(conference).sections for item in s.items}


def test_planning_gathers_the_packet_from_the_students_own_view_limited_to_what_the_family_sees(
    district, fake_parts
):
    conference = plan(district, "teacher")

    packet = shown_packet(conference)
    assert [(s.kind, s.title) for s in packet.sections] == [
        ("goals", "My goals"),
        ("portfolio", "Work I am proud of"),
    ]
    assert [i.title for i in packet.sections[0].items] == [
        "Read twenty books this year",
        "Finish the science fair project",
    ]
    assert all(i.included for s in packet.sections for i in s.items)
    assert "A worry shared with my advisor" not in str(conference.packet)
    # The parts were asked as the student sees their own profile, not as the teacher who planned it.
    assert fake_parts.asked_as and all(a.is_owner and not a.is_staff for a in fake_parts.asked_as)
    assert (conference.status, conference.created_by_name, conference.packet["opening"]) == (
        "planned",
        "Alice Adams",
        "",
    )
    event = AuditEvent.objects.get(action="conference.plan")
    assert (event.student_id, event.object_id, event.detail["items"]) == (
        district.sam.pk,
        str(conference.pk),
        3,
    )


def test_a_section_the_district_hides_from_families_stays_out_of_the_packet(district, fake_parts):
    ProfileSection.objects.filter(key="portfolio", org=None).update(family_visible=False)

    conference = plan(district, "student")

    assert [s.kind for s in shown_packet(conference).sections] == ["goals"]


def test_the_student_may_plan_their_own_conference(district, fake_parts):
    conference = plan(district, "student", title="  Spring conference ")
    assert (conference.title, conference.created_by_name) == ("Spring conference", "Sam Garcia")


@pytest.mark.parametrize("persona", ["guardian", "teacher_parent"])
def test_a_family_member_cannot_plan_a_conference(district, fake_parts, persona):
    if persona == "teacher_parent":
        access = access_of(district, persona, district.omar)  # Hank is Omar's father, not his teacher
        student = district.omar
    else:
        access, student = access_of(district, persona), district.sam
    with pytest.raises(ConferenceError) as forbidden:
        services.conference_plan(
            access=access, title="Fall", scheduled_on=TODAY, actor=district.actor(persona)
        )
    assert forbidden.value.code == FORBIDDEN
    assert not Conference.objects.filter(student=student).exists()
    assert not AuditEvent.objects.filter(action="conference.plan").exists()


def test_it_refuses_a_conference_without_a_title_naming_the_field(district, fake_parts):
    with pytest.raises(ConferenceError, match="give|write the title") as caught:
        plan(district, title="   ")
    assert caught.value.field == "title"
    assert not Conference.objects.exists()


def test_it_refuses_a_date_more_than_a_year_away(district, fake_parts):
    with pytest.raises(ConferenceError, match="within a year") as caught:
        plan(district, day=TODAY + dt.timedelta(days=400))
    assert caught.value.field == "scheduled_on"
    assert not Conference.objects.exists()


def test_the_student_chooses_items_and_writes_their_words(district, fake_parts):
    conference = plan(district)
    services.conference_packet_edit(
        access=access_of(district, "student"),
        conference=conference,
        actor=district.actor("student"),
        opening=" Hi, I'm Sam. ",
        closing="Thank you for coming.",
        included=[item_token("goals", "goal-1"), item_token("portfolio", "work-7")],
    )

    conference.refresh_from_db()
    packet = shown_packet(conference)
    assert (packet.opening, packet.closing, packet.left_out) == ("Hi, I'm Sam.", "Thank you for coming.", 1)
    assert [[i.title for i in s.items] for s in packet.presented] == [
        ["Read twenty books this year"],
        ["Bridge model"],
    ]
    assert packet.edited_at
    event = AuditEvent.objects.get(action="conference.packet_edit")
    assert (event.student_id, event.detail) == (district.sam.pk, {"included": 2, "left_out": 1})


@pytest.mark.parametrize("persona", ["teacher", "advisor", "guardian", "district_admin"])
def test_only_the_student_edits_the_packet(district, fake_parts, persona):
    conference = plan(district)
    before = dict(conference.packet)
    with pytest.raises(ConferenceError) as forbidden:
        services.conference_packet_edit(
            access=access_of(district, persona),
            conference=conference,
            actor=district.actor(persona),
            opening="Mine now",
            closing="",
            included=[],
        )
    assert forbidden.value.code == FORBIDDEN
    conference.refresh_from_db()
    assert conference.packet == before
    assert not AuditEvent.objects.filter(action="conference.packet_edit").exists()


def test_opening_words_that_are_too_long_are_refused_naming_the_field(district, fake_parts):
    conference = plan(district)
    with pytest.raises(
        ConferenceError, match="the opening words: 4001 characters, more than the 4000 allowed"
    ) as caught:
        services.conference_packet_edit(
            access=access_of(district, "student"),
            conference=conference,
            actor=district.actor("student"),
            opening="x" * 4001,
            closing="",
            included=[],
        )
    assert caught.value.field == "opening"
    assert all(_items(conference).values())


def test_an_item_the_student_was_not_shown_keeps_its_state(district, fake_parts):
    conference = plan(district)
    shown_then = [item_token("goals", "goal-1"), item_token("goals", "goal-2")]
    services.conference_packet_edit(
        access=access_of(district, "student"),
        conference=conference,
        actor=district.actor("student"),
        opening="",
        closing="",
        included=[item_token("goals", "goal-2")],
        shown=shown_then,
    )
    assert _items(conference) == {"goals:goal-1": False, "goals:goal-2": True, "portfolio:work-7": True}


def test_a_refresh_keeps_the_students_choices_and_words_and_follows_the_profile(district, fake_parts):
    conference = plan(district)
    services.conference_packet_edit(
        access=access_of(district, "student"),
        conference=conference,
        actor=district.actor("student"),
        opening="Hello",
        closing="Bye",
        included=[item_token("goals", "goal-1"), item_token("portfolio", "work-7")],
    )
    # Since then: goal 2 has progressed, goal 1 was finished and archived, a new goal was set.
    fake_parts.goals[:] = [
        PacketItem("Finish the science fair project", "Draft done", "goal-2"),
        PacketItem("Learn to swim", "", "goal-3"),
    ]

    change = services.conference_packet_rebuild(
        access=access_of(district, "advisor"), conference=conference, actor=district.actor("advisor")
    )

    assert (change.added, change.removed) == (1, 1)
    conference.refresh_from_db()
    packet = shown_packet(conference)
    assert (packet.opening, packet.closing) == ("Hello", "Bye")
    goals = {i.key: (i.included, i.detail) for i in packet.sections[0].items}
    assert goals == {"goal-2": (False, "Draft done"), "goal-3": (True, "")}
    assert _items(conference)["portfolio:work-7"] is True
    event = AuditEvent.objects.get(action="conference.packet_rebuild")
    assert (event.actor, event.detail) == (district.user("advisor"), {"added": 1, "removed": 1})


def test_items_without_a_key_get_one_from_their_title_that_survives_a_refresh(district, fake_parts):
    fake_parts.portfolio[:] = [PacketItem("Poem", "first"), PacketItem("Poem", "second"), PacketItem("Essay")]
    conference = plan(district)
    keys = [i.key for i in shown_packet(conference).sections[1].items]
    assert len(set(keys)) == 3 and keys[1] == f"{keys[0]}-2"
    services.conference_packet_edit(
        access=access_of(district, "student"),
        conference=conference,
        actor=district.actor("student"),
        opening="",
        closing="",
        included=[item_token("portfolio", keys[0])],
        shown=[item_token("portfolio", k) for k in keys],
    )
    services.conference_packet_rebuild(
        access=access_of(district, "student"), conference=conference, actor=district.actor("student")
    )
    conference.refresh_from_db()
    assert [(i.title, i.included) for i in shown_packet(conference).sections[1].items] == [
        ("Poem", True),
        ("Poem", False),
        ("Essay", False),
    ]


def test_a_guardian_cannot_refresh_the_packet(district, fake_parts):
    conference = plan(district)
    with pytest.raises(ConferenceError):
        services.conference_packet_rebuild(
            access=access_of(district, "guardian"), conference=conference, actor=district.actor("guardian")
        )
    assert not AuditEvent.objects.filter(action="conference.packet_rebuild").exists()


def test_recording_a_conference_keeps_who_attended_the_notes_and_the_next_steps(district, fake_parts):
    conference = record(
        district, plan(district), next_steps="  Read every evening \n\n Ask for help within a day\n"
    )

    conference.refresh_from_db()
    assert (conference.status, conference.held_on, conference.recorded_by_name) == (
        "held",
        TODAY,
        "Ada Okafor",
    )
    assert conference.next_step_lines == ["Read every evening", "Ask for help within a day"]
    people = [(a.name, a.role, a.person) for a in conference.attendees.all()]
    gina = district.user("guardian").person
    ada = district.user("advisor").person
    assert people == [
        ("Sam Garcia", "student", district.sam),
        ("Gina Garcia", "guardian", gina),
        ("Ada Okafor", "advisor", ada),
    ]
    event = AuditEvent.objects.get(action="conference.record")
    assert (event.student_id, event.detail) == (
        district.sam.pk,
        {"held_on": "2026-10-20", "attendees": 3, "next_steps": 2},
    )


def test_the_record_form_suggests_the_student_the_family_and_the_adult_recording(district, fake_parts):
    assert suggested_attendees(access_of(district, "advisor"), district.user("advisor")).splitlines() == [
        "Sam Garcia | student",
        "Gina Garcia | guardian",
        "Ada Okafor | advisor",
    ]
    assert suggested_attendees(access_of(district, "teacher"), district.user("teacher")).splitlines()[-1] == (
        "Alice Adams | teacher"
    )
    # The suggestion is read back as written.
    assert services.parse_attendees(
        suggested_attendees(access_of(district, "advisor"), district.user("advisor"))
    )[1] == AttendeeSpec("Gina Garcia", "guardian")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"held_on": TODAY + dt.timedelta(days=1)}, "held_on", "cannot be in the future"),
        ({"attendees": []}, "attendees", "list who attended"),
        ({"attendees": [AttendeeSpec("Gina Garcia", "guardian")]}, "attendees", "led by the student"),
        (
            {"attendees": [AttendeeSpec("Tia Tran", "student")]},
            "attendees",
            "this is Sam Garcia's conference",
        ),
        ({"notes": "  "}, "notes", "write the notes"),
        ({"next_steps": "x" * 501}, "next_steps", "longer than 500"),
        ({"next_steps": "\n".join(f"step {n}" for n in range(21))}, "next_steps", "at most 20"),
    ],
)
def test_it_refuses_an_incomplete_record_and_changes_nothing(district, fake_parts, overrides, field, message):
    conference = plan(district)
    with pytest.raises(ConferenceError, match=message) as caught:
        record(district, conference, **overrides)
    assert caught.value.field == field
    conference.refresh_from_db()
    assert (conference.status, conference.held_on, conference.notes) == ("planned", None, "")
    assert not ConferenceAttendee.objects.exists()
    assert not AuditEvent.objects.filter(action="conference.record").exists()


@pytest.mark.parametrize("persona", ["student", "guardian"])
def test_only_the_adults_who_work_with_the_student_record_it(district, fake_parts, persona):
    conference = plan(district)
    with pytest.raises(ConferenceError) as forbidden:
        record(district, conference, persona=persona)
    assert forbidden.value.code == FORBIDDEN
    conference.refresh_from_db()
    assert conference.status == "planned"


def test_the_student_may_be_listed_by_their_given_and_family_name_in_any_case(district, fake_parts):
    conference = record(
        district,
        plan(district),
        attendees=[AttendeeSpec("sam  GARCIA", "student"), AttendeeSpec("Grandpa Joe", "other")],
    )
    assert [(a.role, a.person) for a in conference.attendees.all()] == [
        ("student", district.sam),
        ("other", None),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Sam Garcia", "line 1"),
        ("Sam Garcia | student\nGina | aunt", "line 2 .*“Gina | aunt”"),
        ("| guardian", "line 1"),
    ],
)
def test_attendee_lines_must_name_a_person_and_a_role(text, message):
    with pytest.raises(ConferenceError, match=message) as caught:
        services.parse_attendees(text)
    assert caught.value.field == "attendees"


def test_attendee_lines_are_read_with_blank_lines_and_spaces_ignored():
    assert services.parse_attendees("  Sam Garcia |  Student \n\n Gina Garcia|guardian") == [
        AttendeeSpec("Sam Garcia", "student"),
        AttendeeSpec("Gina Garcia", "guardian"),
    ]


def test_a_held_conference_is_not_edited_refreshed_or_recorded_again(district, fake_parts):
    conference = record(district, plan(district))
    packet = dict(conference.packet)
    with pytest.raises(ConferenceError, match="recorded on Oct. 20, 2026"):
        services.conference_packet_edit(
            access=access_of(district, "student"),
            conference=conference,
            actor=district.actor("student"),
            opening="changed",
            closing="",
            included=[],
        )
    with pytest.raises(ConferenceError, match="recorded on"):
        services.conference_packet_rebuild(
            access=access_of(district, "student"), conference=conference, actor=district.actor("student")
        )
    with pytest.raises(ConferenceError, match="add to its notes instead"):
        record(district, conference, notes="Rewritten")
    conference.refresh_from_db()
    assert (conference.packet, conference.notes) == (
        packet,
        "Sam led the conference and showed the bridge model.",
    )
    assert conference.attendees.count() == 3


def test_an_adult_adds_to_a_held_conferences_notes_dated_and_signed(district, fake_parts):
    conference = record(district, plan(district))
    addendum = services.conference_addendum_add(
        access=access_of(district, "teacher"),
        conference=conference,
        text="Called home: the reading plan is going well.",
        actor=district.actor("teacher"),
    )
    assert (addendum.written_by_name, addendum.written_at.date()) == ("Alice Adams", TODAY)
    conference.refresh_from_db()
    assert conference.notes == "Sam led the conference and showed the bridge model."
    assert AuditEvent.objects.get(action="conference.addendum").student_id == district.sam.pk


def test_notes_are_added_to_only_once_the_conference_is_held_and_only_by_adults(district, fake_parts):
    conference = plan(district)
    with pytest.raises(ConferenceError, match="record the conference first"):
        services.conference_addendum_add(
            access=access_of(district, "teacher"),
            conference=conference,
            text="Early",
            actor=district.actor("teacher"),
        )
    record(district, conference)
    for persona in ("student", "guardian"):
        with pytest.raises(ConferenceError) as forbidden:
            services.conference_addendum_add(
                access=access_of(district, persona),
                conference=conference,
                text="Mine",
                actor=district.actor(persona),
            )
        assert forbidden.value.code == FORBIDDEN
    assert not ConferenceAddendum.objects.exists()


def test_a_conference_of_another_student_is_refused(district, fake_parts):
    tias = services.conference_plan(
        access=access_of(district, "teacher", district.tia),
        title="Tia's",
        scheduled_on=TODAY,
        actor=district.actor("teacher"),
    )
    with pytest.raises(ConferenceError, match="not about this student"):
        services.conference_packet_rebuild(
            access=access_of(district, "teacher"), conference=tias, actor=district.actor("teacher")
        )


def test_the_next_packet_starts_from_the_next_steps_agreed_last_time(district, fake_parts):
    assert services.next_steps_packet(access_of(district, "student")) is None
    record(district, plan(district))

    spring = plan(district, "student", title="Spring conference", day=TODAY + dt.timedelta(days=150))

    section = shown_packet(spring).sections[-1]
    assert (section.kind, section.title) == ("conferences", "Next steps from our last conference")
    assert [(i.title, i.detail) for i in section.items] == [
        ("Read every evening", "Agreed at Fall conference on Oct. 20, 2026"),
        ("Ask for help within a day", "Agreed at Fall conference on Oct. 20, 2026"),
    ]
