"""SPARQL 1.1 JSON results read into rdflib rows (or the ASK boolean).

The one reader for every JSON answer spkg receives: the remote store's, the remote engine's and
the embedded engine's (whose workers write JSON). Literals follow `terms`: `xsd:string` reads as
a plain literal, so the same data give equal rows from every backend; SPARQL 1.0's
`typed-literal`, `xsd:boolean` written `1`/`0` and blank node labels that are not N-Triples
labels (Virtuoso's `nodeID://…`) are read as the canonical forms.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from ingest.store.errors import StoreResultsError
from ingest.store.terms import XSD_STRING

__all__ = ["Row", "normalised_json_results", "parse_json_results", "term_from_json"]

logger = logging.getLogger(__name__)

# One solution: variable name → term; unbound variables are absent.
Row = dict[str, Identifier]

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
# The other lexical forms of xsd:boolean, read as the canonical ones every reader gives.
_BOOLEAN_DIGITS = {"1": "true", "0": "false"}
_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def term_from_json(cell: Mapping[str, Any]) -> Identifier:
    """One JSON results cell as an rdflib term (`typed-literal` is SPARQL 1.0's spelling)."""
    kind = cell.get("type")
    value = str(cell.get("value", ""))
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        # A label as N-Triples allows it (Virtuoso answers `nodeID://b10000`).
        return BNode(_BNODE_UNSAFE.sub("_", value))
    if kind in ("literal", "typed-literal"):
        lang = cell.get("xml:lang")
        if lang:
            return Literal(value, lang=str(lang))
        datatype = cell.get("datatype")
        if datatype == XSD_BOOLEAN and value in _BOOLEAN_DIGITS:
            value = _BOOLEAN_DIGITS[value]  # Virtuoso writes true as "1"
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


def _normal_cell(cell: Mapping[str, Any]) -> dict[str, Any]:
    term = term_from_json(cell)
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out: dict[str, Any] = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def normalised_json_results(body: bytes | str) -> bytes:
    """SPARQL 1.1 JSON results for `body` read the way `parse_json_results` reads it, so a strict
    parser (pyoxigraph's) takes what an engine wrote in SPARQL 1.0 style.

    Raises StoreResultsError for a body that is not SPARQL JSON results.
    """
    try:
        doc = json.loads(body)
        if "boolean" in doc:
            return json.dumps({"head": {}, "boolean": bool(doc["boolean"])}).encode()
        names = [str(name) for name in doc["head"].get("vars", [])]
        rows = [
            {name: _normal_cell(cell) for name, cell in row.items()}
            for row in doc["results"]["bindings"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreResultsError(f"not SPARQL JSON results: {exc}") from exc
    return json.dumps({"head": {"vars": names}, "results": {"bindings": rows}}).encode()
