"""Bulk import into the library: a CSV file with named columns, and LRMI / schema.org JSON-LD.

Both are all or nothing: every row (or node) is checked first, and any problem stops the import with
every problem listed (the file, the row, the column, what is wrong, a code); nothing is stored. A clean
file is written in one transaction with one audit row. Imported resources belong to the owner the
curator imports for (the district, or a school) and are published. A resource is matched on re-import by
its `id` column (CSV) or its `@id`/`identifier` (JSON-LD), so importing a corrected file updates it.

Competencies are named by their CASE identifier, their CASE URI, or their human coding ("7.RP.1") when
that names exactly one current competency.

JSON-LD is read in its compact form against the schema.org vocabulary: keys as plain terms ("teaches"),
prefixed ("schema:teaches") or full IRIs ("https://schema.org/teaches"), a single node, a list or an
`@graph`. We do not run a JSON-LD processor (PyLD): expanding a document needs the schema.org context,
fetched over the network at import time (or a pinned copy kept here), and PyLD brings lxml for a dozen
terms we read; what LRMI publishers write is compact schema.org, which this reader takes as is.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pathmaker.audit.actor import Actor
from pathmaker.audit.services import audit_record
from pathmaker.frameworks.models import Competency
from pathmaker.resources import access
from pathmaker.resources.models import Alignment, Resource
from pathmaker.resources.services import (
    FORBIDDEN,
    GRADES,
    ResourceError,
    ResourceSpec,
    check_spec,
    create_row,
    update_row,
)
from pathmaker.rostering.models import Org

MAX_ROWS = 5000
CSV_COLUMNS = (
    "id",
    "title",
    "description",
    "kind",
    "modality",
    "language",
    "grade_low",
    "grade_high",
    "url",
    "instructions",
    "dok",
    "minutes",
    "accessibility",
    "teaches",
    "assesses",
    "practices",
)
REQUIRED_COLUMNS = ("title", "kind", "modality")
ALIGNMENT_COLUMNS = ("teaches", "assesses", "practices")
# The spec's field a service error names, as the CSV column it came from.
COLUMN_FOR_FIELD = {"competencies": "teaches", "alignment_type": "teaches", "upload": "kind"}


@dataclass(frozen=True)
class RowProblem:
    file: str
    row: int | None  # the spreadsheet row (the header is row 1); a JSON-LD node's position, from 1
    column: str  # the CSV column or JSON-LD property; "" for the whole file
    message: str
    code: str

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "")
        where += f", {self.column}" if self.column else ""
        return f"{where}: {self.message}"


class ImportFailed(ResourceError):
    code = "resources.import_failed"

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(
            _("nothing was imported: %(count)d problems") % {"count": len(problems)},
            code="resources.import_failed",
        )
        self.problems = problems


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    """One row or node, checked: its spec and the id it is matched by on re-import."""

    row: int
    source_id: str
    spec: ResourceSpec


# --- Competency references ------------------------------------------------------------------------------


class Competencies:
    """Resolve references by CASE identifier, URI or human coding, one query per import."""

    def __init__(self, references: Iterable[str]) -> None:
        refs = {r.strip() for r in references if r.strip()}
        tails = {r.rstrip("/").rsplit("/", 1)[-1] for r in refs}
        rows = Competency.objects.filter(
            Q(identifier__in=refs | tails) | Q(uri__in=refs) | Q(human_coding_scheme__in=refs)
        ).values_list("pk", "identifier", "uri", "human_coding_scheme", "is_retired")
        self.by_key: dict[str, set[int]] = {}
        self.retired: set[int] = set()
        for pk, identifier, uri, code, retired in rows:
            if retired:
                self.retired.add(pk)
            for key in (identifier, uri, code):
                if key:
                    self.by_key.setdefault(key, set()).add(pk)

    def resolve(self, reference: str) -> tuple[int | None, str]:
        """(the competency id, "") or (None, the problem's code)."""
        reference = reference.strip()
        found = self.by_key.get(reference) or self.by_key.get(reference.rstrip("/").rsplit("/", 1)[-1])
        if not found:
            return None, "resources.no_such_competency"
        current = found - self.retired
        if len(current) > 1:
            return None, "resources.ambiguous_competency"
        if not current:
            return None, "resources.competency_retired"
        return next(iter(current)), ""


REFERENCE_WORDS = {
    "resources.no_such_competency": _lazy("no competency has the identifier, URI or code “%(ref)s”"),
    "resources.ambiguous_competency": _lazy(
        "“%(ref)s” names more than one competency: use its CASE identifier"
    ),
    "resources.competency_retired": _lazy("“%(ref)s” is retired"),
}


def _reference_problem(code: str, reference: str) -> str:
    return str(REFERENCE_WORDS[code]) % {"ref": reference}


# --- Writing --------------------------------------------------------------------------------------------


def _require_curator(actor: Actor, org: Org | None) -> None:
    if not actor.is_system and not access.may_curate_for(actor.user, org):
        raise ResourceError(_("only a curator imports into the library"), code=FORBIDDEN)


def _problem_of(error: ResourceError, *, file: str, row: int, column_for: dict[str, str]) -> RowProblem:
    field_name = error.field or ""
    return RowProblem(file, row, column_for.get(field_name, field_name), str(error), error.code)


def _write(
    candidates: list[Candidate], *, org: Org | None, source: str, file_name: str, actor: Actor
) -> ImportResult:
    result = ImportResult()
    existing = {
        r.source_id: r
        for r in Resource.objects.filter(
            org=org, source=source, source_id__in=[c.source_id for c in candidates if c.source_id]
        )
    }
    with transaction.atomic():
        for candidate in candidates:
            resource = existing.get(candidate.source_id) if candidate.source_id else None
            if resource is None:
                resource = create_row(
                    candidate.spec,
                    org=org,
                    actor=actor,
                    stored={},
                    publish=True,
                    source=source if candidate.source_id else "",
                    source_id=candidate.source_id,
                )
                result.created += 1
            else:
                update_row(resource, candidate.spec, {})
                result.updated += 1
            result.ids.append(resource.pk)
        audit_record(
            actor=actor,
            action="resource.import",
            object_type="org" if org else "district",
            object_id=str(org.pk) if org else "",
            detail={
                "file": file_name,
                "format": source,
                "created": result.created,
                "updated": result.updated,
            },
        )
    return result


def _checked(
    candidates: list[Candidate], problems: list[RowProblem], *, file: str, column_for: dict[str, str]
) -> None:
    """Run the services' own checks on every candidate, adding what they refuse to the problems."""
    for candidate in candidates:
        try:
            check_spec(candidate.spec)
        except ResourceError as error:
            problems.append(_problem_of(error, file=file, row=candidate.row, column_for=column_for))


# --- CSV ------------------------------------------------------------------------------------------------


def resources_import_csv(*, data: bytes | str, file_name: str, org: Org | None, actor: Actor) -> ImportResult:
    _require_curator(actor, org)
    problems: list[RowProblem] = []
    rows = _csv_rows(data, file_name, problems)
    references = [
        ref for _row, values in rows for col in ALIGNMENT_COLUMNS for ref in _split(values.get(col, ""))
    ]
    competencies = Competencies(references)
    candidates = []
    seen: dict[str, int] = {}
    for number, values in rows:
        candidate = _csv_candidate(number, values, competencies, problems, file_name)
        if candidate is None:
            continue
        if candidate.source_id and candidate.source_id in seen:
            problems.append(
                RowProblem(
                    file_name,
                    number,
                    "id",
                    _("the id “%(id)s” is also on row %(row)d")
                    % {"id": candidate.source_id, "row": seen[candidate.source_id]},
                    "resources.duplicate_id",
                )
            )
        seen.setdefault(candidate.source_id, number)
        candidates.append(candidate)
    _checked(candidates, problems, file=file_name, column_for=COLUMN_FOR_FIELD)
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: (p.row or 0, p.column)))
    return _write(candidates, org=org, source="csv", file_name=file_name, actor=actor)


