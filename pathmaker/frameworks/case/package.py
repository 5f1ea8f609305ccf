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
   of the package to the document or another of its items; no isChildOf cycle. An item, association
   or rubric that appears twice, identical, is read once with a warning (real publishers' packages
   have such copies); two different objects with one identifier are refused, naming both, unless the
   caller chose `keep_first_duplicate` (then the first is kept and the others reported).
Before any of this, what JSON allows but no database or schema checker should meet is refused,
naming where: text with NUL or a lone UTF-16 surrogate, NaN/Infinity, numbers too long to be
numbers, and nesting deeper than a CASE package has.
References to nodes outside the package (crosswalks to other frameworks) are checked by the
importer, which knows what the database holds.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from pathmaker.lib.errors import DomainError

SCHEMA_PATH = Path(__file__).with_name("case-v1p0-cfpackage-schema.json")
# A CASE package nests about ten levels (package > CFRubrics > rubric > criteria > levels ...); far deeper
# is not a package, and would exhaust the recursion of the checks below (and of the schema validator).
MAX_DEPTH = 64
# Longer integers are no CASE number (sequenceNumber, position), and huge ones are slow to convert.
MAX_INTEGER_DIGITS = 18
MAX_REPORTED = 50
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
KNOWN_CASE_PROPERTIES = frozenset(
    {
        "CFPackageURI",
        "CFDocumentURI",
        "CFItemAssociationURI",
        "CFRubricURI",
        "caseVersion",
        "frameworkType",
        "statusStartDate",
        "statusEndDate",
        "subjectURI",
        "licenseURI",
        "conceptKeywordsURI",
        "CFItemTypeURI",
        "associationGroupingURI",
        "notes",
        "alternativeLabel",
        "educationLevel",
        "language",
    }
)
# Misspellings seen in real packages, read as the standard property.
ALIASES = {"educationalLevel": "educationLevel"}
DEFINITION_LISTS = {
    "CFConcepts": "CFConcept",
    "CFSubjects": "CFSubject",
    "CFLicenses": "CFLicense",
    "CFItemTypes": "CFItemType",
    "CFAssociationGroupings": "CFAssociationGrouping",
}


class PackageRefused(DomainError):
    """The package cannot be imported; `errors` says why, naming each object."""

    code = "frameworks.case_package_refused"

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
    # Where each kept object sat in the file (duplicates dropped shift the lists), so messages name it.
    positions: dict[str, list[int]] = field(default_factory=dict)
    duplicates: dict[str, Any] = field(default_factory=dict)

    def where(self, name: str, index: int) -> str:
        """`CFItems[12] (identifier)` as the file numbers it."""
        objects = {"CFItems": self.items, "CFAssociations": self.associations, "CFRubrics": self.rubrics}[
            name
        ]
        position = self.positions.get(name, [])
        return describe(name, position[index] if index < len(position) else index, objects[index])

    @property
    def identifier(self) -> str:
        return str(self.document["identifier"])

    @property
    def case_version(self) -> str:
        return str(self.extras.get(self.identifier, {}).get("caseVersion", "1.0"))


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text())
    return schema


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
                    except ValueError:
                        number = math.nan
                    if math.isfinite(number):  # otherwise left as text, for the schema to report
                        value = int(number) if key in INTEGER_FIELDS and number.is_integer() else number
                        self.note("number-as-string", f"{where}.{key} = {obj[key]!r}")
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
                texts.append(
                    f"CFPackageURI is a plain string, not a link object; read as its uri ({example})"
                )
            elif kind.startswith("alias:"):
                texts.append(
                    f"property {kind[6:]!r} read as {ALIASES[kind[6:]]!r} ({count} object(s), e.g. {example})"
                )
            elif kind.startswith("extra:"):
                texts.append(
                    f"property {kind[6:]!r} is not in the CASE 1.0 schema; kept as is for export "
                    f"({count} object(s), e.g. {example})"
                )
        return texts


class _BadNumber:
    """A number JSON allows but nothing downstream should meet, kept in place so its path can be named."""

    def __init__(self, why: str) -> None:
        self.why = why


