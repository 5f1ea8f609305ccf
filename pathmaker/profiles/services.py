"""Writing a learner profile: the student's entries, staff notes, advisors, sections, readiness.

Each service is one transaction with one audit row. Who may write is asked of the access rule
(`ProfileAccess`), which the caller obtained through `profile_access_or_404`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from pathmaker.access.scope import viewer_for
from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.lib.bounds import EARLIEST_DATE, date_in_window, decimal_fits
from pathmaker.lib.errors import DomainError
from pathmaker.profiles.access import ProfileAccess, may_assign_advisors, profile_sections_for
from pathmaker.profiles.models import (
    ProfileEntry,
    ProfileNote,
    ProfileSection,
    ReadinessItem,
    ReadinessRecord,
)
from pathmaker.profiles.selectors import staff_of_school
from pathmaker.rostering.models import Advisorship, Org, Person

MAX_ENTRY_CHARS = 4000


class ProfileError(DomainError):
    """A profile change that cannot be made as asked; the message says why, in plain words."""

    code = "profiles.invalid"


FORBIDDEN = "profiles.forbidden"


def name_of(user: Any) -> str:
    person = getattr(user, "person", None)
    return person.display_name if person is not None else user.get_username()


def role_label(access: ProfileAccess, user: Any) -> str:
    """How the student sees the writer: "advisor", "teacher", "school leader", "district"."""
    if access.is_owner:
        return "student"
    if access.is_advisor:
        return "advisor"
    if access.is_teacher:
        return "teacher"
    return "district" if viewer_for(user).is_district_admin else "school leader"


def _clean(text: str, what: str) -> str:
    text = text.strip()
    if not text:
        raise ProfileError(f"write something in {what} first")
    if len(text) > MAX_ENTRY_CHARS:
        raise ProfileError(f"{what} is {len(text)} characters; keep it under {MAX_ENTRY_CHARS}")
    return text


@transaction.atomic
def profile_entry_write(*, access: ProfileAccess, section_key: str, text: str, actor: Actor) -> ProfileEntry:
    """The student writes (or rewrites) a section in their own words; the earlier words stay dated."""
    if not access.may_write_own:
        raise ProfileError("only the student writes their own profile", code=FORBIDDEN)
    section = profile_sections_for(access).filter(key=section_key, kind=ProfileSection.Kind.TEXT).first()
    if section is None:
        raise ProfileError(f"there is no section {section_key!r} in this profile")
    text = _clean(text, f"“{section.title}”")
    ProfileEntry.objects.filter(student=access.student, section=section, is_current=True).update(
        is_current=False
    )
    entry = ProfileEntry.objects.create(
        student=access.student,
        section=section,
        text=text,
        written_by=actor.user,
        written_by_name=name_of(actor.user),
        written_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="profile.entry",
        object_type="profile_entry",
        object_id=str(entry.pk),
        student_id=access.student.pk,
        detail={"section": section.key},
    )
    return entry


@transaction.atomic
def profile_note_add(*, access: ProfileAccess, text: str, actor: Actor, role: str) -> ProfileNote:
    if not access.may_respond:
        raise ProfileError("only the student's teachers, advisors and school staff add notes", code=FORBIDDEN)
    note = ProfileNote.objects.create(
        student=access.student,
        text=_clean(text, "the note"),
        author=actor.user,
        author_name=name_of(actor.user),
        author_role=role,
        written_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="profile.note",
        object_type="profile_note",
        object_id=str(note.pk),
        student_id=access.student.pk,
    )
    return note


@transaction.atomic
def advisor_assign(
    *,
    student: Person,
    advisor: Person,
    actor: Actor,
    started_on: dt.date | None = None,
) -> Advisorship:
    """A school leader or the district makes a staff member the student's advisor."""
    if not may_assign_advisors(actor.user, student):
        raise ProfileError(
            "only the student's school leaders or the district assign advisors", code=FORBIDDEN
        )
    if advisor.pk not in {p.pk for p in staff_of_school(student)}:
        raise ProfileError(f"{advisor.display_name} is not on the staff of {student.display_name}'s school")
    existing = Advisorship.objects.filter(advisor=advisor, student=student, is_active=True).first()
    if existing:
        return existing
    link = Advisorship.objects.create(
        advisor=advisor,
        student=student,
        assigned_by=actor.user,
        started_on=started_on or timezone.localdate(),
    )
    audit_record(
        actor=actor,
        action="profile.advisor_assign",
        object_type="advisorship",
        object_id=str(link.pk),
        student_id=student.pk,
        detail={"advisor": advisor.sourced_id},
    )
    return link


@transaction.atomic
def advisor_end(*, link: Advisorship, actor: Actor) -> None:
    if not may_assign_advisors(actor.user, link.student):
        raise ProfileError(
            "only the student's school leaders or the district end an advisorship", code=FORBIDDEN
        )
    Advisorship.objects.filter(pk=link.pk).update(is_active=False, ended_on=timezone.localdate())
    audit_record(
        actor=actor,
        action="profile.advisor_end",
        object_type="advisorship",
        object_id=str(link.pk),
        student_id=link.student_id,
    )


