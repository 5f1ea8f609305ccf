"""The demo student's learner profile: their own words over the autumn, an advisor, notes from the adults
who work with them, and a start on college and career readiness. Written through the same services a
district uses, then back-dated so the history reads like a real term."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from pathmaker.accounts.models import User
from pathmaker.audit.actor import Actor
from pathmaker.demo.data.profiles import NOTES, WORDS
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import evidence_record
from pathmaker.profiles import selectors, services
from pathmaker.profiles.access import profile_access_or_404
from pathmaker.profiles.models import ProfileEntry, ProfileNote, ReadinessItem, ReadinessRecord
from pathmaker.rostering.models import Person


def _last_years_evidence(*, student: User, teacher: User, today: dt.date) -> None:
    """A few scores from last school year, so the profile shows growth across years, not one course."""
    worked = (
        MasterySummary.objects.filter(student=student.person, evidence_count__gt=0)
        .select_related("competency")
        .order_by("competency__human_coding_scheme")[:4]
    )
    for n, summary in enumerate(worked):
        for days, value in ((330, 1 + n % 2), (270, 2)):
            evidence_record(
                student=student.person,
                competency=summary.competency,
                kind="imported",
                demonstrated_on=today - dt.timedelta(days=days + 7 * n),
                score=Decimal(value),
                actor=Actor.for_user(teacher),
                feedback="Carried over from last year's end-of-unit tasks.",
            )


def pick_advisor(student: Person, *, exclude: set[str]) -> Person:
    """A staff member at the student's school who does not already teach them: an advisory teacher."""
    taught_by = set(
        Person.objects.filter(
            enrollments__section__enrollments__person=student, enrollments__role__in=("teacher", "aide")
        ).values_list("pk", flat=True)
    )
    for person in selectors.staff_of_school(student):
        if (
            person.username not in exclude
            and person.pk not in taught_by
            and person.roles.filter(role="teacher", is_active=True).exists()
        ):
            return person
    raise RuntimeError(f"no staff member at {student.display_name}'s school is free to advise them")


def _back_date(model, pk: int, field: str, when: dt.datetime) -> None:
    model.objects.filter(pk=pk).update(**{field: when})


def build_demo_profile(
    *, student: User, advisor: User, teacher: User, district_admin: User, today: dt.date
) -> None:
    services.advisor_assign(
        student=student.person,
        advisor=advisor.person,
        actor=Actor.for_user(district_admin),
        started_on=today - dt.timedelta(days=90),
    )
    _last_years_evidence(student=student, teacher=teacher, today=today)
    now = timezone.now()
    own = profile_access_or_404(student, student.person.pk)
    for key, days, text in WORDS:
        entry = services.profile_entry_write(
            access=own, section_key=key, text=text, actor=Actor.for_user(student)
        )
        _back_date(ProfileEntry, entry.pk, "written_at", now - dt.timedelta(days=days))
    writers = {"advisor": advisor, "teacher": teacher}
    for who, days, text in NOTES:
        access = profile_access_or_404(writers[who], student.person.pk)
        note = services.profile_note_add(
            access=access,
            text=text,
            actor=Actor.for_user(writers[who]),
            role=services.role_label(access, writers[who]),
        )
        _back_date(ProfileNote, note.pk, "written_at", now - dt.timedelta(days=days))
    adviser_access = profile_access_or_404(advisor, student.person.pk)
    items = {item.key: item for item in ReadinessItem.objects.all()}
    for key, status, score, detail, days in [
        ("career_inventory", "done", None, "Top matches: engineering, design, teaching", 40),
        (
            "course_plan",
            "in_progress",
            None,
            "Drafted with my advisor: Algebra I next year, then Geometry",
            25,
        ),
        ("psat", "not_started", None, "Plan to take the PSAT 8/9 in the spring", 10),
    ]:
        if key not in items:
            continue
        record = services.readiness_record(
            access=adviser_access if key == "course_plan" else own,
            item=items[key],
            status=status,
            actor=Actor.for_user(advisor if key == "course_plan" else student),
            score=Decimal(score) if score else None,
            detail=detail,
            completed_on=today - dt.timedelta(days=days) if status == "done" else None,
        )
        _back_date(ReadinessRecord, record.pk, "recorded_at", now - dt.timedelta(days=days))
