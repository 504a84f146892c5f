"""Serialise query results in the worker, refusing results larger than the caps.

pyoxigraph serialises a whole result iterator at once and cannot stop at a row count, so the
solution formats (SPARQL JSON, XML, CSV, TSV) are written here from the rows read so far; graphs
and booleans use pyoxigraph's own serialisers. It runs in the workers. A literal typed `xsd:string`
is written without its datatype: the reading spkg gives it everywhere (`ingest.store.terms`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from api.exceptions import ServiceError
from ingest.formats import rdf_format, results_format
from ingest.store.terms import XSD_STRING

__all__ = [
    "RowLimitExceededError",
    "serialize_boolean",
    "serialize_graph",
    "serialize_solutions",
]


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class RowLimitExceededError(ServiceError):
    """More rows (or triples) than `limit`."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def _capped(items: Iterable[Any], limit: int) -> Iterator[Any]:
    for count, item in enumerate(items, start=1):
        if count > limit:
            raise RowLimitExceededError(limit)
        yield item


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    parts = (
        f"<{name}>{_xml_term(part)}</{name}>"
        for name, part in (
            ("subject", term.subject),
            ("predicate", term.predicate),
            ("object", term.object),
        )
    )
    return f"<triple>{''.join(parts)}</triple>"


def _csv_value(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _tsv_value(term: Term) -> str:
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def serialize_solutions(solutions: ox.QuerySolutions, fmt: str, max_rows: int) -> bytes:
    """SELECT results in `fmt` (json, xml, csv, tsv); RowLimitExceededError past `max_rows`."""
    names = [var.value for var in solutions.variables]
    rows = [[solution[name] for name in names] for solution in _capped(solutions, max_rows)]
    if fmt == "json":
        bindings = [
            {name: _json_term(term) for name, term in zip(names, row, strict=True) if term}
            for row in rows
        ]
        doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        out.append("<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names))
        out.append("</head>\n<results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                for name, term in zip(names, row, strict=True)
                if term is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if term is None else _csv_value(term) for term in row])
        return buffer.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join(f"?{name}" for name in names)]
        lines.extend(
            "\t".join("" if term is None else _tsv_value(term) for term in row) for row in rows
        )
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"unknown solution format {fmt!r}")


def serialize_boolean(result: ox.QueryBoolean, fmt: str) -> bytes:
    """An ASK answer in `fmt` (json, xml, csv, tsv)."""
    return result.serialize(format=results_format(fmt))


def serialize_graph(triples: ox.QueryTriples, fmt: str, max_rows: int) -> bytes:
    """CONSTRUCT/DESCRIBE results in `fmt`; RowLimitExceededError past `max_rows` triples."""
    kept = list(_capped(triples, max_rows))
    return ox.serialize(kept, format=rdf_format(fmt))
