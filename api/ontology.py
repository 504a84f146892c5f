"""The ontology at `/ontology`: pyLODE HTML for people; Turtle, RDF/XML, JSON-LD or N-Triples by
Accept.

Everything comes from `ontology/spkg.ttl` through `ingest.ontology` (rebased to the configured
base). pyLODE takes seconds, so its page is made once per base, at the first request, in a
worker thread, and kept.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from functools import lru_cache

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from rdflib import BNode, Graph
from rdflib.namespace import OWL, RDFS

from api.errors import ProblemError
from api.negotiation import ONTOLOGY
from ingest.formats import FORMATS
from ingest.ontology import load_ontology

__all__ = ["OntologyRoutes", "build_router", "ontology_html", "ontology_rdf"]

logger = logging.getLogger(__name__)

_lock = threading.Lock()


@lru_cache(maxsize=8)
def ontology_rdf(base: str, fmt: str) -> bytes:
    """The ontology serialised in format `fmt` (an RDF format of ingest.formats)."""
    return load_ontology(base).serialize(format=FORMATS[fmt].rdflib, encoding="utf-8")


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


class OntologyRoutes:
    """The /ontology route under one base."""

    def __init__(self, base: str) -> None:
        self.base = base

    async def ontology(self, request: Request) -> Response:
        """HTML documentation for browsers; Turtle, RDF/XML, JSON-LD or N-Triples by Accept."""
        name = ONTOLOGY.choose(request.headers.get("accept"))
        if name is None:
            raise ProblemError(406, "Not Acceptable", "The ontology is served as HTML or RDF.")
        headers = {"Vary": "Accept"}
        if name == "html":
            return HTMLResponse(await asyncio.to_thread(ontology_html, self.base), headers=headers)
        body = await asyncio.to_thread(ontology_rdf, self.base, name)
        return Response(body, media_type=ONTOLOGY.media_type(name), headers=headers)


def build_router(base: str) -> APIRouter:
    """The /ontology route."""
    routes = OntologyRoutes(base)
    router = APIRouter(tags=["dataset"])
    router.add_api_route(
        "/ontology", routes.ontology, methods=["GET"], summary="The ontology (HTML or RDF)"
    )
    return router
