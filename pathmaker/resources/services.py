"""Writing the resource library: adding, editing, publishing, sharing and retiring resources, ratings, flags.

Each service is one transaction with one audit row, and checks who acts through `resources/access.py`.
Refusals are `ResourceError`s with a stable code ("resources.<rule>") and the field they concern. A
refusal of who acts ends in ".forbidden"; the caller fetched the resource through `resource_or_404`, so
someone who cannot see it never gets this far.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.components import uploads
from pathmaker.frameworks.models import Competency
from pathmaker.lib.errors import DomainError
from pathmaker.lib.links import is_web_link
from pathmaker.resources import access
from pathmaker.resources.models import Alignment, Flag, Rating, Resource
from pathmaker.rostering.models import Org

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 8000
MAX_ALIGNMENTS = 20
# OneRoster's grade codes, youngest first: a grade band is two of them.
GRADES = ("IT", "PR", "PK", "TK", "KG", *(f"{n:02}" for n in range(1, 14)), "PS", "UG")
LANGUAGES = {"en": _lazy("English"), "es": _lazy("Spanish")}


class ResourceError(DomainError):
    """A library change that cannot be made as asked; `code` names the rule, `field` the form field."""

    code = "resources.invalid"


FORBIDDEN = "resources.forbidden"


@dataclass(frozen=True)
class ResourceSpec:
    """What a resource says about itself: the form, the API and both importers build one."""

    title: str
    kind: str
    modality: str
    alignments: Sequence[tuple[int, str]]  # (competency id, alignment type)
    description: str = ""
    language: str = "en"
    grade_low: str = ""
    grade_high: str = ""
    url: str = ""
    instructions: str = ""
    dok: int | None = None
    minutes: int | None = None
    accessibility: str = ""
    quiz: list[Any] = field(default_factory=list)


# --- Checks ---------------------------------------------------------------------------------------------


def check_spec(spec: ResourceSpec, *, upload: Any = None, has_file: bool = False) -> list[Competency]:
    """Raise on the first thing wrong with the spec; return the competencies it aligns to. The importers
    run it on every row before writing any (all or nothing), then write with `create_row`/`update_row`
    inside their own one transaction."""
    title = " ".join(spec.title.split())
    if not title:
        raise ResourceError(_("give the resource a title"), code="resources.title_missing", field="title")
    if len(title) > MAX_TITLE_CHARS:
        raise ResourceError(
            _("the title is %(n)d characters; keep it to %(max)d or fewer")
            % {"n": len(title), "max": MAX_TITLE_CHARS},
            code="resources.title_too_long",
            field="title",
        )
    if spec.kind not in Resource.Kind.values:
        raise ResourceError(
            _("choose what kind of resource this is"), code="resources.bad_kind", field="kind"
        )
    if spec.modality not in Resource.Modality.values:
        raise ResourceError(
            _("choose how a student learns with it"), code="resources.bad_modality", field="modality"
        )
    if spec.language not in LANGUAGES:
        raise ResourceError(
            _("the language must be English or Spanish"), code="resources.bad_language", field="language"
        )
    _check_grades(spec.grade_low, spec.grade_high)
    if spec.kind == Resource.Kind.LINK:
        _check_url(spec.url)
    elif spec.url:
        raise ResourceError(_("only a link has an address"), code="resources.url_not_a_link", field="url")
    if spec.kind in (Resource.Kind.ACTIVITY, Resource.Kind.ASSESSMENT) and not spec.instructions.strip():
        raise ResourceError(
            _("write the instructions a student follows"),
            code="resources.instructions_missing",
            field="instructions",
        )
    if spec.kind == Resource.Kind.FILE and upload is None and not has_file:
        raise ResourceError(_("choose the file to add"), code="resources.file_missing", field="upload")
    if spec.dok is not None and not 1 <= spec.dok <= 4:
        raise ResourceError(_("depth of knowledge is 1, 2, 3 or 4"), code="resources.bad_dok", field="dok")
    if spec.minutes is not None and not 1 <= spec.minutes <= 10_000:
        raise ResourceError(
            _("the estimated time is between 1 and 10,000 minutes"),
            code="resources.bad_minutes",
            field="minutes",
        )
    for text, name in ((spec.description, "description"), (spec.instructions, "instructions")):
        if len(text) > MAX_TEXT_CHARS:
            raise ResourceError(
                _("keep this to %(max)d characters") % {"max": MAX_TEXT_CHARS},
                code="resources.text_too_long",
                field=name,
            )
    return _competencies(spec.alignments)


def _check_grades(low: str, high: str) -> None:
    for code in (low, high):
        if code and code not in GRADES:
            raise ResourceError(
                _("“%(grade)s” is not a grade code (KG, 01 ... 12)") % {"grade": code},
                code="resources.bad_grade",
                field="grade_low" if code == low else "grade_high",
            )
    if low and high and GRADES.index(low) > GRADES.index(high):
        raise ResourceError(
            _("the lowest grade comes after the highest"),
            code="resources.grades_reversed",
            field="grade_high",
        )


def _check_url(url: str) -> None:
    if not is_web_link(url.strip()):
        raise ResourceError(
            _("a link needs a web address starting with https:// or http://"),
            code="resources.bad_url",
            field="url",
        )


def _competencies(alignments: Sequence[tuple[int, str]]) -> list[Competency]:
    if not alignments:
        raise ResourceError(
            _("align the resource to at least one competency"),
            code="resources.no_alignment",
            field="competencies",
        )
    if len(alignments) > MAX_ALIGNMENTS:
        raise ResourceError(
            _("align it to %(max)d competencies or fewer") % {"max": MAX_ALIGNMENTS},
            code="resources.too_many_alignments",
            field="competencies",
        )
    if any(kind not in Alignment.Type.values for _id, kind in alignments):
        raise ResourceError(
            _("an alignment teaches, assesses or practises"),
            code="resources.bad_alignment_type",
            field="alignment_type",
        )
    ids = {int(competency_id) for competency_id, _kind in alignments}
    found = {c.pk: c for c in Competency.objects.filter(pk__in=ids)}
    if len(found) != len(ids):
        raise ResourceError(
            _("there is no such competency"), code="resources.no_such_competency", field="competencies"
        )
    if any(c.is_retired for c in found.values()):
        raise ResourceError(
            _("a retired competency cannot be aligned to"),
            code="resources.competency_retired",
            field="competencies",
        )
    return list(found.values())


def _fields(spec: ResourceSpec) -> dict[str, Any]:
    return {
        "title": " ".join(spec.title.split()),
        "description": spec.description.strip(),
        "kind": spec.kind,
        "modality": spec.modality,
        "language": spec.language,
        "grade_low": spec.grade_low,
        "grade_high": spec.grade_high,
        "url": spec.url.strip(),
        "instructions": spec.instructions.strip(),
        "dok": spec.dok,
        "minutes": spec.minutes,
        "accessibility": spec.accessibility.strip(),
        "quiz": spec.quiz,
    }


def _align(resource: Resource, alignments: Sequence[tuple[int, str]]) -> None:
    wanted = {(int(c), kind) for c, kind in alignments}
    have = set(resource.alignments.values_list("competency_id", "alignment_type"))
    for competency_id, kind in have - wanted:
        resource.alignments.filter(competency_id=competency_id, alignment_type=kind).delete()
    Alignment.objects.bulk_create(
        [
            Alignment(resource=resource, competency_id=c, alignment_type=kind)
            for c, kind in sorted(wanted - have)
        ]
    )


# --- Files ----------------------------------------------------------------------------------------------


def upload_rules() -> uploads.UploadRules:
    """The library takes the portfolio's kinds of file (the same checks), up to its own size limit."""
    chosen = set(settings.PATHMAKER_PORTFOLIO_TYPES)
    return uploads.UploadRules(
        types=tuple(t for t in uploads.TYPES if t.key in chosen),
        limit=settings.PATHMAKER_RESOURCE_MAX_BYTES,
        directory=Path(settings.PATHMAKER_RESOURCE_DIR),
    )


