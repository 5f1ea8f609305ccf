"""Reading conferences: a student's list, one conference, and its packet as the student will present it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from pathmaker.conferences.models import Conference, ConferenceAttendee
from pathmaker.conferences.services import item_token
from pathmaker.profiles.access import ProfileAccess
from pathmaker.profiles.parts import render_text
from pathmaker.profiles.services import name_of
from pathmaker.rostering.models import GuardianLink, Org, Person


@dataclass(frozen=True)
class ShownItem:
    token: str
    key: str
    title: str
    detail: str
    included: bool


@dataclass(frozen=True)
class ShownSection:
    kind: str
    title: str
    items: list[ShownItem] = field(default_factory=list)

    @property
    def included_items(self) -> list[ShownItem]:
        return [item for item in self.items if item.included]


@dataclass(frozen=True)
class ShownPacket:
    opening: str
    closing: str
    sections: list[ShownSection]
    built_at: str
    edited_at: str | None

    @property
    def presented(self) -> list[ShownSection]:
        """The sections with something the student chose to present, holding only those items."""
        return [ShownSection(s.kind, s.title, s.included_items) for s in self.sections if s.included_items]

    @property
    def left_out(self) -> int:
        return sum(not item.included for s in self.sections for item in s.items)


def conferences_of(student: Person) -> QuerySet[Conference]:
    return Conference.objects.filter(student=student)


def upcoming_and_past(student: Person) -> tuple[list[Conference], list[Conference]]:
    """Planned conferences, soonest first; held ones, latest first."""
    planned = list(
        conferences_of(student).filter(status=Conference.Status.PLANNED).order_by("scheduled_on", "id")
    )
    held = list(conferences_of(student).filter(status=Conference.Status.HELD).order_by("-held_on", "-id"))
    return planned, held


def shown_packet(conference: Conference) -> ShownPacket:
    """The stored packet in the reader's language: its phrases are written out now (profiles.parts)."""
    packet: dict[str, Any] = conference.packet or {}
    sections = [
        ShownSection(
            kind=s.get("kind", ""),
            title=render_text(s.get("title", "")),
            items=[
                ShownItem(
                    token=item_token(s.get("kind", ""), i.get("key", "")),
                    key=i.get("key", ""),
                    title=render_text(i.get("title", "")),
                    detail=render_text(i.get("detail", "")),
                    included=bool(i.get("included", True)),
                )
                for i in s.get("items", [])
            ],
        )
        for s in packet.get("sections", [])
    ]
    return ShownPacket(
        opening=packet.get("opening", ""),
        closing=packet.get("closing", ""),
        sections=sections,
        built_at=packet.get("built_at", ""),
        edited_at=packet.get("edited_at"),
    )


def schools_of(student: Person) -> list[Org]:
    return list(
        Org.objects.filter(
            person_roles__person=student, person_roles__role="student", person_roles__is_active=True
        )
        .distinct()
        .order_by("name")
    )


def attendees_of(conference: Conference) -> list[ConferenceAttendee]:
    return list(conference.attendees.all())


def suggested_attendees(access: ProfileAccess, user: Any) -> str:
    """The attendee lines a record form starts with: the student, their guardians, the adult recording."""
    lines = [f"{access.student.display_name} | {ConferenceAttendee.Role.STUDENT}"]
    for link in GuardianLink.objects.filter(
        student=access.student, is_active=True, guardian__is_active=True
    ).select_related("guardian"):
        lines.append(f"{link.guardian.display_name} | {ConferenceAttendee.Role.GUARDIAN}")
    if access.is_advisor:
        role = ConferenceAttendee.Role.ADVISOR
    elif access.is_teacher:
        role = ConferenceAttendee.Role.TEACHER
    else:
        role = ConferenceAttendee.Role.OTHER
    lines.append(f"{name_of(user)} | {role}")
    return "\n".join(lines)
