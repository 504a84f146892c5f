"""The public SPARQL 1.1 Protocol endpoint (read-only), as a mountable router."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response

from api.engine import QueryEngine, QueryRequest
from api.errors import ProblemError
from api.negotiation import SPARQL_GRAPH, SPARQL_SOLUTIONS
from api.settings import Settings
from api.sparql.description import service_description
from api.sparql.protocol import read_call
from ingest.formats import FORMATS

__all__ = ["build_router"]

logger = logging.getLogger(__name__)


def _describe(request: Request, base_iri: str, accept: str | None) -> Response:
    name = SPARQL_GRAPH.choose(accept)
    if name is None:
        raise ProblemError(406, "Not Acceptable", "The service description is served as RDF.")
    fmt = FORMATS[name]
    endpoint = str(request.url.replace(query=None, fragment=None))
    graph = service_description(endpoint, base_iri)
    body = graph.serialize(format=fmt.rdflib, encoding="utf-8")
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


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
            solutions_format=SPARQL_SOLUTIONS.choose(accept),
            graph_format=SPARQL_GRAPH.choose(accept),
            default_graph=call.default_graphs if call.has_dataset else None,
            named_graphs=call.named_graphs if call.has_dataset else None,
        )
    )
    content_type = FORMATS[result.fmt].content_type
    return Response(result.body, media_type=content_type, headers={"Vary": "Accept"})


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