def _refused(refused: uploads.UploadRefused) -> ResourceError:
    words = {
        "scriptable": _(
            "%(file)s is a web page or SVG drawing, which can carry scripts: add a link to it instead"
        ),
        "unknown_type": _("%(file)s is not a kind of file the library takes (%(kinds)s)"),
        "too_big": _("%(file)s is %(size)s; the limit is %(limit)s"),
        "empty": _("%(file)s is empty"),
        "disguised": _("%(file)s is really a web page or SVG drawing, which can carry scripts"),
        "mismatch": _("%(file)s is named like %(label)s, but what is inside is not %(label)s"),
        "macros": _("%(file)s contains macros: save it without them and upload it again"),
        "grew": _("%(file)s is bigger than the limit of %(limit)s"),
    }
    return ResourceError(
        words[refused.reason] % refused.values, code="resources.file_refused", field="upload"
    )


def _store(upload: Any) -> dict[str, Any]:
    rules = upload_rules()
    try:
        checked = uploads.check_upload(upload, rules)
        stored = uploads.store(upload, rules)
    except uploads.UploadRefused as refused:
        raise _refused(refused) from None
    return {
        "stored_name": stored.stored_name,
        "original_name": checked.original_name,
        "content_type": checked.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
    }


def file_path(resource: Resource) -> Path:
    return uploads.path_for(Path(settings.PATHMAKER_RESOURCE_DIR), resource.stored_name)


