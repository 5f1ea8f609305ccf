"""Who may see and change a school's flex schedule, on the one student scope (`pathmaker.access.scope`).

- A school's flex set-up (blocks, rooms, staff availability, its threshold), its weeks' schedules, the
  solve, publishing, and locking or moving a placement belong to the school's leaders and the district.
- A teacher of the school offers workshops; a workshop belongs to its leader, the school's leaders and
  the district. A workshop's leader sees its rosters (in the published schedule) and takes attendance.
- A student's own placements are read by everyone who sees the student (the student, their guardians,
  their teachers and advisors, the school's leaders, the district): `student_relation_or_404`. Only the
  student ranks their enrichment preferences.
Anything outside this is a 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from pathmaker.access import scope
from pathmaker.access.scope import Relation
from pathmaker.lib.bounds import row_id
from pathmaker.rostering.models import Org, Person, PersonRole
from pathmaker.scheduling.models import FlexBlock, FlexWeek, Placement, Room, Schedule, Workshop

TEACHING_ROLES = ("teacher", "aide")


def may_run_schedule(user: Any, school: Org) -> bool:
    """Set up flex time, solve, publish, lock and move: the school's leaders and the district."""
    viewer = scope.viewer_for(user)
    return viewer.is_district_admin or school.pk in viewer.led_org_ids


def schools_for_flex(user: Any) -> list[Org]:
    viewer = scope.viewer_for(user)
    schools = Org.objects.filter(org_type="school", is_active=True).order_by("name")
    if viewer.is_district_admin:
        return list(schools)
    return list(schools.filter(pk__in=viewer.led_org_ids))


def flex_school_or_404(user: Any, school_id: Any) -> Org:
    school = Org.objects.filter(pk=_pk(school_id), org_type="school", is_active=True).first()
    if school is None or not may_run_schedule(user, school):
        raise Http404("No such school")
    return school


def week_or_404(user: Any, week_id: Any) -> FlexWeek:
    week = FlexWeek.objects.select_related("school").filter(pk=_pk(week_id)).first()
    if week is None or not may_run_schedule(user, week.school):
        raise Http404("No such week")
    return week


def schedule_or_404(user: Any, schedule_id: Any) -> Schedule:
    schedule = Schedule.objects.select_related("week", "week__school").filter(pk=_pk(schedule_id)).first()
    if schedule is None or not may_run_schedule(user, schedule.week.school):
        raise Http404("No such schedule")
    return schedule


def is_staff_of(person_id: int | None, school: Org) -> bool:
    """A teacher or aide of the school (a staff member who may lead a workshop there)."""
    return (
        person_id is not None
        and PersonRole.objects.filter(
            person_id=person_id, org=school, role__in=TEACHING_ROLES, is_active=True
        ).exists()
    )


def may_offer_workshop(user: Any, school: Org) -> bool:
    """The school's teachers offer workshops (led by themselves); its leaders and the district too."""
    return may_run_schedule(user, school) or is_staff_of(scope.viewer_for(user).person_id, school)


def may_change_workshop(user: Any, workshop: Workshop) -> bool:
    viewer = scope.viewer_for(user)
    return (viewer.person_id is not None and workshop.leader_id == viewer.person_id) or may_run_schedule(
        user, workshop.week.school
    )


def workshop_or_404(user: Any, workshop_id: Any) -> Workshop:
    workshop = (
        Workshop.objects.select_related("week", "week__school", "leader").filter(pk=_pk(workshop_id)).first()
    )
    if workshop is None or not may_change_workshop(user, workshop):
        raise Http404("No such workshop")
    return workshop


def leads_workshops(user: Any) -> bool:
    viewer = scope.viewer_for(user)
    return viewer.person_id is not None and Workshop.objects.filter(leader_id=viewer.person_id).exists()


def may_take_attendance(user: Any, placement: Placement) -> bool:
    """The workshop's leader (in a published schedule), the school's leaders and the district."""
    if placement.workshop_id is None:
        return False
    viewer = scope.viewer_for(user)
    schedule = placement.schedule
    if may_run_schedule(user, schedule.week.school):
        return True
    return (
        viewer.person_id is not None
        and placement.workshop is not None
        and placement.workshop.leader_id == viewer.person_id
        and schedule.status == Schedule.Status.PUBLISHED
    )


