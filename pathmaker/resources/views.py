"""Library pages: the search, a resource with its ratings, adding and editing, the curator's flags, import.

Every page asks `resources/access.py`: the library is staff's, so students, families and accounts with
no roster get a 404; a resource someone may not see is a 404 exactly like a missing one; an action
someone may never take (a teacher publishing) is a 404 too, as its button is not offered to them.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from pathmaker.components.uploads import UploadLimit
from pathmaker.resources import access, selectors, services
from pathmaker.resources.forms import ImportForm, RatingForm, ResourceForm, SearchForm
from pathmaker.resources.importers import (
    CSV_COLUMNS,
    ImportFailed,
    resources_import_csv,
    resources_import_jsonld,
)
from pathmaker.resources.models import Resource
from pathmaker.resources.services import ResourceError
from pathmaker.rostering.models import Org

PAGE_SIZE = 50


@login_required
@require_safe
def resource_library(request: HttpRequest) -> HttpResponse:
    access.require_library_reader(request.user)
    form = SearchForm(request.GET or None, competencies=selectors.competency_choices())
    search = selectors.Search()
    if form.is_valid():
        data = form.cleaned_data
        search = selectors.Search(
            text=data["q"],
            competency_ids=(data["competency"],) if data["competency"] else (),
            modality=data["modality"],
            grade=data["grade"],
            language=data["language"],
        )
    found = selectors.library_search(request.user, search)
    return render(
        request,
        "resources/library.html",
        {
            "form": form,
            "resources": found[:PAGE_SIZE],
            "count": found.count(),
            "searched": bool(request.GET),
            "may_add": access.may_add_resources(request.user),
            "may_curate": access.may_curate_somewhere(request.user),
        },
    )


@login_required
@require_safe
def resource_detail(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = access.resource_or_404(request.user, resource_id)
    return _detail_page(request, resource, rating_form=None)


def _detail_page(request: HttpRequest, resource: Resource, rating_form: RatingForm | None) -> HttpResponse:
    user = request.user
    mine = selectors.rating_of(resource, user)
    if rating_form is None and access.may_rate(user, resource):
        rating_form = RatingForm(initial={"stars": mine.stars, "review": mine.review} if mine else None)
    return render(
        request,
        "resources/detail.html",
        {
            "resource": resource,
            **selectors.resource_detail(resource),
            "rating_form": rating_form,
            "my_rating": mine,
            "may_edit": access.may_edit(user, resource) and resource.is_active,
            "may_publish": access.may_curate(user, resource)
            and resource.is_active
            and resource.visibility != Resource.Visibility.PUBLISHED,
            "may_share": access.may_share(user, resource)
            and resource.visibility == Resource.Visibility.PRIVATE,
        },
        status=400 if rating_form is not None and rating_form.errors else 200,
    )


@login_required
@require_POST
def resource_rate(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = access.resource_or_404(request.user, resource_id)
    if not access.may_rate(request.user, resource):
        raise Http404("Not found")
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_set(
                resource=resource,
                stars=form.cleaned_data["stars"],
                review=form.cleaned_data["review"],
                actor=request.actor,
            )
        except ResourceError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Your rating is saved."))
            return redirect("resource_detail", resource.pk)
    return _detail_page(request, resource, rating_form=form)


def _action(request: HttpRequest, resource_id: int, allowed, act, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    resource = access.resource_or_404(request.user, resource_id)
    if not allowed(request.user, resource):
        raise Http404("Not found")
    try:
        act(resource=resource, actor=request.actor)
    except ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("resource_detail", resource.pk)


@login_required
@require_POST
def resource_publish(request: HttpRequest, resource_id: int) -> HttpResponse:
    return _action(request, resource_id, access.may_curate, services.resource_publish, _("Published."))


@login_required
@require_POST
def resource_share(request: HttpRequest, resource_id: int) -> HttpResponse:
    return _action(
        request, resource_id, access.may_share, services.resource_share, _("Shared with your school's staff.")
    )


@login_required
@require_POST
def resource_retire(request: HttpRequest, resource_id: int) -> HttpResponse:
    return _action(
        request,
        resource_id,
        access.may_edit,
        services.resource_retire,
        _("Retired: it is kept but offered no more."),
    )


@login_required
@require_safe
def resource_file(request: HttpRequest, resource_id: int) -> FileResponse:
    resource = access.resource_or_404(request.user, resource_id)
    if resource.kind != Resource.Kind.FILE or not resource.stored_name:
        raise Http404("No file")
    path = services.file_path(resource)
    if not path.is_file():
        raise Http404("No file")
    inline = resource.content_type.split(";")[0] in (
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=not inline,
        filename=resource.original_name,
        content_type=resource.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Adding and editing -------------------------------------------------------------------------------


def _with_upload_limit(request: HttpRequest) -> None:
    request.upload_handlers.insert(0, UploadLimit(request, limit=settings.PATHMAKER_RESOURCE_MAX_BYTES))


@csrf_exempt  # the CSRF check runs in _resource_form, after the upload limit is in place
@login_required
def resource_new(request: HttpRequest) -> HttpResponse:
    if not access.may_add_resources(request.user):
        raise Http404("Not found")
    if request.method == "POST":
        _with_upload_limit(request)
    return _resource_form(request, None)


@csrf_exempt  # as above
@login_required
def resource_edit(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = access.resource_or_404(request.user, resource_id)
    if not access.may_edit(request.user, resource) or not resource.is_active:
        raise Http404("Not found")
    if request.method == "POST":
        _with_upload_limit(request)
    return _resource_form(request, resource)


@csrf_protect
def _resource_form(request: HttpRequest, resource: Resource | None) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    choices = selectors.competency_choices()
    if request.method != "POST":
        initial = ResourceForm.initial_for(resource) if resource else None
        form = ResourceForm(initial=initial, competencies=choices)
        return render(request, "resources/form.html", {"form": form, "resource": resource})
    form = ResourceForm(request.POST, request.FILES, competencies=choices)
    if form.is_valid():
        upload = form.cleaned_data["upload"] or None
        try:
            if resource is None:
                resource = services.resource_create(
                    spec=form.spec(),
                    org=access.home_school_for(request.user),
                    actor=request.actor,
                    upload=upload,
                )
            else:
                services.resource_edit(
                    resource=resource, spec=form.spec(), actor=request.actor, upload=upload
                )
        except ResourceError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("resource_detail", resource.pk)
    return render(request, "resources/form.html", {"form": form, "resource": resource}, status=400)


# --- Curators: flags and imports ------------------------------------------------------------------


@login_required
@require_safe
def resource_flags(request: HttpRequest) -> HttpResponse:
    access.require_curator(request.user)
    flags = selectors.open_flags(access.flags_visible_to(request.user))
    return render(request, "resources/flags.html", {"flags": flags})


@login_required
@require_POST
def resource_flag_resolve(request: HttpRequest, flag_id: int) -> HttpResponse:
    flag = access.flag_or_404(request.user, flag_id)
    try:
        services.flag_resolve(flag=flag, actor=request.actor)
    except ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Resolved."))
    return redirect("resource_flags")


def _owners(request: HttpRequest) -> dict[str, Org | None]:
    return {("district" if org is None else str(org.pk)): org for org in access.curated_orgs(request.user)}


@csrf_exempt  # the CSRF check runs in _import, after the upload limit is in place
@login_required
def resource_import(request: HttpRequest) -> HttpResponse:
    access.require_curator(request.user)
    if request.method == "POST":
        _with_upload_limit(request)
    return _import(request)


@csrf_protect
def _import(request: HttpRequest) -> HttpResponse:
    owners = _owners(request)
    labels = [(key, _("The district") if org is None else org.name) for key, org in owners.items()]
    form = ImportForm(request.POST or None, request.FILES or None, owners=labels)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name or "file").name
        importer = (
            resources_import_jsonld if name.lower().endswith((".json", ".jsonld")) else resources_import_csv
        )
        try:
            result = importer(
                data=upload.read(),
                file_name=name,
                org=owners[form.cleaned_data["owner"]],
                actor=request.actor,
            )
        except ImportFailed as failed:
            problems = failed.problems
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Imported %(file)s: %(created)d added, %(updated)d updated.")
                % {"file": name, "created": result.created, "updated": result.updated},
            )
            return redirect("resource_library")
    status = 400 if problems or form.errors else 200
    return render(
        request,
        "resources/import.html",
        {"form": form, "problems": problems, "columns": CSV_COLUMNS},
        status=status,
    )
