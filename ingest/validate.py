"""SHACL validation of one review, returning a typed report traced back to the CSV cells.

The data graph is the review's own graphs plus what the shapes need of the ontology: its named
`rdfs:subClassOf` links (so `sh:targetClass` and `sh:class` see subclasses) and the types of its
individuals (instruments, intervention types and value sets are `skos:Concept`s or members of
spkg classes that `sh:class` asks for). That is about 370 of the ontology's 3k triples; labels,
definitions and OWL axioms change no SHACL result, and copying them into every review's data
graph was a third of validation time. The ontology is not passed as pyshacl's `ont_graph`
either: pyshacl "inoculates" an `ont_graph` by cloning every node recursively (minutes per
review). The data graph is built here for this one call, so pyshacl validates it in place
instead of cloning it again (no shape has `sh:rule`, so nothing is added to it).

Each result's focus node is looked up in the mapping's origin index (node → file and row) and
its path in the column index (predicate → column), so a curator reads `file:row:column:
message`. Violations block an ingest; warnings and infos are printed and do not.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.plugins.sparql import processor as _sparql_processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Node

from ingest.mapping import Mapped
from ingest.report import Result, ValidationReport, local_name
from ingest.review_data import data_file_location

__all__ = [
    "Result",
    "ValidationReport",
    "cached_sparql_parsing",
    "shapes_context",
    "validate_review",
]

logger = logging.getLogger(__name__)

SH = Namespace("http://www.w3.org/ns/shacl#")
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


_patch_lock = threading.Lock()


@lru_cache(maxsize=1024)
def _prepared(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Any:
    """A SPARQL text parsed and translated once per process (the same text, the same query)."""
    return translateQuery(parseQuery(text), base, dict(namespaces) or None)


@contextmanager
def cached_sparql_parsing() -> Iterator[None]:
    """Parse each SPARQL text once while validating.

    pyshacl hands a SPARQL constraint's `sh:select` text to rdflib once per focus node, and
    rdflib parses it every time (about 5 ms each); the parsed, translated query is the same for
    the same text, base and namespaces, and rdflib evaluates a translated query with any initial
    bindings. So, for the duration of the block, `SPARQLProcessor.query` looks the translated
    query up in a process-wide LRU cache instead of parsing again. Results are unchanged.
    """
    original = _sparql_processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = tuple(sorted((initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, base, key)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with _patch_lock:
        _sparql_processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
        try:
            yield
        finally:
            _sparql_processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


_META = (str(OWL), str(RDFS), str(RDF))


def shapes_context(ontology: Graph) -> Graph:
    """What SHACL needs of the ontology: named subclass links and its individuals' types.

    Build it once per ontology and pass it as `context=` to `validate_review`.
    """
    g = Graph()
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            g.add((s, RDFS.subClassOf, o))
    for s, o in ontology.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(o, URIRef) and not str(o).startswith(_META):
            g.add((s, RDF.type, o))
    return g


def validate_review(
    mapped: Mapped,
    shapes: Graph,
    ontology: Graph | None = None,
    extra: Graph | None = None,
    folder: Path | None = None,
    cache_queries: bool = True,
    context: Graph | None = None,
    consume: bool = False,
) -> ValidationReport:
    """Validate a mapped review (plus `extra` data graphs, e.g. inferred types) against `shapes`.

    `context` is `shapes_context(ontology)`, computed once by callers that validate many
    reviews; without it, it is derived from `ontology` here. `folder` is the review folder,
    used to print file paths; results keep the file name only when it is not given.
    `consume=True` adds the other graphs to `mapped.reported` and validates that, instead of
    copying the review into a new graph (a fifth of validation time): for callers that drop
    the mapping afterwards, as the ingest's first pass does. The report is the same.
    """
    if context is None:
        context = shapes_context(ontology) if ontology is not None else Graph()
    data = mapped.reported if consume else Graph()
    for graph in (mapped.supplementary, extra, context, None if consume else mapped.reported):
        if graph is not None:
            for t in graph:
                data.add(t)
    if len(shapes) == 0:
        return ValidationReport(mapped.review_id, ())
    patch = cached_sparql_parsing() if cache_queries else _nothing()
    with patch:
        _, report_graph, _ = shacl_validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            abort_on_first=False,
            inplace=True,
        )
    results = sorted(
        (_result(report_graph, node, mapped, folder) for node in _result_nodes(report_graph)),
        key=lambda r: (
            r.severity != "Violation",
            str(r.file),
            r.row or 0,
            r.column or "",
            r.focus_node,
            r.message,
        ),
    )
    return ValidationReport(mapped.review_id, tuple(results))


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _result_nodes(report: Graph) -> list[Node]:
    return list(report.subjects(URIRef(str(SH.resultSeverity)), None))


def _result(report: Graph, node: Node, mapped: Mapped, folder: Path | None) -> Result:
    def one(p: URIRef) -> Node | None:
        return report.value(node, p)

    level = one(SH.resultSeverity)
    severity = _SEVERITY.get(level, str(level)) if isinstance(level, URIRef) else str(level)
    focus, path, value = one(SH.focusNode), one(SH.resultPath), one(SH.value)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    origin = mapped.origins.get(focus) if isinstance(focus, URIRef) else None
    file = row = column = None
    if origin is not None:
        file = Path(origin.file)
        if folder is not None:  # `folder/records.csv`, or `book.xlsx:records` for a workbook
            file = data_file_location(folder, origin.file)
        row = origin.row
        if isinstance(path, URIRef):
            column = mapped.column_of(origin.file, str(path))
    return Result(
        severity=severity,
        focus_node=str(focus),
        path=str(path) if path is not None else None,
        value=str(value) if value is not None else None,
        source_shape=str(one(SH.sourceShape)),
        component=local_name(str(one(SH.sourceConstraintComponent))),
        message=messages[0] if messages else local_name(str(one(SH.sourceConstraintComponent))),
        file=file,
        row=row,
        column=column,
    )
