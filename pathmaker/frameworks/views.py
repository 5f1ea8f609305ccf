"""Framework pages.

Frameworks are published material, not student data: any signed-in user may browse them. Changing them
(new frameworks and competencies, edits, links, scales, CASE uploads) is for district administrators;
a course's competencies may also be changed by the leader of the course's school, within the district's
limit. Everyone else gets a 404, as on every administration page.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathmaker.access import scope
from pathmaker.components.text import sentence
from pathmaker.frameworks import selectors, services
from pathmaker.frameworks.access import (
    competency_or_404,
    course_for_alignment_or_404,
    may_align_course,
    may_edit_framework,
)
from pathmaker.frameworks.case.export import package_json
from pathmaker.frameworks.forms import (
    CaseUploadForm,
    CompetencyCreateForm,
    CompetencyEditForm,
    CourseCompetencyForm,
    FrameworkCreateForm,
    FrameworkEditForm,
    LinkForm,
    RubricCreateForm,
    ScaleAssignForm,
    ScaleCreateForm,
)
from pathmaker.frameworks.models import (
    CaseImport,
    Competency,
    CourseCompetency,
    Framework,
    ProficiencyScale,
    ScaleAssignment,
)
from pathmaker.frameworks.selectors import Link
from pathmaker.frameworks.services import FrameworkError
from pathmaker.lib.links import is_web_link

SEARCH_LIMIT = 200
COURSE_SEARCH_LIMIT = 25
LINK_LABELS = {"exactMatchOf": "exact match", "isRelatedTo": "related", "isPeerOf": "peer"}


# Frameworks


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    form = FrameworkCreateForm(request.POST) if request.method == "POST" else FrameworkCreateForm()
    if request.method == "POST":
        scope.require_district_admin(request.user)
        if form.is_valid():
            framework = services.framework_create(actor=request.actor, **form.cleaned_data)
            messages.success(
                request,
                _("%(title)s was created: add its first competency below.") % {"title": framework.title},
            )
            return redirect("framework_detail", framework_id=framework.pk)
    frameworks = selectors.frameworks_listed().annotate(
        item_count=Count("competencies", filter=Q(competencies__is_retired=False))
    )
    return render(request, "frameworks/framework_list.html", {"frameworks": frameworks, "form": form})


def _render_framework(
    request: HttpRequest,
    framework: Framework,
    *,
    form: CompetencyCreateForm | None = None,
    edit_form: FrameworkEditForm | None = None,
) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = list(selectors.competency_search(framework, query)[: SEARCH_LIMIT + 1]) if query else None
    if may_edit_framework(request.user, framework):
        form = form or CompetencyCreateForm(framework=framework, prefix="new")
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "item_count": framework.competencies.filter(is_retired=False).count(),
            "query": query,
            "results": results[:SEARCH_LIMIT] if results is not None else None,
            "more_results": results is not None and len(results) > SEARCH_LIMIT,
            "tree": None if query else selectors.framework_tree_html(framework),
            "form": form if may_edit_framework(request.user, framework) else None,
            "edit_form": (
                edit_form
                or FrameworkEditForm(
                    prefix="details",
                    initial={
                        "title": framework.title,
                        "description": framework.description,
                        "version": framework.version,
                        "adoption_status": framework.adoption_status or "Draft",
                    },
                )
            )
            if may_edit_framework(request.user, framework)
            else None,
        },
    )


@login_required
@require_POST
def framework_edit(request: HttpRequest, framework_id: int) -> HttpResponse:
    scope.require_district_admin(request.user)
    framework = get_object_or_404(Framework, pk=framework_id)
    form = FrameworkEditForm(request.POST, prefix="details")
    if not form.is_valid():
        return _render_framework(request, framework, edit_form=form)
    try:
        services.framework_edit(framework=framework, actor=request.actor, **form.cleaned_data)
    except FrameworkError as error:
        messages.error(request, _("Nothing was changed. %(why)s") % {"why": sentence(error)})
    else:
        messages.success(request, _("The framework's details were saved."))
    return redirect("framework_detail", framework_id=framework.pk)


@login_required
def framework_detail(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=framework_id)
    if request.method != "POST":
        return _render_framework(request, framework)
    scope.require_district_admin(request.user)
    form = CompetencyCreateForm(request.POST, framework=framework, prefix="new")
    if not form.is_valid():
        return _render_framework(request, framework, form=form)
    try:
        competency = services.competency_create(framework=framework, actor=request.actor, **form.cleaned_data)
    except FrameworkError as error:
        messages.error(request, _("Nothing was added. %(why)s") % {"why": sentence(error)})
    else:
        messages.success(request, _("Added %(competency)s.") % {"competency": competency})
    return redirect("framework_detail", framework_id=framework.pk)


@login_required
def framework_export(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=framework_id)
    response = JsonResponse(package_json(framework), json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{slugify(framework.title) or "framework"}.json"'
    return response


# Competencies


@dataclass(frozen=True)
class ShownLink:
    """A link as the page shows it: to a competency here, to an http(s) address elsewhere, or as plain text."""

    link: Link
    href: str
    label: str


def _shown(links: list[Link]) -> list[ShownLink]:
    shown = []
    for link in links:
        if link.other is not None:
            href = reverse("competency_detail", args=[link.other.pk])
        else:
            # Only web addresses become links: a package could carry a javascript: URI.
            href = link.uri if is_web_link(link.uri) else ""
        kind = link.association.association_type
        shown.append(ShownLink(link, href, LINK_LABELS.get(kind, kind)))
    return shown


def _render_competency(
    request: HttpRequest,
    competency: Competency,
    *,
    edit_form: CompetencyEditForm | None = None,
    link_form: LinkForm | None = None,
) -> HttpResponse:
    page = selectors.competency_page(competency)
    may_edit = may_edit_framework(request.user, competency.framework) and not competency.is_retired
    context = {
        "page": page,
        "competency": competency,
        "framework": competency.framework,
        "prerequisites": _shown(page.prerequisites),
        "leads_to": _shown(page.leads_to),
        "crosswalks": _shown(page.crosswalks),
        "other_links": _shown(page.other_links),
        "levels": list(page.scale.levels.all()) if page.scale else [],
        "courses_by_school": _by_school(page.courses, request.user),
        "may_edit": may_edit,
        "edit_form": edit_form
        or CompetencyEditForm(
            prefix="edit",
            initial={
                "full_statement": competency.full_statement,
                "human_coding_scheme": competency.human_coding_scheme,
                "kind": competency.kind,
            },
        ),
        "link_form": link_form or LinkForm(prefix="link"),
    }
    return render(request, "frameworks/competency_detail.html", context)


def _by_school(links: list[CourseCompetency], user: Any) -> list[tuple[str, list]]:
    """(school name, [(link, may the viewer change that course's competencies)]) in name order."""
    links = sorted(links, key=lambda link: (link.course.org.name, link.course.title))
    return [
        (school, [(link, may_align_course(user, link.course)) for link in group])
        for school, group in groupby(links, key=lambda link: link.course.org.name)
    ]


@login_required
def competency_detail(request: HttpRequest, competency_id: int) -> HttpResponse:
    competency = competency_or_404(competency_id)
    if request.method != "POST":
        return _render_competency(request, competency)
    scope.require_district_admin(request.user)
    form = CompetencyEditForm(request.POST, prefix="edit")
    if not form.is_valid():
        return _render_competency(request, competency, edit_form=form)
    version = competency.version
    try:
        competency = services.competency_edit(competency=competency, actor=request.actor, **form.cleaned_data)
    except FrameworkError as error:
        messages.error(request, _("Nothing was changed. %(why)s") % {"why": sentence(error)})
    else:
        if competency.version == version:
            messages.info(request, _("Nothing was changed: the statement, code and kind are as they were."))
        else:
            messages.success(
                request,
                _("Saved as version %(version)s; earlier wordings stay in the version history.")
                % {"version": competency.version},
            )
    return redirect("competency_detail", competency_id=competency.pk)


@login_required
@require_POST
def competency_retire(request: HttpRequest, competency_id: int) -> HttpResponse:
    scope.require_district_admin(request.user)
    competency = competency_or_404(competency_id)
    try:
        services.competency_retire(competency=competency, actor=request.actor)
    except FrameworkError as error:
        messages.error(request, _("Nothing was changed. %(why)s") % {"why": sentence(error)})
    else:
        messages.success(
            request,
            _(
                "%(competency)s is retired: it left the framework and cannot be added to courses; "
                "evidence already recorded against it stays attached."
            )
            % {"competency": competency},
        )
    return redirect("competency_detail", competency_id=competency.pk)


@login_required
@require_POST
def competency_link_add(request: HttpRequest, competency_id: int) -> HttpResponse:
    scope.require_district_admin(request.user)
    competency = competency_or_404(competency_id)
    form = LinkForm(request.POST, prefix="link")
    if form.is_valid():
        other, choice = form.cleaned_data["other"], form.cleaned_data["association_type"]
        # "comes after" is the same CASE link read the other way: the other one precedes this one.
        origin, destination = (other, competency) if choice == "precededBy" else (competency, other)
        try:
            services.association_create(
                origin=origin,
                destination=destination,
                actor=request.actor,
                association_type="precedes" if choice == "precededBy" else choice,
            )
        except FrameworkError as error:
            form.add_error(None, sentence(error))
        else:
            messages.success(
                request,
                _("Linked: %(competency)s %(link)s %(other)s.")
                % {
                    "competency": competency,
                    "link": dict(form.fields["association_type"].choices)[choice],
                    "other": other,
                },
            )
            return redirect("competency_detail", competency_id=competency.pk)
    return _render_competency(request, competency, link_form=form)


# CASE packages


@login_required
def case_import_page(request: HttpRequest) -> HttpResponse:
    scope.require_district_admin(request.user)
    form = CaseUploadForm(request.POST, request.FILES) if request.method == "POST" else CaseUploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = services.case_import(
            raw=upload.read(),
            source_name=upload.name,
            actor=request.actor,
            keep_first_duplicate=form.cleaned_data["keep_first_duplicate"],
        )
        if record.status == "succeeded":
            messages.success(request, f"{upload.name} was imported.")
        else:
            messages.error(request, f"{upload.name} was refused: nothing was changed.")
        return redirect("case_import_detail", import_id=record.pk)
    imports = CaseImport.objects.select_related("framework", "started_by")[:20]
    return render(request, "frameworks/case_import.html", {"form": form, "imports": imports})


@login_required
def case_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    scope.require_district_admin(request.user)
    record = get_object_or_404(CaseImport.objects.select_related("framework", "started_by"), pk=import_id)
    rows = [
        (label, record.summary.get(key) or {})
        for key, label in (
            ("items", _("Competencies (CASE items)")),
            ("associations", _("Links (CASE associations)")),
        )
    ]
    return render(request, "frameworks/case_import_detail.html", {"record": record, "rows": rows})


# Proficiency scales


def _render_scales(
    request: HttpRequest,
    *,
    create_form: ScaleCreateForm | None = None,
    assign_form: ScaleAssignForm | None = None,
) -> HttpResponse:
    scales = ProficiencyScale.objects.order_by("name").prefetch_related(
        "levels",
        Prefetch(
            "assignments",
            queryset=ScaleAssignment.objects.select_related("framework", "competency", "course"),
        ),
    )
    return render(
        request,
        "frameworks/scale_list.html",
        {
            "scales": scales,
            "create_form": create_form or ScaleCreateForm(prefix="scale"),
            "assign_form": assign_form or ScaleAssignForm(prefix="assign"),
        },
    )


@login_required
def scale_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_scales(request)
    scope.require_district_admin(request.user)
    form = ScaleCreateForm(request.POST, prefix="scale")
    if form.is_valid():
        try:
            scale = services.scale_create(actor=request.actor, **form.cleaned_data)
        except FrameworkError as error:
            form.add_error(None, sentence(error))
        else:
            messages.success(
                request,
                _("The scale %(name)s was created. Assign it to a framework below.") % {"name": scale.name},
            )
            return redirect("scale_list")
    return _render_scales(request, create_form=form)


@login_required
@require_POST
def scale_assign(request: HttpRequest) -> HttpResponse:
    scope.require_district_admin(request.user)
    form = ScaleAssignForm(request.POST, prefix="assign")
    if not form.is_valid():
        return _render_scales(request, assign_form=form)
    data = form.cleaned_data
    target = {name: data[name] for name in ("framework", "competency", "course") if data.get(name)}
    services.scale_assign(scale=data["scale"], actor=request.actor, **target)
    ((_kind, chosen),) = target.items()
    messages.success(
        request,
        _("%(scale)s now applies to %(target)s.")
        % {"scale": data["scale"].name, "target": getattr(chosen, "title", chosen)},
    )
    return redirect("scale_list")


@login_required
def rubric_new(request: HttpRequest) -> HttpResponse:
    scope.require_district_admin(request.user)
    form = RubricCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        criteria = [
            services.CriterionSpec(text, competency, data["levels"]) for competency, text in data["criteria"]
        ]
        try:
            rubric = services.rubric_create(
                title=data["title"],
                framework=data["framework"],
                criteria=criteria,
                description=data["description"],
                actor=request.actor,
            )
        except FrameworkError as error:
            form.add_error(None, sentence(error))
        else:
            messages.success(request, _("The rubric %(title)s was created.") % {"title": rubric.title})
            first = criteria[0].competency
            return redirect("competency_detail", competency_id=first.pk) if first else redirect("scale_list")
    return render(request, "frameworks/rubric_new.html", {"form": form})


# Course alignment


def _course_search(query: str, framework: Framework | None) -> list[Competency]:
    found: list[Competency] = []
    for each in [framework] if framework else selectors.frameworks_listed():
        found += selectors.competency_search(each, query).select_related("framework")[
            : COURSE_SEARCH_LIMIT - len(found)
        ]
        if len(found) >= COURSE_SEARCH_LIMIT:
            break
    return found


@login_required
def course_competencies(request: HttpRequest, course_id: int) -> HttpResponse:
    course, school = course_for_alignment_or_404(request.user, course_id)
    form = CourseCompetencyForm(request.POST) if request.method == "POST" else CourseCompetencyForm()
    if request.method == "POST" and form.is_valid():
        competency = form.cleaned_data["competency"]
        try:
            services.course_competency_add(
                course=course, competency=competency, actor=request.actor, school=school
            )
        except FrameworkError as error:
            form.add_error("competency", sentence(error))
        else:
            messages.success(
                request,
                _("%(competency)s is now assessed in %(course)s.")
                % {"competency": competency, "course": course.title},
            )
            return redirect("course_competencies", course_id=course.pk)
    query = request.GET.get("q", "").strip()[:200]
    framework_id = request.GET.get("framework", "")
    framework = Framework.objects.filter(pk=int(framework_id)).first() if framework_id.isdigit() else None
    links = list(
        CourseCompetency.objects.filter(course=course).select_related(
            "competency__framework", "added_by_school"
        )
    )
    return render(
        request,
        "frameworks/course_competencies.html",
        {
            "course": course,
            "school": school,
            "links": [(link, school is None or link.added_by_school_id == school.pk) for link in links],
            "form": form,
            "frameworks": selectors.frameworks_listed(),
            "query": query,
            "search_framework": framework,
            "results": _course_search(query, framework) if query else None,
            "school_limit": settings.PATHMAKER_MAX_SCHOOL_COMPETENCIES_PER_COURSE,
        },
    )


@login_required
@require_POST
def course_competency_remove(request: HttpRequest, course_id: int, competency_id: int) -> HttpResponse:
    course, school = course_for_alignment_or_404(request.user, course_id)
    link = get_object_or_404(
        CourseCompetency.objects.select_related("competency"), course=course, competency_id=competency_id
    )
    if school is not None and link.added_by_school_id != school.pk:
        messages.error(
            request,
            _(
                "%(competency)s was chosen by the district: only a district administrator can remove "
                "it from %(course)s."
            )
            % {"competency": link.competency, "course": course.title},
        )
    else:
        services.course_competency_remove(
            course=course, competency=link.competency, actor=request.actor, school=school
        )
        messages.success(
            request,
            _("%(competency)s is no longer assessed in %(course)s.")
            % {"competency": link.competency, "course": course.title},
        )
    return redirect("course_competencies", course_id=course.pk)