def _csv_rows(
    data: bytes | str, file_name: str, problems: list[RowProblem]
) -> list[tuple[int, dict[str, str]]]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(
                RowProblem(file_name, None, "", _("the file is not UTF-8 text"), "resources.not_utf8")
            )
            raise ImportFailed(problems) from None
    reader = csv.DictReader(io.StringIO(data))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in CSV_COLUMNS]
    if missing:
        problems.append(
            RowProblem(
                file_name,
                1,
                ", ".join(missing),
                _("the header lacks required columns"),
                "resources.missing_column",
            )
        )
    if unknown:
        problems.append(
            RowProblem(
                file_name, 1, ", ".join(unknown), _("these columns are not known"), "resources.unknown_column"
            )
        )
    if not any(c in header for c in ALIGNMENT_COLUMNS):
        problems.append(
            RowProblem(
                file_name,
                1,
                "teaches",
                _("name the competencies in a teaches, assesses or practices column"),
                "resources.missing_column",
            )
        )
    if problems:
        raise ImportFailed(problems)
    reader.fieldnames = header
    rows = []
    for values in reader:
        if reader.line_num - 1 > MAX_ROWS:
            problems.append(
                RowProblem(
                    file_name,
                    None,
                    "",
                    _("keep a file to %(max)d rows") % {"max": MAX_ROWS},
                    "resources.too_many_rows",
                )
            )
            raise ImportFailed(problems)
        if not any((v or "").strip() for k, v in values.items() if k):
            continue
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in values.items() if k}))
    if not rows:
        problems.append(RowProblem(file_name, None, "", _("the file has no rows"), "resources.empty_file"))
        raise ImportFailed(problems)
    return rows


