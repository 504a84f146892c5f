"""The ontology at `/ontology`: pyLODE HTML for people, Turtle, RDF/XML or JSON-LD by Accept.

Everything comes from `ontology/spkg.ttl` through `ingest.ontology` (rebased to the configured
base). pyLODE takes seconds, so its page is made once per base, at the first request, in a
worker thread, and kept.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

from rdflib import BNode, Graph
from rdflib.namespace import OWL, RDFS

from ingest.ontology import load_ontology

__all__ = ["RDF_FORMATS", "ontology_html", "ontology_rdf"]

logger = logging.getLogger(__name__)

# Media type → rdflib serialiser name.
RDF_FORMATS: dict[str, str] = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
}
_lock = threading.Lock()


@lru_cache(maxsize=8)
def ontology_rdf(base: str, media_type: str) -> bytes:
    """The ontology serialised as `media_type` (one of RDF_FORMATS)."""
    return load_ontology(base).serialize(format=RDF_FORMATS[media_type], encoding="utf-8")


def _without_nested_expressions(graph: Graph) -> Graph:
    """The ontology less anonymous class expressions, which pyLODE 3.3 cannot always print."""
    lean = Graph()
    for prefix, namespace in graph.namespaces():
        lean.bind(prefix, namespace)
    for s, p, o in graph:
        if p in (OWL.equivalentClass, RDFS.subClassOf) and isinstance(o, BNode):
            continue
        lean.add((s, p, o))
    return lean


@lru_cache(maxsize=2)
def _html(base: str) -> str:
    from pylode import OntPub

    graph = load_ontology(base)
    try:
        return str(OntPub(graph).make_html())
    except (TypeError, KeyError, ValueError) as exc:
        # pyLODE fails on a union nested in an intersection; the axioms stay in the RDF forms.
        logger.warning(
            "pyLODE failed on the full ontology (%s); documenting it without "
            "anonymous class expressions",
            exc,
        )
        return str(OntPub(_without_nested_expressions(graph)).make_html())


def ontology_html(base: str) -> str:
    """The pyLODE page (made once per base; concurrent first requests wait for one run)."""
    with _lock:
        return _html(base)
