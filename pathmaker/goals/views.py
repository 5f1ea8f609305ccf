"""Goal pages: a goal with its steps and check-ins, setting a new goal, and the advisor's page.

Every page asks the access rule for the student and the profile part (`profile_part_or_404`), so a
student out of scope, or a part the district hides from this viewer, is a 404. An action the viewer
may never take (a family member checking in, a teacher accepting a goal) is a 404 too: its form is
not offered to them. An action refused for a reason the viewer can fix shows the reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathmaker.access import scope
from pathmaker.audit.services import audit_student_reads
from pathmaker.frameworks.models import Competency
from pathmaker.goals import access as goal_access
from pathmaker.goals import selectors, services
from pathmaker.goals.charts import advising_chart
from pathmaker.goals.forms import CheckInForm, CloseForm, DeclineForm, GoalForm, RespondForm, StepForm
from pathmaker.goals.models import Goal
from pathmaker.goals.panels import advising_panels
from pathmaker.goals.selectors import GoalCard
from pathmaker.goals.services import GoalError
from pathmaker.profiles.access import ProfileAccess, profile_part_or_404

KIND = "goals"


def _access(request: HttpRequest, student_id: int) -> ProfileAccess:
    return profile_part_or_404(request.user, student_id, KIND)


def _goal_url(access: ProfileAccess, goal_id: int, anchor: str = "") -> str:
    url = reverse("goal_detail", args=[access.student.pk, goal_id])
    return f"{url}#{anchor}" if anchor else url


def _refused(
    request: HttpRequest, access: ProfileAccess, goal_id: int, form: forms.Form, error: GoalError
) -> HttpResponse | None:
    """A refusal about what was typed goes back on the form (None: re-render the page); one about the goal's
    state (already accepted, already closed) is a message on the goal page."""
    if error.field is None:
        messages.error(request, str(error))
        return redirect(_goal_url(access, goal_id))
    form.add_error(error.field if error.field in form.fields else None, str(error))
    return None


# --- The goal page ----------------------------------------------------------------------------------


def _goal_page(
    request: HttpRequest,
    access: ProfileAccess,
    card: GoalCard,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    goal, user = card.goal, request.user
    is_active, is_proposed = goal.status == Goal.Status.ACTIVE, goal.status == Goal.Status.PROPOSED
    may_plan = goal_access.may_plan(access, goal, user)
    threads = [
        (
            thread,
            bound.get(f"respond-{thread.reflection.pk}")
            or RespondForm(prefix=f"respond-{thread.reflection.pk}")
            if access.may_respond
            else None,
        )
        for thread in card.threads
    ]
    audit_student_reads(
        actor=request.actor,
        action="goals.view",
        student_ids=[access.student.pk],
        detail={"goal": goal.pk},
    )
    return render(
        request,
        "goals/goal.html",
        {
            "student": access.student,
            "card": card,
            "goal": goal,
            "threads": threads,
            "is_owner": access.may_write_own,
            "sees_advisor_only": access.sees_advisor_only,
            "may_respond": access.may_respond,
            "may_plan": may_plan,
            "may_decide": access.may_write_own and is_proposed,
            "may_checkin": access.may_write_own and is_active,
            "may_close": access.may_write_own and is_active,
            "step_form": bound.get("step") or StepForm(prefix="step") if may_plan else None,
            "checkin_form": bound.get("checkin") or CheckInForm(prefix="checkin"),
            "close_form": bound.get("close") or CloseForm(prefix="close"),
            "decline_form": bound.get("decline") or DeclineForm(prefix="decline"),
            "today": card.today,
        },
        status=status,
    )


@login_required
def goal_detail(request: HttpRequest, student_id: int, goal_id: int) -> HttpResponse:
    access = _access(request, student_id)
    return _goal_page(request, access, goal_access.goal_card_or_404(access, goal_id))


@login_required
@require_POST
def goal_accept(request: HttpRequest, student_id: int, goal_id: int) -> HttpResponse:
    access = _access(request, student_id)
    card = goal_access.goal_card_or_404(access, goal_id)
    if not access.may_write_own:
        raise Http404("Not found")
    try:
        services.goal_accept(access=access, goal=card.goal, actor=request.actor)
    except GoalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You took on this goal. Check in on it as you go."))
    return redirect(_goal_url(access, goal_id))


@login_required
@require_POST
def goal_decline(request: HttpRequest, student_id: int, goal_id: int) -> HttpResponse:
    access = _access(request, student_id)
    card = goal_access.goal_card_or_404(access, goal_id)
    if not access.may_write_own:
        raise Http404("Not found")
    form = DeclineForm(request.POST, prefix="decline")
    if form.is_valid():
        try:
            services.goal_decline(
                access=access,
                goal=card.goal,
                actor=request.actor,
                reason=form.cleaned_data["reason"],
            )
        except GoalError as error:
            if refused := _refused(request, access, goal_id, form, error):
                return refused
        else:
            messages.success(request, _("You declined this goal. It stays in your list as set aside."))
            return redirect(_goal_url(access, goal_id))
    return _goal_page(request, access, card, bound={"decline": form}, status=400)


@login_required
@require_POST
def goal_step_add(request: HttpRequest, student_id: int, goal_id: int) -> HttpResponse:
    access = _access(request, student_id)
    card = goal_access.goal_card_or_404(access, goal_id)
    if not goal_access.may_plan_at_all(access, card.goal, request.user):
        raise Http404("Not found")
    form = StepForm(request.POST, prefix="step")
    if form.is_valid():
        try:
            services.goal_step_add(
                access=access,
                goal=card.goal,
                actor=request.actor,
                text=form.cleaned_data["text"],
                due_on=form.cleaned_data["due_on"],
            )
        except GoalError as error:
            if refused := _refused(request, access, goal_id, form, error):
                return refused
        else:
            messages.success(request, _("Step added."))
            return redirect(_goal_url(access, goal_id, "steps"))
    if not goal_access.may_plan(access, card.goal, request.user):
        messages.error(request, _("This goal's steps are settled."))
        return redirect(_goal_url(access, goal_id))
    return _goal_page(request, access, card, bound={"step": form}, status=400)


@login_required
@require_POST
def goal_step_done(request: HttpRequest, student_id: int, goal_id: int, step_id: int) -> HttpResponse:
    access = _access(request, student_id)
    step = goal_access.step_or_404(access, goal_id, step_id)
    if not goal_access.may_plan_at_all(access, step.goal, request.user):
        raise Http404("Not found")
    try:
        services.goal_step_done(access=access, step=step, actor=request.actor)
    except GoalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Step done: “%(step)s”.") % {"step": step.text})
    return redirect(_goal_url(access, goal_id, "steps"))


@login_required
@require_POST
def goal_checkin(request: HttpRequest, student_id: int, goal_id: int) -> HttpResponse:
    access = _access(request, student_id)
    card = goal_access.goal_card_or_404(access, goal_id)
    if not access.may_write_own:
        raise Http404("Not found")
    form = CheckInForm(request.POST, prefix="checkin")
    if form.is_valid():
        try:
            services.goal_checkin(
                access=access,
                goal=card.goal,
                actor=request.actor,
                text=form.cleaned_data["text"],
                progress=form.cleaned_data["progress"],
                advisor_only=form.cleaned_data["advisor_only"],
            )
        except GoalError as error:
            if refused := _refused(request, access, goal_id, form, error):
                return refused
        else:
            messages.success(request, _("Check-in saved."))
            return redirect(_goal_url(access, goal_id, "checkins"))
    return _goal_page(request, access, card, bound={"checkin": form}, status=400)


@login_required
@require_POST
def goal_respond(request: HttpRequest, student_id: int, goal_id: int, checkin_id: int) -> HttpResponse:
    access = _access(request, student_id)
    checkin = goal_access.checkin_or_404(access, goal_id, checkin_id)
    if not access.may_respond or not checkin.is_reflection:
        raise Http404("Not found")
    prefix = f"respond-{checkin.pk}"
    form = RespondForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            services.goal_respond(
                access=access,
                checkin=checkin,
                actor=request.actor,
                text=form.cleaned_data["text"],
            )
        except GoalError as error:
            if refused := _refused(request, access, goal_id, form, error):
                return refused
        else:
            messages.success(
                request,
                _("Response saved. %(name)s will see it with your name.")
                % {"name": access.student.display_name},
            )
            return redirect(_goal_url(access, goal_id, f"checkin-{checkin.pk}"))
    return _goal_page(
        request, access, goal_access.goal_card_or_404(access, goal_id), bound={prefix: form}, status=400
    )


@login_required
@require_POST
def goal_close(request: HttpRequest, student_id: int, goal_id: int) -> HttpResponse:
    access = _access(request, student_id)
    card = goal_access.goal_card_or_404(access, goal_id)
    if not access.may_write_own:
        raise Http404("Not found")
    form = CloseForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            goal = services.goal_close(
                access=access,
                goal=card.goal,
                actor=request.actor,
                outcome=form.cleaned_data["outcome"],
                reflection=form.cleaned_data["reflection"],
            )
        except GoalError as error:
            if refused := _refused(request, access, goal_id, form, error):
                return refused
        else:
            messages.success(
                request,
                _("Well done: goal achieved.")
                if goal.status == Goal.Status.ACHIEVED
                else _("Goal set aside. Your reflection is kept with it."),
            )
            return redirect(_goal_url(access, goal_id))
    return _goal_page(request, access, card, bound={"close": form}, status=400)


# --- A new goal ------------------------------------------------------------------------------------


def _competency_choices(access: ProfileAccess, query: str, posted: list[str]) -> tuple[list[Competency], int]:
    """The student's course competencies, the search results, and any already chosen (to keep them)."""
    chosen_ids = [int(v) for v in posted if v.isdigit() and len(v) < 19]
    found = selectors.competency_search(query) if query else []
    choices = {c.pk: c for c in selectors.course_competencies(access.student)}
    for c in list(Competency.objects.filter(pk__in=chosen_ids).select_related("framework")) + found:
        choices.setdefault(c.pk, c)
    return list(choices.values()), len(found)