def _split(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", cell or "") if part.strip()]


def _number(
    values: dict[str, str], column: str, row: int, file: str, problems: list[RowProblem]
) -> int | None:
    text = values.get(column, "")
    if not text:
        return None
    if not text.isdigit():
        problems.append(
            RowProblem(
                file,
                row,
                column,
                _("“%(value)s” is not a whole number") % {"value": text},
                "resources.not_a_number",
            )
        )
        return None
    return int(text)


def _csv_candidate(
    row: int, values: dict[str, str], competencies: Competencies, problems: list[RowProblem], file: str
) -> Candidate | None:
    before = len(problems)
    alignments = []
    for column in ALIGNMENT_COLUMNS:
        for reference in _split(values.get(column, "")):
            competency_id, code = competencies.resolve(reference)
            if competency_id is None:
                problems.append(RowProblem(file, row, column, _reference_problem(code, reference), code))
            else:
                alignments.append((competency_id, column))
    dok = _number(values, "dok", row, file, problems)
    minutes = _number(values, "minutes", row, file, problems)
    if len(problems) > before:
        return None
    spec = ResourceSpec(
        title=values.get("title", ""),
        kind=values.get("kind", "").lower(),
        modality=values.get("modality", "").lower().replace("-", "_").replace(" ", "_"),
        alignments=alignments,
        description=values.get("description", ""),
        language=(values.get("language") or "en").lower().split("-")[0],
        grade_low=_grade(values.get("grade_low", "")),
        grade_high=_grade(values.get("grade_high", "")),
        url=values.get("url", ""),
        instructions=values.get("instructions", ""),
        dok=dok,
        minutes=minutes,
        accessibility=values.get("accessibility", ""),
    )
    return Candidate(row, values.get("id", ""), spec)


def _grade(text: str) -> str:
    """ "7" and "07" are grade 07; "K" and "KG" kindergarten; anything else is kept for the check to name."""
    text = text.strip().upper()
    if text.isdigit():
        return f"{int(text):02}"
    return {"K": "KG"}.get(text, text)


# --- LRMI / schema.org JSON-LD -------------------------------------------------------------------------

SCHEMA = ("https://schema.org/", "http://schema.org/", "schema:")
# learningResourceType (LRMI's and common publishers' terms) -> our modality
MODALITY_FOR_TYPE = {
    "video": "watch",
    "lecture": "watch",
    "audio": "watch",
    "podcast": "watch",
    "reading": "read",
    "article": "read",
    "text": "read",
    "book": "read",
    "ebook": "read",
    "primary source": "read",
    "exercise": "practise",
    "practice": "practise",
    "quiz": "practise",
    "problem set": "practise",
    "worksheet": "practise",
    "game": "practise",
    "simulation": "hands_on",
    "interactive": "hands_on",
    "lab": "hands_on",
    "experiment": "hands_on",
    "project": "hands_on",
    "activity": "hands_on",
    "discussion": "discussion",
    "debate": "discussion",
    "group work": "small_group",
}
DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
DOK_FRAMEWORKS = ("depth of knowledge", "dok", "webb")


def _term(node: dict[str, Any], name: str) -> Any:
    for key in (name, *(prefix + name for prefix in SCHEMA)):
        if key in node:
            return node[key]
    return None


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    """A literal: a string, a {"@value": ...}, or the first of a list of them."""
    for item in _many(value):
        if isinstance(item, dict):
            item = item.get("@value", "")
        if isinstance(item, str | int | float):
            return str(item).strip()
    return ""


def _reference(value: Any) -> str:
    """A competency reference: an IRI string, or a node's @id / targetUrl / url / identifier / termCode."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        for name in ("@id", "targetUrl", "url", "identifier", "termCode"):
            found = value.get(name) if name.startswith("@") else _term(value, name)
            if found:
                return _reference(found)
    return ""


def minutes_of(duration: str) -> int | None:
    """ISO 8601 duration to whole minutes (rounded up): "PT45M" 45, "PT1H30M" 90, "P1D" 1440; None if not one."""
    match = DURATION.match(duration.strip().upper())
    if not match or duration.strip().upper() in ("P", "PT"):
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    total = days * 1440 + hours * 60 + minutes + seconds / 60
    return max(1, int(-(-total // 1))) if total else None


def _grades(levels: list[Any]) -> tuple[str, str, list[str]]:
    """educationalLevel values to a band: ("06", "08", unknown values)."""
    found, unknown = [], []
    for level in levels:
        text = _text(level) or (_text(_term(level, "termCode")) if isinstance(level, dict) else "")
        text = re.sub(r"^(grade|gr\.?)\s*", "", text.strip(), flags=re.IGNORECASE)
        code = _grade(text)
        if code in GRADES:
            found.append(code)
        elif text:
            unknown.append(text)
    found.sort(key=GRADES.index)
    return (found[0], found[-1], unknown) if found else ("", "", unknown)


def _nodes(document: Any) -> list[dict[str, Any]]:
    if isinstance(document, list):
        return [n for item in document for n in _nodes(item)]
    if isinstance(document, dict):
        if "@graph" in document:
            return _nodes(document["@graph"])
        return [document]
    return []


def _uses_schema_org(document: Any) -> bool:
    text = json.dumps(document.get("@context") if isinstance(document, dict) else None)
    if isinstance(document, list):
        return all(_uses_schema_org(item) for item in document) and bool(document)
    return "schema.org" in text


def resources_import_jsonld(
    *, data: bytes | str, file_name: str, org: Org | None, actor: Actor
) -> ImportResult:
    _require_curator(actor, org)
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFailed(
            [
                RowProblem(
                    file_name, None, "", _("this is not JSON: %(why)s") % {"why": error}, "resources.not_json"
                )
            ]
        ) from None
    if not _uses_schema_org(document):
        raise ImportFailed(
            [
                RowProblem(
                    file_name,
                    None,
                    "@context",
                    _("the @context must be schema.org"),
                    "resources.not_schema_org",
                )
            ]
        )
    nodes = _nodes(document)
    if not nodes:
        raise ImportFailed(
            [RowProblem(file_name, None, "", _("the file has no resources"), "resources.empty_file")]
        )
    if len(nodes) > MAX_ROWS:
        raise ImportFailed(
            [
                RowProblem(
                    file_name,
                    None,
                    "",
                    _("keep a file to %(max)d resources") % {"max": MAX_ROWS},
                    "resources.too_many_rows",
                )
            ]
        )
    competencies = Competencies(ref for node in nodes for _kind, ref in _alignment_refs(node))
    problems: list[RowProblem] = []
    candidates = [
        c
        for number, node in enumerate(nodes, 1)
        if (c := _jsonld_candidate(number, node, competencies, problems, file_name))
    ]
    column_for = {
        "competencies": "teaches",
        "title": "name",
        "language": "inLanguage",
        "minutes": "timeRequired",
        "modality": "learningResourceType",
        "grade_low": "educationalLevel",
        "grade_high": "educationalLevel",
    }
    _checked(candidates, problems, file=file_name, column_for=column_for)
    if problems:
        raise ImportFailed(problems)
    return _write(candidates, org=org, source="jsonld", file_name=file_name, actor=actor)


def _alignment_refs(node: dict[str, Any]) -> list[tuple[str, str]]:
    """(alignment type, reference) from teaches, assesses and educationalAlignment (its targetUrl)."""
    found = [(kind, _reference(v)) for kind in ("teaches", "assesses") for v in _many(_term(node, kind))]
    for alignment in _many(_term(node, "educationalAlignment")):
        if not isinstance(alignment, dict):
            continue
        kind = _text(_term(alignment, "alignmentType")).lower()
        if kind in Alignment.Type.values:
            found.append((kind, _reference(_term(alignment, "targetUrl")) or _reference(alignment)))
    return [(kind, ref) for kind, ref in found if ref]


def _dok(node: dict[str, Any]) -> int | None:
    for alignment in _many(_term(node, "educationalAlignment")):
        if not isinstance(alignment, dict):
            continue
        framework = _text(_term(alignment, "educationalFramework")).lower()
        if any(word in framework for word in DOK_FRAMEWORKS):
            digits = re.findall(r"[1-4]", _text(_term(alignment, "targetName")))
            if digits:
                return int(digits[0])
    return None


def _jsonld_candidate(
    number: int, node: dict[str, Any], competencies: Competencies, problems: list[RowProblem], file: str
) -> Candidate | None:
    before = len(problems)
    alignments = []
    for kind, reference in _alignment_refs(node):
        competency_id, code = competencies.resolve(reference)
        column = kind if kind != "practices" else "educationalAlignment"
        if competency_id is None:
            problems.append(RowProblem(file, number, column, _reference_problem(code, reference), code))
        elif (competency_id, kind) not in alignments:
            alignments.append((competency_id, kind))
    types = [_text(t).lower() for t in _many(_term(node, "learningResourceType"))]
    modality = next((MODALITY_FOR_TYPE[t] for t in types if t in MODALITY_FOR_TYPE), "")
    if not modality:
        problems.append(
            RowProblem(
                file,
                number,
                "learningResourceType",
                _(
                    "“%(types)s” is not a type we know how to learn with (video, reading, exercise, simulation...)"
                )
                % {"types": ", ".join(types) or "—"},
                "resources.bad_modality",
            )
        )
    duration = _text(_term(node, "timeRequired"))
    minutes = minutes_of(duration) if duration else None
    if duration and minutes is None:
        problems.append(
            RowProblem(
                file,
                number,
                "timeRequired",
                _("“%(value)s” is not an ISO 8601 duration such as PT30M") % {"value": duration},
                "resources.bad_duration",
            )
        )
    low, high, unknown = _grades(_many(_term(node, "educationalLevel")))
    if unknown:
        problems.append(
            RowProblem(
                file,
                number,
                "educationalLevel",
                _("“%(value)s” is not a grade") % {"value": ", ".join(unknown)},
                "resources.bad_grade",
            )
        )
    if len(problems) > before:
        return None
    features = [_text(f) for f in _many(_term(node, "accessibilityFeature"))]
    summary = _text(_term(node, "accessibilitySummary"))
    accessibility = "\n".join(filter(None, [summary, ", ".join(filter(None, features))]))
    url = _text(_term(node, "url"))
    spec = ResourceSpec(
        title=_text(_term(node, "name")),
        kind=Resource.Kind.LINK if url else Resource.Kind.ACTIVITY,
        modality=modality,
        alignments=alignments,
        description=_text(_term(node, "description")),
        language=(_text(_term(node, "inLanguage")) or "en").lower().split("-")[0],
        grade_low=low,
        grade_high=high,
        url=url,
        instructions="" if url else _text(_term(node, "description")),
        dok=_dok(node),
        minutes=minutes,
        accessibility=accessibility,
    )
    source_id = node.get("@id") or _text(_term(node, "identifier"))
    return Candidate(number, str(source_id or "")[:500], spec)
