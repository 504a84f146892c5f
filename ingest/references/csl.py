"""CSL-JSON out: the item list that citeproc processors (citeproc-js in Zotero and Mendeley,
citeproc-py, pandoc) read, as the CSL data schema 1.0 describes it.

Persons become `{"family", "given"}` with the initials as given names (`Wildman JM` →
`Wildman`, `J. M.`), organisations `{"literal"}`. Which values did not come from the review itself
is kept in the item's `custom` object, the schema's place for data of the producing tool.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from ingest.references.model import CSL_TYPES, Reference, split_locator, split_person

__all__ = ["csl_item", "write_csl"]

logger = logging.getLogger(__name__)

_CONTAINER = {"journal-article": "container-title"}
_GENRE = {"doctoral-thesis": "Doctoral thesis"}


def _name(name: str) -> dict[str, str]:
    family, initials = split_person(name)
    if not initials:
        return {"literal": family}
    return {"family": family, "given": " ".join(f"{i}." for i in initials)}


def csl_item(ref: Reference, n: int) -> dict[str, Any]:
    """One CSL-JSON item; its `id` is the record's key (else its position, from 1)."""
    kind = ref.publication_type or ""
    item: dict[str, Any] = {"id": ref.key or str(n), "type": CSL_TYPES.get(kind, "document")}
    if ref.title:
        item["title"] = ref.title
    names = ref.authors or ((ref.first_author,) if ref.first_author else ())
    if ref.authors:
        item["author"] = [_name(a) for a in names]
    elif names:
        item["author"] = [{"literal": names[0]}]
    if ref.year:
        item["issued"] = {"date-parts": [[int(ref.year)]]}
    if ref.venue:
        item[_CONTAINER.get(kind, "publisher")] = ref.venue
    if kind in _GENRE:
        item["genre"] = _GENRE[kind]
    volume, issue, first, last = split_locator(ref.locator)
    pages = f"{first}-{last}" if last else first
    for key, value in (("volume", volume), ("issue", issue), ("page", pages)):
        if value:
            item[key] = value
    if ref.doi:
        item["DOI"] = ref.doi
    if ref.elsewhere:
        item["custom"] = {"spkg-supplementary": list(ref.elsewhere)}
    return item


def write_csl(references: list[Reference]) -> str:
    """The references as a CSL-JSON array, in the order given."""
    items = [csl_item(r, n) for n, r in enumerate(references, start=1)]
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"
