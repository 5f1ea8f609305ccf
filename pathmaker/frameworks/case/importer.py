"""Apply a checked CASE package to the database: a new framework, or a newer version of one.

Items and associations are matched by CASE identifier. A changed item gets a new version (its
earlier wording stays in CompetencyVersion); an item missing from the newer package is retired,
never deleted, so evidence recorded against it stays attached; an item that comes back is restored.
Everything happens in one transaction; any error refuses the whole package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import IntegerField

from pathmaker.audit.actor import Actor
from pathmaker.frameworks.case.package import CasePackage, PackageRefused
from pathmaker.frameworks.models import (
    Association,
    Competency,
    CompetencyVersion,
    Framework,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from pathmaker.jobs.bulkwrite import insert_rows

DOCUMENT_FIELDS = {
    "identifier": "identifier",
    "uri": "uri",
    "title": "title",
    "creator": "creator",
    "publisher": "publisher",
    "description": "description",
    "version": "version",
    "language": "language",
    "adoptionStatus": "adoption_status",
    "subject": "subject",
    "officialSourceURL": "official_source_url",
    "notes": "notes",
    "lastChangeDateTime": "last_change",
}
ITEM_FIELDS = {
    "identifier": "identifier",
    "uri": "uri",
    "fullStatement": "full_statement",
    "abbreviatedStatement": "abbreviated_statement",
    "humanCodingScheme": "human_coding_scheme",
    "listEnumeration": "list_enumeration",
    "CFItemType": "item_type",
    "educationLevel": "education_levels",
    "language": "language",
    "notes": "notes",
    "lastChangeDateTime": "last_change",
}
# Changing one of these makes a new version of the competency (its wording or meaning changed).
VERSIONED_FIELDS = (
    "full_statement",
    "abbreviated_statement",
    "human_coding_scheme",
    "item_type",
    "education_levels",
)
LIST_DEFAULTS = {"subject": [], "education_levels": []}


def kind_for(item_type: str) -> str:
    """Pathmaker's kind from the publisher's free-text CFItemType."""
    text = item_type.lower()
    if "habit" in text or "disposition" in text:
        return Competency.Kind.HABIT_OF_WORK
    if "graduat" in text or "portrait" in text:
        return Competency.Kind.GRADUATION_COMPETENCY
    if "skill" in text or "21st" in text or "4c" in text or "cross" in text:
        return Competency.Kind.CROSS_CURRICULAR_SKILL
    if "indicator" in text:
        return Competency.Kind.PERFORMANCE_INDICATOR
    return Competency.Kind.CONTENT_STANDARD


@dataclass
class Changes:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    restored: int = 0
    changed_codes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "retired": self.retired,
            "restored": self.restored,
            "changed": self.changed_codes[:50],
        }


@dataclass
class ImportResult:
    framework: Framework
    items: Changes
    associations: Changes
    rubrics: int
    warnings: list[str]
    duplicates: dict[str, Any] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, Any]:
        return {
            "items": self.items.as_dict(),
            "associations": self.associations.as_dict(),
            "rubrics": self.rubrics,
            "duplicates": self.duplicates,
        }


def _fields(source: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    values = {model: source.get(case, LIST_DEFAULTS.get(model, "")) for case, model in mapping.items()}
    return values


def _extra(source: dict[str, Any], mapping: dict[str, str], kept: dict[str, Any]) -> dict[str, Any]:
    return {**{k: v for k, v in source.items() if k not in mapping}, **kept}


INT32 = range(-(2**31), 2**31)
ASSOCIATION_FIELDS = {
    "identifier": "identifier",
    "uri": "uri",
    "sequenceNumber": "sequence_number",
    "lastChangeDateTime": "last_change",
}
NODE_FIELDS = {"identifier": "identifier", "uri": "uri", "title": "title"}
RUBRIC_FIELDS = {
    "identifier": "identifier",
    "uri": "uri",
    "title": "title",
    "lastChangeDateTime": "last_change",
}
CRITERION_FIELDS = {
    "identifier": "identifier",
    "uri": "uri",
    "category": "category",
    "position": "position",
    "lastChangeDateTime": "last_change",
}
LEVEL_FIELDS = {
    "identifier": "identifier",
    "uri": "uri",
    "quality": "quality",
    "position": "position",
    "lastChangeDateTime": "last_change",
}


def _misfit(model: type[Any], name: str, value: Any) -> str:
    """Why a value does not fit its column (limits read from the model, the same on SQLite and PostgreSQL)."""
    column = model._meta.get_field(name)
    limit = getattr(column, "max_length", None)
    if isinstance(value, str) and limit and len(value) > limit:
        return f"is {len(value):,} characters long; the limit is {limit}"
    if isinstance(column, IntegerField) and isinstance(value, int) and value not in INT32:
        return f"{value} is out of range (at most {INT32.stop - 1:,})"
    return ""


def _misfits(
    where: str, source: Any, model: type[Any], mapping: dict[str, str], prefix: str = ""
) -> list[str]:
    if not isinstance(source, dict):
        return []
    found = ((case, _misfit(model, name, source[case])) for case, name in mapping.items() if case in source)
    return [f"{where}: {prefix}{case} {why}" for case, why in found if why]


def check_sizes(package: CasePackage) -> list[str]:
    """Values longer (or larger) than Pathmaker stores are refused, naming object and property."""
    errors = _misfits(f"CFDocument ({package.identifier})", package.document, Framework, DOCUMENT_FIELDS)
    for i, item in enumerate(package.items):
        errors += _misfits(package.where("CFItems", i), item, Competency, ITEM_FIELDS)
    for i, association in enumerate(package.associations):
        where = package.where("CFAssociations", i)
        errors += _misfits(where, association, Association, ASSOCIATION_FIELDS)
        for end, prefix in (("originNodeURI", "origin"), ("destinationNodeURI", "destination")):
            errors += _misfits(
                where,
                association.get(end),
                Association,
                {case: f"{prefix}_{name}" for case, name in NODE_FIELDS.items()},
                f"{end}.",
            )
    for i, rubric in enumerate(package.rubrics):
        where = package.where("CFRubrics", i)
        errors += _misfits(where, rubric, Rubric, RUBRIC_FIELDS)
        for j, criterion in enumerate(rubric.get("CFRubricCriteria", [])):
            errors += _misfits(f"{where}.CFRubricCriteria[{j}]", criterion, RubricCriterion, CRITERION_FIELDS)
            errors += _misfits(
                f"{where}.CFRubricCriteria[{j}]",
                criterion.get("CFItemURI"),
                RubricCriterion,
                {"identifier": "competency_identifier"},
                "CFItemURI.",
            )
            for k, level in enumerate(criterion.get("CFRubricCriterionLevels", [])):
                errors += _misfits(
                    f"{where}.CFRubricCriteria[{j}].CFRubricCriterionLevels[{k}]",
                    level,
                    RubricLevel,
                    LEVEL_FIELDS,
                )
    return errors


def check_against_database(package: CasePackage) -> list[str]:
    """Identifier collisions with other frameworks, and associations whose origin is nowhere."""
    errors = []
    own = package.identifier
    in_package = {item["identifier"] for item in package.items} | {own}
    items = {item["identifier"]: i for i, item in enumerate(package.items)}
    for identifier, title in (
        Competency.objects.filter(identifier__in=items)
        .exclude(framework__identifier=own)
        .values_list("identifier", "framework__title")
    ):
        i = items[identifier]
        errors.append(
            f"{package.where('CFItems', i)}: identifier already belongs to an item of framework {title!r}"
        )
    if Competency.objects.filter(identifier=own).exists():
        errors.append(f"CFDocument ({own}): identifier already belongs to an item in Pathmaker")
    if Framework.objects.filter(identifier__in=items).exists():
        errors.append("CFItems: an item identifier is already a framework's identifier in Pathmaker")
    associations = {a["identifier"]: i for i, a in enumerate(package.associations)}
    for identifier, title in (
        Association.objects.filter(identifier__in=associations)
        .exclude(framework__identifier=own)
        .values_list("identifier", "framework__title")
    ):
        i = associations[identifier]
        errors.append(
            f"{package.where('CFAssociations', i)}: identifier already belongs to "
            f"an association of framework {title!r}"
        )
    origins = {a["originNodeURI"]["identifier"] for a in package.associations} - in_package
    known = set(Competency.objects.filter(identifier__in=origins).values_list("identifier", flat=True))
    known |= set(Framework.objects.filter(identifier__in=origins).values_list("identifier", flat=True))
    for i, association in enumerate(package.associations):
        origin = association["originNodeURI"]
        if origin["identifier"] not in in_package and origin["identifier"] not in known:
            errors.append(
                f"{package.where('CFAssociations', i)}: origin {origin['identifier']} is not "
                "in this package nor in Pathmaker (points at nothing)"
            )
        for end in ("originNodeURI", "destinationNodeURI"):
            node = association[end]
            if not node.get("uri") and node["identifier"] not in in_package:
                errors.append(
                    f"{package.where('CFAssociations', i)}: {end} {node['identifier']} has no "
                    "URI and is not in this package (points at nothing)"
                )
    return errors


def apply_package(package: CasePackage, *, actor: Actor, now: datetime) -> ImportResult:
    errors = check_sizes(package) or check_against_database(package)
    if errors:
        raise PackageRefused(errors, package.warnings)
    with transaction.atomic():
        framework = _upsert_framework(package, now)
        items = _sync_items(framework, package, actor, now)
        associations = _sync_associations(framework, package, now)
        _rebuild_tree(framework, package)
        rubrics = _sync_rubrics(framework, package)
    warnings = list(package.warnings)
    external = sum(
        1
        for a in Association.objects.filter(framework=framework, is_retired=False).values_list(
            "destination_id", "origin_id", "association_type", "destination_identifier"
        )
        if a[0] is None and a[2] != "isChildOf" and a[3] != framework.identifier
    )
    if external:
        warnings.append(
            f"{external} association(s) point outside Pathmaker (other frameworks or web "
            "resources); kept as links by URI"
        )
    return ImportResult(framework, items, associations, rubrics, warnings, package.duplicates)


def _upsert_framework(package: CasePackage, now: datetime) -> Framework:
    values = _fields(package.document, DOCUMENT_FIELDS)
    values["extra"] = _extra(package.document, DOCUMENT_FIELDS, package.extras.get(package.identifier, {}))
    values["definitions"] = package.definitions
    values["case_version"] = package.case_version
    framework = Framework.objects.filter(identifier=package.identifier).first()
    if framework is None:
        return Framework.objects.create(created_at=now, updated_at=now, **values)
    if any(getattr(framework, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(framework, name, value)
        framework.updated_at = now
        framework.save()
    return framework


ITEM_COLUMNS = [*ITEM_FIELDS.values(), "extra", "kind"]


def _sync_items(framework: Framework, package: CasePackage, actor: Actor, now: datetime) -> Changes:
    changes = Changes()
    existing = {c.identifier: c for c in Competency.objects.filter(framework=framework)}
    new_rows: list[tuple[Any, ...]] = []
    to_update, versions = [], []
    for item in package.items:
        values = _fields(item, ITEM_FIELDS)
        values["extra"] = _extra(item, ITEM_FIELDS, package.extras.get(item["identifier"], {}))
        values["kind"] = kind_for(values["item_type"])
        current = existing.get(item["identifier"])
        if current is None:
            new_rows.append((*(values[c] for c in ITEM_COLUMNS), framework.pk, 1, False, now, now))
            changes.created += 1
            continue
        differs = [name for name, value in values.items() if getattr(current, name) != value]
        if not differs and not current.is_retired:
            changes.unchanged += 1
            continue
        if current.is_retired:
            current.is_retired, current.retired_at = False, None
            changes.restored += 1
        else:
            changes.updated += 1
        changes.changed_codes.append(current.human_coding_scheme or current.identifier)
        if any(name in differs for name in VERSIONED_FIELDS):
            current.version += 1
            versions.append(current)
        for name, value in values.items():
            setattr(current, name, value)
        current.updated_at = now
        to_update.append(current)
    insert_rows(
        Competency,
        [*ITEM_COLUMNS, "framework_id", "version", "is_retired", "created_at", "updated_at"],
        new_rows,
    )
    if to_update:
        Competency.objects.bulk_update(
            to_update, [*ITEM_COLUMNS, "version", "is_retired", "retired_at", "updated_at"], batch_size=500
        )
    if new_rows:
        created = {row[0] for row in new_rows}  # identifier is the first item column
        versions.extend(c for c in Competency.objects.filter(framework=framework) if c.identifier in created)
    changed_by = actor.user.pk if actor.user is not None else None
    insert_rows(
        CompetencyVersion,
        [
            "competency_id",
            "version",
            "full_statement",
            "abbreviated_statement",
            "human_coding_scheme",
            "item_type",
            "education_levels",
            "source",
            "changed_by_id",
            "changed_at",
        ],
        [
            (
                c.pk,
                c.version,
                c.full_statement,
                c.abbreviated_statement,
                c.human_coding_scheme,
                c.item_type,
                c.education_levels,
                "import",
                changed_by,
                now,
            )
            for c in versions
        ],
    )
    present = {item["identifier"] for item in package.items}
    gone = [c.pk for identifier, c in existing.items() if identifier not in present and not c.is_retired]
    Competency.objects.filter(pk__in=gone).update(is_retired=True, retired_at=now, updated_at=now)
    changes.retired = len(gone)
    return changes


def _association_values(association: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    origin, destination = association["originNodeURI"], association["destinationNodeURI"]
    known = {
        "identifier",
        "uri",
        "associationType",
        "originNodeURI",
        "destinationNodeURI",
        "sequenceNumber",
        "lastChangeDateTime",
    }
    return {
        "uri": association.get("uri", ""),
        "association_type": association["associationType"],
        "origin_identifier": origin["identifier"],
        "origin_uri": origin.get("uri", ""),
        "origin_title": origin.get("title", ""),
        "origin_id": ids.get(origin["identifier"]),
        "destination_identifier": destination["identifier"],
        "destination_uri": destination.get("uri", ""),
        "destination_title": destination.get("title", ""),
        "destination_id": ids.get(destination["identifier"]),
        "sequence_number": association.get("sequenceNumber"),
        "last_change": association.get("lastChangeDateTime", ""),
        "extra": {k: v for k, v in association.items() if k not in known},
    }


def _sync_associations(framework: Framework, package: CasePackage, now: datetime) -> Changes:
    changes = Changes()
    ends = {a["originNodeURI"]["identifier"] for a in package.associations} | {
        a["destinationNodeURI"]["identifier"] for a in package.associations
    }
    ids = dict(Competency.objects.filter(identifier__in=ends).values_list("identifier", "id"))
    existing = {a.identifier: a for a in Association.objects.filter(framework=framework)}
    to_create, to_update = [], []
    for association in package.associations:
        values = _association_values(association, ids)
        values["extra"] = {**values["extra"], **package.extras.get(association["identifier"], {})}
        current = existing.get(association["identifier"])
        if current is None:
            to_create.append(Association(framework=framework, identifier=association["identifier"], **values))
            changes.created += 1
        elif current.is_retired or any(getattr(current, k) != v for k, v in values.items()):
            changes.restored += current.is_retired
            changes.updated += not current.is_retired
            current.is_retired = False
            for name, value in values.items():
                setattr(current, name, value)
            to_update.append(current)
        else:
            changes.unchanged += 1
    columns = ["framework_id", "identifier", *_association_values(package.associations[0], ids)]
    insert_rows(
        Association,
        [*columns, "is_retired"],
        [(a.framework_id, *(getattr(a, c) for c in columns[1:]), False) for a in to_create],
    )
    if to_update:
        fields = [*_association_values(package.associations[0], ids), "is_retired"]
        Association.objects.bulk_update(to_update, fields, batch_size=500)
    present = {a["identifier"] for a in package.associations}
    gone = [a.pk for identifier, a in existing.items() if identifier not in present and not a.is_retired]
    Association.objects.filter(pk__in=gone).update(is_retired=True)
    changes.retired = len(gone)
    # Associations elsewhere that name these items by identifier (crosswalks imported earlier) link up now.
    for end in ("origin", "destination"):
        for association in Association.objects.filter(
            **{f"{end}__isnull": True, f"{end}_identifier__in": list(ids)}
        ):
            setattr(association, f"{end}_id", ids[getattr(association, f"{end}_identifier")])
            association.save(update_fields=[f"{end}_id"])
    return changes


def _rebuild_tree(framework: Framework, package: CasePackage) -> None:
    """parent and position from isChildOf: the lowest sequenceNumber wins when an item has several parents."""
    best: dict[str, tuple[int, str]] = {}
    for association in package.associations:
        if association["associationType"] != "isChildOf":
            continue
        child = association["originNodeURI"]["identifier"]
        rank = association.get("sequenceNumber")
        rank = rank if isinstance(rank, int) else 10**9
        if child not in best or rank < best[child][0]:
            best[child] = (rank, association["destinationNodeURI"]["identifier"])
    ids = dict(Competency.objects.filter(framework=framework).values_list("identifier", "id"))
    changed = []
    for competency in Competency.objects.filter(framework=framework, is_retired=False):
        rank, parent = best.get(competency.identifier, (None, None))
        parent_id = ids.get(parent) if parent else None
        position = rank if rank is not None and rank < 10**9 else None
        if (competency.parent_id, competency.position) != (parent_id, position):
            competency.parent_id, competency.position = parent_id, position
            changed.append(competency)
    Competency.objects.bulk_update(changed, ["parent", "position"], batch_size=500)


def _sync_rubrics(framework: Framework, package: CasePackage) -> int:
    ids = dict(Competency.objects.filter(framework=framework).values_list("identifier", "id"))
    for rubric in package.rubrics:
        record, _ = Rubric.objects.update_or_create(
            identifier=rubric["identifier"],
            defaults={
                "framework": framework,
                "uri": rubric.get("uri", ""),
                "title": rubric.get("title", ""),
                "description": rubric.get("description", ""),
                "last_change": rubric.get("lastChangeDateTime", ""),
            },
        )
        for criterion in rubric.get("CFRubricCriteria", []):
            item = criterion.get("CFItemURI", {}).get("identifier", "")
            saved, _ = RubricCriterion.objects.update_or_create(
                identifier=criterion["identifier"],
                defaults={
                    "rubric": record,
                    "uri": criterion.get("uri", ""),
                    "category": criterion.get("category", ""),
                    "description": criterion.get("description", ""),
                    "competency_id": ids.get(item),
                    "competency_identifier": item,
                    "weight": criterion.get("weight"),
                    "position": criterion.get("position"),
                    "last_change": criterion.get("lastChangeDateTime", ""),
                },
            )
            for level in criterion.get("CFRubricCriterionLevels", []):
                RubricLevel.objects.update_or_create(
                    identifier=level["identifier"],
                    defaults={
                        "criterion": saved,
                        "uri": level.get("uri", ""),
                        "description": level.get("description", ""),
                        "quality": level.get("quality", ""),
                        "score": level.get("score"),
                        "feedback": level.get("feedback", ""),
                        "position": level.get("position"),
                        "last_change": level.get("lastChangeDateTime", ""),
                    },
                )
    return len(package.rubrics)
