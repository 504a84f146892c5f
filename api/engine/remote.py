"""The remote engine: forwards read queries to a SPARQL 1.1 endpoint over HTTP.

The same guard runs first, so SERVICE never leaves this service either. Bindings become a `VALUES`
block opening the WHERE group, written from each validated term's own serialisation (N-Triples
form; see ingest.sparql_text). The response is read up to a byte cap.
"""

from __future__ import annotations

import logging

import httpx

from api.engine.engine import (
    Bindings,
    QueryEngine,
    QueryRequest,
    QueryResult,
    check_bindings,
    too_large,
)
from api.engine.errors import NotAcceptable, QuerySyntaxError, QueryTimeout, RemoteEndpointError
from api.negotiation import (
    FORMAT_MEDIA_TYPES,
    GRAPH_MEDIA_TYPES,
    SOLUTIONS_MEDIA_TYPES,
    format_of_media_type,
)
from ingest.sparql_text import inline_values

__all__ = ["RemoteEngine", "with_bindings"]

logger = logging.getLogger(__name__)


def with_bindings(query: str, bindings: Bindings | None) -> str:
    """The query with validated bindings inlined as a VALUES block opening its WHERE group."""
    checked = check_bindings(bindings)
    return inline_values(query, {name: term.n3() for name, term in checked.items()})


class RemoteEngine(QueryEngine):
    """Sends queries to `endpoint` with httpx; `timeout` seconds, `max_bytes` per response."""

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float,
        max_bytes: int,
        max_query_length: int,
        max_query_depth: int,
    ) -> None:
        super().__init__(max_query_length=max_query_length, max_query_depth=max_query_depth)
        self.endpoint = endpoint
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        return self._client

    async def close(self) -> None:
        """Close the HTTP connection pool."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def execute(self, request: QueryRequest, bindings: Bindings | None = None) -> QueryResult:
        """Guard, forward, and check the upstream answer's media type and size."""
        self.check(request.query)
        query = with_bindings(request.query, bindings)
        wanted = (request.solutions_format, request.graph_format)
        accept = ", ".join(FORMAT_MEDIA_TYPES[fmt] for fmt in wanted if fmt)
        form: dict[str, str | list[str]] = {"query": query}
        if request.default_graph:
            form["default-graph-uri"] = list(request.default_graph)
        if request.named_graphs:
            form["named-graph-uri"] = list(request.named_graphs)
        try:
            async with self._http().stream(
                "POST",
                self.endpoint,
                data=form,
                headers={"Accept": accept},
            ) as response:
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise too_large(self.max_bytes, "bytes")
        except httpx.TimeoutException as error:
            raise QueryTimeout(
                f"The remote endpoint did not answer within {self.timeout:g} s.",
                seconds=self.timeout,
            ) from error
        except httpx.HTTPError as error:
            detail = f"The remote endpoint could not be reached: {error}"
            raise RemoteEndpointError(detail) from error
        if response.status_code == 400:
            raise QuerySyntaxError(bytes(body[:2000]).decode("utf-8", "replace"))
        if response.status_code >= 300:
            raise RemoteEndpointError(
                f"The remote endpoint answered {response.status_code}.",
                upstream_status=response.status_code,
            )
        content_type = response.headers.get("content-type", "")
        for fmt, table, kinds in (
            (request.solutions_format, SOLUTIONS_MEDIA_TYPES, "solutions"),
            (request.graph_format, GRAPH_MEDIA_TYPES, "graph"),
        ):
            if fmt and format_of_media_type(content_type, table) == fmt:
                kind = kinds
                head = bytes(body[:2000])
                if kind == "solutions" and (b'"boolean"' in head or b"<boolean>" in head):
                    kind = "boolean"
                return QueryResult(kind, fmt, bytes(body))
        raise NotAcceptable(f"The remote endpoint answered in {content_type!r}.")