# --- Resources ------------------------------------------------------------------------------------------


def resource_create(
    *, spec: ResourceSpec, org: Org | None, actor: Actor, upload: Any = None, publish: bool = False
) -> Resource:
    """A teacher's own resource (private, in their school) or a curator's (published when `publish`)."""
    user = actor.user
    if not actor.is_system:
        if publish and not access.may_curate_for(user, org):
            raise ResourceError(_("only a curator publishes here"), code=FORBIDDEN)
        if not publish and not access.may_add_resources(user):
            raise ResourceError(_("only staff add resources"), code=FORBIDDEN)
    check_spec(spec, upload=upload)
    stored = _store(upload) if spec.kind == Resource.Kind.FILE else {}
    try:
        with transaction.atomic():
            resource = create_row(spec, org=org, actor=actor, stored=stored, publish=publish)
    except BaseException:
        if stored:
            uploads.discard(upload_rules().directory, stored["stored_name"])
        raise
    return resource


@transaction.atomic  # the row, its alignments and its audit row (a savepoint inside an import)
def create_row(
    spec: ResourceSpec,
    *,
    org: Org | None,
    actor: Actor,
    stored: dict[str, Any],
    publish: bool,
    source: str = "",
    source_id: str = "",
) -> Resource:
    now = timezone.now()
    person_id = getattr(actor.user, "person_id", None)
    resource = Resource.objects.create(
        **_fields(spec),
        **stored,
        org=org,
        author_id=None if publish else person_id,
        visibility=Resource.Visibility.PUBLISHED if publish else Resource.Visibility.PRIVATE,
        source=source,
        source_id=source_id,
        created_at=now,
        updated_at=now,
        created_by=actor.user,
    )
    _align(resource, spec.alignments)
    audit_record(
        actor=actor,
        action="resource.create",
        object_type="resource",
        object_id=str(resource.pk),
        detail={"visibility": resource.visibility, "source": source},
    )
    return resource


def resource_edit(*, resource: Resource, spec: ResourceSpec, actor: Actor, upload: Any = None) -> Resource:
    if not actor.is_system and not access.may_edit(actor.user, resource):
        raise ResourceError(_("only its author or its curator edits this resource"), code=FORBIDDEN)
    check_spec(spec, upload=upload, has_file=bool(resource.stored_name))
    stored = _store(upload) if spec.kind == Resource.Kind.FILE and upload is not None else {}
    replaced = resource.stored_name if stored else ""
    directory = upload_rules().directory
    try:
        with transaction.atomic():
            update_row(resource, spec, stored)
            audit_record(
                actor=actor, action="resource.edit", object_type="resource", object_id=str(resource.pk)
            )
            if replaced:  # the old bytes go only once the row no longer names them
                transaction.on_commit(lambda: uploads.discard(directory, replaced))
    except BaseException:
        if stored:
            uploads.discard(directory, stored["stored_name"])
        raise
    return resource


def update_row(resource: Resource, spec: ResourceSpec, stored: dict[str, Any]) -> None:
    for name, value in {**_fields(spec), **stored}.items():
        setattr(resource, name, value)
    resource.updated_at = timezone.now()
    resource.save()
    _align(resource, spec.alignments)


def resource_publish(*, resource: Resource, actor: Actor) -> Resource:
    """The curator publishes: to the whole district (a district resource) or to its school."""
    if not access.may_curate(actor.user, resource) and not actor.is_system:
        raise ResourceError(_("only a curator publishes"), code=FORBIDDEN)
    if not resource.is_active:
        raise ResourceError(_("a retired resource cannot be published"), code="resources.retired")
    return _set_visibility(resource, Resource.Visibility.PUBLISHED, actor, "resource.publish")


def resource_share(*, resource: Resource, actor: Actor) -> Resource:
    """The author shares a private resource with their school's staff."""
    if not access.may_share(actor.user, resource):
        raise ResourceError(_("only its author shares a resource with the school"), code=FORBIDDEN)
    if resource.visibility != Resource.Visibility.PRIVATE:
        raise ResourceError(_("this resource is already shared"), code="resources.already_shared")
    return _set_visibility(resource, Resource.Visibility.SCHOOL, actor, "resource.share")


def _set_visibility(resource: Resource, visibility: str, actor: Actor, action: str) -> Resource:
    with transaction.atomic():
        resource.visibility = visibility
        resource.updated_at = timezone.now()
        resource.save(update_fields=["visibility", "updated_at"])
        audit_record(actor=actor, action=action, object_type="resource", object_id=str(resource.pk))
    return resource


