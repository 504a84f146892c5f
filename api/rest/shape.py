"""From query rows to JSON: RDF terms to JSON values, and one resource's statements to an object
whose keys are the terms of the published @context."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from api.jsonld import ApiContext
from ingest.iris import GRAPH_KINDS
from ingest.namespaces import RDF, XSD

__all__ = ["describe_node", "graph_kind", "json_value", "ref", "scalar"]

_INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger}
_DECIMALS = {XSD.decimal, XSD.double, XSD.float}
# Keys that always hold a list, whatever the number of values.
_MULTI = {
    "type",
    "creator",
    "originalTheme",
    "searchLanguage",
    "languageFound",
    "performedBy",
    "checkedBy",
}


def scalar(term: Node | None) -> Any:
    """A literal as a JSON number, boolean or string; an IRI as its string; None stays None."""
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype
        try:
            if dt in _INTEGERS:
                return int(str(term))
            if dt in _DECIMALS:
                number = Decimal(str(term))
                return int(number) if number == number.to_integral_value() else float(number)
            if dt == XSD.boolean:
                return str(term).strip().lower() in ("true", "1")
        except (ValueError, ArithmeticError):
            return str(term)
        return str(term)
    return str(term)


def ref(iri: Node, label: Node | None = None, **extra: Any) -> dict[str, Any]:
    """A link to another resource: its IRI and, when known, its label."""
    body: dict[str, Any] = {"id": str(iri)}
    if label is not None:
        body["label"] = str(label)
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def json_value(term: Node, label: Node | None = None) -> Any:
    """A statement's object: a link object for IRIs, a JSON scalar for literals."""
    if isinstance(term, URIRef | BNode):
        return ref(term, label)
    return scalar(term)


def graph_kind(graph: Node | None) -> str | None:
    """`reported`, `supplementary`, … from a review graph IRI `<base>graph/{review}/{kind}`."""
    if graph is None:
        return None
    last = str(graph).rsplit("/", 1)[-1]
    return last if last in GRAPH_KINDS else str(graph)


def _author_order(value: Any) -> tuple[int, str]:
    text = value["id"] if isinstance(value, dict) else str(value)
    head, _, n = text.rpartition("#author-")
    return (int(n) if head and n.isdigit() else 0, text)


def describe_node(
    node: Node,
    rows: Iterable[Mapping[str, Node]],
    context: ApiContext,
    *,
    skip: Iterable[str] = (),
    sources: bool = False,
) -> dict[str, Any]:
    """One resource from node.rq rows (?p ?o ?g ?label ?sourceKind ?sourceNote).

    With `sources`, adds `valueSources`: for each key, the graph its value is stated in and, for
    a value that does not come from the review, the kind and note of its source."""
    skipped = set(skip)
    body: dict[str, Any] = {"id": str(node), "type": []}
    seen: set[tuple[str, str]] = set()
    where: dict[str, dict[str, Any]] = {}
    for row in rows:
        p, o = row["p"], row["o"]
        if str(p) in skipped:
            continue
        if p == RDF.type:
            compact = context.compact(str(o))
            if compact not in body["type"]:
                body["type"].append(compact)
            continue
        key = context.key_for(str(p))
        if (key, o.n3()) in seen:
            continue
        seen.add((key, o.n3()))
        value = json_value(o, row.get("label"))
        body.setdefault(key, []).append(value)
        if sources:
            kind = graph_kind(row.get("g"))
            entry = where.setdefault(key, {"graph": kind})
            if kind == "supplementary":
                entry["graph"] = kind
                if row.get("sourceKind") is not None:
                    entry["sourceKind"] = context.compact(str(row["sourceKind"]))
                if row.get("sourceNote") is not None:
                    entry["note"] = str(row["sourceNote"])
    body["type"].sort()
    for key, values in list(body.items()):
        if key in ("id", "type") or not isinstance(values, list):
            continue
        if key == "creator":
            values.sort(key=_author_order)
        if len(values) == 1 and key not in _MULTI:
            body[key] = values[0]
    ordered = {"id": body.pop("id"), "type": body.pop("type")}
    ordered.update(sorted(body.items()))
    if sources:
        ordered["valueSources"] = dict(sorted(where.items()))
    return ordered
