"""Flex pages: a school's setup (blocks, rooms, who is free when, the threshold), the week's workshops, the
leaders' plan (solve, lock, move, re-solve, publish), a workshop's roster with attendance, each student's
"my flex week" with their enrichment choices, and the workshops' outcomes.

Every page asks `scheduling/access.py` first, so a school, workshop, placement or student outside the
viewer's reach is a 404, and an action the viewer may never take is a 404 too. A refusal the viewer can
fix (a block that overlaps, a workshop with no seats) is said beside its field, or as a message on the
pages that hold several small forms. Pages that show students write one audit row per student shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pathmaker.audit.services import audit_student_reads
from pathmaker.lib.bounds import EARLIEST_DATE, LATEST_DATE
from pathmaker.rostering.models import Org
from pathmaker.scheduling import access, outcomes, pages, selectors, services
from pathmaker.scheduling.charts import outcomes_chart
from pathmaker.scheduling.errors import SchedulingError
from pathmaker.scheduling.forms import (
    AvailabilityForm,
    BlockForm,
    MoveForm,
    PreferencesForm,
    RequireForm,
    RoomForm,
    SettingsForm,
    WorkshopForm,
)
from pathmaker.scheduling.models import FlexAttendance, Placement, Schedule


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def _refuse(form: forms.Form, error: SchedulingError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


SOLVE_SECONDS = 20.0  # the solver's time in the worker for a page's solve (the benchmark's week takes longer)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _asked_week(request: HttpRequest) -> dt.date | None:
    """The Monday of the week in `?week=` (any day of it), or None when absent or not a date."""
    raw = request.GET.get("week") or request.POST.get("week") or ""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    return _monday(day) if EARLIEST_DATE <= day <= LATEST_DATE else None


def _next_week() -> dt.date:
    return _monday(timezone.localdate()) + dt.timedelta(days=7)


def _week_links(url: str, week_start: dt.date) -> dict[str, str]:
    return {
        "previous": f"{url}?week={(week_start - dt.timedelta(days=7)).isoformat()}",
        "next": f"{url}?week={(week_start + dt.timedelta(days=7)).isoformat()}",
    }


# --- Which school --------------------------------------------------------------------------------------


@login_required
def flex_home(request: HttpRequest) -> HttpResponse:
    """The schools whose flex schedule this user runs, each with its plan, workshops, setup and outcomes."""
    schools = access.schools_for_flex(request.user)
    if not schools:
        raise Http404("Not found")
    return render(request, "scheduling/home.html", {"schools": schools})


# --- Setup ---------------------------------------------------------------------------------------------


def _setup_page(request: HttpRequest, school: Org, *, status: int = 200, **bound: forms.Form) -> HttpResponse:
    setup = selectors.school_setup(school)
    settings = selectors.flex_settings_for(school)
    grid = pages.availability_grid(setup)
    forms_: dict[str, Any] = {
        "settings_form": SettingsForm(
            initial={"threshold": settings.threshold, "study_hall_capacity": settings.study_hall_capacity}
        ),
        "block_form": BlockForm(prefix="block"),
        "room_form": RoomForm(prefix="room"),
    }
    forms_.update(bound)
    return render(
        request,
        "scheduling/setup.html",
        {
            "school": school,
            "settings": settings,
            "blocks": setup.blocks,
            "rooms": [(room, RoomForm.for_room(room)) for room in setup.rooms],
            "grid": grid,
            **forms_,
        },
        status=status,
    )


@login_required
def flex_setup(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.flex_school_or_404(request.user, school_id)
    return _setup_page(request, school)


@login_required
@require_POST
def flex_settings_save(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.flex_school_or_404(request.user, school_id)
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            services.flex_settings_set(
                school=school,
                threshold=float(form.cleaned_data["threshold"]),
                study_hall_capacity=form.cleaned_data["study_hall_capacity"],
                actor=request.actor,
            )
        except SchedulingError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The threshold and study hall are saved."))
            return redirect(reverse("flex_setup", args=[school.pk]) + "#settings")
    return _setup_page(request, school, status=400, settings_form=form)


@login_required
@require_POST
def flex_block_add(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.flex_school_or_404(request.user, school_id)
    form = BlockForm(request.POST, prefix="block")
    if form.is_valid():
        try:
            services.flex_block_add(school=school, actor=request.actor, **form.cleaned_data)
        except SchedulingError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The block is added."))
            return redirect(reverse("flex_setup", args=[school.pk]) + "#blocks")
    return _setup_page(request, school, status=400, block_form=form)


@login_required
@require_POST
def flex_block_remove(request: HttpRequest, school_id: int, block_id: int) -> HttpResponse:
    school = access.flex_school_or_404(request.user, school_id)
    block = access.block_of_school_or_404(school, block_id)
    try:
        services.flex_block_remove(block=block, actor=request.actor)
    except SchedulingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The block is removed."))
    return redirect(reverse("flex_setup", args=[school.pk]) + "#blocks")


@login_required
@require_POST
def flex_room_save(request: HttpRequest, school_id: int, room_id: int | None = None) -> HttpResponse:
    school = access.flex_school_or_404(request.user, school_id)
    room = access.room_of_school_or_404(school, room_id) if room_id is not None else None
    form = RoomForm(request.POST, prefix=f"room-{room.pk}" if room else "room")
    if form.is_valid():
        try:
            services.room_save(school=school, room=room, actor=request.actor, **form.cleaned_data)
        except SchedulingError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The room is saved."))
            return redirect(reverse("flex_setup", args=[school.pk]) + "#rooms")
    if room is None:
        return _setup_page(request, school, status=400, room_form=form)
    _form_errors(request, form)
    return redirect(reverse("flex_setup", args=[school.pk]) + "#rooms")


@login_required
@require_POST
def flex_availability_save(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.flex_school_or_404(request.user, school_id)
    setup = selectors.school_setup(school)
    form = AvailabilityForm(request.POST, staff=setup.staff, blocks=setup.blocks)
    changed = 0
    for person in form.staff:
        chosen = form.chosen()[person.pk]
        if set(chosen) != set(setup.available.get(person.pk, ())):
            services.staff_availability_set(
                school=school, person=person, block_ids=chosen, actor=request.actor
            )
            changed += 1
    messages.success(
        request,
        _("Who is free when is saved (%(count)s staff changed).") % {"count": changed},
    )
    return redirect(reverse("flex_setup", args=[school.pk]) + "#availability")


# --- Workshops ------------------------------------------------------------------------------------------


def _workshop_form(school: Org, *args: Any, **kwargs: Any) -> WorkshopForm:
    setup = selectors.school_setup(school)
    return WorkshopForm(
        *args,
        competencies=pages.school_competencies(school),
        leaders=setup.staff,
        blocks=setup.blocks,
        **kwargs,
    )


@login_required
def flex_workshops(request: HttpRequest, school_id: int) -> HttpResponse:
    """The week's workshops, and the form to offer one (the school's teachers and leaders)."""
    school = access.offer_school_or_404(request.user, school_id)
    week_start = _asked_week(request) or _next_week()
    status = 200
    if request.method == "POST":
        form = _workshop_form(school, request.POST)
        leader_ok = form.is_valid() and access.may_name_leader(
            request.user, school, form.cleaned_data["leader"]
        )
        if form.is_valid() and not leader_ok:
            form.add_error("leader", _("You offer workshops you lead yourself."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                week = services.flex_week_open(school=school, week_start=week_start, actor=request.actor)
                services.workshop_offer(
                    week=week,
                    title=data["title"],
                    description=data["description"],
                    kind=data["kind"],
                    leader=pages.staff_member(school, data["leader"]),
                    capacity=data["capacity"],
                    competency_ids=data["competencies"],
                    room_features=data["room_features"],
                    block_ids=data["blocks"],
                    required_below=None if data["required_below"] is None else float(data["required_below"]),
                    priority=data["priority"],
                    actor=request.actor,
                )
            except SchedulingError as error:
                _refuse(form, error)
            else:
                messages.success(request, _("The workshop is offered."))
                return redirect(
                    f"{reverse('flex_workshops', args=[school.pk])}?week={week_start.isoformat()}"
                )
        status = 400
    else:
        person = request.user.person_id
        form = _workshop_form(school, initial={"leader": person})
    week = selectors.week_for(school, week_start)
    url = reverse("flex_workshops", args=[school.pk])
    return render(
        request,
        "scheduling/workshops.html",
        {
            "school": school,
            "week_start": week_start,
            "weeks": _week_links(url, week_start),
            "workshops": pages.workshops_of(week),
            "form": form,
            "runs_school": access.may_run_schedule(request.user, school),
        },
        status=status,
    )


@login_required
def flex_teaching(request: HttpRequest) -> HttpResponse:
    """A teacher's workshops (this week's and later ones), and the schools where they may offer one."""
    person_id = request.user.person_id
    schools = access.schools_to_offer_in(request.user)
    if person_id is None or not schools:
        raise Http404("Not found")
    return render(
        request,
        "scheduling/teaching.html",
        {
            "schools": schools,
            "workshops": pages.workshops_led_by(person_id, since=_monday(timezone.localdate())),
        },
    )


@login_required
def flex_workshop(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """One workshop: its roster in each block of the published week, each student's reason, attendance."""
    workshop = access.workshop_or_404(request.user, workshop_id)
    roster = pages.workshop_roster(workshop)
    audit_student_reads(
        actor=request.actor,
        action="scheduling.roster_view",
        student_ids=sorted({line.placement.student_id for _, lines in roster.blocks for line in lines}),
        detail={"workshop": workshop.pk},
    )
    school = workshop.week.school
    return render(
        request,
        "scheduling/workshop.html",
        {
            "workshop": workshop,
            "school": school,
            "roster": roster,
            "marks": FlexAttendance.Mark.choices,
            "outcome": outcomes.workshop_outcome(workshop),
            "require_form": RequireForm(prefix="require", students=pages.school_students(school))
            if access.may_run_schedule(request.user, school) or workshop.leader_id == request.user.person_id
            else None,
            "runs_school": access.may_run_schedule(request.user, school),
        },
    )


