"""A large CASE package made by scaling a real one, for `pathmaker bench case`.

Each copy of the source package gets fresh identifiers (uuid5, so the result is the same every
run) and keeps its tree; extra isRelatedTo and precedes links between items of the same copy
bring the association count to the target, as in a state framework with crosswalks.
"""

from __future__ import annotations

import copy
import random
import uuid
from typing import Any

NAMESPACE = uuid.UUID("0c6f3a5e-3f0e-4d1a-9a6b-2f6d5c4b3a21")


def scale_package(source: dict[str, Any], *, items: int, associations: int, seed: int = 3) -> dict[str, Any]:
    base_items = source["CFItems"]
    copies = -(-items // len(base_items))
    doc = copy.deepcopy(source["CFDocument"])
    doc_id = str(uuid.uuid5(NAMESPACE, "document"))
    doc.update({"identifier": doc_id, "title": f"{doc.get('title', 'Framework')} (scaled x{copies})"})
    doc.pop("CFPackageURI", None)
    out_items: list[dict[str, Any]] = []
    out_assocs: list[dict[str, Any]] = []
    rng = random.Random(seed)
    old_doc = source["CFDocument"]["identifier"]
    for n in range(copies):

        def new(identifier: str, n: int = n) -> str:
            return doc_id if identifier == old_doc else str(uuid.uuid5(NAMESPACE, f"{n}:{identifier}"))

        known = {i["identifier"] for i in base_items}
        ids = []
        for item in base_items:
            clone = copy.deepcopy(item)
            clone["identifier"] = new(item["identifier"])
            clone["humanCodingScheme"] = f"{item.get('humanCodingScheme', 'ITEM')}.C{n + 1}"
            clone.pop("CFDocumentURI", None)
            out_items.append(clone)
            ids.append(clone["identifier"])
        for association in source["CFAssociations"]:
            if association["associationType"] != "isChildOf":
                continue
            clone = copy.deepcopy(association)
            clone["identifier"] = new(association["identifier"])
            for end in ("originNodeURI", "destinationNodeURI"):
                if clone[end]["identifier"] in known or clone[end]["identifier"] == old_doc:
                    clone[end] = {**clone[end], "identifier": new(clone[end]["identifier"])}
            clone.pop("CFDocumentURI", None)
            out_assocs.append(clone)
        if len(out_items) >= items:
            break
    out_items = out_items[:items]
    kept = {i["identifier"] for i in out_items}
    out_assocs = [
        a
        for a in out_assocs
        if a["originNodeURI"]["identifier"] in kept
        and a["destinationNodeURI"]["identifier"] in kept | {doc_id}
    ]
    item_ids = sorted(kept)
    while len(out_assocs) < associations:
        a, b = rng.sample(item_ids, 2)
        kind = "precedes" if len(out_assocs) % 4 == 0 else "isRelatedTo"
        identifier = str(uuid.uuid5(NAMESPACE, f"extra:{len(out_assocs)}"))
        out_assocs.append(
            {
                "identifier": identifier,
                "uri": f"https://example.org/CFAssociations/{identifier}",
                "associationType": kind,
                "lastChangeDateTime": "2026-01-01T00:00:00+00:00",
                "originNodeURI": {"title": a, "identifier": a, "uri": f"https://example.org/{a}"},
                "destinationNodeURI": {"title": b, "identifier": b, "uri": f"https://example.org/{b}"},
            }
        )
    return {
        "CFDocument": doc,
        "CFItems": out_items,
        "CFAssociations": out_assocs[:associations],
        "CFDefinitions": source.get("CFDefinitions", {}),
    }
