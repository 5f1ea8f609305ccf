"""Portfolio pages: a student's whole portfolio, one piece of work, and its file.

Every page and file asks `profile_part_or_404(user, student_id, "portfolio")` first: a student
outside someone's scope, or a portfolio the district does not show them, is a 404 like any missing
page. Each page view and each file served is audited.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from pathmaker.audit.services import audit_student_reads
from pathmaker.portfolios import files, selectors, services
from pathmaker.portfolios.access import item_or_404, may_make_evidence_of
from pathmaker.portfolios.forms import EvidenceForm, ItemAddForm, ItemEditForm
from pathmaker.portfolios.models import PortfolioItem
from pathmaker.portfolios.services import PortfolioError
from pathmaker.portfolios.uploads import PortfolioUploadLimit
from pathmaker.profiles.access import ProfileAccess, profile_part_or_404


def _access(request: HttpRequest, student_id: int) -> ProfileAccess:
    return profile_part_or_404(request.user, student_id, "portfolio")


def _limits() -> dict[str, Any]:
    return {
        "max_size": files.human_size(settings.PATHMAKER_PORTFOLIO_MAX_BYTES),
        "kinds": files.allowed_summary(),
        "extensions": ", ".join(files.allowed_extensions()),
    }


def _add_error(form: Any, error: PortfolioError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _portfolio_page(
    request: HttpRequest, access: ProfileAccess, form: ItemAddForm | None = None
) -> HttpResponse:
    items = list(selectors.items_visible(access))
    if form is None and access.may_write_own:
        form = ItemAddForm(competencies=selectors.course_competencies(access.student))
    audit_student_reads(actor=request.actor, action="portfolio.view", student_ids=[access.student.pk])
    return render(
        request,
        "portfolios/portfolio.html",
        {
            "student": access.student,
            "access": access,
            "items": items,
            "form": form,
            "featured_count": sum(1 for item in items if item.featured),
            **_limits(),
        },
    )


@login_required
@require_safe
def portfolio(request: HttpRequest, student_id: int) -> HttpResponse:
    return _portfolio_page(request, _access(request, student_id))


@csrf_exempt  # the CSRF check runs in _portfolio_add, after the upload limit is in place
@login_required
@require_POST
def portfolio_add(request: HttpRequest, student_id: int) -> HttpResponse:
    access = _access(request, student_id)
    if not access.may_write_own:
        raise Http404("Not found")
    # Before the body is read: an oversized file is counted, not kept (see uploads.py).
    request.upload_handlers.insert(
        0, PortfolioUploadLimit(request, limit=settings.PATHMAKER_PORTFOLIO_MAX_BYTES)
    )
    return _portfolio_add(request, access)


@csrf_protect
def _portfolio_add(request: HttpRequest, access: ProfileAccess) -> HttpResponse:
    form = ItemAddForm(
        request.POST, request.FILES, competencies=selectors.course_competencies(access.student)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.portfolio_item_add(
                access=access,
                actor=request.actor,
                title=data["title"],
                upload=data["file"] or None,
                url=data["url"],
                description=data["description"],
                reflection=data["reflection"],
                competencies=data["competencies"],
                featured=data["featured"],
            )
        except PortfolioError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("“%(title)s” is in your portfolio.") % {"title": item.title})
            return redirect("portfolio", student_id=access.student.pk)
    return _portfolio_page(request, access, form)


def _item_page(
    request: HttpRequest,
    access: ProfileAccess,
    item: PortfolioItem,
    *,
    edit_form: ItemEditForm | None = None,
    evidence_form: EvidenceForm | None = None,
) -> HttpResponse:
    may_write = access.may_write_own and not item.is_removed
    may_record = may_make_evidence_of(request.user, access.student) and not item.is_removed
    if may_write and edit_form is None:
        edit_form = ItemEditForm(
            competencies=selectors.course_competencies(access.student),
            initial={
                "title": item.title,
                "description": item.description,
                "reflection": item.reflection,
                "featured": item.featured,
                "competencies": list(item.competencies.all()),
            },
        )
    if may_record and evidence_form is None:
        evidence_form = _evidence_form(item)
    audit_student_reads(
        actor=request.actor,
        action="portfolio.view",
        student_ids=[access.student.pk],
        detail={"item": item.pk},
    )
    return render(
        request,
        "portfolios/item.html",
        {
            "student": access.student,
            "access": access,
            "item": item,
            "tags": list(item.competencies.all()),
            "evidence": selectors.evidence_from(item),
            "edit_form": edit_form if may_write else None,
            "evidence_form": evidence_form if may_record else None,
            "file_label": _file_label(item),
        },
    )


def _file_label(item: PortfolioItem) -> str:
    if not item.is_file:
        return ""
    found = next((t for t in files.TYPES if item.content_type.split(";")[0] == t.content_type), None)
    return f"{found.name if found else item.content_type} · {files.human_size(item.size)}"


def _evidence_form(item: PortfolioItem, data: Any = None) -> EvidenceForm:
    tagged, others = selectors.evidence_choices(item)
    return EvidenceForm(data, tagged=tagged, others=others, levels=selectors.scale_levels(tagged + others))


@login_required
@require_safe
def portfolio_item(request: HttpRequest, student_id: int, item_id: int) -> HttpResponse:
    access = _access(request, student_id)
    return _item_page(request, access, item_or_404(access, item_id))


@login_required
@require_POST
def portfolio_item_edit(request: HttpRequest, student_id: int, item_id: int) -> HttpResponse:
    access = _access(request, student_id)
    item = item_or_404(access, item_id)
    if not access.may_write_own or item.is_removed:
        raise Http404("Not found")
    form = ItemEditForm(request.POST, competencies=selectors.course_competencies(access.student))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.portfolio_item_edit(
                access=access,
                item=item,
                actor=request.actor,
                title=data["title"],
                description=data["description"],
                reflection=data["reflection"],
                competencies=data["competencies"],
                featured=data["featured"],
            )
        except PortfolioError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("portfolio_item", student_id=access.student.pk, item_id=item.pk)
    item.refresh_from_db()
    return _item_page(request, access, item, edit_form=form)


@login_required
@require_POST
def portfolio_item_remove(request: HttpRequest, student_id: int, item_id: int) -> HttpResponse:
    access = _access(request, student_id)
    item = item_or_404(access, item_id)
    if not access.may_write_own or item.is_removed:
        raise Http404("Not found")
    try:
        services.portfolio_item_remove(access=access, item=item, actor=request.actor)
    except PortfolioError as error:
        messages.error(request, str(error))
        return redirect("portfolio_item", student_id=access.student.pk, item_id=item.pk)
    messages.success(
        request,
        _(
            "“%(title)s” is no longer in your portfolio. Pathmaker keeps a copy for its "
            "records and for any evidence your teachers made of it."
        )
        % {"title": item.title},
    )
    return redirect("portfolio", student_id=access.student.pk)


@login_required
@require_POST
def portfolio_item_evidence(request: HttpRequest, student_id: int, item_id: int) -> HttpResponse:
    access = _access(request, student_id)
    item = item_or_404(access, item_id)
    if not may_make_evidence_of(request.user, access.student) or item.is_removed:
        raise Http404("Not found")
    form = _evidence_form(item, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            evidence = services.portfolio_item_to_evidence(
                item=item,
                actor=request.actor,
                competency=form.competencies[data["competency"]],
                score=Decimal(data["score"]),
                demonstrated_on=data["demonstrated_on"],
                feedback=data["feedback"],
                site=request.build_absolute_uri("/"),
            )
        except PortfolioError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("Recorded as evidence of %(competency)s.") % {"competency": evidence.competency}
            )
            return redirect("portfolio_item", student_id=access.student.pk, item_id=item.pk)
    return _item_page(request, access, item, evidence_form=form)


@never_cache
@login_required
@require_safe
def portfolio_file(request: HttpRequest, student_id: int, item_id: int) -> FileResponse:
    """The file, only through the access rule; never run by the browser (sandboxed, not sniffed)."""
    access = _access(request, student_id)
    item = item_or_404(access, item_id)
    if not item.is_file:
        raise Http404("Not found")
    path = files.path_for(item.stored_name)
    if not path.is_file():
        raise Http404("Not found")
    audit_student_reads(
        actor=request.actor,
        action="portfolio.file",
        student_ids=[access.student.pk],
        detail={"item": item.pk, "sha256": item.sha256},
    )
    found = next((t for t in files.TYPES if item.content_type.split(";")[0] == t.content_type), None)
    response = FileResponse(
        path.open("rb"),
        content_type=item.content_type,
        as_attachment=not (found and found.inline),
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
