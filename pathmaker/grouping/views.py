"""Grouping pages: a section's groupings and rotations, proposing and saving groups, a saved grouping (with
moves and outcomes), a student's own groups, and the station rotation planner.

Every page asks `grouping/access.py` first, so a section, grouping, rotation or student outside the viewer's
reach is a 404; a form the viewer may never use is not offered. Moving students works with a select per
student (no JavaScript needed); `grouping/move.js` adds drag and drop on top.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathmaker.audit.services import audit_student_reads
from pathmaker.grouping import access, selectors, services, words
from pathmaker.grouping.forms import (
    AskForm,
    GroupForm,
    PlacementForm,
    RotationForm,
    SaveForm,
    member_field_name,
)
from pathmaker.grouping.services import MAX_NAME_CHARS, GroupAsk, GroupingError, ProposalRead
from pathmaker.rostering.models import Section


def _balance_choices(user: Any) -> list[tuple[str, str]] | None:
    if not access.can_balance_demographics(user):
        return None
    return [(code, words.balance_name(code)) for code in selectors.BALANCE_FIELDS]


# --- A section's groupings ------------------------------------------------------------------------------


@login_required
def grouping_list(request: HttpRequest, section_id: int) -> HttpResponse:
    section = access.planning_section_or_404(request.user, section_id)
    return render(
        request,
        "grouping/list.html",
        {
            "section": section,
            "groupings": selectors.groupings_of(section),
            "rotations": selectors.rotations_of(section),
        },
    )


def _ask_form(request: HttpRequest, section: Section, data: Any) -> tuple[AskForm, list[Section]]:
    others = access.sections_to_plan_with(request.user, section)
    chosen = [section]
    if data is not None:
        wanted = set(data.getlist("also"))
        chosen += [s for s in others if str(s.pk) in wanted]
    form = AskForm(
        data,
        competencies=selectors.sections_competencies(chosen),
        students=selectors.sections_students(chosen),
        other_sections=others,
        balance_choices=_balance_choices(request.user),
        staff=selectors.sections_staff(chosen),
    )
    return form, chosen


def _ask_of(form: AskForm, chosen: list[Section]) -> GroupAsk:
    data = form.cleaned_data
    by_id = {c.pk: c for c in selectors.sections_competencies(chosen)}
    return GroupAsk(
        sections=chosen,
        competencies=[by_id[pk] for pk in data["competencies"] if pk in by_id],
        goal=data["goal"],
        min_size=data["min_size"],
        max_size=data["max_size"],
        together=form.pairs("together"),
        apart=form.pairs("apart"),
        balance=data.get("balance") or "",
        keep_with_staff=data.get("keep_with_staff"),
        keep_with=list(data.get("keep_with") or []),
        keep_with_flag=data.get("keep_with_flag") or "",
    )


def _group_choices(count: int) -> list[tuple[int, str]]:
    return [(i, _("Group %(number)s") % {"number": i + 1}) for i in range(count)]


def _proposal_context(read: ProposalRead, form: PlacementForm) -> dict[str, Any]:
    """Each proposed group: its students, why each is there, and the select that moves them."""
    names = {s.pk: s.display_name for s in read.students}
    groups = []
    for index, members in enumerate(read.proposal.groups):
        rows = []
        for key in members:
            reason = read.proposal.reasons[key]
            values = {"low": reason.low, "high": reason.high, "competencies": list(reason.competencies)}
            rows.append(
                (read.by_id[key], words.reason_words(reason.code, values), form[member_field_name(key)])
            )
        staff = read.staff if index == read.proposal.led else None
        groups.append((staff, rows))
    return {
        "groups": groups,
        "unmet": [words.unmet_words(u, names, largest=read.ask.max_size) for u in read.proposal.unmet],
    }


@login_required
def grouping_new(request: HttpRequest, section_id: int) -> HttpResponse:
    """Choose what to group by (GET), see the proposal with reasons and move students, then save (POST)."""
    section = access.planning_section_or_404(request.user, section_id)
    asked = "goal" in request.GET
    form, chosen = _ask_form(request, section, request.GET if asked else None)
    context: dict[str, Any] = {"section": section, "form": form, "asked": asked}
    if asked and form.is_valid():
        try:
            read = services.grouping_propose(ask=_ask_of(form, chosen), actor=request.actor)
        except GroupingError as error:
            form.add_error(error.field if error.field in form.fields else None, words.error_words(error))
        else:
            placement = {key: i for i, members in enumerate(read.proposal.groups) for key in members}
            save_form = SaveForm(
                request.POST if request.method == "POST" else None,
                students=read.students,
                groups=_group_choices(len(read.proposal.groups)),
                initial={
                    "on": timezone.localdate(),
                    **{member_field_name(k): g for k, g in placement.items()},
                },
            )
            if request.method == "POST" and save_form.is_valid():
                chosen_groups: list[list[int]] = [[] for _ in read.proposal.groups]
                for key, group in save_form.placement().items():
                    chosen_groups[group].append(key)
                try:
                    grouping = services.grouping_save(
                        ask=read.ask,
                        on=save_form.cleaned_data["on"],
                        purpose=save_form.cleaned_data["purpose"],
                        groups=chosen_groups,
                        actor=request.actor,
                    )
                except GroupingError as error:
                    save_form.add_error(None, words.error_words(error))
                else:
                    messages.success(request, _("The groups are saved."))
                    return redirect(reverse("grouping_detail", args=[grouping.pk]))
            audit_student_reads(
                actor=request.actor, action="grouping.propose", student_ids=[s.pk for s in read.students]
            )
            context.update(_proposal_context(read, save_form))
            context["save_form"] = save_form
    elif request.method == "POST":
        raise Http404("Choose what to group by first")
    return render(request, "grouping/new.html", context)


# --- A saved grouping ----------------------------------------------------------------------------------


@login_required
def grouping_detail(request: HttpRequest, grouping_id: int) -> HttpResponse:
    grouping = access.grouping_or_404(request.user, grouping_id)
    visible = access.members_visible_to(request.user, grouping)
    view = selectors.grouping_view(grouping, visible)
    audit_student_reads(actor=request.actor, action="grouping.view", student_ids=view.student_ids)
    editable = visible is None
    sees = access.can_balance_demographics(request.user)
    move_form = None
    if editable:
        move_form = PlacementForm(
            students=[m.student for g in view.groups for m in g.members],
            groups=[(g.group.pk, _("Group %(name)s") % {"name": g.group.name}) for g in view.groups],
            initial={member_field_name(m.student_id): g.group.pk for g in view.groups for m in g.members},
        )
    context: dict[str, Any] = {
        "view": view,
        "groups": [
            (
                g.group,
                [
                    (
                        m,
                        words.reason_words(
                            words.shown_code(m.reason_code, m.reason_values, sees_demographics=sees),
                            m.reason_values,
                        ),
                        move_form[member_field_name(m.student_id)] if move_form else None,
                    )
                    for m in g.members
                ],
            )
            for g in view.groups
        ],
        "editable": editable,
        "outcomes": selectors.outcomes(view) if editable else [],
        "suppress_below": selectors.SUPPRESS_BELOW,
        "outcome_days": selectors.OUTCOME_DAYS,
        # The flag spread is named only to those who may see demographics (the same rule as the reasons).
        "balance": words.balance_name(grouping.balance) if grouping.balance and editable and sees else "",
    }
    if editable:
        staff = selectors.sections_staff(view.sections)
        context["group_forms"] = [(g.group, GroupForm(staff=staff, group=g.group)) for g in view.groups]
    return render(request, "grouping/detail.html", context)


@login_required
@require_POST
def grouping_move(request: HttpRequest, grouping_id: int) -> HttpResponse:
    grouping = access.editable_grouping_or_404(request.user, grouping_id)
    view = selectors.grouping_view(grouping)
    groups = {g.group.pk: g.group for g in view.groups}
    students = [m.student for g in view.groups for m in g.members]
    current = {m.student_id: g.group.pk for g in view.groups for m in g.members}
    form = PlacementForm(request.POST, students=students, groups=[(pk, g.name) for pk, g in groups.items()])
    if not form.is_valid():
        messages.error(request, _("Choose a group for each student."))
        return redirect(reverse("grouping_detail", args=[grouping.pk]))
    moved = 0
    by_id = {s.pk: s for s in students}
    for key, group_id in form.placement().items():
        if current[key] != group_id:
            services.grouping_move(
                grouping=grouping, student=by_id[key], group=groups[group_id], actor=request.actor
            )
            moved += 1
    messages.success(request, _("%(count)s students moved.") % {"count": moved})
    return redirect(reverse("grouping_detail", args=[grouping.pk]))


@login_required
@require_POST
def grouping_group_update(request: HttpRequest, grouping_id: int, group_id: int) -> HttpResponse:
    grouping = access.editable_grouping_or_404(request.user, grouping_id)
    group = access.group_of_grouping_or_404(grouping, group_id)
    view = selectors.grouping_view(grouping)
    staff = selectors.sections_staff(view.sections)
    form = GroupForm(request.POST, staff=staff, group=group)
    if form.is_valid():
        chosen = next((p for p in staff if p.pk == form.cleaned_data["staff"]), None)
        try:
            services.group_update(
                group=group, name=form.cleaned_data["name"], staff=chosen, actor=request.actor
            )
        except GroupingError as error:
            messages.error(request, words.error_words(error))
        else:
            messages.success(request, _("The group is saved."))
    elif "staff" in form.errors:
        messages.error(request, _("Choose a teacher or aide of these sections to take the group."))
    else:
        messages.error(
            request, _("Give the group a name of at most %(count)s characters.") % {"count": MAX_NAME_CHARS}
        )
    return redirect(reverse("grouping_detail", args=[grouping.pk]))


@login_required
@require_POST
def grouping_delete(request: HttpRequest, grouping_id: int) -> HttpResponse:
    grouping = access.editable_grouping_or_404(request.user, grouping_id)
    section = grouping.sections.order_by("pk").first()
    services.grouping_delete(grouping=grouping, actor=request.actor)
    messages.success(request, _("The groups are deleted."))
    if section is not None and access.may_plan(request.user, section):
        return redirect(reverse("grouping_list", args=[section.pk]))
    return redirect(reverse("home"))


# --- A student's own groups ---------------------------------------------------------------------------


@login_required
def student_groups(request: HttpRequest, student_id: int) -> HttpResponse:
    relation = access.student_groups_relation_or_404(request.user, student_id)
    student = relation.student
    assert student is not None
    found = selectors.student_groups(student)
    audit_student_reads(actor=request.actor, action="grouping.student_view", student_ids=[student.pk])
    rows = []
    sees = access.can_balance_demographics(request.user)
    for item in found:
        visible = access.peers_visible_to(request.user, relation, [p.pk for p in item.peers])
        values = item.member.reason_values
        rows.append(
            {
                "item": item,
                "reason": words.reason_words(
                    words.shown_code(item.member.reason_code, values, sees_demographics=sees), values
                ),
                "peers": [p for p in item.peers if p.pk in visible],
                "hidden": len([p for p in item.peers if p.pk not in visible]),
            }
        )
    return render(
        request,
        "grouping/student.html",
        {"student": student, "rows": rows, "is_self": relation.is_self},
    )


# --- Station rotations -----------------------------------------------------------------------------------


@login_required
def rotation_new(request: HttpRequest, section_id: int) -> HttpResponse:
    section = access.planning_section_or_404(request.user, section_id)
    competencies = selectors.sections_competencies([section])
    form = RotationForm(
        request.POST if request.method == "POST" else None,
        competencies=competencies,
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        by_id = {c.pk: c for c in competencies}
        try:
            rotation = services.rotation_plan(
                section=section,
                competencies=[by_id[pk] for pk in form.cleaned_data["competencies"] if pk in by_id],
                on=form.cleaned_data["on"],
                starts_at=form.cleaned_data["starts_at"],
                minutes=form.cleaned_data["minutes"],
                rotations=form.cleaned_data["rotations"],
                stations=form.stations(),
                actor=request.actor,
            )
        except GroupingError as error:
            form.add_error(error.field if error.field in form.fields else None, words.error_words(error))
        else:
            messages.success(request, _("The rotation is planned."))
            return redirect(reverse("rotation_detail", args=[rotation.pk]))
    return render(request, "grouping/rotation_new.html", {"section": section, "form": form})


@login_required
def rotation_detail(request: HttpRequest, rotation_id: int) -> HttpResponse:
    rotation = access.rotation_or_404(request.user, rotation_id)
    view = selectors.rotation_view(rotation)
    audit_student_reads(
        actor=request.actor,
        action="grouping.rotation_view",
        student_ids=[m.student_id for group in view.groups for m in group],
    )
    return render(request, "grouping/rotation.html", {"view": view, "section": rotation.section})


@login_required
@require_POST
def rotation_delete(request: HttpRequest, rotation_id: int) -> HttpResponse:
    rotation = access.rotation_or_404(request.user, rotation_id)
    section_id = rotation.section_id
    services.rotation_delete(rotation=rotation, actor=request.actor)
    messages.success(request, _("The rotation is deleted."))
    return redirect(reverse("grouping_list", args=[section_id]))