def resource_retire(*, resource: Resource, actor: Actor) -> Resource:
    """Kept (playlists point at it) but offered no more; its open flags are resolved with it."""
    if not actor.is_system and not access.may_edit(actor.user, resource):
        raise ResourceError(_("only its author or its curator retires this resource"), code=FORBIDDEN)
    if not resource.is_active:
        raise ResourceError(_("this resource is already retired"), code="resources.retired")
    now = timezone.now()
    with transaction.atomic():
        resource.is_active = False
        resource.updated_at = now
        resource.save(update_fields=["is_active", "updated_at"])
        resource.flags.filter(resolved_at__isnull=True).update(resolved_at=now, resolved_by=actor.user)
        audit_record(
            actor=actor, action="resource.retire", object_type="resource", object_id=str(resource.pk)
        )
    return resource


# --- Ratings --------------------------------------------------------------------------------------------


def rating_set(*, resource: Resource, stars: int, review: str = "", actor: Actor) -> Rating:
    """A teacher's rating: the first one is added, a second replaces it (one per teacher, a DB constraint)."""
    if not access.may_rate(actor.user, resource):
        raise ResourceError(_("only teachers rate resources"), code=FORBIDDEN)
    if not 1 <= int(stars) <= 5:
        raise ResourceError(_("choose 1 to 5 stars"), code="resources.bad_stars", field="stars")
    if len(review) > MAX_TEXT_CHARS:
        raise ResourceError(
            _("keep the review to %(max)d characters") % {"max": MAX_TEXT_CHARS},
            code="resources.text_too_long",
            field="review",
        )
    now = timezone.now()
    with transaction.atomic():
        rating, created = Rating.objects.update_or_create(
            resource=resource,
            rater=actor.user,
            defaults={"stars": int(stars), "review": review.strip(), "updated_at": now},
            create_defaults={
                "stars": int(stars),
                "review": review.strip(),
                "created_at": now,
                "updated_at": now,
            },
        )
        audit_record(
            actor=actor,
            action="resource.rate" if created else "resource.rerate",
            object_type="resource",
            object_id=str(resource.pk),
            detail={"stars": int(stars)},
        )
    return rating


# --- Flags ----------------------------------------------------------------------------------------------


def flag_raise(*, resource: Resource, reason: str, detail: str = "", actor: Actor) -> Flag | None:
    """Tell the curator; an open flag for the same reason is kept (None: nothing new was raised)."""
    if reason not in Flag.Reason.values:
        raise ResourceError(_("no such reason"), code="resources.bad_flag_reason", field="reason")
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                resource=resource, reason=reason, detail=detail, raised_at=timezone.now()
            )
            audit_record(
                actor=actor,
                action="resource.flag",
                object_type="resource",
                object_id=str(resource.pk),
                detail={"reason": reason, "detail": detail},
            )
    except IntegrityError:  # one_open_flag_per_reason: already flagged and not yet resolved
        return None
    return flag


def flag_resolve(*, flag: Flag, actor: Actor) -> Flag:
    if not access.may_curate(actor.user, flag.resource):
        raise ResourceError(_("only the resource's curator resolves its flags"), code=FORBIDDEN)
    if flag.resolved_at is not None:
        raise ResourceError(_("this flag is already resolved"), code="resources.flag_resolved")
    with transaction.atomic():
        flag.resolved_at = timezone.now()
        flag.resolved_by = actor.user
        flag.save(update_fields=["resolved_at", "resolved_by"])
        audit_record(
            actor=actor,
            action="resource.flag_resolve",
            object_type="resource",
            object_id=str(flag.resource_id),
            detail={"reason": flag.reason},
        )
    return flag


def flags_raise_for_retired_competencies(*, actor: Actor) -> int:
    """Flag every active resource aligned to a retired competency (once per resource); the count raised."""
    raised = 0
    rows = (
        Alignment.objects.filter(competency__is_retired=True, resource__is_active=True)
        .values_list("resource_id", "competency__human_coding_scheme", "competency__identifier")
        .order_by("resource_id")
    )
    retired: dict[int, list[str]] = {}
    for resource_id, code, identifier in rows:
        retired.setdefault(resource_id, []).append(code or identifier)
    for resource in Resource.objects.filter(pk__in=retired):
        if flag_raise(
            resource=resource,
            reason=Flag.Reason.RETIRED_COMPETENCY,
            detail=", ".join(sorted(retired[resource.pk])),
            actor=actor,
        ):
            raised += 1
    return raised


def link_result_record(
    *, resource: Resource, ok: bool, detail: str, checked_at: dt.datetime, actor: Actor
) -> None:
    """What the link checker found: the status is kept, and a dead link is flagged to the curator."""
    with transaction.atomic():
        resource.link_status = "ok" if ok else "dead"
        resource.link_checked_at = checked_at
        resource.save(update_fields=["link_status", "link_checked_at"])
    if not ok:
        flag_raise(resource=resource, reason=Flag.Reason.DEAD_LINK, detail=detail, actor=actor)
