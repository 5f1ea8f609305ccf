"""Planning, editing and recording student-led conferences.

Each service is one transaction with one audit row. Who may act is asked of the access rule
(`ProfileAccess`, obtained by the caller through `rules.profile_part_or_404(..., "conferences")`):
the student and the adults who work with them plan a conference and refresh its packet; only the
student edits the packet (it is theirs to present); only those adults record what was said and agreed.

The packet is assembled from what each profile part offers (`profiles.parts.packet_sections`), as the
student sees their own profile, and then limited to the sections the district shows families: the
family sees the packet at the conference, so it never holds what they may not see.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.components import display
from pathmaker.conferences.models import Conference, ConferenceAddendum, ConferenceAttendee
from pathmaker.lib.errors import DomainError
from pathmaker.profiles.access import ProfileAccess, profile_sections_for
from pathmaker.profiles.parts import PacketItem, PacketSection, Text, packet_sections, phrase, register_phrase
from pathmaker.profiles.services import name_of
from pathmaker.rostering.models import Advisorship, Enrollment, GuardianLink, Person

MAX_TITLE_CHARS = 200
MAX_WORDS_CHARS = 4000  # the opening and the closing words
MAX_NOTES_CHARS = 10000
MAX_NEXT_STEPS = 20
MAX_NEXT_STEP_CHARS = 500
MAX_ATTENDEES = 30
MAX_ITEM_TITLE_CHARS = 300
MAX_ITEM_DETAIL_CHARS = 2000
PLAN_WINDOW_DAYS = 366  # a conference is planned within a year of today, either way


class ConferenceError(DomainError):
    """A conference change that cannot be made as asked. The message says why in plain words; `field`
    names the form field it is about (None when it is about the whole request)."""

    code = "conferences.invalid"


FORBIDDEN = "conferences.forbidden"


@dataclass(frozen=True)
class AttendeeSpec:
    name: str
    role: str


@dataclass(frozen=True)
class PacketChange:
    added: int
    removed: int


# --- Reading the parts ---------------------------------------------------------------------------


def _item_key(item: PacketItem, taken: set[str]) -> str:
    """The part's own key; for a part that gave none, one made from the title. Unique within the section."""
    title = json.dumps(_clip(item.title, MAX_ITEM_TITLE_CHARS), sort_keys=True)
    base = item.key.strip() or "t-" + hashlib.sha256(title.encode()).hexdigest()[:12]
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def _clip(text: Text, limit: int) -> Text:
    """Words as written are trimmed and cut to `limit`; phrases are stored as they are (codes and values)."""
    if isinstance(text, str):
        return text.strip()[:limit]
    if isinstance(text, list):
        return [_clip(line, limit) for line in text]
    return text


def packet_offer(student: Person) -> list[dict[str, Any]]:
    """What the profile's parts offer the packet now, every item included, as stored in `Conference.packet`."""
    family_kinds = set(profile_sections_for(ProfileAccess.as_family(student)).values_list("kind", flat=True))
    sections: list[dict[str, Any]] = []
    seen_kinds: set[str] = set()
    for section in packet_sections(ProfileAccess.as_student(student)):
        if section.kind not in family_kinds or section.kind in seen_kinds:
            continue
        seen_kinds.add(section.kind)
        taken: set[str] = set()
        # Stored as codes and values, not sentences: each reader sees it in their language (profiles.parts).
        items = [
            {
                "key": _item_key(item, taken),
                "title": _clip(item.title, MAX_ITEM_TITLE_CHARS),
                "detail": _clip(item.detail, MAX_ITEM_DETAIL_CHARS),
                "included": True,
            }
            for item in section.items
            if _clip(item.title, MAX_ITEM_TITLE_CHARS)
        ]
        if items:
            sections.append({"kind": section.kind, "title": section.title, "items": items})
    return sections


def item_token(kind: str, key: str) -> str:
    """How a form names one item of the packet."""
    return f"{kind}:{key}"


def _tokens(packet: dict[str, Any]) -> dict[str, bool]:
    return {
        item_token(s["kind"], i["key"]): bool(i.get("included", True))
        for s in packet.get("sections", [])
        for i in s.get("items", [])
    }


# --- Checks shared by the services -------------------------------------------------------------------


def _locked(access: ProfileAccess, conference: Conference) -> Conference:
    """The conference re-read under a row lock (two people editing at once do not overwrite each other)."""
    if conference.student_id != access.student.pk:
        raise ConferenceError(_("this conference is not about this student"), code="conferences.not_found")
    return Conference.objects.select_for_update().get(pk=conference.pk)


