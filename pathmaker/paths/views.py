"""Plan and playlist pages: a student's plans, one plan with its reasons and history, a playlist, a course's
sequence, a section's "assign a playlist" page and its progress page (the teachers' view).

Every page opens the student through `paths.access` (the shared scope: a student out of scope is the
audited 404), audits the read, and writes only through one service. An action a viewer may never take
(a guardian moving a plan, a student scoring) is a 404 too; one refused for a reason the viewer can fix
shows the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathmaker.access.scope import Relation
from pathmaker.audit.services import audit_student_reads
from pathmaker.frameworks.models import Competency
from pathmaker.pacing.selectors import section_students
from pathmaker.paths import access, selectors, services
from pathmaker.paths.charts import progress_chart
from pathmaker.paths.forms import (
    AddResourcesForm,
    AssignForm,
    ModalityForm,
    ScoreForm,
    SequenceForm,
    TeacherMoveForm,
)
from pathmaker.paths.models import Playlist, PlaylistStep
from pathmaker.paths.services import PathsError
from pathmaker.paths.words import reason_words, skip_words
from pathmaker.resources.models import Resource
from pathmaker.rostering.models import Enrollment, Person, Section


def _relation(request: HttpRequest, student_id: int) -> Relation:
    return access.plan_relation_or_404(request.user, student_id)


def _read(request: HttpRequest, action: str, student_id: int, **detail: Any) -> None:
    audit_student_reads(actor=request.actor, action=action, student_ids=[student_id], detail=detail)


def _refused(request: HttpRequest, error: PathsError, url: str) -> HttpResponse:
    messages.error(request, str(error))
    return redirect(url)


# --- Plans ----------------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest, student_id: int) -> HttpResponse:
    relation = _relation(request, student_id)
    student = relation.student
    plans = [selectors.plan_view(student, course) for course in selectors.courses_of(student)]
    _read(request, "paths.plans_view", student.pk)
    return render(
        request,
        "paths/plans.html",
        {"student": student, "plans": plans, "own": relation.is_self},
    )


def _lines(view: selectors.PlanView, own: bool) -> list[dict[str, Any]]:
    """Each line with its reason in words and, for the student, the moves the prerequisites allow: a
    competency does not move up past one it needs, nor down past one that needs it (the service checks
    the same rule; these only avoid offering a button that would be refused)."""
    lines, shown = [], view.lines
    for index, line in enumerate(shown):
        before = shown[index - 1] if index > 0 else None
        after = shown[index + 1] if index + 1 < len(shown) else None
        up_ok = before is not None and before.competency.pk not in line.item.waiting_on
        down_ok = after is not None and line.competency.pk not in after.item.waiting_on
        lines.append(
            {
                "line": line,
                "why": reason_words(line.item.reason, line.names, line.item.note, own=own),
                # Up: after the one two places before (or first); down: after the next one.
                "up": (shown[index - 2].competency.pk if index > 1 else "first") if up_ok else None,
                "down": after.competency.pk if down_ok and after is not None else None,
            }
        )
    return lines


def _plan_page(
    request: HttpRequest,
    relation: Relation,
    course_id: int,
    *,
    form: TeacherMoveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    student = relation.student
    course = access.course_of_student_or_404(relation, course_id)
    view = selectors.plan_view(student, course, with_history=True)
    teacher = access.may_move_as_teacher(relation)
    _read(request, "paths.plan_view", student.pk, course=course.pk)
    return render(
        request,
        "paths/plan.html",
        {
            "student": student,
            "course": course,
            "view": view,
            "lines": _lines(view, relation.is_self),
            "own": relation.is_self,
            "may_move": access.may_move_as_student(relation),
            "teacher_form": (form or TeacherMoveForm(order=[line.competency for line in view.lines]))
            if teacher and view.lines
            else None,
        },
        status=status,
    )


@login_required
def plan_detail(request: HttpRequest, student_id: int, course_id: int) -> HttpResponse:
    return _plan_page(request, _relation(request, student_id), course_id)


@login_required
@require_POST
def plan_move(request: HttpRequest, student_id: int, course_id: int) -> HttpResponse:
    relation = _relation(request, student_id)
    course = access.course_of_student_or_404(relation, course_id)
    url = reverse("plan_detail", args=[student_id, course.pk])
    if access.may_move_as_student(relation):
        try:
            competency = int(request.POST.get("competency", ""))
            after_value = request.POST.get("after", "")
            after = None if after_value == "first" else int(after_value)
        except ValueError:
            return _refused(request, PathsError(_("Choose where to move it.")), url)
        try:
            services.plan_move(
                relation=relation,
                course=course,
                competency_id=competency,
                after_id=after,
                actor=request.actor,
            )
        except PathsError as error:
            return _refused(request, error, url)
        messages.success(request, _("Your plan is in the new order."))
        return redirect(f"{url}#plan")
    if not access.may_move_as_teacher(relation):
        raise Http404("Not found")
    view = selectors.plan_view(relation.student, course)
    form = TeacherMoveForm(request.POST, order=[line.competency for line in view.lines])
    if form.is_valid():
        try:
            services.plan_move(
                relation=relation,
                course=course,
                competency_id=form.cleaned_data["competency"],
                after_id=form.cleaned_data["after"],
                reason=form.cleaned_data["reason"],
                actor=request.actor,
            )
        except PathsError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The plan is in the new order, with your reason beside it."))
            return redirect(f"{url}#plan")
    return _plan_page(request, relation, course.pk, form=form, status=400)


@login_required
def course_sequence(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.course_to_sequence_or_404(request.user, course_id)
    current = {pk: i for i, pk in enumerate(selectors.sequence_of(course))}
    competencies = sorted(
        selectors.course_competencies(course), key=lambda c: current.get(c.pk, len(current))
    )
    form = SequenceForm(request.POST or None, competencies=competencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.sequence_set(course=course, competency_ids=form.order(), actor=request.actor)
        except PathsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The course's order is saved. Every student's plan follows it."))
            return redirect(reverse("course_sequence", args=[course.pk]))
    return render(
        request,
        "paths/sequence.html",
        {"course": course, "form": form},
        status=400 if form.errors else 200,
    )


# --- Playlists ------------------------------------------------------------------------------------


def _playlist_context(relation: Relation, competency: Competency) -> dict[str, Any]:
    student = relation.student
    playlist = Playlist.objects.filter(student=student, competency=competency).first()
    steps = selectors.steps_of(playlist) if playlist else []
    mastered = bool(selectors.mastered_of(student, [competency.pk]))
    builder = access.may_build_playlists(relation)
    used = {s.resource_id for s in steps}
    schools = Enrollment.objects.filter(person=student, role="student", is_active=True).values_list(
        "school_id", flat=True
    )
    suggestions = (
        selectors.suggestions_for(competency, school_ids=list(schools), exclude=used) if builder else []
    )
    modalities = sorted({s.resource.modality for s in steps})
    return {
        "student": student,
        "competency": competency,
        "playlist": playlist,
        "steps": [
            {
                "step": s,
                # Mastered some other way (the gradebook, the API): what is left is skipped all the same.
                "skipped": s.state == PlaylistStep.State.SKIPPED or (mastered and s.is_open),
                "skip_words": skip_words(s.skip_reason or "mastered"),
                "quiz": s.resource.quiz
                if s.resource.kind == Resource.Kind.ASSESSMENT and services.quiz_key(s.resource)
                else None,
            }
            for s in steps
        ],
        "mastered": mastered,
        "chosen_label": Resource.Modality(playlist.chosen_modality).label
        if playlist and playlist.chosen_modality in Resource.Modality.values
        else "",
        "own": relation.is_self,
        "builder": builder,
        # The library offers another way to learn it and the playlist has one: say so to the teacher.
        "one_way": builder
        and len(modalities) == 1
        and any(r.modality not in modalities for r in suggestions),
        "add_form": AddResourcesForm(choices=suggestions) if suggestions else None,
        "modality_form": ModalityForm(
            offered=modalities, initial={"modality": playlist.chosen_modality} if playlist else None
        )
        if relation.is_self and len(modalities) > 1
        else None,
        "score_form": ScoreForm() if builder else None,
    }


@login_required
def playlist_detail(request: HttpRequest, student_id: int, competency_id: int) -> HttpResponse:
    relation = _relation(request, student_id)
    competency = access.competency_of_student_or_404(relation, competency_id)
    _read(request, "paths.playlist_view", relation.student.pk, competency=competency.pk)
    return render(request, "paths/playlist.html", _playlist_context(relation, competency))


def _playlist_url(student_id: int, competency_id: int) -> str:
    return reverse("playlist_detail", args=[student_id, competency_id])


@login_required
@require_POST
def playlist_add(request: HttpRequest, student_id: int, competency_id: int) -> HttpResponse:
    relation = _relation(request, student_id)
    if not access.may_build_playlists(relation):
        raise Http404("Not found")
    competency = access.competency_of_student_or_404(relation, competency_id)
    url = _playlist_url(student_id, competency.pk)
    ids = []
    for value in request.POST.getlist("resources"):
        try:
            ids.append(int(value))
        except ValueError:
            continue
    chosen = list(Resource.objects.filter(pk__in=ids))
    if not chosen:
        return _refused(request, PathsError(_("Choose at least one resource.")), url)
    origin = request.POST.get("origin", PlaylistStep.Origin.SUGGESTED)
    try:
        services.playlist_add(
            relation=relation, competency=competency, resources=chosen, origin=origin, actor=request.actor
        )
    except PathsError as error:
        return _refused(request, error, url)
    messages.success(request, _("Added to the playlist."))
    return redirect(f"{url}#steps")


@login_required
@require_POST
def playlist_choose(request: HttpRequest, student_id: int, competency_id: int) -> HttpResponse:
    relation = _relation(request, student_id)
    if not access.may_move_as_student(relation):
        raise Http404("Not found")
    playlist = access.playlist_or_404(relation, competency_id)
    url = _playlist_url(student_id, competency_id)
    try:
        services.playlist_choose(
            relation=relation,
            playlist=playlist,
            modality=request.POST.get("modality", ""),
            actor=request.actor,
        )
    except PathsError as error:
        return _refused(request, error, url)
    messages.success(request, _("Your choice is saved."))
    return redirect(url)


def _step(
    request: HttpRequest, student_id: int, competency_id: int, step_id: int
) -> tuple[Relation, PlaylistStep]:
    relation = _relation(request, student_id)
    playlist = access.playlist_or_404(relation, competency_id)
    return relation, access.step_or_404(playlist, step_id)


@login_required
@require_POST
def step_done(request: HttpRequest, student_id: int, competency_id: int, step_id: int) -> HttpResponse:
    relation, step = _step(request, student_id, competency_id, step_id)
    if not access.may_move_as_student(relation):
        raise Http404("Not found")
    url = _playlist_url(student_id, competency_id)
    try:
        services.step_done(relation=relation, step=step, actor=request.actor)
    except PathsError as error:
        return _refused(request, error, url)
    messages.success(request, _("Step marked done."))
    return redirect(f"{url}#steps")


@login_required
@require_POST
def step_score(request: HttpRequest, student_id: int, competency_id: int, step_id: int) -> HttpResponse:
    relation, step = _step(request, student_id, competency_id, step_id)
    if not access.may_build_playlists(relation):
        raise Http404("Not found")
    url = _playlist_url(student_id, competency_id)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        return _refused(request, PathsError(_("Give a score and the date it was shown.")), url)
    try:
        services.step_score(
            relation=relation,
            step=step,
            score=form.cleaned_data["score"],
            demonstrated_on=form.cleaned_data["demonstrated_on"],
            actor=request.actor,
        )
    except (PathsError, services.EvidenceError) as error:
        return _refused(request, error, url)  # type: ignore[arg-type]
    messages.success(request, _("Scored: the level is updated."))
    return redirect(f"{url}#steps")


@login_required
@require_POST
def step_quiz(request: HttpRequest, student_id: int, competency_id: int, step_id: int) -> HttpResponse:
    relation, step = _step(request, student_id, competency_id, step_id)
    if not access.may_move_as_student(relation):
        raise Http404("Not found")
    url = _playlist_url(student_id, competency_id)
    answers: list[int | None] = []
    for index in range(len(services.quiz_key(step.resource))):
        value = request.POST.get(f"q{index}", "")
        answers.append(int(value) if value.isdigit() else None)
    try:
        services.step_quiz_submit(relation=relation, step=step, answers=answers, actor=request.actor)
    except (PathsError, services.EvidenceError) as error:
        return _refused(request, error, url)  # type: ignore[arg-type]
    messages.success(request, _("Quiz scored: your level is updated."))
    return redirect(f"{url}#steps")


# --- A section's progress, and assigning one playlist to several students --------------------------


def _assign_form(
    request: HttpRequest, section: Section, students: list[Person], *, ticked: Sequence[int] = ()
) -> tuple[AssignForm, Competency | None, list[Competency]]:
    """The assign form for the competency picked (`?competency=`, else the course's first), with its
    library resources and the section's students as checkboxes."""
    competencies = selectors.course_competencies(section.course) if section.course_id else []
    picked = request.POST.get("competency") or request.GET.get("competency")
    competency = next(
        (c for c in competencies if str(c.pk) == picked), competencies[0] if competencies else None
    )
    resources = selectors.suggestions_for(competency, school_ids=[section.school_id]) if competency else []
    form = AssignForm(
        request.POST or None,
        competencies=competencies,
        resources=resources,
        students=students,
        initial={"competency": competency.pk if competency else None, "students": list(ticked)},
    )
    return form, competency, competencies


def _assigned(
    request: HttpRequest, section: Section, form: AssignForm, competency: Competency | None
) -> bool:
    """Assign the posted playlist through the one service; False with the refusal on the form."""
    if request.method != "POST" or not form.is_valid() or competency is None:
        return False
    try:
        playlists = services.playlist_assign(
            section=section,
            competency=competency,
            resources=form.chosen_resources(),
            student_ids=form.cleaned_data["students"],
            actor=request.actor,
        )
    except PathsError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return False
    messages.success(request, _("Playlist assigned to %(count)s students.") % {"count": len(playlists)})
    return True


@login_required
def section_playlists(request: HttpRequest, section_id: int) -> HttpResponse:
    section = access.section_to_assign_or_404(request.user, section_id)
    students = section_students(section)
    form, competency, competencies = _assign_form(request, section, students)
    if _assigned(request, section, form, competency):
        assert competency is not None
        return redirect(f"{reverse('section_playlists', args=[section.pk])}?competency={competency.pk}")
    audit_student_reads(
        actor=request.actor,
        action="paths.section_playlists_view",
        student_ids=[s.pk for s in students],
        detail={"section": section.pk},
    )
    return render(
        request,
        "paths/assign.html",
        {"section": section, "form": form, "competency": competency, "competencies": competencies},
        status=400 if form.errors else 200,
    )


@login_required
def section_progress(request: HttpRequest, section_id: int) -> HttpResponse:
    """The teachers' view of a section: where each student is on their plan (a chart with its table), who is
    behind pace, who is stuck, which resources they used and how they did afterwards; and, from there, one
    playlist for the students ticked."""
    section = access.section_progress_or_404(request.user, section_id)
    progress = selectors.section_progress(section)
    students = [row.student for row in progress.students]
    stuck = [row.student.pk for row in progress.students if row.stuck]
    form, competency, competencies = _assign_form(request, section, students, ticked=stuck)
    if _assigned(request, section, form, competency):
        assert competency is not None
        url = reverse("section_progress", args=[section.pk])
        return redirect(f"{url}?competency={competency.pk}#assign")
    audit_student_reads(
        actor=request.actor,
        action="paths.section_progress_view",
        student_ids=[s.pk for s in students],
        detail={"section": section.pk},
    )
    return render(
        request,
        "paths/progress.html",
        {
            "section": section,
            "progress": progress,
            "chart": progress_chart(progress.students) if progress.students else None,
            "behind": [row for row in progress.students if row.behind],
            "stuck": [row for row in progress.students if row.stuck],
            "form": form,
            "competency": competency,
            "competencies": competencies,
        },
        status=400 if form.errors else 200,
    )