@login_required
def goal_new(request: HttpRequest, student_id: int) -> HttpResponse:
    access = _access(request, student_id)
    if not goal_access.may_create(access):
        raise Http404("Not found")
    proposing = not access.may_write_own
    searching = request.method == "POST" and "search_go" in request.POST
    query = request.POST.get("search", "").strip() if searching else ""
    posted = request.POST.getlist("competencies") if request.method == "POST" else []
    choices, found = _competency_choices(access, query, posted)
    status = 200
    if request.method == "POST" and not searching:
        form = GoalForm(request.POST, choices=choices, proposing=proposing)
        if form.is_valid():
            data = form.cleaned_data
            try:
                goal = services.goal_create(
                    access=access,
                    actor=request.actor,
                    category=data["category"],
                    title=data["title"],
                    why=data["why"],
                    target_date=data["target_date"],
                    steps=data["steps"],
                    competency_ids=data["competencies"],
                )
            except GoalError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(
                    request,
                    _("Goal proposed: %(name)s will see it and can accept it.")
                    % {"name": access.student.display_name}
                    if proposing
                    else _("Goal set."),
                )
                return redirect(_goal_url(access, goal.pk))
        status = 400
    elif searching:
        initial = {
            name: request.POST.get(name, "")
            for name in ("category", "title", "why", "target_date", "steps", "search")
        }
        form = GoalForm(
            initial={**initial, "competencies": [int(v) for v in posted if v.isdigit()]},
            choices=choices,
            proposing=proposing,
        )
    else:
        form = GoalForm(choices=choices, proposing=proposing)
    audit_student_reads(
        actor=request.actor,
        action="goals.view",
        student_ids=[access.student.pk],
        detail={"page": "new goal"},
    )
    return render(
        request,
        "goals/new.html",
        {
            "student": access.student,
            "form": form,
            "proposing": proposing,
            "searched": query if searching else None,
            "found": found,
            "today": timezone.localdate(),
        },
        status=status,
    )


# --- The advisor's page ----------------------------------------------------------------------------


@login_required
def advising(request: HttpRequest) -> HttpResponse:
    """An advisor's advisees, each with their goals' counts and the goals that need attention."""
    viewer = scope.viewer_for(request.user)
    if viewer.person_id is None or not viewer.is_advisor:
        raise Http404("Not found")
    today = timezone.localdate()
    rows = selectors.advising_rows(viewer.person_id, today)
    if not rows:
        raise Http404("Not found")
    audit_student_reads(
        actor=request.actor,
        action="goals.view",
        student_ids=[r.student.pk for r in rows],
        detail={"page": "advising"},
    )
    return render(
        request,
        "goals/advising.html",
        {
            "rows": rows,
            "chart": advising_chart(rows),
            "today": today,
            "stalled_days": selectors.stalled_days(),
            "panels": advising_panels.for_advisor(
                user=request.user, actor=request.actor, student_ids=[r.student.pk for r in rows], today=today
            ),
        },
    )
