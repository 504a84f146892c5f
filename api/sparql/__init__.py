"""The public SPARQL 1.1 Protocol endpoint (read-only), as a mountable router."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response

from api.engine import QueryEngine, QueryRequest
from api.errors import ProblemError
from api.negotiation import (
    DEFAULT_GRAPH_FORMAT,
    DEFAULT_SOLUTIONS_FORMAT,
    GRAPH_MEDIA_TYPES,
    SOLUTIONS_MEDIA_TYPES,
    choose_format,
    media_type_of,
)
from api.settings import Settings
from api.sparql.description import service_description
from api.sparql.protocol import read_call

__all__ = ["build_router"]

logger = logging.getLogger(__name__)

# rdflib serialiser names for the service description.
_RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
_TEXT_FORMATS = {"csv", "tsv", "turtle", "ntriples"}


def _content_type(fmt: str) -> str:
    media_type = media_type_of(fmt)
    return f"{media_type}; charset=utf-8" if fmt in _TEXT_FORMATS else media_type


def _describe(request: Request, base_iri: str, accept: str | None) -> Response:
    fmt = choose_format(accept, GRAPH_MEDIA_TYPES, DEFAULT_GRAPH_FORMAT)
    if fmt is None:
        raise ProblemError(406, "Not Acceptable", "The service description is served as RDF.")
    endpoint = str(request.url.replace(query=None, fragment=None))
    graph = service_description(endpoint, base_iri)
    body = graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")
    return Response(body, media_type=_content_type(fmt), headers={"Vary": "Accept"})


async def sparql(request: Request) -> Response:
    """SPARQL 1.1 Protocol: query by GET, POST form or POST application/sparql-query.

    The engine and settings come from the app's state rather than from dependencies: solving
    dependencies costs more per request than a cheap query does.
    """
    engine: QueryEngine = request.app.state.engine
    settings: Settings = request.app.state.settings
    call = await read_call(request, settings.max_request_bytes)
    accept = request.headers.get("accept")
    if call.query is None:
        if request.method != "GET":
            raise ProblemError(400, "Bad SPARQL request", "The request has no `query`.")
        return _describe(request, settings.base_iri, accept)
    result = await engine.execute(
        QueryRequest(
            query=call.query,
            solutions_format=choose_format(accept, SOLUTIONS_MEDIA_TYPES, DEFAULT_SOLUTIONS_FORMAT),
            graph_format=choose_format(accept, GRAPH_MEDIA_TYPES, DEFAULT_GRAPH_FORMAT),
            default_graph=call.default_graphs if call.has_dataset else None,
            named_graphs=call.named_graphs if call.has_dataset else None,
        )
    )
    return Response(result.body, media_type=_content_type(result.fmt), headers={"Vary": "Accept"})


def build_router(settings: object = None) -> APIRouter:
    """The endpoint's routes; the app mounts them at /sparql."""
    del settings
    router = APIRouter(tags=["sparql"])
    for method in ("GET", "POST"):
        router.add_api_route(
            "/sparql",
            sparql,
            methods=[method],
            operation_id=f"sparql_{method.lower()}",
            summary=f"SPARQL 1.1 query endpoint ({method})",
            response_class=Response,
        )
    return router
