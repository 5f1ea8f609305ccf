"""A framework as a CASE 1.1 CFPackage (and the single objects the CASE REST API serves).

What an import received comes back: modelled fields plus the `extra` properties kept beside them.
Retired items and associations are not part of the current framework and are left out.
Frameworks written in Pathmaker get URIs under the district's own CASE endpoint.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from pathmaker.frameworks.case.importer import DOCUMENT_FIELDS, ITEM_FIELDS
from pathmaker.frameworks.models import Association, Competency, Framework, Rubric

CASE_BASE = "/ims/case/v1p1"


def own_uri(kind: str, identifier: str) -> str:
    return f"{settings.PATHMAKER_BASE_URL.rstrip('/')}{CASE_BASE}/{kind}/{identifier}"


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None, [])}


def document_json(framework: Framework) -> dict[str, Any]:
    values = _present({case: getattr(framework, model) for case, model in DOCUMENT_FIELDS.items()})
    values.setdefault("uri", own_uri("CFDocuments", framework.identifier))
    values.setdefault("lastChangeDateTime", framework.updated_at.isoformat())
    values.setdefault("creator", framework.creator or "Pathmaker")
    return {**values, **framework.extra, "caseVersion": "1.1"}


def item_json(item: Competency) -> dict[str, Any]:
    values = _present({case: getattr(item, model) for case, model in ITEM_FIELDS.items()})
    values.setdefault("uri", own_uri("CFItems", item.identifier))
    values.setdefault("lastChangeDateTime", item.updated_at.isoformat())
    return {**values, **item.extra}


def _node(identifier: str, uri: str, title: str) -> dict[str, str]:
    return {"title": title, "identifier": identifier, "uri": uri}


def association_json(association: Association) -> dict[str, Any]:
    values: dict[str, Any] = {
        "identifier": association.identifier,
        "uri": association.uri or own_uri("CFAssociations", association.identifier),
        "associationType": association.association_type,
        "originNodeURI": _node(
            association.origin_identifier, association.origin_uri, association.origin_title
        ),
        "destinationNodeURI": _node(
            association.destination_identifier, association.destination_uri, association.destination_title
        ),
        "lastChangeDateTime": association.last_change,
    }
    if association.sequence_number is not None:
        values["sequenceNumber"] = association.sequence_number
    return {**_present(values), **association.extra}


def rubric_json(rubric: Rubric) -> dict[str, Any]:
    criteria = []
    for criterion in rubric.criteria.all():
        levels = [
            _present(
                {
                    "identifier": level.identifier,
                    "uri": level.uri or own_uri("CFRubricCriterionLevels", level.identifier),
                    "description": level.description,
                    "quality": level.quality,
                    "score": level.score,
                    "feedback": level.feedback,
                    "position": level.position,
                    "rubricCriterionId": criterion.identifier,
                    "lastChangeDateTime": level.last_change,
                }
            )
            for level in criterion.levels.all()
        ]
        item = (
            _node(criterion.competency_identifier, own_uri("CFItems", criterion.competency_identifier), "")
            if criterion.competency_identifier
            else None
        )
        criteria.append(
            _present(
                {
                    "identifier": criterion.identifier,
                    "uri": criterion.uri or own_uri("CFRubricCriteria", criterion.identifier),
                    "category": criterion.category,
                    "description": criterion.description,
                    "CFItemURI": item,
                    "weight": criterion.weight,
                    "position": criterion.position,
                    "rubricId": rubric.identifier,
                    "lastChangeDateTime": criterion.last_change,
                    "CFRubricCriterionLevels": levels,
                }
            )
        )
    return _present(
        {
            "identifier": rubric.identifier,
            "uri": rubric.uri or own_uri("CFRubrics", rubric.identifier),
            "title": rubric.title,
            "description": rubric.description,
            "lastChangeDateTime": rubric.last_change,
            "CFRubricCriteria": criteria,
        }
    )


def package_json(framework: Framework) -> dict[str, Any]:
    items = framework.competencies.filter(is_retired=False).order_by("id")
    associations = framework.associations.filter(is_retired=False).order_by("id")
    rubrics = framework.rubrics.prefetch_related("criteria__levels").order_by("id")
    definitions = {key: value for key, value in (framework.definitions or {}).items()}
    for key in ("CFConcepts", "CFSubjects", "CFLicenses", "CFItemTypes", "CFAssociationGroupings"):
        definitions.setdefault(key, [])
    return {
        "CFDocument": document_json(framework),
        "CFItems": [item_json(item) for item in items],
        "CFAssociations": [association_json(a) for a in associations],
        "CFDefinitions": definitions,
        "CFRubrics": [rubric_json(r) for r in rubrics],
    }
