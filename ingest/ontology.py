"""The ontology and the SHACL shapes, read from their Turtle files under the configured base.

The files are written with the default base `https://w3id.org/spkg/`; when `SPKG_BASE_IRI`
differs, every IRI under the default base is rewritten so that terms, shapes and instances
agree. Files are parsed once per base; each call returns a fresh copy that callers may change.
This module also builds the graph the ontology's QC queries (`ontology/checks/*.rq`) run over.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from ingest.namespaces import DEFAULT_BASE, base_iri, spkg_ns

__all__ = [
    "CHECKS_DIR",
    "ONTOLOGY_FILE",
    "QC_USES",
    "QUERIES_DIR",
    "SHAPES_DIR",
    "OntologyError",
    "UnknownValueError",
    "class_hierarchy",
    "enum_value",
    "load_ontology",
    "load_shapes",
    "qc_graph",
    "rebase",
    "run_check",
]

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "spkg.ttl"
CHECKS_DIR = ROOT / "ontology" / "checks"
SHAPES_DIR = ROOT / "shapes"
QUERIES_DIR = ROOT / "api" / "queries"
# In the QC graph, `<urn:spkg:qc:query/NAME> QC_USES <term>` says a named query uses a term.
QC_USES = URIRef("urn:spkg:qc:uses")


class OntologyError(Exception):
    """The ontology or shapes files cannot be used."""


class UnknownValueError(OntologyError, LookupError):
    """A data-file value has no enumerated individual in the ontology."""

    def __init__(self, cls: str, value: str) -> None:
        super().__init__(f"no individual of {cls} has the notation {value!r}")
        self.cls = cls
        self.value = value


def rebase(graph: Graph, base: str) -> Graph:
    """A copy of `graph` with IRIs under the default base moved under `base`."""
    if base == DEFAULT_BASE:
        return graph

    def move(term):
        if isinstance(term, URIRef) and str(term).startswith(DEFAULT_BASE):
            return URIRef(base + str(term)[len(DEFAULT_BASE) :])
        # sh:namespace values of SHACL-SPARQL prefix declarations are xsd:anyURI literals.
        anyuri = isinstance(term, Literal) and term.datatype == XSD.anyURI
        if anyuri and str(term).startswith(DEFAULT_BASE):
            return Literal(base + str(term)[len(DEFAULT_BASE) :], datatype=XSD.anyURI)
        return term

    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, move(URIRef(ns)), replace=True)
    for s, p, o in graph:
        out.add((move(s), move(p), move(o)))
    return out


def _parse(paths: list[Path]) -> Graph:
    g = Graph()
    for path in paths:
        try:
            g.parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as e:
            raise OntologyError(f"{path}: {e}") from e
    return g


@lru_cache(maxsize=4)
def _ontology(base: str) -> Graph:
    log.debug("loading %s under %s", ONTOLOGY_FILE, base)
    return rebase(_parse([ONTOLOGY_FILE]), base)


@lru_cache(maxsize=4)
def _shapes(base: str) -> Graph:
    files = sorted(SHAPES_DIR.glob("*.ttl"))
    log.debug("loading %d shape files under %s", len(files), base)
    return rebase(_parse(files), base)


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, replace=True)
    out += graph
    return out


def load_ontology(base: str | None = None) -> Graph:
    """The ontology graph: a fresh copy of the parsed file (parsed once per base)."""
    return _copy(_ontology(base or base_iri()))


def load_shapes(base: str | None = None) -> Graph:
    """All shapes of shapes/*.ttl as one graph: a fresh copy, since pyshacl may add to it."""
    return _copy(_shapes(base or base_iri()))


@lru_cache(maxsize=4)
def _class_hierarchy(base: str) -> Graph:
    g = Graph()
    for s, o in _ontology(base).subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            g.add((s, RDFS.subClassOf, o))
    return g


def class_hierarchy(base: str | None = None) -> Graph:
    """The ontology's named rdfs:subClassOf triples (cached; do not modify).

    Add these to a data graph before SHACL validation so that `sh:targetClass` and `sh:class`
    see subclasses. pyshacl's own `ont_graph=` copies every blank-node structure of the
    ontology into the data graph and takes minutes on this ontology; these few hundred
    triples are all the shapes need.
    """
    return _class_hierarchy(base or base_iri())


@lru_cache(maxsize=64)
def _enum_index(base: str, cls: str) -> dict[str, URIRef]:
    g = _ontology(base)
    return {
        str(n): s
        for s in g.subjects(predicate=None, object=URIRef(cls))
        for n in g.objects(s, SKOS.notation)
        if isinstance(s, URIRef)
    }


def enum_value(cls: str, value: str, base: str | None = None) -> URIRef:
    """The individual of `cls` (a local name such as `Gender`, or an IRI) whose skos:notation
    is the data-file value, e.g. `enum_value("Gender", "female")` is `spkg:Female`."""
    base = base or base_iri()
    iri = cls if ":" in cls else str(spkg_ns(base)[cls])
    try:
        return _enum_index(base, iri)[value]
    except KeyError:
        raise UnknownValueError(iri, value) from None


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


def qc_graph(base: str | None = None, queries_dir: Path | None = None) -> Graph:
    """Ontology + shapes + which terms each named query uses: what the QC checks inspect."""
    base = base or base_iri()
    g = load_ontology(base)
    g += _shapes(base)
    qdir = queries_dir or QUERIES_DIR
    for path in sorted(qdir.glob("*.rq")) if qdir.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        if base != DEFAULT_BASE:
            text = text.replace(DEFAULT_BASE, base)
        found: set[URIRef] = set()
        try:
            _iris_in(prepareQuery(text).algebra, found)
        except Exception as e:
            log.warning("cannot parse %s: %s", path, e)
            g.add((URIRef(f"urn:spkg:qc:query/{path.stem}"), QC_USES, Literal(f"unparsable: {e}")))
            continue
        subject = URIRef(f"urn:spkg:qc:query/{path.stem}")
        for iri in found:
            g.add((subject, QC_USES, iri))
    return g


def run_check(check: Path, graph: Graph, base: str | None = None) -> list[tuple]:
    """Run one `*-violation.rq` over `graph`; every row returned is a failure.

    The checks name the default base; they are rewritten to `base` like the ontology is.
    """
    text = check.read_text(encoding="utf-8").replace(DEFAULT_BASE, base or base_iri())
    return [tuple(row) for row in graph.query(text)]
