"""The public SPARQL 1.1 Protocol endpoint (read-only), as a mountable router."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response

from api.engine import QueryEngine, QueryRequest
from api.engine.errors import NoAcceptableFormatError
from api.errors import ProblemError
from api.settings import Settings
from api.sparql.description import service_description
from api.sparql.formats import Wanted, unfit_format, wanted_formats
from api.sparql.protocol import SparqlCall, read_call
from ingest.formats import FORMATS

__all__ = ["build_router", "query_response"]

logger = logging.getLogger(__name__)


def _describe(request: Request, base_iri: str, wanted: Wanted) -> Response:
    name = wanted.graph
    if name is None and wanted.parameter is not None:
        raise unfit_format(wanted, "the service description (RDF)")
    if name is None:
        raise ProblemError(406, "Not Acceptable", "The service description is served as RDF.")
    fmt = FORMATS[name]
    endpoint = str(request.url.replace(query=None, fragment=None))
    graph = service_description(endpoint, base_iri)
    body = graph.serialize(format=fmt.rdflib, encoding="utf-8")
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


async def query_response(engine: QueryEngine, call: SparqlCall, wanted: Wanted) -> Response:
    """The answer to a call that carries a query, in the wanted format; raises the engine's
    errors (and ProblemError for a format parameter that cannot carry the result)."""
    assert call.query is not None
    try:
        result = await engine.execute(
            QueryRequest(
                query=call.query,
                solutions_format=wanted.solutions,
                graph_format=wanted.graph,
                default_graph=call.default_graphs if call.has_dataset else None,
                named_graphs=call.named_graphs if call.has_dataset else None,
            )
        )
    except NoAcceptableFormatError as error:
        if wanted.parameter is None:
            raise
        raise unfit_format(wanted, "this query's result") from error
    content_type = FORMATS[result.fmt].content_type
    return Response(result.body, media_type=content_type, headers={"Vary": "Accept"})


async def sparql(request: Request) -> Response:
    """SPARQL 1.1 Protocol: query by GET, POST form or POST application/sparql-query.

    The engine and settings come from the app's state rather than from dependencies: solving
    dependencies costs more per request than a cheap query does. A GET with a query is most
    often answered before routing (`api.sparql.fast`), by the same `query_response`.
    """
    engine: QueryEngine = request.app.state.engine
    settings: Settings = request.app.state.settings
    call = await read_call(request, settings.max_request_bytes)
    wanted = wanted_formats(call.params, request.headers.get("accept"))
    if call.query is None:
        if request.method != "GET":
            raise ProblemError(400, "Bad SPARQL request", "The request has no `query`.")
        return _describe(request, settings.base_iri, wanted)
    return await query_response(engine, call, wanted)


_DESCRIPTION = (
    "The SPARQL 1.1 Protocol: `query` (and `default-graph-uri`, `named-graph-uri`) by GET, "
    "POST form or POST `application/sparql-query`. The result's format follows `Accept`, or "
    "the `format` (or `output`) URL parameter, which wins: `json`, `xml`, `csv`, `tsv` for "
    "SELECT and ASK; `turtle`, `ntriples`, `jsonld`, `rdfxml` (also `json`, `xml`) for "
    "CONSTRUCT and DESCRIBE; or a media type. An unknown value is a 400."
)


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
            description=_DESCRIPTION,
            response_class=Response,
        )
    return router
