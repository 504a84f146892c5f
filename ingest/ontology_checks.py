"""The ontology's QC checks, `ontology/checks/*-violation.rq`: every row a check returns fails.

The checks run over the ontology, the shapes and, for each named SPARQL query of the folders the
caller passes, the terms that query uses (so a query naming an undeclared or deprecated term
fails a check). Which folders hold queries is the caller's to say: the service's queries belong
to the service, and this module knows only the ontology side.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from ingest.namespaces import DEFAULT_BASE, base_iri
from ingest.ontology import ONTOLOGY_DIR, load_ontology, load_shapes
from ingest.store.terms import from_ox, to_ox_triples

__all__ = ["CHECKS_DIR", "QC_USES", "checks", "qc_graph", "run_check"]

logger = logging.getLogger(__name__)

CHECKS_DIR = ONTOLOGY_DIR / "checks"
# In the QC graph, `<urn:spkg:qc:query/NAME> QC_USES <term>` says a named query uses a term.
QC_USES = URIRef("urn:spkg:qc:uses")


def checks() -> list[Path]:
    """Every QC check file, in name order."""
    return sorted(CHECKS_DIR.glob("*-violation.rq"))


def _iris_in(node: object, found: set[URIRef]) -> None:
    """Collect every IRI in a parsed SPARQL algebra tree."""
    if isinstance(node, URIRef):
        found.add(node)
    elif isinstance(node, CompValue | dict):
        for v in node.values():
            _iris_in(v, found)
    elif isinstance(node, list | tuple | set):
        for v in node:
            _iris_in(v, found)


def qc_graph(query_dirs: Iterable[Path], base: str | None = None) -> Graph:
    """Ontology + shapes + which terms each named query of `query_dirs` uses.

    This is the graph the checks inspect. A query that does not parse is recorded as using an
    `unparsable: …` literal, which the undeclared-term check reports.
    """
    base = base or base_iri()
    g = load_ontology(base)
    g += load_shapes(base)
    for folder in query_dirs:
        for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
            subject = URIRef(f"urn:spkg:qc:query/{path.stem}")
            text = path.read_text(encoding="utf-8")
            if base != DEFAULT_BASE:
                text = text.replace(DEFAULT_BASE, base)
            found: set[URIRef] = set()
            try:
                _iris_in(prepareQuery(text).algebra, found)
            except Exception as exc:  # rdflib's SPARQL parser raises several unrelated types
                logger.warning("cannot parse %s: %s", path, exc)
                g.add((subject, QC_USES, Literal(f"unparsable: {exc}")))
                continue
            for iri in found:
                g.add((subject, QC_USES, iri))
    return g


def run_check(check: Path, graph: Graph, base: str | None = None) -> list[tuple]:
    """Run one `*-violation.rq` over `graph`; every row returned is a failure.

    The checks name the default base; they are rewritten to `base` like the ontology is. They
    run in an in-memory Oxigraph store: a check that scans every term (undeclared-term) took
    25 s in rdflib's evaluator and well under a second there.
    """
    text = check.read_text(encoding="utf-8").replace(DEFAULT_BASE, base or base_iri())
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in to_ox_triples(graph, {}))
    rows = store.query(text)
    if not isinstance(rows, ox.QuerySolutions):
        raise ValueError(f"{check.name}: a check is a SELECT query")
    return [tuple(None if v is None else from_ox(v) for v in row) for row in rows]
