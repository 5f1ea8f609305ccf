"""Inventory pages: a student's habits over the year, rating a student, and the district's inventories.

A student's habits page and the rating page are parts of the learner profile: whoever the access rule
does not show the habits part to (another family, a teacher at another school, a family when the
district keeps habits from families) gets a 404, exactly as for a student who does not exist. Only
the student (about themself) and the adults who work with them rate; a family never does. The
district's inventory page is for district administrators; everyone else gets a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathmaker.access import scope
from pathmaker.audit.services import audit_student_reads
from pathmaker.components.text import sentence
from pathmaker.inventories import selectors, services
from pathmaker.inventories.access import inventory_or_404
from pathmaker.inventories.charts import series_labels
from pathmaker.inventories.forms import DefineForm, TakeForm
from pathmaker.inventories.models import Inventory, InventoryTaking
from pathmaker.inventories.profile_part import KIND, panels_for, rate_label
from pathmaker.inventories.services import InventoryError, long_date, rater_role_for
from pathmaker.profiles.access import profile_part_or_404, profile_sections_for


@login_required
def student_habits(request: HttpRequest, student_id: int) -> HttpResponse:
    """Every inventory of one student: the charts, each statement's latest ratings, and who rated when."""
    access = profile_part_or_404(request.user, student_id, KIND)
    today = timezone.localdate()
    whole_history = request.GET.get("years") == "all"
    since = None if whole_history else selectors.school_year_start(today)
    panels = panels_for(
        access, request.user, inventories=selectors.inventories_for(access.student), since=since, today=today
    )
    audit_student_reads(
        actor=request.actor,
        action="inventories.view",
        student_ids=[access.student.pk],
        detail={"page": "habits", "years": "all" if whole_history else "this"},
    )
    return render(
        request,
        "inventories/student_habits.html",
        {
            "student": access.student,
            "access": access,
            "panels": panels,
            "legend": series_labels(),
            "hl": 2,
            "whole_history": whole_history,
            "since": since,
            "standalone": True,
        },
    )


@login_required
def inventory_take(request: HttpRequest, student_id: int, inventory_id: int) -> HttpResponse:
    """The student rates themself, or an adult who works with them rates them, on every statement."""
    access = profile_part_or_404(request.user, student_id, KIND)
    role = rater_role_for(access)
    if role is None:
        raise Http404("Not found")
    inventory = get_object_or_404(
        Inventory.objects.prefetch_related("items"), pk=inventory_id, is_active=True
    )
    form = TakeForm(request.POST if request.method == "POST" else None, inventory=inventory)
    if request.method == "POST" and form.is_valid():
        try:
            taking = services.inventory_take(
                access=access,
                inventory=inventory,
                ratings=form.ratings(),
                actor=request.actor,
                taken_on=form.cleaned_data["taken_on"],
                note=form.cleaned_data["note"],
            )
        except InventoryError as error:
            form.add_error(None, sentence(error))
        else:
            messages.success(
                request,
                _("Saved: the ratings of %(day)s are on the chart below.")
                % {"day": long_date(taking.taken_on)},
            )
            return redirect(
                reverse("student_habits", args=[access.student.pk]) + f"#inventory-{inventory.pk}"
            )
    audit_student_reads(
        actor=request.actor,
        action="inventories.view",
        student_ids=[access.student.pk],
        detail={"page": "rate", "inventory": inventory.pk},
    )
    today = timezone.localdate()
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "inventories/take.html",
        {
            "student": access.student,
            "inventory": inventory,
            "form": form,
            "is_self": role == "self",
            "title": rate_label(role),
            "role_label": InventoryTaking.RaterRole(role).label,
            "family_sees": profile_sections_for(access).filter(kind=KIND, family_visible=True).exists(),
            "rated_today": selectors.rated_on(access.student, inventory, request.user, today) is not None,
        },
        status=status,
    )


def _list_page(
    request: HttpRequest,
    form: DefineForm,
    *,
    editing: Inventory | None = None,
    copying: Inventory | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "inventories/inventory_list.html",
        {
            "inventories": selectors.inventories_listed(),
            "form": form,
            "editing": editing,
            "copying": copying,
        },
        status=status,
    )


@login_required
def inventory_list(request: HttpRequest) -> HttpResponse:
    """The district's inventories: define one, rewrite one nobody has taken, start a new one from another."""
    scope.require_district_admin(request.user)
    if request.method == "POST":
        form = DefineForm(request.POST)
        editing = inventory_or_404(request.POST["inventory"]) if request.POST.get("inventory") else None
        if form.is_valid():
            data = form.cleaned_data
            try:
                inventory = services.inventory_define(
                    actor=request.actor,
                    title=data["title"],
                    description=data["description"],
                    levels=data["levels"],
                    items=data["items"],
                    inventory=editing,
                )
            except InventoryError as error:
                form.add_error(None, sentence(error))
            else:
                messages.success(
                    request,
                    (
                        _("%(title)s was saved.")
                        if editing
                        else _("%(title)s was created: students and teachers can rate it now.")
                    )
                    % {"title": inventory.title},
                )
                return redirect(reverse("inventory_list") + f"#inventory-{inventory.pk}")
        return _list_page(request, form, editing=editing, status=400)
    editing = copying = None
    if "edit" in request.GET:
        editing = inventory_or_404(request.GET["edit"])
        if editing.is_active and not editing.takings.exists():
            form = DefineForm(initial={**DefineForm.initial_from(editing), "inventory": editing.pk})
        else:  # taken or retired: it does not change, so the form starts a new inventory from it
            editing, copying = None, editing
    if "copy" in request.GET and editing is None and copying is None:
        copying = inventory_or_404(request.GET["copy"])
    if copying is not None:
        form = DefineForm(initial=DefineForm.initial_from(copying))
    elif editing is None:
        form = DefineForm()
    return _list_page(request, form, editing=editing, copying=copying)


@login_required
@require_POST
def inventory_retire(request: HttpRequest, inventory_id: int) -> HttpResponse:
    scope.require_district_admin(request.user)
    inventory = get_object_or_404(Inventory, pk=inventory_id)
    try:
        services.inventory_retire(actor=request.actor, inventory=inventory)
    except InventoryError as error:
        messages.error(request, _("Nothing was changed. %(reason)s") % {"reason": sentence(error)})
    else:
        messages.success(
            request,
            _(
                "%(title)s is retired: no one rates it any more, and the ratings already "
                "given stay in each student's history."
            )
            % {"title": inventory.title},
        )
    return redirect(reverse("inventory_list") + f"#inventory-{inventory.pk}")