def _constant(name: str) -> _BadNumber:
    return _BadNumber(f"{name} is not a JSON number (JSON has no NaN or Infinity)")


def _finite_float(text: str) -> float | _BadNumber:
    number = float(text)
    return number if math.isfinite(number) else _BadNumber(f"{text[:40]} is too large a number")


def _bounded_int(text: str) -> int | _BadNumber:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        return _BadNumber(f"an integer of {digits} digits is too long (at most {MAX_INTEGER_DIGITS})")
    return int(text)


def _load(raw: bytes | str, source_name: str) -> Any:
    try:
        return json.loads(raw, parse_constant=_constant, parse_float=_finite_float, parse_int=_bounded_int)
    except RecursionError:
        raise PackageRefused(
            [f"{source_name}: nested too deeply (a CASE package nests about ten levels)"]
        ) from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise PackageRefused([f"{source_name}: not JSON ({_printable(str(exc))})"]) from None


def _printable(text: str) -> str:
    """Text safe to store and show: lone surrogates and NUL written as escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def _bad_text(text: str) -> str:
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone UTF-16 surrogate (not a character)"
    return ""


def _unsafe_values(data: Any, source_name: str) -> list[str]:
    """Depth and text no database stores, found without recursion (the nesting itself may be the problem)."""
    errors: list[str] = []
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack and len(errors) < MAX_REPORTED:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            return [
                f"{source_name}: {where or 'package'} is nested more than {MAX_DEPTH} levels deep; "
                "a CASE package nests about ten"
            ]
        if isinstance(value, _BadNumber):
            errors.append(f"{where or 'package'}: {value.why}")
        elif isinstance(value, str):
            problem = _bad_text(value)
            if problem:
                errors.append(f"{where or 'package'}: text {problem}")
        elif isinstance(value, dict):
            for key, child in value.items():
                path = f"{where}.{_printable(key)}" if where else _printable(key)
                problem = _bad_text(key)
                if problem:
                    errors.append(f"{path}: property name {problem}")
                stack.append((child, path, depth + 1))
        elif isinstance(value, list):
            stack.extend((child, f"{where}[{i}]", depth + 1) for i, child in enumerate(value))
    return sorted(errors)


def read_package(
    raw: bytes | str, *, source_name: str = "package", keep_first_duplicate: bool = False
) -> CasePackage:
    source_name = _printable(source_name)
    data = _load(raw, source_name)
    unsafe = _unsafe_values(data, source_name)
    if unsafe:
        raise PackageRefused(unsafe)
    if isinstance(data, dict) and isinstance(data.get("CFPackage"), dict):
        data = data["CFPackage"]  # the CASE REST getCFPackage wrapping
    if not isinstance(data, dict) or not isinstance(data.get("CFDocument"), dict):
        raise PackageRefused([f"{source_name}: not a CASE CFPackage (no CFDocument object)"])
    norm = _Normaliser()
    data = norm.clean(data, "package")
    document = data["CFDocument"]
    if isinstance(document.get("CFPackageURI"), str):
        norm.note("package-uri", document["CFPackageURI"])
        document["CFPackageURI"] = {
            "title": document.get("title", ""),
            "identifier": document.get("identifier", ""),
            "uri": document["CFPackageURI"],
        }
    package: dict[str, Any] = {"CFDocument": norm.split_extras(document, "CFPackageDocument", "CFDocument")}
    for name in LISTS:
        if not isinstance(data.get(name, []), list):
            raise PackageRefused([f"{source_name}: {name} must be a list"])
        for i, obj in enumerate(data.get(name, [])):
            if not isinstance(obj, dict):
                raise PackageRefused([f"{name}[{i}]: must be an object"])
    duplicates = _Duplicates(keep_first_duplicate)
    positions: dict[str, list[int]] = {}
    for name in LISTS:
        kept = duplicates.sift(name, data.get(name, []))
        positions[name] = [i for i, _ in kept]
        cleaned = []
        for i, obj in kept:
            obj = norm.split_extras(obj, DEFINITION_OF[name], describe(name, i, obj))
            if name == "CFRubrics":
                obj = _clean_rubric(norm, obj, i)
            cleaned.append(obj)
        package[name] = cleaned
    definitions = data.get("CFDefinitions", {})
    if isinstance(definitions, dict):
        package["CFDefinitions"] = {
            key: [
                norm.split_extras(d, DEFINITION_LISTS[key], describe(f"CFDefinitions.{key}", i, d))
                if isinstance(d, dict) and key in DEFINITION_LISTS
                else d
                for i, d in enumerate(value)
            ]
            if isinstance(value, list)
            else value
            for key, value in definitions.items()
        }
    else:
        package["CFDefinitions"] = definitions
    warnings = norm.warnings() + duplicates.warnings
    errors = duplicates.errors + _schema_errors(package, positions)
    if errors:
        raise PackageRefused(errors, warnings)
    result = CasePackage(
        package["CFDocument"],
        package["CFItems"],
        package["CFAssociations"],
        package["CFRubrics"],
        package["CFDefinitions"],
        norm.extras,
        warnings,
        positions,
        duplicates.summary(),
    )
    structure = _structure_errors(result)
    if structure:
        raise PackageRefused(structure, warnings)
    return result


class _Duplicates:
    """Objects of one list sharing an identifier: identical copies are read once; different ones refused,
    or (when the importer chose so) the first kept. Decided on the raw objects, before extras are split off,
    so a skipped copy's extension properties never reach the kept one."""

    def __init__(self, keep_first: bool) -> None:
        self.keep_first = keep_first
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.exact = 0
        self.skipped = 0

    def sift(self, name: str, objects: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
        first: dict[str, tuple[int, dict[str, Any]]] = {}
        kept = []
        for i, obj in enumerate(objects):
            identifier = obj.get("identifier")
            if not isinstance(identifier, str) or identifier not in first:
                if isinstance(identifier, str):
                    first[identifier] = (i, obj)
                kept.append((i, obj))
                continue
            j, original = first[identifier]
            here, there = describe(name, i, obj), f"{name}[{j}]"
            differing = sorted(k for k in original.keys() | obj.keys() if original.get(k) != obj.get(k))
            if not differing:
                self.exact += 1
                self._report(self.warnings, f"{here}: an identical copy of {there}; imported once")
            elif self.keep_first:
                self.skipped += 1
                self._report(
                    self.warnings,
                    f"{here}: identifier is also used by {there}, which differs in "
                    f"{', '.join(differing)}; kept {there}, skipped this one",
                )
            else:
                self.errors.append(
                    f"{here}: identifier is also used by {there}, which differs in "
                    f"{', '.join(differing)}; correct the package, or import it keeping the "
                    "first of each duplicate"
                )
        return kept

    def _report(self, texts: list[str], text: str) -> None:
        if len(texts) < MAX_REPORTED:
            texts.append(text)
        elif len(texts) == MAX_REPORTED:
            texts.append("more duplicates not listed")

    def summary(self) -> dict[str, Any]:
        return {
            "identical_read_once": self.exact,
            "different_skipped": self.skipped,
            "keep_first_duplicate": self.keep_first,
        }


def _clean_rubric(norm: _Normaliser, rubric: dict[str, Any], index: int) -> dict[str, Any]:
    # Anything not shaped like criteria and levels is left as it is, for the schema to name.
    rubric = dict(rubric)
    criteria = rubric.get("CFRubricCriteria", []) or []
    if not isinstance(criteria, list):
        return rubric
    cleaned = []
    for j, criterion in enumerate(criteria):
        if isinstance(criterion, dict):
            criterion = norm.split_extras(
                criterion, "CFRubricCriterion", f"CFRubrics[{index}].CFRubricCriteria[{j}]"
            )
            levels = criterion.get("CFRubricCriterionLevels", []) or []
            if isinstance(levels, list):
                criterion["CFRubricCriterionLevels"] = [
                    norm.split_extras(
                        level,
                        "CFRubricCriterionLevel",
                        f"CFRubrics[{index}].CFRubricCriteria[{j}].levels[{k}]",
                    )
                    if isinstance(level, dict)
                    else level
                    for k, level in enumerate(levels)
                ]
        cleaned.append(criterion)
    if cleaned:
        rubric["CFRubricCriteria"] = cleaned
    return rubric


@cache
def _validator() -> Any:
    # jsonschema-rs (compiled) checks a 3,000-item package in ~10 ms where pure-Python jsonschema took 7 s.
    # Formats (uri) are not enforced: publishers' URIs are often loose, and nothing here dereferences them.
    return jsonschema_rs.Draft4Validator(_schema(), validate_formats=False)


def _schema_errors(package: dict[str, Any], positions: dict[str, list[int]] | None = None) -> list[str]:
    validator = _validator()
    if validator.is_valid(package):
        return []
    errors = []
    for error in sorted(validator.iter_errors(package), key=lambda e: list(map(str, e.instance_path))):
        path = list(error.instance_path)
        if path and path[0] in LISTS and len(path) > 1 and isinstance(path[1], int):
            obj = package[path[0]][path[1]]
            where = describe(path[0], _position(positions, path[0], path[1]), obj)
            prop = ".".join(map(str, path[2:]))
        else:
            where = str(path[0]) if path else "package"
            prop = ".".join(map(str, path[1:]))
        errors.append(f"{where}{': ' + prop if prop else ''}: {error.message}")
        if len(errors) >= 200:
            break
    return errors


def _position(positions: dict[str, list[int]] | None, name: str, index: int) -> int:
    found = (positions or {}).get(name, [])
    return found[index] if index < len(found) else index


def _structure_errors(package: CasePackage) -> list[str]:
    errors: list[str] = []
    seen: dict[str, str] = {package.identifier: "CFDocument"}

    def claim(identifier: str, what: str) -> None:
        if identifier in seen:
            errors.append(f"{what}: identifier {identifier} is also used by {seen[identifier]}")
        else:
            seen[identifier] = what

    for i, item in enumerate(package.items):
        claim(item["identifier"], package.where("CFItems", i))
    for i, association in enumerate(package.associations):
        claim(association["identifier"], package.where("CFAssociations", i))
    for i, rubric in enumerate(package.rubrics):
        claim(rubric["identifier"], package.where("CFRubrics", i))
        for j, criterion in enumerate(rubric.get("CFRubricCriteria", [])):
            claim(
                criterion["identifier"], f"CFRubrics[{i}].CFRubricCriteria[{j}] ({criterion['identifier']})"
            )
            for k, level in enumerate(criterion.get("CFRubricCriterionLevels", [])):
                claim(
                    level["identifier"],
                    f"CFRubrics[{i}].CFRubricCriteria[{j}].CFRubricCriterionLevels[{k}] "
                    f"({level['identifier']})",
                )
    items = {item["identifier"] for item in package.items}
    parents: dict[str, list[str]] = {}
    for i, association in enumerate(package.associations):
        if association["associationType"] != "isChildOf":
            continue
        origin = association["originNodeURI"]["identifier"]
        destination = association["destinationNodeURI"]["identifier"]
        what = package.where("CFAssociations", i)
        if origin not in items:
            errors.append(
                f"{what}: isChildOf from {origin}, which is not an item of this package (points at nothing)"
            )
        if destination not in items and destination != package.identifier:
            errors.append(
                f"{what}: isChildOf to {destination}, which is neither this document nor one of its "
                "items (points at nothing)"
            )
        if origin in items and destination in items:
            parents.setdefault(origin, []).append(destination)
    errors.extend(_cycles(parents, package))
    return errors


def _cycles(parents: dict[str, list[str]], package: CasePackage) -> list[str]:
    """isChildOf must form a tree (or a forest under the document): report each cycle once."""
    codes = {
        item["identifier"]: item.get("humanCodingScheme") or item["identifier"] for item in package.items
    }
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
                cycle = path[path.index(child) :] + [child]
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