@login_required
@require_POST
def flex_workshop_withdraw(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = access.workshop_or_404(request.user, workshop_id)
    school, week_start = workshop.week.school, workshop.week.week_start
    try:
        services.workshop_withdraw(workshop=workshop, actor=request.actor)
    except SchedulingError as error:
        messages.error(request, str(error))
        return redirect("flex_workshop", workshop_id=workshop.pk)
    messages.success(request, _("The workshop is withdrawn."))
    return redirect(f"{reverse('flex_workshops', args=[school.pk])}?week={week_start.isoformat()}")


@login_required
@require_POST
def flex_requirement_add(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = access.workshop_or_404(request.user, workshop_id)
    school = workshop.week.school
    form = RequireForm(request.POST, prefix="require", students=pages.school_students(school))
    if not form.is_valid():
        _form_errors(request, form)
    else:
        student = access.student_of_school_or_404(request.user, school, form.cleaned_data["student"])
        try:
            services.requirement_set(
                workshop=workshop, student=student, note=form.cleaned_data["note"], actor=request.actor
            )
        except SchedulingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(name)s must attend this workshop.") % {"name": student.display_name}
            )
    return redirect(reverse("flex_workshop", args=[workshop.pk]) + "#required")


@login_required
@require_POST
def flex_attendance(request: HttpRequest, workshop_id: int, block_id: int) -> HttpResponse:
    """The marks of one block's roster, all at once (one radio group per student, no script needed)."""
    workshop = access.workshop_or_404(request.user, workshop_id)
    placements = pages.published_placements(workshop, block_id)
    if not placements:
        raise Http404("No roster in this block")
    valid = set(FlexAttendance.Mark.values)
    recorded = 0
    for placement in placements:
        mark = request.POST.get(f"mark-{placement.pk}", "")
        if mark not in valid:
            continue
        if not access.may_take_attendance(request.user, placement):
            raise Http404("Not found")
        try:
            services.attendance_record(placement=placement, mark=mark, actor=request.actor)
        except SchedulingError as error:
            messages.error(request, f"{placement.student.display_name}: {error}")
        else:
            recorded += 1
    messages.success(request, _("Attendance is saved for %(count)s students.") % {"count": recorded})
    return redirect(reverse("flex_workshop", args=[workshop.pk]) + f"#block-{block_id}")


# --- The plan -----------------------------------------------------------------------------------------


@login_required
def flex_plan(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.flex_school_or_404(request.user, school_id)
    week_start = _asked_week(request) or _next_week()
    week = selectors.week_for(school, week_start)
    schedule = selectors.latest_schedule(week) if week else None
    plan = pages.plan_of(schedule) if schedule else None
    if plan is not None:
        audit_student_reads(
            actor=request.actor,
            action="scheduling.plan_view",
            student_ids=plan.student_ids,
            detail={"schedule": schedule.pk if schedule else None},
        )
    url = reverse("flex_plan", args=[school.pk])
    return render(
        request,
        "scheduling/plan.html",
        {
            "school": school,
            "week_start": week_start,
            "weeks": _week_links(url, week_start),
            "week": week,
            "schedule": schedule,
            "published": selectors.published_schedule(week) if week else None,
            "plan": plan,
            "workshops": pages.workshops_of(week),
            "setup": pages.setup_summary(school),
            "job": pages.solve_job(request.user, request.GET.get("job")),
        },
    )


@login_required
@require_POST
def flex_solve(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.flex_school_or_404(request.user, school_id)
    week_start = _asked_week(request) or _next_week()
    url = f"{reverse('flex_plan', args=[school.pk])}?week={week_start.isoformat()}"
    if not selectors.school_setup(school).blocks:
        messages.error(request, _("Add the school's flex blocks first."))
        return redirect(url)
    try:
        job = services.schedule_solve_enqueue(
            school=school, week_start=week_start, actor=request.actor, time_limit=SOLVE_SECONDS
        )
    except SchedulingError as error:
        messages.error(request, str(error))
        return redirect(url)
    return redirect(f"{url}&job={job.pk}#solve")


def _plan_url(placement: Placement) -> str:
    week = placement.schedule.week
    return f"{reverse('flex_plan', args=[week.school_id])}?week={week.week_start.isoformat()}"


@login_required
@require_POST
def flex_placement_lock(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = access.placement_to_change_or_404(request.user, placement_id)
    locked = request.POST.get("locked") == "1"
    try:
        services.placement_lock(placement=placement, locked=locked, actor=request.actor)
    except SchedulingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            (_("%(name)s is locked in place.") if locked else _("%(name)s is unlocked."))
            % {"name": placement.student.display_name},
        )
    return redirect(_plan_url(placement) + f"#block-{placement.block_id}")


@login_required
@require_POST
def flex_placement_move(request: HttpRequest, schedule_id: int) -> HttpResponse:
    """Lock, unlock or move the students ticked in one activity of the plan (the form's `placement`
    values; `action` lock, unlock or move, move when absent): one form per activity, no script needed."""
    schedule = access.schedule_or_404(request.user, schedule_id)
    chosen = [
        access.placement_to_change_or_404(request.user, pk) for pk in request.POST.getlist("placement")[:500]
    ]
    if any(placement.schedule_id != schedule.pk for placement in chosen):
        raise Http404("No such placement in this schedule")
    url = (
        f"{reverse('flex_plan', args=[schedule.week.school_id])}?week={schedule.week.week_start.isoformat()}"
    )
    if not chosen:
        messages.error(request, _("Tick at least one student first."))
        return redirect(url)
    url += f"#block-{chosen[0].block_id}"
    action = request.POST.get("action") or "move"
    if action in ("lock", "unlock"):
        done = 0
        for placement in chosen:
            try:
                services.placement_lock(placement=placement, locked=action == "lock", actor=request.actor)
            except SchedulingError as error:
                messages.error(request, f"{placement.student.display_name}: {error}")
            else:
                done += 1
        if done:
            messages.success(
                request,
                (
                    ngettext(
                        "%(count)d student is locked in place.",
                        "%(count)d students are locked in place.",
                        done,
                    )
                    if action == "lock"
                    else ngettext("%(count)d student is unlocked.", "%(count)d students are unlocked.", done)
                )
                % {"count": done},
            )
        return redirect(url)
    form = MoveForm(request.POST, workshops=pages.workshops_of(schedule.week))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(url)
    picked = form.cleaned_data["workshop"]
    workshop = access.workshop_of_week_or_404(schedule.week, picked) if picked is not None else None
    moved = 0
    for placement in chosen:
        try:
            services.placement_move(placement=placement, workshop=workshop, actor=request.actor)
        except SchedulingError as error:
            messages.error(request, f"{placement.student.display_name}: {error}")
        else:
            moved += 1
    if moved:
        messages.success(
            request,
            ngettext(
                "%(count)d student is moved and locked there.",
                "%(count)d students are moved and locked there.",
                moved,
            )
            % {"count": moved},
        )
    return redirect(url)


@login_required
@require_POST
def flex_publish(request: HttpRequest, schedule_id: int) -> HttpResponse:
    schedule: Schedule = access.schedule_or_404(request.user, schedule_id)
    try:
        services.schedule_publish(schedule=schedule, actor=request.actor)
    except SchedulingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The week is published: students, families and teachers see it now."))
    week = schedule.week
    return redirect(f"{reverse('flex_plan', args=[week.school_id])}?week={week.week_start.isoformat()}")


# --- Outcomes -----------------------------------------------------------------------------------------


@login_required
def flex_outcomes(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.flex_school_or_404(request.user, school_id)
    found = outcomes.school_outcomes(school, today=timezone.localdate())
    return render(
        request,
        "scheduling/outcomes.html",
        {
            "school": school,
            "outcomes": found,
            "chart": outcomes_chart(found) if any(o.shown for o in found) else None,
            "minimum": outcomes.MIN_GROUP,
        },
    )


# --- The student's week ---------------------------------------------------------------------------------


@login_required
def flex_week(request: HttpRequest, student_id: int) -> HttpResponse:
    relation = access.student_relation_or_404(request.user, student_id)
    student = relation.student
    assert student is not None  # the *_or_404 raised for anyone else
    week = pages.student_week(student, _asked_week(request), today=timezone.localdate())
    audit_student_reads(actor=request.actor, action="scheduling.week_view", student_ids=[student.pk])
    own = access.may_set_preferences(relation)
    form = (
        PreferencesForm(prefix="pref", workshops=week.enrichment, ranks=week.ranks)
        if own and week.enrichment and not week.is_past
        else None
    )
    url = reverse("flex_week", args=[student.pk])
    return render(
        request,
        "scheduling/week.html",
        {
            "student": student,
            "own": own,
            "week": week,
            "weeks": _week_links(url, week.week_start),
            "form": form,
        },
    )


@login_required
@require_POST
def flex_preferences(request: HttpRequest, student_id: int) -> HttpResponse:
    relation = access.student_relation_or_404(request.user, student_id)
    if not access.may_set_preferences(relation):
        raise Http404("Not found")
    student = relation.student
    assert student is not None
    week_start = _asked_week(request)
    week = pages.student_week(student, week_start, today=timezone.localdate())
    if week.flex_week is None:
        raise Http404("No flex week")
    form = PreferencesForm(request.POST, prefix="pref", workshops=week.enrichment, ranks=week.ranks)
    url = f"{reverse('flex_week', args=[student.pk])}?week={week.week_start.isoformat()}#choices"
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(url)
    try:
        services.preferences_set(
            week=week.flex_week, student=student, workshop_ids=form.ranked(), actor=request.actor
        )
    except SchedulingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your choices are saved."))
    return redirect(url)
