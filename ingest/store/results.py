"""SPARQL 1.1 JSON results read into rdflib rows (or the ASK boolean).

The one reader for every JSON answer spkg receives: the remote store's, the remote engine's and
the embedded engine's (whose workers write JSON). Literals follow `terms`: `xsd:string` reads as
a plain literal, so the same data give equal rows from every backend.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from ingest.store.errors import StoreResultsError
from ingest.store.terms import XSD_STRING

__all__ = ["Row", "parse_json_results", "term_from_json"]

logger = logging.getLogger(__name__)

# One solution: variable name → term; unbound variables are absent.
Row = dict[str, Identifier]


def term_from_json(cell: Mapping[str, Any]) -> Identifier:
    """One JSON results cell as an rdflib term (`typed-literal` is SPARQL 1.0's spelling)."""
    kind = cell.get("type")
    value = str(cell.get("value", ""))
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = cell.get("xml:lang")
        if lang:
            return Literal(value, lang=str(lang))
        datatype = cell.get("datatype")
        if datatype and datatype != XSD_STRING:
            return Literal(value, datatype=URIRef(str(datatype)))
        return Literal(value)
    raise StoreResultsError(f"unsupported term type in results: {kind}")


def parse_json_results(body: bytes | str) -> list[Row] | bool:
    """SPARQL JSON results → rows of rdflib terms, or the boolean of an ASK.

    Raises StoreResultsError for a body that is not SPARQL JSON results.
    """
    try:
        doc = json.loads(body)
        if "boolean" in doc:
            return bool(doc["boolean"])
        solutions = doc["results"]["bindings"]
        return [{name: term_from_json(cell) for name, cell in row.items()} for row in solutions]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreResultsError(f"not SPARQL JSON results: {exc}") from exc
