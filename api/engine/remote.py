"""The remote engine: forwards read queries to a SPARQL 1.1 endpoint over HTTP.

A thin layer over the store's `AsyncSparqlClient` (the async face of the one client ingest uses
too): the same guard runs first, so SERVICE never leaves this service either; bindings become a
`VALUES` block opening the WHERE group (`ingest.store.sparql_text`); the answer is read up to a
byte cap; the store's errors become EngineError subclasses with their HTTP statuses.

An engine whose answers cannot be taken as they come (its profile in `ingest.store.engines`:
the Accept header does not tell a query's form, its TSV is not SPARQL TSV, its blank nodes are
not N-Triples labels; Virtuoso) is asked by the query's form for JSON results or N-Triples only,
and the answer is rewritten here in the format asked for, by pyoxigraph's serialisers.
"""

from __future__ import annotations

import logging
import sys

import pyoxigraph as ox

from api.engine.engine import (
    Bindings,
    QueryEngine,
    QueryRequest,
    QueryResult,
    refused_bindings,
    too_large,
)
from api.engine.errors import (
    EngineError,
    NoAcceptableFormatError,
    QuerySyntaxError,
    QueryTimeoutError,
    RemoteEndpointError,
)
from api.engine.results import serialize_boolean, serialize_solutions
from api.negotiation import SPARQL_GRAPH, SPARQL_SOLUTIONS
from ingest.formats import FORMATS, rdf_format
from ingest.store.client import JSON_RESULTS, N_TRIPLES, AsyncSparqlClient, SparqlResponse
from ingest.store.config import RemoteConfig, remote_config
from ingest.store.errors import (
    ResultTooLargeError,
    StoreError,
    StoreQueryError,
    StoreResultsError,
    StoreStatusError,
    StoreTimeoutError,
    StoreUnavailableError,
)
from ingest.store.results import normalised_json_results
from ingest.store.sparql_text import query_form
from ingest.store.sparql_text import with_bindings as inline_bindings

__all__ = ["RemoteEngine", "engine_error", "with_bindings"]

logger = logging.getLogger(__name__)


def with_bindings(query: str, bindings: Bindings | None) -> str:
    """The query with checked bindings inlined as a VALUES block opening its WHERE group;
    raises InvalidBindingError for a binding the store's check refuses."""
    with refused_bindings():
        return inline_bindings(query, bindings)


def engine_error(error: StoreError) -> EngineError:
    """The API's error (and so its HTTP status) for what the remote client raised."""
    if isinstance(error, StoreTimeoutError):
        detail = f"The remote endpoint did not answer within {error.seconds:g} s."
        return QueryTimeoutError(detail, seconds=error.seconds)
    if isinstance(error, ResultTooLargeError):
        return too_large(error.limit, error.unit)
    if isinstance(error, StoreQueryError):
        return QuerySyntaxError(error.message)
    if isinstance(error, StoreStatusError):
        detail = f"The remote endpoint answered {error.status}."
        return RemoteEndpointError(detail, upstream_status=error.status)
    if isinstance(error, StoreUnavailableError):
        return RemoteEndpointError(f"The remote endpoint could not be reached: {error.message}")
    return RemoteEndpointError(f"The remote endpoint failed: {error}")


class RemoteEngine(QueryEngine):
    """Sends queries to `endpoint` with httpx; `timeout` seconds, `max_bytes` per response."""

    def __init__(
        self,
        endpoint: str | RemoteConfig,
        *,
        timeout: float,
        max_bytes: int,
        max_query_length: int,
        max_query_depth: int,
    ) -> None:
        super().__init__(max_query_length=max_query_length, max_query_depth=max_query_depth)
        config = endpoint if isinstance(endpoint, RemoteConfig) else remote_config(endpoint)
        self.client = AsyncSparqlClient(config, timeout=timeout, max_bytes=max_bytes)
        self.endpoint = config.query_url
        self.timeout = timeout
        self.max_bytes = max_bytes

    async def close(self) -> None:
        """Close the HTTP connection pool."""
        await self.client.aclose()

    async def _query(self, query: str, accept: str, request: QueryRequest) -> SparqlResponse:
        try:
            return await self.client.query(
                query,
                accept,
                default_graphs=request.default_graph,
                named_graphs=request.named_graphs,
            )
        except StoreError as error:
            raise engine_error(error) from error

    async def _execute_by_form(self, request: QueryRequest, query: str, form: str) -> QueryResult:
        """Ask for JSON results or N-Triples by the query's form; write the format asked for."""
        if form in ("SELECT", "ASK"):
            fmt = request.solutions_format
            if fmt is None:
                raise NoAcceptableFormatError(f"A {form} query answers results, not a graph.")
            response = await self._query(query, JSON_RESULTS, request)
            try:
                parsed = ox.parse_query_results(
                    normalised_json_results(response.body), ox.QueryResultsFormat.JSON
                )
            except (StoreResultsError, SyntaxError, ValueError) as error:
                raise EngineError(f"The remote results could not be read: {error}") from error
            if isinstance(parsed, ox.QueryBoolean):
                return QueryResult("boolean", fmt, serialize_boolean(parsed, fmt))
            body = serialize_solutions(parsed, fmt, sys.maxsize)
            return QueryResult("solutions", fmt, body)
        fmt = request.graph_format
        if fmt is None:
            raise NoAcceptableFormatError(f"A {form} query answers a graph, not results.")
        response = await self._query(query, N_TRIPLES, request)
        if fmt == "ntriples":
            return QueryResult("graph", fmt, response.body)
        try:
            quads = list(ox.parse(response.body, ox.RdfFormat.N_TRIPLES))
        except (SyntaxError, ValueError) as error:
            raise EngineError(f"The remote graph could not be read: {error}") from error
        return QueryResult("graph", fmt, ox.serialize(quads, format=rdf_format(fmt)) or b"")

    async def execute(self, request: QueryRequest, bindings: Bindings | None = None) -> QueryResult:
        """Guard, forward, and check the upstream answer's media type and size."""
        self.check(request.query)
        query = with_bindings(request.query, bindings)
        form = None if self.client.profile.form_by_accept else query_form(query)
        if form is not None:
            return await self._execute_by_form(request, query, form)
        wanted = (request.solutions_format, request.graph_format)
        accept = ", ".join(FORMATS[fmt].media_type for fmt in wanted if fmt)
        response = await self._query(query, accept, request)
        for fmt, offered, kind in (
            (request.solutions_format, SPARQL_SOLUTIONS, "solutions"),
            (request.graph_format, SPARQL_GRAPH, "graph"),
        ):
            if fmt and offered.of_media_type(response.content_type) == fmt:
                head = response.body[:2000]
                if kind == "solutions" and (b'"boolean"' in head or b"<boolean>" in head):
                    kind = "boolean"
                return QueryResult(kind, fmt, response.body)
        raise NoAcceptableFormatError(f"The remote endpoint answered in {response.content_type!r}.")
