"""Read a CASE 1.0/1.1 CFPackage (JSON) into a checked, normalised package. Pure: no Django, no database.

Checks, in order:
1. JSON, with a CFDocument.
2. Harmless deviations real publishers produce are normalised, each reported as a warning:
   numbers written as strings (`"sequenceNumber": "1"`), null values, a CFPackageURI given as
   a plain string, properties the 1.0 schema does not know (CASE 1.1 additions such as
   `caseVersion`, or a publisher's extensions: kept as they are, for export).
3. The result is validated against the CASE 1.0 CFPackage JSON schema; what still fails is an
   error naming the object (its list, index and identifier) and property.
4. The structure must hold: identifiers unique across the package; isChildOf links from an item
   of the package to the document or another of its items; no isChildOf cycle.
References to nodes outside the package (crosswalks to other frameworks) are checked by the
importer, which knows what the database holds.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

SCHEMA_PATH = Path(__file__).with_name("case-v1p0-cfpackage-schema.json")
LISTS = ("CFItems", "CFAssociations", "CFRubrics")
INTEGER_FIELDS = frozenset({"sequenceNumber", "position", "score"})
NUMBER_FIELDS = frozenset({"weight", "score"})
# Where each object kind sits in the schema's definitions, to know which properties 1.0 defines.
DEFINITION_OF = {
    "CFDocument": "CFPackageDocument",
    "CFItems": "CFPackageItem",
    "CFAssociations": "CFPackageAssociation",
    "CFRubrics": "CFRubric",
    "CFRubricCriteria": "CFRubricCriterion",
    "CFRubricCriterionLevels": "CFRubricCriterionLevel",
}
# Standard CASE properties the 1.0 package schema leaves out (link objects of the REST binding, CASE 1.1
# additions): kept for export without a warning.
KNOWN_CASE_PROPERTIES = frozenset({
    "CFPackageURI", "CFDocumentURI", "CFItemAssociationURI", "CFRubricURI", "caseVersion", "frameworkType",
    "statusStartDate", "statusEndDate", "subjectURI", "licenseURI", "conceptKeywordsURI", "CFItemTypeURI",
    "associationGroupingURI", "notes", "alternativeLabel", "educationLevel", "language",
})
# Misspellings seen in real packages, read as the standard property.
ALIASES = {"educationalLevel": "educationLevel"}
DEFINITION_LISTS = {
    "CFConcepts": "CFConcept", "CFSubjects": "CFSubject", "CFLicenses": "CFLicense",
    "CFItemTypes": "CFItemType", "CFAssociationGroupings": "CFAssociationGrouping",
}


class PackageRefused(Exception):
    """The package cannot be imported; `errors` says why, naming each object."""

    def __init__(self, errors: list[str], warnings: list[str] | None = None) -> None:
        self.errors = errors
        self.warnings = warnings or []
        super().__init__(errors[0] if errors else "refused")


@dataclass
class CasePackage:
    document: dict[str, Any]
    items: list[dict[str, Any]]
    associations: list[dict[str, Any]]
    rubrics: list[dict[str, Any]]
    definitions: dict[str, Any]
    # Properties outside the 1.0 schema, by identifier, restored on export.
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        return self.document["identifier"]

    @property
    def case_version(self) -> str:
        return str(self.extras.get(self.identifier, {}).get("caseVersion", "1.0"))


@cache
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())


def _known_properties(definition: str) -> frozenset[str]:
    return frozenset(_schema()["definitions"][definition].get("properties", {}))


def describe(kind: str, index: int | None, obj: Any) -> str:
    ident = obj.get("identifier") if isinstance(obj, dict) else None
    where = kind if index is None else f"{kind}[{index}]"
    return f"{where} ({ident})" if ident else where


class _Normaliser:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.examples: dict[str, str] = {}
        self.extras: dict[str, dict[str, Any]] = {}

    def note(self, kind: str, example: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.examples.setdefault(kind, example)

    def clean(self, obj: Any, where: str) -> Any:
        """Drop nulls and turn numeric strings into numbers, recursively."""
        if isinstance(obj, dict):
            cleaned = {}
            for key, value in obj.items():
                if value is None:
                    self.note("null", f"{where}.{key}")
                    continue
                if key in INTEGER_FIELDS | NUMBER_FIELDS and isinstance(value, str):
                    try:
                        number = float(value)
                        value = int(number) if key in INTEGER_FIELDS and number.is_integer() else number
                        self.note("number-as-string", f"{where}.{key} = {obj[key]!r}")
                    except ValueError:
                        pass  # left for the schema to report
                cleaned[key] = self.clean(value, f"{where}.{key}")
            return cleaned
        if isinstance(obj, list):
            return [self.clean(v, f"{where}[{i}]") for i, v in enumerate(obj)]
        return obj

    def split_extras(self, obj: dict[str, Any], definition: str, where: str) -> dict[str, Any]:
        known = _known_properties(definition)
        obj = dict(obj)
        for alias, standard in ALIASES.items():
            if alias in obj and standard in known and standard not in obj:
                obj[standard] = obj.pop(alias)
                self.note(f"alias:{alias}", where)
        for key in ("educationLevel", "subject", "conceptKeywords"):
            if isinstance(obj.get(key), str) and key in known:
                obj[key] = [part.strip() for part in obj[key].split(",") if part.strip()]
                self.note("list-as-string", f"{where}.{key}")
        unknown = {k: v for k, v in obj.items() if k not in known}
        if unknown and "identifier" in obj:
            self.extras.setdefault(str(obj["identifier"]), {}).update(unknown)
            for key in unknown:
                if key not in KNOWN_CASE_PROPERTIES:
                    self.note(f"extra:{key}", where)
        return {k: v for k, v in obj.items() if k in known}

    def warnings(self) -> list[str]:
        texts = []
        for kind, count in self.counts.items():
            example = self.examples[kind]
            if kind == "null":
                texts.append(f"{count} null value(s) dropped (e.g. {example})")
            elif kind == "number-as-string":
                texts.append(f"{count} number(s) written as text read as numbers (e.g. {example})")
            elif kind == "list-as-string":
                texts.append(f"{count} list(s) written as text read as lists (e.g. {example})")
            elif kind == "package-uri":
                texts.append(f"CFPackageURI is a plain string, not a link object; read as its uri ({example})")
            elif kind.startswith("alias:"):
                texts.append(f"property {kind[6:]!r} read as {ALIASES[kind[6:]]!r} ({count} object(s), e.g. {example})")
            elif kind.startswith("extra:"):
                texts.append(f"property {kind[6:]!r} is not in the CASE 1.0 schema; kept as is for export "
                             f"({count} object(s), e.g. {example})")
        return texts


def read_package(raw: bytes | str, *, source_name: str = "package") -> CasePackage:
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackageRefused([f"{source_name}: not JSON ({exc})"]) from None
    if isinstance(data, dict) and isinstance(data.get("CFPackage"), dict):
        data = data["CFPackage"]  # the CASE REST getCFPackage wrapping
    if not isinstance(data, dict) or not isinstance(data.get("CFDocument"), dict):
        raise PackageRefused([f"{source_name}: not a CASE CFPackage (no CFDocument object)"])
    norm = _Normaliser()
    data = norm.clean(data, "package")
    document = data["CFDocument"]
    if isinstance(document.get("CFPackageURI"), str):
        norm.note("package-uri", document["CFPackageURI"])
        document["CFPackageURI"] = {"title": document.get("title", ""), "identifier": document.get("identifier", ""),
                                    "uri": document["CFPackageURI"]}
    package: dict[str, Any] = {"CFDocument": norm.split_extras(document, "CFPackageDocument", "CFDocument")}
    for name in LISTS:
        objects = data.get(name, [])
        if not isinstance(objects, list):
            raise PackageRefused([f"{source_name}: {name} must be a list"])
        cleaned = []
        for i, obj in enumerate(objects):
            if not isinstance(obj, dict):
                raise PackageRefused([f"{name}[{i}]: must be an object"])
            obj = norm.split_extras(obj, DEFINITION_OF[name], describe(name, i, obj))
            if name == "CFRubrics":
                obj = _clean_rubric(norm, obj, i)
            cleaned.append(obj)
        package[name] = cleaned
    definitions = data.get("CFDefinitions", {})
    if isinstance(definitions, dict):
        package["CFDefinitions"] = {
            key: [norm.split_extras(d, DEFINITION_LISTS[key], describe(f"CFDefinitions.{key}", i, d))
                  if isinstance(d, dict) and key in DEFINITION_LISTS else d for i, d in enumerate(value)]
            if isinstance(value, list) else value
            for key, value in definitions.items()
        }
    else:
        package["CFDefinitions"] = definitions
    errors = _schema_errors(package)
    warnings = norm.warnings()
    if errors:
        raise PackageRefused(errors, warnings)
    result = CasePackage(package["CFDocument"], package["CFItems"], package["CFAssociations"],
                         package["CFRubrics"], package["CFDefinitions"], norm.extras, warnings)
    structure = _structure_errors(result)
    if structure:
        raise PackageRefused(structure, warnings)
    return result


def _clean_rubric(norm: _Normaliser, rubric: dict[str, Any], index: int) -> dict[str, Any]:
    rubric = dict(rubric)
    criteria = []
    for j, criterion in enumerate(rubric.get("CFRubricCriteria", []) or []):
        criterion = norm.split_extras(criterion, "CFRubricCriterion", f"CFRubrics[{index}].CFRubricCriteria[{j}]")
        criterion["CFRubricCriterionLevels"] = [
            norm.split_extras(level, "CFRubricCriterionLevel", f"CFRubrics[{index}].CFRubricCriteria[{j}].levels[{k}]")
            for k, level in enumerate(criterion.get("CFRubricCriterionLevels", []) or [])
        ]
        criteria.append(criterion)
    if criteria:
        rubric["CFRubricCriteria"] = criteria
    return rubric


@cache
def _validator() -> Any:
    # jsonschema-rs (compiled) checks a 3,000-item package in ~10 ms where pure-Python jsonschema took 7 s.
    # Formats (uri) are not enforced: publishers' URIs are often loose, and nothing here dereferences them.
    return jsonschema_rs.Draft4Validator(_schema(), validate_formats=False)


def _schema_errors(package: dict[str, Any]) -> list[str]:
    validator = _validator()
    if validator.is_valid(package):
        return []
    errors = []
    for error in sorted(validator.iter_errors(package), key=lambda e: list(map(str, e.instance_path))):
        path = list(error.instance_path)
        if path and path[0] in LISTS and len(path) > 1 and isinstance(path[1], int):
            obj = package[path[0]][path[1]]
            where = describe(path[0], path[1], obj)
            prop = ".".join(map(str, path[2:]))
        else:
            where = str(path[0]) if path else "package"
            prop = ".".join(map(str, path[1:]))
        errors.append(f"{where}{': ' + prop if prop else ''}: {error.message}")
        if len(errors) >= 200:
            break
    return errors


def _structure_errors(package: CasePackage) -> list[str]:
    errors: list[str] = []
    seen: dict[str, str] = {package.identifier: "CFDocument"}

    def claim(identifier: str, what: str) -> None:
        if identifier in seen:
            errors.append(f"{what}: identifier {identifier} is also used by {seen[identifier]}")
        else:
            seen[identifier] = what

    for i, item in enumerate(package.items):
        claim(item["identifier"], describe("CFItems", i, item))
    for i, association in enumerate(package.associations):
        claim(association["identifier"], describe("CFAssociations", i, association))
    for i, rubric in enumerate(package.rubrics):
        claim(rubric["identifier"], describe("CFRubrics", i, rubric))
        for j, criterion in enumerate(rubric.get("CFRubricCriteria", [])):
            claim(criterion["identifier"], f"CFRubrics[{i}].CFRubricCriteria[{j}] ({criterion['identifier']})")
            for k, level in enumerate(criterion.get("CFRubricCriterionLevels", [])):
                claim(level["identifier"], f"CFRubrics[{i}].CFRubricCriteria[{j}].CFRubricCriterionLevels[{k}] "
                                           f"({level['identifier']})")
    items = {item["identifier"] for item in package.items}
    parents: dict[str, list[str]] = {}
    for i, association in enumerate(package.associations):
        if association["associationType"] != "isChildOf":
            continue
        origin = association["originNodeURI"]["identifier"]
        destination = association["destinationNodeURI"]["identifier"]
        what = describe("CFAssociations", i, association)
        if origin not in items:
            errors.append(f"{what}: isChildOf from {origin}, which is not an item of this package (points at nothing)")
        if destination not in items and destination != package.identifier:
            errors.append(f"{what}: isChildOf to {destination}, which is neither this document nor one of its "
                          "items (points at nothing)")
        if origin in items and destination in items:
            parents.setdefault(origin, []).append(destination)
    errors.extend(_cycles(parents, package))
    return errors


def _cycles(parents: dict[str, list[str]], package: CasePackage) -> list[str]:
    """isChildOf must form a tree (or a forest under the document): report each cycle once."""
    codes = {item["identifier"]: item.get("humanCodingScheme") or item["identifier"] for item in package.items}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    found: list[str] = []
    for start in parents:
        if state.get(start):
            continue
        stack = [(start, iter(parents.get(start, [])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(child) == 1:
                cycle = path[path.index(child):] + [child]
                found.append("isChildOf cycle: " + " is a child of ".join(f"{codes[c]} ({c})" for c in cycle))
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(parents.get(child, []))))
                path.append(child)
    return found


def strip_to_schema(package: dict[str, Any]) -> dict[str, Any]:
    """A copy without Pathmaker-kept extras, for validating an export against the 1.0 schema."""
    clean = copy.deepcopy(package)
    norm = _Normaliser()
    clean["CFDocument"] = norm.split_extras(clean["CFDocument"], "CFPackageDocument", "CFDocument")
    for name in LISTS:
        clean[name] = [norm.split_extras(o, DEFINITION_OF[name], name) for o in clean.get(name, [])]
    return clean
