"""Writing a portfolio: the student adds, edits and removes their work; a teacher turns it into evidence.

Each service is one transaction with one audit row. Who may write is asked of the access rule: the
caller passes the `ProfileAccess` it got from `profile_part_or_404(user, student_id, "portfolio")`;
turning work into evidence asks `can_record_evidence`. A refused change raises PortfolioError
(with the form field it is about) and leaves nothing behind: no row, no file on disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.components.text import sentence
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency
from pathmaker.lib.errors import DomainError
from pathmaker.mastery.recording import EvidenceError, evidence_record
from pathmaker.portfolios import files, selectors
from pathmaker.portfolios.access import may_make_evidence_of
from pathmaker.portfolios.models import PortfolioItem
from pathmaker.profiles.access import ProfileAccess

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 4000
MAX_URL_CHARS = 1000


class PortfolioError(DomainError):
    """A portfolio change that cannot be made as asked; the message says why, in plain words.

    `field` names the form field it is about ("file", "url", "title"...), or is None."""

    code = "portfolios.invalid"


FORBIDDEN = "portfolios.forbidden"


def _title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise PortfolioError(_("Give the work a title."), field="title")
    if len(title) > MAX_TITLE_CHARS:
        raise PortfolioError(
            _("The title is %(count)d characters; keep it under %(limit)d.")
            % {"count": len(title), "limit": MAX_TITLE_CHARS},
            field="title",
        )
    return title


def _text(text: str, field: str, what: str) -> str:
    text = text.strip()
    if len(text) > MAX_TEXT_CHARS:
        raise PortfolioError(
            _("%(what)s is %(count)d characters; keep it under %(limit)d.")
            % {"what": what, "count": len(text), "limit": MAX_TEXT_CHARS},
            field=field,
        )
    return text


def clean_link(url: str) -> str:
    """An http or https address, whole; anything else (javascript:, data:, file:...) is refused."""
    url = url.strip()
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    if scheme not in {"http", "https"}:
        raise PortfolioError(
            _("A link must start with http:// or https:// (“%(url)s” does not).") % {"url": url[:80]},
            field="url",
        )
    if len(url) > MAX_URL_CHARS:
        raise PortfolioError(
            _("The link is %(count)d characters; the longest Pathmaker keeps is %(limit)d.")
            % {"count": len(url), "limit": MAX_URL_CHARS},
            field="url",
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise PortfolioError(
            _("“%(url)s” is not a complete web address (for example https://example.org/my-video).")
            % {"url": url[:80]},
            field="url",
        ) from None
    return url


def _tags(access: ProfileAccess, competencies: Iterable[Competency]) -> list[Competency]:
    chosen = list(competencies)
    allowed = set(selectors.course_competencies(access.student).values_list("pk", flat=True))
    stray = [c for c in chosen if c.pk not in allowed]
    if stray:
        raise PortfolioError(
            _("%(competency)s is not a competency of your courses.") % {"competency": stray[0]},
            field="competencies",
        )
    return chosen


def _require_owner(access: ProfileAccess) -> None:
    if not access.may_write_own:
        raise PortfolioError(_("Only the student adds to and changes their own portfolio."), code=FORBIDDEN)


@transaction.atomic
def portfolio_item_add(
    *,
    access: ProfileAccess,
    actor: Actor,
    title: str,
    upload: Any = None,
    url: str = "",
    description: str = "",
    reflection: str = "",
    competencies: Iterable[Competency] = (),
    featured: bool = False,
) -> PortfolioItem:
    """The student adds a file they made or a link to their work, with tags and a reflection."""
    _require_owner(access)
    title = _title(title)
    description = _text(description, "description", _("The description"))
    reflection = _text(reflection, "reflection", _("The reflection"))
    tags = _tags(access, competencies)
    if upload is not None and url.strip():
        raise PortfolioError(_("Upload a file or give a link, not both."), field="file")
    if upload is None and not url.strip():
        raise PortfolioError(_("Choose a file to upload, or give a link to your work."), field="file")
    now = timezone.now()
    item = PortfolioItem(
        student=access.student,
        title=title,
        description=description,
        reflection=reflection,
        featured=featured,
        created_at=now,
        updated_at=now,
    )
    if upload is None:
        item.kind, item.url = PortfolioItem.Kind.LINK, clean_link(url)
    else:
        try:
            checked = files.check_upload(upload)
        except files.FileRefused as refused:
            raise PortfolioError(str(refused), code=refused.code, field="file") from None
        try:
            stored = files.store(upload)
        except files.FileRefused as refused:
            raise PortfolioError(str(refused), code=refused.code, field="file") from None
        item.kind, item.stored_name, item.sha256, item.size = (
            PortfolioItem.Kind.FILE,
            stored.stored_name,
            stored.sha256,
            stored.size,
        )
        item.original_name, item.content_type = checked.original_name, checked.content_type
    try:
        item.save()
        item.competencies.set(tags)
        audit_record(
            actor=actor,
            action="portfolio.add",
            object_type="portfolio_item",
            object_id=str(item.pk),
            student_id=access.student.pk,
            detail={
                "kind": item.kind,
                "title": title,
                "name": item.original_name,
                "size": item.size,
                "sha256": item.sha256,
                "content_type": item.content_type,
                "competencies": [c.pk for c in tags],
                "featured": featured,
            },
        )
    except BaseException:
        if item.stored_name:
            files.discard(item.stored_name)  # the row was not saved: keep no bytes without it
        raise
    return item


@transaction.atomic
def portfolio_item_edit(
    *,
    access: ProfileAccess,
    item: PortfolioItem,
    actor: Actor,
    title: str,
    reflection: str,
    competencies: Iterable[Competency],
    featured: bool,
    description: str | None = None,
) -> PortfolioItem:
    """The student renames their work, rewrites the reflection, retags it or features it."""
    _require_owner(access)
    if item.student_id != access.student.pk or item.is_removed:
        raise PortfolioError(_("This work is no longer in the portfolio."))
    tags = _tags(access, competencies)
    before = {
        "title": item.title,
        "featured": item.featured,
        "competencies": sorted(item.competencies.values_list("pk", flat=True)),
    }
    item.title = _title(title)
    item.reflection = _text(reflection, "reflection", _("The reflection"))
    if description is not None:
        item.description = _text(description, "description", _("The description"))
    item.featured = featured
    item.updated_at = timezone.now()
    item.save(update_fields=["title", "reflection", "description", "featured", "updated_at"])
    item.competencies.set(tags)
    audit_record(
        actor=actor,
        action="portfolio.edit",
        object_type="portfolio_item",
        object_id=str(item.pk),
        student_id=item.student_id,
        detail={
            "before": before,
            "after": {"title": item.title, "featured": featured, "competencies": sorted(c.pk for c in tags)},
        },
    )
    return item


@transaction.atomic
def portfolio_item_remove(*, access: ProfileAccess, item: PortfolioItem, actor: Actor) -> None:
    """The student takes work out of their portfolio. It is hidden everywhere; the row and the file are
    kept for the audit trail (and for any evidence a teacher made of it)."""
    _require_owner(access)
    if item.student_id != access.student.pk or item.is_removed:
        raise PortfolioError(_("This work is no longer in the portfolio."))
    now = timezone.now()
    PortfolioItem.objects.filter(pk=item.pk).update(removed_at=now, updated_at=now, featured=False)
    item.removed_at, item.updated_at, item.featured = now, now, False
    audit_record(
        actor=actor,
        action="portfolio.remove",
        object_type="portfolio_item",
        object_id=str(item.pk),
        student_id=item.student_id,
        detail={"title": item.title},
    )


def item_url(item: PortfolioItem, site: str | None = None) -> str:
    """The item page's full address, which the evidence links to: on the site the teacher is using
    (`site`, from the web layer), else on PATHMAKER_BASE_URL (the demo, a command)."""
    return (site or settings.PATHMAKER_BASE_URL).rstrip("/") + selectors.item_path(item)


@transaction.atomic
def portfolio_item_to_evidence(
    *,
    item: PortfolioItem,
    actor: Actor,
    competency: Competency,
    score: Decimal,
    demonstrated_on: dt.date,
    feedback: str = "",
    site: str | None = None,
) -> Evidence:
    """A teacher records the work as evidence of one competency; the student's level updates at once."""
    if not may_make_evidence_of(actor.user, item.student):
        raise PortfolioError(
            _("Only the student's teachers, school leaders and the district record evidence."), code=FORBIDDEN
        )
    if item.is_removed:
        raise PortfolioError(_("The student removed this work from their portfolio."))
    tagged, others = selectors.evidence_choices(item)
    if competency.pk not in {c.pk for c in tagged + others}:
        raise PortfolioError(
            _("%(competency)s is not one of this work's tags or a competency of the student's courses.")
            % {"competency": competency},
            field="competency",
        )
    already = [e for e in selectors.evidence_from(item) if e.competency_id == competency.pk]
    if already:
        raise PortfolioError(
            _(
                "This work is already evidence of %(competency)s (score %(score)s on %(day)s): "
                "correct that evidence instead."
            )
            % {
                "competency": competency,
                "score": f"{float(already[0].score or 0):g}",
                "day": already[0].demonstrated_on.isoformat(),
            },
            field="competency",
        )
    feedback = _text(feedback, "feedback", _("The feedback"))
    try:
        evidence = evidence_record(
            student=item.student,
            competency=competency,
            score=score,
            demonstrated_on=demonstrated_on,
            kind=Evidence.Kind.PORTFOLIO_ITEM,
            actor=actor,
            link=item_url(item, site),
            feedback=feedback,
        )
    except EvidenceError as error:
        raise PortfolioError(sentence(error), code=error.code, field=error.field) from None
    PortfolioItem.objects.filter(pk=item.pk).update(evidence=evidence, evidence_by=actor.user)
    item.evidence, item.evidence_by = evidence, actor.user
    audit_record(
        actor=actor,
        action="portfolio.to_evidence",
        object_type="portfolio_item",
        object_id=str(item.pk),
        student_id=item.student_id,
        detail={"evidence": evidence.pk, "competency": competency.identifier, "score": str(score)},
    )
    return evidence