def placement_or_404(user: Any, placement_id: Any) -> Placement:
    """A placement this user may change (leaders, district) or take attendance on (the workshop's leader)."""
    placement = (
        Placement.objects.select_related(
            "schedule", "schedule__week", "schedule__week__school", "workshop", "student"
        )
        .filter(pk=_pk(placement_id))
        .first()
    )
    if placement is None:
        raise Http404("No such placement")
    if may_run_schedule(user, placement.schedule.week.school) or may_take_attendance(user, placement):
        return placement
    raise Http404("No such placement")


def student_relation_or_404(user: Any, student_id: Any) -> Relation:
    """Everyone who sees the student reads their placements (the audited 404 for anyone else)."""
    return scope.relation_or_404(user, student_id)


def may_set_preferences(relation: Relation) -> bool:
    return relation.is_self


def may_choose_for(user: Any, student: Person) -> bool:
    """Only the student ranks their own enrichment choices."""
    return may_set_preferences(scope.relation_to(user, student.pk))


def _pk(value: Any) -> int:
    """An id to filter on; 0 (no row) for anything that is not one."""
    return row_id(value) or 0


# --- For the flex pages and the API (the web helper) --------------------------------------------------


def schools_to_offer_in(user: Any) -> list[Org]:
    """The schools where this user may offer workshops: where they teach, lead, or (the district) all."""
    viewer = scope.viewer_for(user)
    schools = Org.objects.filter(org_type="school", is_active=True).order_by("name")
    if viewer.is_district_admin:
        return list(schools)
    taught = PersonRole.objects.filter(
        person_id=viewer.person_id or 0, role__in=TEACHING_ROLES, is_active=True
    ).values("org_id")
    return list(schools.filter(Q(pk__in=viewer.led_org_ids) | Q(pk__in=taught)))


def offer_school_or_404(user: Any, school_id: Any) -> Org:
    """A school whose workshops this user reads and offers in (its teachers, its leaders, the district)."""
    school = Org.objects.filter(pk=_pk(school_id), org_type="school", is_active=True).first()
    if school is None or not may_offer_workshop(user, school):
        raise Http404("No such school")
    return school


def may_name_leader(user: Any, school: Org, person_id: int) -> bool:
    """A teacher offers workshops they lead themself; the school's leaders name any of its staff."""
    return may_run_schedule(user, school) or person_id == scope.viewer_for(user).person_id


def block_of_school_or_404(school: Org, block_id: Any) -> FlexBlock:
    block = FlexBlock.objects.filter(pk=_pk(block_id), school=school).first()
    if block is None:
        raise Http404("No such block")
    return block


def room_of_school_or_404(school: Org, room_id: Any) -> Room:
    room = Room.objects.filter(pk=_pk(room_id), school=school).first()
    if room is None:
        raise Http404("No such room")
    return room


def student_of_school_or_404(user: Any, school: Org, student_id: Any) -> Person:
    """A student of the school whom the user sees (a teacher requires only students in their scope)."""
    student = scope.relation_or_404(user, student_id).student
    assert student is not None  # relation_or_404 raised for anyone else
    if not PersonRole.objects.filter(person=student, org=school, role="student", is_active=True).exists():
        raise Http404("No such student at this school")
    return student


def placement_to_change_or_404(user: Any, placement_id: Any) -> Placement:
    """A placement this user may lock or move: the school's leaders and the district only."""
    placement = placement_or_404(user, placement_id)
    if not may_run_schedule(user, placement.schedule.week.school):
        raise Http404("No such placement")
    return placement


def placement_for_attendance_or_404(user: Any, placement_id: Any) -> Placement:
    placement = placement_or_404(user, placement_id)
    if not may_take_attendance(user, placement):
        raise Http404("No such placement")
    return placement


def workshop_of_week_or_404(week: FlexWeek, workshop_id: Any) -> Workshop:
    workshop = Workshop.objects.filter(pk=_pk(workshop_id), week=week).first()
    if workshop is None:
        raise Http404("No such workshop")
    return workshop