def _check_section_editor(actor: Actor, school: Org | None) -> None:
    viewer = viewer_for(actor.user)
    if school is None and not viewer.is_district_admin:
        raise ProfileError("only the district defines district-wide sections", code=FORBIDDEN)
    if school is not None and not (viewer.is_district_admin or school.pk in viewer.led_org_ids):
        raise ProfileError("only the school's leaders add the school's own sections", code=FORBIDDEN)


@transaction.atomic
def profile_section_active_set(*, actor: Actor, section: ProfileSection, active: bool) -> ProfileSection:
    """Retire a section (its entries are kept, no longer shown) or show it again."""
    _check_section_editor(actor, section.org)
    section.is_active = active
    section.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="profile.section_show" if active else "profile.section_retire",
        object_type="profile_section",
        object_id=str(section.pk),
        detail={"key": section.key, "school": section.org.sourced_id if section.org else None},
    )
    return section


@transaction.atomic
def profile_section_save(
    *,
    actor: Actor,
    key: str,
    title: str,
    kind: str,
    prompt: str = "",
    required: bool = False,
    family_visible: bool = False,
    position: int = 100,
    school: Org | None = None,
    section: ProfileSection | None = None,
    title_es: str = "",
    prompt_es: str = "",
) -> ProfileSection:
    """The district defines shared sections; a school's leader adds the school's own text sections."""
    if section is not None:
        school = section.org
    _check_section_editor(actor, school)
    if school is not None and kind != ProfileSection.Kind.TEXT:
        raise ProfileError(
            "a school adds written sections; the parts of Pathmaker are placed by the district"
        )
    if kind not in ProfileSection.Kind.values:
        raise ProfileError(f"{kind!r} is not a kind of section")
    if not title.strip():
        raise ProfileError("give the section a title")
    if section is None:
        section = ProfileSection(key=key, org=school, kind=kind)
    section.title, section.prompt, section.required = title.strip(), prompt.strip(), required
    # The Spanish beside the English is optional: empty means Spanish readers see the English.
    section.title_es, section.prompt_es = title_es.strip() or None, prompt_es.strip() or None
    section.family_visible, section.position = family_visible, position
    try:
        with transaction.atomic():  # a key is unique per school (and district-wide) in the database
            section.save()
    except IntegrityError:
        raise ProfileError(
            f"there is already a section called {section.key!r}",
            code="profiles.section_key_taken",
            field="key",
        ) from None
    audit_record(
        actor=actor,
        action="profile.section_save",
        object_type="profile_section",
        object_id=str(section.pk),
        detail={
            "key": section.key,
            "required": required,
            "family_visible": family_visible,
            "school": school.sourced_id if school else None,
        },
    )
    return section


@transaction.atomic
def readiness_record(
    *,
    access: ProfileAccess,
    item: ReadinessItem,
    status: str,
    actor: Actor,
    score: Decimal | None = None,
    detail: str = "",
    completed_on: dt.date | None = None,
) -> ReadinessRecord:
    """The student or the adults who work with them record progress on a readiness item."""
    if not (access.may_write_own or access.may_respond):
        raise ProfileError(
            "only the student and the adults who work with them record readiness", code=FORBIDDEN
        )
    if status not in ReadinessRecord.Status.values:
        raise ProfileError(f"{status!r} is not a status")
    if item.kind == ReadinessItem.Kind.SCORE and status == ReadinessRecord.Status.DONE and score is None:
        raise ProfileError(f"give the score for {item.title}")
    if completed_on and completed_on > timezone.localdate():
        raise ProfileError("the date it was done cannot be in the future")
    if completed_on and not date_in_window(completed_on):
        raise ProfileError(f"the date it was done must be after {EARLIEST_DATE:%Y}")
    if score is not None and not decimal_fits(score, max_digits=7, decimal_places=2):  # ReadinessRecord.score
        raise ProfileError("the score must be a number below 100000, with at most two decimals kept")
    ReadinessRecord.objects.filter(student=access.student, item=item, is_current=True).update(
        is_current=False
    )
    record = ReadinessRecord.objects.create(
        student=access.student,
        item=item,
        status=status,
        score=score,
        detail=detail.strip()[:300],
        completed_on=completed_on,
        recorded_by=actor.user,
        recorded_by_name=name_of(actor.user),
        recorded_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="profile.readiness",
        object_type="readiness_record",
        object_id=str(record.pk),
        student_id=access.student.pk,
        detail={"item": item.key, "status": status, "score": str(score) if score is not None else None},
    )
    return record


def profile_defaults_install() -> None:
    """The district's starting sections and readiness checklist, as migration 0002 installs them, for a
    database emptied by `flush` (the demo on PostgreSQL). Existing rows are left as the district set them."""
    defaults = importlib.import_module("pathmaker.profiles.migrations.0002_district_defaults")
    defaults.add_defaults(apps, None)
