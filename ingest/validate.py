"""SHACL validation of one review, returning a typed report traced back to the CSV cells.

The data graph is the review's own graphs plus what the shapes need of the ontology: its named
`rdfs:subClassOf` links (so `sh:targetClass` and `sh:class` see subclasses) and the types of its
individuals (instruments, intervention types and value sets are `skos:Concept`s or members of
spkg classes that `sh:class` asks for). That is about 370 of the ontology's 3k triples; labels,
definitions and OWL axioms change no SHACL result, and copying them into every review's data
graph was a third of validation time. The ontology is not passed as an `ont_graph` either:
pyshacl "inoculates" an `ont_graph` by cloning every node recursively (minutes per review).
The engine is `ingest.validators`' (pyshacl-turbo by default, pyshacl as the reference); the
data graph is built here for this one call, so pyshacl validates it in place.

Each result's focus node is looked up in the mapping's origin index (node → file and row) and
its path in the column index (predicate → column), so a curator reads `file:row:column:
message`. Violations block an ingest; warnings and infos are printed and do not.
"""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ingest.mapping import Mapped
from ingest.report import Result, ValidationReport, local_name
from ingest.review_data import data_file_location
from ingest.validators import cached_sparql_parsing, shacl_report, validator_name

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


_META = (str(OWL), str(RDFS), str(RDF))
# The rdflib store a data graph built for one validation lives in, by validator.
_DATA_STORES = {"turbo": "SimpleMemory", "pyshacl": "default"}


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
    context: Graph | None = None,
    consume: bool = False,
    validator: str | None = None,
) -> ValidationReport:
    """Validate a mapped review (plus `extra` data graphs, e.g. inferred types) against `shapes`.

    `context` is `shapes_context(ontology)`, computed once by callers that validate many
    reviews; without it, it is derived from `ontology` here. `folder` is the review folder,
    used to print file paths; results keep the file name only when it is not given.
    `consume=True` adds the other graphs to `mapped.reported` and validates that, instead of
    copying the review into a new graph (a fifth of validation time): for callers that drop
    the mapping afterwards, as the ingest's first pass does. The report is the same.
    `validator` is one of `ingest.validators.VALIDATORS` (default: `SPKG_VALIDATOR`, else
    pyshacl-turbo); raises `ToolUnavailableError` when it cannot run the shapes.
    """
    if context is None:
        context = shapes_context(ontology) if ontology is not None else Graph()
    validator = validator_name(validator)
    # pyshacl-turbo only reads the data graph: the unindexed store fills in half the time
    data = mapped.reported if consume else Graph(store=_DATA_STORES[validator])
    for graph in (mapped.supplementary, extra, context, None if consume else mapped.reported):
        if graph is not None:
            for t in graph:
                data.add(t)
    if len(shapes) == 0:
        return ValidationReport(mapped.review_id, ())
    report_graph = shacl_report(data, shapes, validator)
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