def _still_planned(conference: Conference) -> None:
    if conference.is_held:
        raise ConferenceError(
            _(
                "this conference was recorded on %(day)s: its packet and record are kept as "
                "they were; add to its notes instead"
            )
            % {"day": display.day(conference.held_on)}
        )


def _words(text: str, what: str, field: str, *, limit: int = MAX_WORDS_CHARS, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ConferenceError(_("write %(what)s first") % {"what": what}, field=field)
    if len(text) > limit:
        raise ConferenceError(
            _("%(what)s: %(n)d characters, more than the %(limit)d allowed")
            % {"what": what, "n": len(text), "limit": limit},
            field=field,
        )
    return text


def _names(person: Person) -> set[str]:
    given = {person.given_name, person.preferred_given_name} - {""}
    family = {person.family_name, person.preferred_family_name} - {""}
    return {_name_key(f"{g} {f}") for g in given for f in family} | {_name_key(person.display_name)}


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


# --- Services --------------------------------------------------------------------------------------


@transaction.atomic
def conference_plan(*, access: ProfileAccess, title: str, scheduled_on: dt.date, actor: Actor) -> Conference:
    """The student or an adult who works with them plans a conference; its packet is assembled at once."""
    if not (access.may_write_own or access.may_respond):
        raise ConferenceError(
            _("only the student and the adults who work with them plan a conference"), code=FORBIDDEN
        )
    title = _words(title, _("the title"), "title", limit=MAX_TITLE_CHARS, required=True)
    today = timezone.localdate()
    if abs((scheduled_on - today).days) > PLAN_WINDOW_DAYS:
        raise ConferenceError(
            _("the date must be within a year of today (%(today)s)") % {"today": display.day(today)},
            field="scheduled_on",
        )
    now = timezone.now()
    sections = packet_offer(access.student)
    conference = Conference.objects.create(
        student=access.student,
        title=title,
        scheduled_on=scheduled_on,
        created_by=actor.user,
        created_by_name=name_of(actor.user),
        created_at=now,
        packet={
            "opening": "",
            "sections": sections,
            "closing": "",
            "built_at": now.isoformat(),
            "edited_at": None,
        },
    )
    audit_record(
        actor=actor,
        action="conference.plan",
        object_type="conference",
        object_id=str(conference.pk),
        student_id=access.student.pk,
        detail={
            "title": title,
            "scheduled_on": scheduled_on.isoformat(),
            "items": sum(len(s["items"]) for s in sections),
        },
    )
    return conference


@transaction.atomic
def conference_packet_rebuild(*, access: ProfileAccess, conference: Conference, actor: Actor) -> PacketChange:
    """Refresh the packet from the profile as it is now. The student's words stay, and so does their
    choice to leave an item in or out, for every item still offered (matched by its key)."""
    if not (access.may_write_own or access.may_respond):
        raise ConferenceError(
            _("only the student and the adults who work with them refresh the packet"), code=FORBIDDEN
        )
    conference = _locked(access, conference)
    _still_planned(conference)
    before = _tokens(conference.packet)
    sections = packet_offer(access.student)
    for section in sections:
        for item in section["items"]:
            item["included"] = before.get(item_token(section["kind"], item["key"]), True)
    after = _tokens({"sections": sections})
    change = PacketChange(added=len(after.keys() - before.keys()), removed=len(before.keys() - after.keys()))
    conference.packet = {**conference.packet, "sections": sections, "built_at": timezone.now().isoformat()}
    conference.save(update_fields=["packet"])
    audit_record(
        actor=actor,
        action="conference.packet_rebuild",
        object_type="conference",
        object_id=str(conference.pk),
        student_id=access.student.pk,
        detail={"added": change.added, "removed": change.removed},
    )
    return change


@transaction.atomic
def conference_packet_edit(
    *,
    access: ProfileAccess,
    conference: Conference,
    opening: str,
    closing: str,
    included: Iterable[str],
    actor: Actor,
    shown: Iterable[str] | None = None,
) -> Conference:
    """The student writes their opening and closing words and chooses the items they will present.

    `included` are the tokens (`item_token`) of the items to keep in; `shown` the tokens the student was
    shown (an item added by a refresh since the form was opened keeps its state). Without `shown`,
    every item not in `included` is left out."""
    if not access.may_write_own:
        raise ConferenceError(_("only the student edits their conference packet"), code=FORBIDDEN)
    conference = _locked(access, conference)
    _still_planned(conference)
    opening = _words(opening, _("the opening words"), "opening")
    closing = _words(closing, _("the closing words"), "closing")
    chosen, asked = set(included), None if shown is None else set(shown)
    kept = left_out = 0
    packet = conference.packet
    for section in packet.get("sections", []):
        for item in section.get("items", []):
            token = item_token(section["kind"], item["key"])
            if asked is None or token in asked:
                item["included"] = token in chosen
            kept, left_out = kept + bool(item["included"]), left_out + (not item["included"])
    packet.update(opening=opening, closing=closing, edited_at=timezone.now().isoformat())
    conference.packet = packet
    conference.save(update_fields=["packet"])
    audit_record(
        actor=actor,
        action="conference.packet_edit",
        object_type="conference",
        object_id=str(conference.pk),
        student_id=access.student.pk,
        detail={"included": kept, "left_out": left_out},
    )
    return conference


def parse_attendees(text: str) -> list[AttendeeSpec]:
    """One attendee a line, "Name | role" (role: student, guardian, advisor, teacher or other)."""
    roles = ConferenceAttendee.Role.values
    found: list[AttendeeSpec] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        name, bar, role = line.rpartition("|") if "|" in line else (line, "", "")
        name, role = name.strip(), role.strip().casefold()
        if not bar or not name or role not in roles:
            raise ConferenceError(
                _(
                    "line %(n)d (“%(line)s”): write a name, a bar and one of the roles %(roles)s, for example "
                    "“Gina Garcia | guardian”"
                )
                % {"n": number, "line": line[:80], "roles": ", ".join(roles)},
                field="attendees",
            )
        if len(name) > 200:
            raise ConferenceError(_("line %(n)d: the name is too long") % {"n": number}, field="attendees")
        found.append(AttendeeSpec(name=name, role=role))
    return found


def _known_people(access: ProfileAccess, user: Any) -> dict[tuple[str, str], Person]:
    """The rostered people an attendee line may name: the student, their guardians, advisors and teachers."""
    student = access.student
    known: dict[tuple[str, str], Person] = {}

    def add(people: Iterable[Person], role: str) -> None:
        for person in people:
            for name in _names(person):
                known.setdefault((name, role), person)

    add([student], ConferenceAttendee.Role.STUDENT)
    add(
        [
            link.guardian
            for link in GuardianLink.objects.filter(
                student=student, is_active=True, guardian__is_active=True
            ).select_related("guardian")
        ],
        ConferenceAttendee.Role.GUARDIAN,
    )
    add(
        [
            a.advisor
            for a in Advisorship.objects.filter(student=student, is_active=True).select_related("advisor")
        ],
        ConferenceAttendee.Role.ADVISOR,
    )
    sections = Enrollment.objects.filter(person=student, role="student", is_active=True).values("section_id")
    add(
        Person.objects.filter(
            enrollments__section_id__in=sections,
            enrollments__role__in=("teacher", "aide"),
            enrollments__is_active=True,
        ).distinct(),
        ConferenceAttendee.Role.TEACHER,
    )
    own = getattr(user, "person", None)
    if own is not None:
        for role in (
            ConferenceAttendee.Role.ADVISOR,
            ConferenceAttendee.Role.TEACHER,
            ConferenceAttendee.Role.OTHER,
        ):
            add([own], role)
    return known


@transaction.atomic
def conference_record(
    *,
    access: ProfileAccess,
    conference: Conference,
    held_on: dt.date,
    attendees: list[AttendeeSpec],
    notes: str,
    next_steps: str,
    actor: Actor,
) -> Conference:
    """An adult who works with the student records the conference: the day, who came, notes, next steps."""
    if not access.may_respond:
        raise ConferenceError(
            _("only the adults who work with the student record a conference"), code=FORBIDDEN
        )
    conference = _locked(access, conference)
    _still_planned(conference)
    if held_on > timezone.localdate():
        raise ConferenceError(_("the day it was held cannot be in the future"), field="held_on")
    if not attendees:
        raise ConferenceError(_("list who attended, the student first"), field="attendees")
    if len(attendees) > MAX_ATTENDEES:
        raise ConferenceError(_("list at most %(n)d attendees") % {"n": MAX_ATTENDEES}, field="attendees")
    student_names = _names(access.student)
    students = [a for a in attendees if a.role == ConferenceAttendee.Role.STUDENT]
    if not students:
        raise ConferenceError(
            _("a student-led conference is led by the student: list %(name)s as “%(name)s | student”")
            % {"name": access.student.display_name},
            field="attendees",
        )
    for attendee in students:
        if _name_key(attendee.name) not in student_names:
            raise ConferenceError(
                _(
                    "“%(other)s” is listed as the student, but this is %(name)s's conference: write their name as "
                    "“%(name)s”, or list “%(other)s” with the role other"
                )
                % {"other": attendee.name, "name": access.student.display_name},
                field="attendees",
            )
    notes = _words(notes, _("the notes"), "notes", limit=MAX_NOTES_CHARS, required=True)
    steps = [line.strip() for line in (next_steps or "").splitlines() if line.strip()]
    if len(steps) > MAX_NEXT_STEPS:
        raise ConferenceError(
            _("agree on at most %(n)d next steps (one a line)") % {"n": MAX_NEXT_STEPS}, field="next_steps"
        )
    for number, step in enumerate(steps, start=1):
        if len(step) > MAX_NEXT_STEP_CHARS:
            raise ConferenceError(
                _("next step %(n)d is longer than %(limit)d characters")
                % {"n": number, "limit": MAX_NEXT_STEP_CHARS},
                field="next_steps",
            )
    known = _known_people(access, actor.user)
    ConferenceAttendee.objects.bulk_create(
        [
            ConferenceAttendee(
                conference=conference,
                name=a.name,
                role=a.role,
                position=position,
                person=known.get((_name_key(a.name), a.role)),
            )
            for position, a in enumerate(attendees)
        ]
    )
    conference.status, conference.held_on = Conference.Status.HELD, held_on
    conference.notes, conference.next_steps = notes, "\n".join(steps)
    conference.recorded_by, conference.recorded_by_name, conference.recorded_at = (
        actor.user,
        name_of(actor.user),
        timezone.now(),
    )
    conference.save(
        update_fields=[
            "status",
            "held_on",
            "notes",
            "next_steps",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]
    )
    audit_record(
        actor=actor,
        action="conference.record",
        object_type="conference",
        object_id=str(conference.pk),
        student_id=access.student.pk,
        detail={"held_on": held_on.isoformat(), "attendees": len(attendees), "next_steps": len(steps)},
    )
    return conference


@transaction.atomic
def conference_addendum_add(
    *, access: ProfileAccess, conference: Conference, text: str, actor: Actor
) -> ConferenceAddendum:
    """Add to a held conference's notes (a follow-up, a correction), dated and signed; nothing is rewritten."""
    if not access.may_respond:
        raise ConferenceError(
            _("only the adults who work with the student add to a conference's notes"), code=FORBIDDEN
        )
    conference = _locked(access, conference)
    if not conference.is_held:
        raise ConferenceError(_("record the conference first; then you can add to its notes"))
    text = _words(text, _("the addition"), "text", required=True)
    addendum = ConferenceAddendum.objects.create(
        conference=conference,
        text=text,
        written_by=actor.user,
        written_by_name=name_of(actor.user),
        written_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="conference.addendum",
        object_type="conference",
        object_id=str(conference.pk),
        student_id=access.student.pk,
        detail={"addendum": addendum.pk},
    )
    return addendum


# --- This app's own contribution to the next packet ------------------------------------------------------


def next_steps_packet(access: ProfileAccess) -> PacketSection | None:
    """The next steps agreed at the student's last conference, so the next one starts from them."""
    last = (
        Conference.objects.filter(student=access.student, status=Conference.Status.HELD)
        .order_by("-held_on", "-id")
        .first()
    )
    if last is None:
        return None
    detail = phrase("conference.agreed", title=last.title, on=last.day.isoformat())  # held: its held_on
    return PacketSection(
        kind="conferences",
        title=phrase("conference.section"),
        items=[
            PacketItem(title=step, detail=detail, key=f"conference-{last.pk}-step-{n}")
            for n, step in enumerate(last.next_step_lines, start=1)
        ],
    )


register_phrase("conference.section", lambda values: _("Next steps from our last conference"))
register_phrase(
    "conference.agreed",
    lambda values: (
        _("Agreed at %(title)s on %(day)s") % {"title": values["title"], "day": display.day(values["on"])}
    ),
)
