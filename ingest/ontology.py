"""The ontology and the SHACL shapes, read from their Turtle files under the configured base.

The files are written with the default base `https://w3id.org/spkg/`; when `SPKG_BASE_IRI`
differs, every IRI under the default base is rewritten so that terms, shapes and instances
agree. Files are parsed once per base; each call returns a fresh copy that callers may change.
The QC checks over the ontology live in `ingest.ontology_checks`.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from ingest.errors import SpkgError
from ingest.namespaces import DEFAULT_BASE, base_iri

__all__ = [
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "SHAPES_DIR",
    "OntologyError",
    "class_hierarchy",
    "load_ontology",
    "load_shapes",
    "rebase",
]

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "spkg.ttl"
SHAPES_DIR = ROOT / "shapes"


class OntologyError(SpkgError):
    """The ontology or shapes files cannot be used."""


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
    logger.debug("loading %s under %s", ONTOLOGY_FILE, base)
    return rebase(_parse([ONTOLOGY_FILE]), base)


@lru_cache(maxsize=4)
def _shapes(base: str) -> Graph:
    files = sorted(SHAPES_DIR.glob("*.ttl"))
    logger.debug("loading %d shape files under %s", len(files), base)
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
