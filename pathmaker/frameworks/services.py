"""Writes to frameworks: CASE imports, the district's own competencies (versioned), scales, rubrics, alignment."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.frameworks.case.importer import ImportResult, apply_package
from pathmaker.frameworks.case.package import PackageRefused, read_package
from pathmaker.frameworks.models import (
    Association,
    CaseImport,
    Competency,
    CompetencyVersion,
    CourseCompetency,
    Framework,
    ProficiencyScale,
    Rubric,
    RubricCriterion,
    RubricLevel,
    ScaleAssignment,
    ScaleLevel,
)
from pathmaker.lib.errors import DomainError
from pathmaker.rostering.models import Course, Org

logger = logging.getLogger(__name__)


class FrameworkError(DomainError):
    """A request that breaks a framework rule; the message says which."""

    code = "frameworks.invalid"


SCHOOL_CAP_REACHED = "frameworks.school_cap_reached"


def case_import(
    *, raw: bytes, source_name: str, actor: Actor, keep_first_duplicate: bool = False
) -> CaseImport:
    """Import a CASE package: applies whole or not at all; the returned record says what happened.

    `keep_first_duplicate`: two different objects sharing an identifier refuse the package unless the
    importer chose to keep the first of each (the choice is kept in the record's summary)."""
    now = timezone.now()
    try:
        package = read_package(raw, source_name=source_name, keep_first_duplicate=keep_first_duplicate)
        with transaction.atomic():  # the package, its record and its audit row: all or nothing
            result: ImportResult = apply_package(package, actor=actor, now=now)
            record = CaseImport.objects.create(
                source_name=source_name,
                status="succeeded",
                framework=result.framework,
                started_by=actor.user,
                created_at=now,
                summary=result.summary,
                warnings=result.warnings,
            )
            audit_record(
                actor=actor,
                action="framework.import",
                object_type="framework",
                object_id=result.framework.identifier,
                detail={"source": source_name, **result.summary},
            )
    except PackageRefused as refused:
        return _case_import_refused(
            refused, source_name=source_name, actor=actor, now=now, keep_first_duplicate=keep_first_duplicate
        )
    except Exception as crash:  # noqa: BLE001 - a crash must still leave a record; nothing was applied
        return _case_import_crashed(crash, source_name=source_name, actor=actor, now=now)
    return record


@transaction.atomic
def _case_import_refused(
    refused: PackageRefused, *, source_name: str, actor: Actor, now: Any, keep_first_duplicate: bool
) -> CaseImport:
    record = CaseImport.objects.create(
        source_name=source_name,
        status="rejected",
        started_by=actor.user,
        created_at=now,
        errors=refused.errors,
        warnings=refused.warnings,
        summary={"duplicates": {"keep_first_duplicate": keep_first_duplicate}},
    )
    audit_record(
        actor=actor,
        action="framework.import_rejected",
        object_type="case_import",
        object_id=str(record.pk),
        detail={"source": source_name, "errors": len(refused.errors)},
    )
    return record


@transaction.atomic
def _case_import_crashed(crash: Exception, *, source_name: str, actor: Actor, now: Any) -> CaseImport:
    """An import that failed on a defect rather than a refusal: the package's one transaction rolled
    back, and the district still sees a record of the attempt (and the audit log says who tried)."""
    logger.exception("CASE import of %s crashed", source_name)
    record = CaseImport.objects.create(
        source_name=source_name,
        status="failed",
        started_by=actor.user,
        created_at=now,
        errors=[
            gettext("The import stopped on an unexpected error (%(error)s); nothing was changed.")
            % {"error": type(crash).__name__}
        ],
    )
    audit_record(
        actor=actor,
        action="framework.import_failed",
        object_type="case_import",
        object_id=str(record.pk),
        detail={"source": source_name, "error": type(crash).__name__},
    )
    return record


@transaction.atomic
def framework_create(*, title: str, description: str, actor: Actor) -> Framework:
    now = timezone.now()
    framework = Framework.objects.create(
        identifier=str(uuid.uuid4()),
        title=title,
        description=description,
        creator="Pathmaker",
        is_district_owned=True,
        case_version="1.1",
        language="en",
        adoption_status="Draft",
        created_at=now,
        updated_at=now,
    )
    audit_record(
        actor=actor, action="framework.create", object_type="framework", object_id=framework.identifier
    )
    return framework


@transaction.atomic
def framework_edit(
    *, framework: Framework, actor: Actor, title: str, description: str, version: str, adoption_status: str
) -> Framework:
    """Change a district framework's own details (its competencies are edited one by one, versioned)."""
    _require_editable(framework)
    if not title.strip():
        raise FrameworkError("a framework needs a title")
    changes = {
        name: value
        for name, value in (
            ("title", title.strip()),
            ("description", description),
            ("version", version),
            ("adoption_status", adoption_status),
        )
        if getattr(framework, name) != value
    }
    if not changes:
        return framework
    before = {name: getattr(framework, name) for name in changes}
    now = timezone.now()
    for name, value in changes.items():
        setattr(framework, name, value)
    framework.updated_at, framework.last_change = now, now.isoformat()
    framework.save()
    audit_record(
        actor=actor,
        action="framework.edit",
        object_type="framework",
        object_id=framework.identifier,
        detail={"before": before, "after": changes},
    )
    return framework


def _require_editable(framework: Framework) -> None:
    if not framework.is_district_owned:
        raise FrameworkError(
            f"{framework.title} is published by {framework.publisher or framework.creator or 'its publisher'}; "
            "import a newer version of its package instead of editing it",
            code="frameworks.published_read_only",
        )


@transaction.atomic
def competency_create(
    *,
    framework: Framework,
    full_statement: str,
    human_coding_scheme: str = "",
    kind: str = Competency.Kind.GRADUATION_COMPETENCY,
    item_type: str = "",
    parent: Competency | None = None,
    education_levels: list[str] | None = None,
    actor: Actor,
) -> Competency:
    _require_editable(framework)
    if not full_statement.strip():
        raise FrameworkError("a competency needs a statement")
    if parent is not None and parent.framework_id != framework.pk:
        raise FrameworkError("the parent must belong to the same framework")
    now = timezone.now()
    siblings = Competency.objects.filter(framework=framework, parent=parent, is_retired=False).count()
    competency = Competency.objects.create(
        framework=framework,
        identifier=str(uuid.uuid4()),
        full_statement=full_statement.strip(),
        human_coding_scheme=human_coding_scheme.strip(),
        kind=kind,
        item_type=item_type or Competency.Kind(kind).label,
        education_levels=education_levels or [],
        language=framework.language,
        parent=parent,
        position=siblings + 1,
        created_at=now,
        updated_at=now,
    )
    destination = parent or None
    Association.objects.create(
        framework=framework,
        identifier=str(uuid.uuid4()),
        association_type=Association.Type.IS_CHILD_OF,
        origin=competency,
        origin_identifier=competency.identifier,
        origin_title=competency.short_statement,
        origin_uri=_own("CFItems", competency.identifier),
        destination=destination,
        destination_identifier=destination.identifier if destination else framework.identifier,
        destination_title=destination.short_statement if destination else framework.title,
        destination_uri=_own("CFItems", destination.identifier)
        if destination
        else _own("CFDocuments", framework.identifier),
        sequence_number=siblings + 1,
        last_change=now.isoformat(),
    )
    CompetencyVersion.objects.create(
        competency=competency,
        version=1,
        full_statement=competency.full_statement,
        human_coding_scheme=competency.human_coding_scheme,
        item_type=competency.item_type,
        education_levels=competency.education_levels,
        source="edit",
        changed_by=actor.user,
        changed_at=now,
    )
    _touch(framework, now)
    audit_record(
        actor=actor, action="competency.create", object_type="competency", object_id=competency.identifier
    )
    return competency


def _own(kind: str, identifier: str) -> str:
    return f"{settings.PATHMAKER_BASE_URL.rstrip('/')}/ims/case/v1p1/{kind}/{identifier}"


def _touch(framework: Framework, now: Any) -> None:
    Framework.objects.filter(pk=framework.pk).update(updated_at=now, last_change=now.isoformat())


@transaction.atomic
def competency_edit(
    *,
    competency: Competency,
    actor: Actor,
    full_statement: str | None = None,
    human_coding_scheme: str | None = None,
    kind: str | None = None,
    education_levels: list[str] | None = None,
) -> Competency:
    """Change a district competency. A new wording is a new version; the old one stays visible."""
    _require_editable(competency.framework)
    changes = {
        name: value
        for name, value in (
            ("full_statement", full_statement),
            ("human_coding_scheme", human_coding_scheme),
            ("kind", kind),
            ("education_levels", education_levels),
        )
        if value is not None and getattr(competency, name) != value
    }
    if not changes:
        return competency
    if full_statement is not None and "full_statement" in changes and not full_statement.strip():
        raise FrameworkError("a competency needs a statement")
    now = timezone.now()
    for name, value in changes.items():
        setattr(competency, name, value)
    competency.version += 1
    competency.updated_at = now
    competency.last_change = now.isoformat()
    competency.save()
    CompetencyVersion.objects.create(
        competency=competency,
        version=competency.version,
        full_statement=competency.full_statement,
        abbreviated_statement=competency.abbreviated_statement,
        human_coding_scheme=competency.human_coding_scheme,
        item_type=competency.item_type,
        education_levels=competency.education_levels,
        source="edit",
        changed_by=actor.user,
        changed_at=now,
    )
    _touch(competency.framework, now)
    audit_record(
        actor=actor,
        action="competency.edit",
        object_type="competency",
        object_id=competency.identifier,
        detail={"changed": sorted(changes), "version": competency.version},
    )
    return competency


@transaction.atomic
def competency_retire(*, competency: Competency, actor: Actor) -> None:
    _require_editable(competency.framework)
    now = timezone.now()
    Competency.objects.filter(pk=competency.pk).update(is_retired=True, retired_at=now, updated_at=now)
    audit_record(
        actor=actor, action="competency.retire", object_type="competency", object_id=competency.identifier
    )


@transaction.atomic
def association_create(
    *, origin: Competency, destination: Competency, association_type: str, actor: Actor
) -> Association:
    """Link two competencies (e.g. a prerequisite, or a crosswalk from a state standard to a district competency)."""
    if association_type not in Association.Type.values or association_type == Association.Type.IS_CHILD_OF:
        raise FrameworkError(f"{association_type!r} cannot be added here")
    if origin.pk == destination.pk:
        raise FrameworkError("a competency cannot be linked to itself")
    if Association.objects.filter(
        origin=origin, destination=destination, association_type=association_type, is_retired=False
    ).exists():
        raise FrameworkError("these two competencies are already linked that way")
    owner = origin.framework if origin.framework.is_district_owned else destination.framework
    if not owner.is_district_owned:
        raise FrameworkError("links are kept in a district framework: one end must be a district competency")
    association = Association.objects.create(
        framework=owner,
        identifier=str(uuid.uuid4()),
        association_type=association_type,
        origin=origin,
        origin_identifier=origin.identifier,
        origin_title=origin.short_statement,
        origin_uri=origin.uri or _own("CFItems", origin.identifier),
        destination=destination,
        destination_identifier=destination.identifier,
        destination_title=destination.short_statement,
        destination_uri=destination.uri or _own("CFItems", destination.identifier),
        last_change=timezone.now().isoformat(),
    )
    audit_record(
        actor=actor,
        action="association.create",
        object_type="association",
        object_id=association.identifier,
        detail={"type": association_type},
    )
    return association


@dataclass(frozen=True)
class LevelSpec:
    value: Decimal
    label: str
    description: str = ""


@transaction.atomic
def scale_create(
    *, name: str, levels: list[LevelSpec], mastery_value: Decimal, description: str = "", actor: Actor
) -> ProficiencyScale:
    if len(levels) < 2:
        raise FrameworkError("a scale needs at least two levels")
    values = [level.value for level in levels]
    if len(set(values)) != len(values):
        raise FrameworkError("each level needs its own value")
    if mastery_value not in values:
        raise FrameworkError(f"the mastery level {mastery_value} is not one of the scale's levels")
    try:
        with transaction.atomic():  # the name is unique in the database (a savepoint: the caller's goes on)
            scale = ProficiencyScale.objects.create(
                name=name, description=description, mastery_value=mastery_value, created_at=timezone.now()
            )
    except IntegrityError:
        raise FrameworkError(
            f"a scale named {name!r} already exists", code="frameworks.scale_name_taken", field="name"
        ) from None
    ScaleLevel.objects.bulk_create(
        [
            ScaleLevel(scale=scale, value=level.value, label=level.label, description=level.description)
            for level in levels
        ]
    )
    audit_record(actor=actor, action="scale.create", object_type="scale", object_id=str(scale.pk))
    return scale


@transaction.atomic
def scale_assign(
    *,
    scale: ProficiencyScale,
    actor: Actor,
    framework: Framework | None = None,
    competency: Competency | None = None,
    course: Course | None = None,
) -> ScaleAssignment:
    targets = [t for t in (framework, competency, course) if t is not None]
    if len(targets) != 1:
        raise FrameworkError("a scale is attached to exactly one framework, competency or course")
    # A lookup for update_or_create: Any, since its **kwargs are the model's field lookups.
    target: dict[str, Any] = (
        {"framework": framework}
        if framework
        else {"competency": competency}
        if competency
        else {"course": course}
    )
    assignment, _ = ScaleAssignment.objects.update_or_create(**target, defaults={"scale": scale})
    audit_record(
        actor=actor,
        action="scale.assign",
        object_type="scale",
        object_id=str(scale.pk),
        detail={k: v.pk for k, v in target.items()},
    )
    return assignment


@dataclass(frozen=True)
class CriterionSpec:
    description: str
    competency: Competency | None
    levels: list[tuple[float, str, str]]  # (score, quality, description)


@transaction.atomic
def rubric_create(
    *,
    title: str,
    framework: Framework | None,
    criteria: list[CriterionSpec],
    actor: Actor,
    description: str = "",
) -> Rubric:
    if not criteria or any(len(c.levels) < 2 for c in criteria):
        raise FrameworkError("a rubric needs at least one criterion with at least two levels")
    now = timezone.now().isoformat()  # CASE requires lastChangeDateTime on criteria and levels too
    rubric = Rubric.objects.create(
        framework=framework,
        identifier=str(uuid.uuid4()),
        title=title,
        description=description,
        last_change=now,
    )
    for position, spec in enumerate(criteria, start=1):
        criterion = RubricCriterion.objects.create(
            rubric=rubric,
            identifier=str(uuid.uuid4()),
            description=spec.description,
            competency=spec.competency,
            competency_identifier=spec.competency.identifier if spec.competency else "",
            position=position,
            last_change=now,
        )
        RubricLevel.objects.bulk_create(
            [
                RubricLevel(
                    criterion=criterion,
                    identifier=str(uuid.uuid4()),
                    score=score,
                    quality=quality,
                    description=text,
                    position=i,
                    last_change=now,
                )
                for i, (score, quality, text) in enumerate(spec.levels, start=1)
            ]
        )
    audit_record(actor=actor, action="rubric.create", object_type="rubric", object_id=rubric.identifier)
    return rubric


@transaction.atomic
def course_competency_add(
    *, course: Course, competency: Competency, actor: Actor, school: Org | None = None
) -> CourseCompetency:
    """Align a course to a competency: the district chooses; a school may add a few of its own."""
    if competency.is_retired:
        raise FrameworkError("a retired competency cannot be added to a course")
    # The course row is locked first: two schools' adds (or two tabs of one) are counted one after
    # the other, so the cap and the positions hold under concurrent requests.
    Course.objects.select_for_update().filter(pk=course.pk).first()
    existing = CourseCompetency.objects.filter(course=course, competency=competency).first()
    if existing is not None:
        return existing
    if school is not None:
        added = CourseCompetency.objects.filter(course=course, added_by_school=school).count()
        limit = settings.PATHMAKER_MAX_SCHOOL_COMPETENCIES_PER_COURSE
        if added >= limit:
            raise FrameworkError(
                f"{school.name} has already added {added} competencies to {course.title} "
                f"(the district allows {limit})",
                code=SCHOOL_CAP_REACHED,
            )
    link, created = CourseCompetency.objects.get_or_create(
        course=course,
        competency=competency,
        defaults={
            "added_by_school": school,
            "created_at": timezone.now(),
            "position": CourseCompetency.objects.filter(course=course).count() + 1,
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="course.align",
            object_type="course",
            object_id=course.sourced_id,
            detail={"competency": competency.identifier, "school": school.pk if school else None},
        )
    return link


@transaction.atomic
def course_competency_remove(
    *, course: Course, competency: Competency, actor: Actor, school: Org | None = None
) -> None:
    links = CourseCompetency.objects.filter(course=course, competency=competency)
    if school is not None:
        links = links.filter(added_by_school=school)
    if links.delete()[0]:
        audit_record(
            actor=actor,
            action="course.unalign",
            object_type="course",
            object_id=course.sourced_id,
            detail={"competency": competency.identifier},
        )
