"""The one SPARQL 1.1 client spkg speaks to a remote store with, synchronous and asynchronous.

Queries go by the Protocol's POST form (`query`, `default-graph-uri`, `named-graph-uri`),
updates as `application/sparql-update` bodies, graph loads as Graph Store Protocol PUTs of
N-Triples. `SparqlClient` (ingest, export, release) and `AsyncSparqlClient` (the API's remote
engine) share `_Exchange`: the requests are built, and answers judged, by the same code; only
the loop that moves bytes differs. Every read stops at an optional byte cap, so an endpoint
cannot make spkg hold more than it chose to.

Engines differ (`ingest.store.engines`): where the Accept header does not tell a query's
form, only the form's own type is asked for (JSON results, N-Triples); a result the server cut
at its row cap (a header says so) is refused, never taken as whole; updates that fail with one
of the engine's transient errors are retried; credentials go by the engine's auth scheme.

Errors: a 400 is the endpoint rejecting the text (StoreQueryError, with its message); any other
status ≥ 300 is StoreStatusError; no answer in time is StoreTimeoutError; no connection is
StoreUnavailableError; a body past the cap, or rows past the server's, is ResultTooLargeError.
"""

from __future__ import annotations

import asyncio
import io
import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from ingest.store.config import RemoteConfig
from ingest.store.engines import ENGINES, EngineProfile, engine_profile
from ingest.store.errors import (
    ResultTooLargeError,
    StoreError,
    StoreQueryError,
    StoreStatusError,
    StoreTimeoutError,
    StoreUnavailableError,
)
from ingest.store.sparql_text import query_form

__all__ = [
    "GRAPH_ACCEPT",
    "JSON_RESULTS",
    "N_TRIPLES",
    "RESULTS_ACCEPT",
    "TSV_RESULTS",
    "AsyncSparqlClient",
    "SparqlClient",
    "SparqlResponse",
]

logger = logging.getLogger(__name__)

JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
TSV_RESULTS = "text/tab-separated-values"
# Accept headers that also take the other kind of answer at a low weight, so a query of the
# wrong form is answered (and recognised) rather than refused with a 406.
RESULTS_ACCEPT = f"{JSON_RESULTS}, {N_TRIPLES};q=0.1"
GRAPH_ACCEPT = f"{N_TRIPLES}, text/turtle;q=0.9, {JSON_RESULTS};q=0.1"

# How much of an error answer is kept for the message.
_ERROR_HEAD = 2000


@dataclass(frozen=True)
class SparqlResponse:
    """A successful answer: its media type (lower-case, without parameters) and its body."""

    content_type: str
    body: bytes


@dataclass(frozen=True)
class _Request:
    """One HTTP request, as httpx's `stream()` takes it; `text` names it in errors."""

    method: str
    url: str
    text: str
    options: dict[str, Any] = field(default_factory=dict)


class _Body:
    """Bytes read so far, refused past `limit` (or truncated there, for error messages)."""

    def __init__(self, limit: int | None, truncate: bool = False) -> None:
        self.limit = limit
        self.truncate = truncate
        self.data = bytearray()

    def add(self, chunk: bytes) -> bool:
        """Keep `chunk`; False once a truncating body is full (stop reading)."""
        self.data += chunk
        if self.limit is not None and len(self.data) > self.limit:
            if not self.truncate:
                raise ResultTooLargeError(self.limit)
            del self.data[self.limit :]
            return False
        return True


def _read(answer: httpx.Response, body: _Body) -> bytes:
    for chunk in answer.iter_bytes():
        if not body.add(chunk):
            break
    return bytes(body.data)


async def _aread(answer: httpx.Response, body: _Body) -> bytes:
    async for chunk in answer.aiter_bytes():
        if not body.add(chunk):
            break
    return bytes(body.data)


def _media_type(headers: httpx.Headers) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()


def _auth(config: RemoteConfig, profile: EngineProfile) -> httpx.Auth | None:
    """The credentials as the engine's scheme wants them (Virtuoso's -auth endpoints: Digest)."""
    if not config.user:
        return None
    password = config.password or ""
    if profile.auth == "digest":
        return httpx.DigestAuth(config.user, password)
    return httpx.BasicAuth(config.user, password)


class _Exchange:
    """Request building and answer judging, the same for both faces."""

    def __init__(self, config: RemoteConfig, timeout: float, max_bytes: int | None) -> None:
        self.config = config
        self.timeout = timeout
        self.max_bytes = max_bytes
        try:
            self.profile = engine_profile(config.engine, config.query_url)
        except ValueError:  # a config made by hand with a name no profile has
            self.profile = ENGINES["generic"]

    def _options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"timeout": self.timeout, "follow_redirects": False}
        auth = _auth(self.config, self.profile)
        if auth is not None:
            options["auth"] = auth
        return options

    def _accept(self, text: str, accept: str) -> str:
        """`accept`, or where the engine does not answer by it, the query form's own type."""
        if self.profile.form_by_accept:
            return accept
        form = query_form(text)
        if form in ("SELECT", "ASK"):
            return JSON_RESULTS
        if form in ("CONSTRUCT", "DESCRIBE"):
            return N_TRIPLES
        return accept

    def _check_rows(self, answer: httpx.Response) -> None:
        """Refuse an answer the server cut at its own row cap (it still says 200)."""
        header = self.profile.row_cap_header
        if header and header in answer.headers:
            cap = answer.headers[header]
            raise ResultTooLargeError(int(cap) if cap.isdigit() else 0, "rows")

    def _retry_pause(self, error: StoreError, attempt: int) -> float | None:
        """Seconds to wait before trying an update again, or None to give up."""
        markers = self.profile.retry_markers
        if attempt >= self.profile.retries or not any(m in str(error) for m in markers):
            return None
        pause: float = self.profile.retry_pause * 2**attempt
        logger.warning("update failed (%s); retry %d in %.1f s", error, attempt + 1, pause)
        return pause

    def _query_request(
        self,
        text: str,
        accept: str,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
    ) -> _Request:
        form: dict[str, str | list[str]] = {"query": text}
        if default_graphs:
            form["default-graph-uri"] = list(default_graphs)
        if named_graphs:
            form["named-graph-uri"] = list(named_graphs)
        options = {"data": form, "headers": {"Accept": self._accept(text, accept)}}
        return _Request("POST", self.config.query_url, text, options)

    def _update_request(self, text: str) -> _Request:
        headers = {"Content-Type": "application/sparql-update"}
        options = {"content": text.encode("utf-8"), "headers": headers}
        return _Request("POST", self.config.update_url, text, options)

    def _put_request(self, graph: str, body: bytes) -> _Request:
        if self.config.gsp_url is None:
            raise StoreUnavailableError(self.config.query_url, "no Graph Store URL is set")
        options = {
            "params": {"graph": graph},
            "content": body,
            "headers": {"Content-Type": N_TRIPLES},
        }
        return _Request("PUT", self.config.gsp_url, f"PUT <{graph}>", options)

    def _failure(self, request: _Request, status: int, head: bytes) -> StoreError:
        message = head.decode("utf-8", "replace").strip()
        if status == 400:
            return StoreQueryError(request.text, message or "the endpoint rejected the request")
        return StoreStatusError(request.url, status, message[:200])

    def _transport_failure(self, request: _Request, error: httpx.HTTPError) -> StoreError:
        if isinstance(error, httpx.TimeoutException):
            return StoreTimeoutError(request.url, self.timeout)
        return StoreUnavailableError(request.url, f"cannot be reached: {error}")

    def _cap(self, max_bytes: int | None) -> int | None:
        return self.max_bytes if max_bytes is None else max_bytes


class SparqlClient(_Exchange):
    """The synchronous face: one connection pool per client; `close()` releases it."""

    def __init__(
        self, config: RemoteConfig, *, timeout: float = 60.0, max_bytes: int | None = None
    ) -> None:
        super().__init__(config, timeout, max_bytes)
        self._client: httpx.Client | None = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(**self._options())
        return self._client

    def _send(
        self, request: _Request, max_bytes: int | None, truncate: bool = False
    ) -> SparqlResponse:
        try:
            with self._http().stream(request.method, request.url, **request.options) as answer:
                if answer.status_code >= 300:
                    head = _read(answer, _Body(_ERROR_HEAD, truncate=True))
                    raise self._failure(request, answer.status_code, head)
                self._check_rows(answer)
                body = _read(answer, _Body(max_bytes, truncate))
                return SparqlResponse(_media_type(answer.headers), body)
        except httpx.HTTPError as error:
            raise self._transport_failure(request, error) from error

    def query(
        self,
        text: str,
        accept: str = RESULTS_ACCEPT,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_bytes: int | None = None,
    ) -> SparqlResponse:
        """POST `text` as a query; the whole answer, up to the byte cap."""
        request = self._query_request(text, accept, default_graphs, named_graphs)
        return self._send(request, self._cap(max_bytes))

    @contextmanager
    def stream_query(self, text: str, accept: str) -> Iterator[tuple[str, io.BufferedReader]]:
        """POST `text` as a query; yield the answer's media type and a reader of its body.

        The body is read while the caller reads, so a large answer never sits in memory.
        """
        request = self._query_request(text, accept, None, None)
        try:
            with self._http().stream(request.method, request.url, **request.options) as answer:
                if answer.status_code >= 300:
                    head = _read(answer, _Body(_ERROR_HEAD, truncate=True))
                    raise self._failure(request, answer.status_code, head)
                self._check_rows(answer)
                reader = _ChunkReader(answer.iter_bytes(), self.max_bytes)
                yield _media_type(answer.headers), io.BufferedReader(reader)
        except httpx.HTTPError as error:
            raise self._transport_failure(request, error) from error

    def update(self, text: str) -> None:
        """POST `text` as one SPARQL update request, retried on the engine's transient errors."""
        attempt = 0
        while True:
            try:
                self._send(self._update_request(text), _ERROR_HEAD, truncate=True)
                return
            except StoreError as error:
                pause = self._retry_pause(error, attempt)
                if pause is None:
                    raise
            time.sleep(pause)
            attempt += 1

    def put_graph(self, graph: str, body: bytes) -> None:
        """Replace graph `graph` with the N-Triples `body` (Graph Store Protocol PUT)."""
        self._send(self._put_request(graph, body), _ERROR_HEAD, truncate=True)

    def close(self) -> None:
        """Close the connection pool (a later request opens a new one)."""
        if self._client is not None:
            self._client.close()
            self._client = None


class AsyncSparqlClient(_Exchange):
    """The asynchronous face, for the API's event loop; `aclose()` releases its pool."""

    def __init__(
        self, config: RemoteConfig, *, timeout: float = 60.0, max_bytes: int | None = None
    ) -> None:
        super().__init__(config, timeout, max_bytes)
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        # Made on first use, inside the loop that will run it.
        if self._client is None:
            self._client = httpx.AsyncClient(**self._options())
        return self._client

    async def _send(
        self, request: _Request, max_bytes: int | None, truncate: bool = False
    ) -> SparqlResponse:
        try:
            async with self._http().stream(
                request.method, request.url, **request.options
            ) as answer:
                if answer.status_code >= 300:
                    head = await _aread(answer, _Body(_ERROR_HEAD, truncate=True))
                    raise self._failure(request, answer.status_code, head)
                self._check_rows(answer)
                body = await _aread(answer, _Body(max_bytes, truncate))
                return SparqlResponse(_media_type(answer.headers), body)
        except httpx.HTTPError as error:
            raise self._transport_failure(request, error) from error

    async def query(
        self,
        text: str,
        accept: str = RESULTS_ACCEPT,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_bytes: int | None = None,
    ) -> SparqlResponse:
        """POST `text` as a query; the whole answer, up to the byte cap."""
        request = self._query_request(text, accept, default_graphs, named_graphs)
        return await self._send(request, self._cap(max_bytes))

    async def update(self, text: str) -> None:
        """POST `text` as one SPARQL update request, retried on the engine's transient errors."""
        attempt = 0
        while True:
            try:
                await self._send(self._update_request(text), _ERROR_HEAD, truncate=True)
                return
            except StoreError as error:
                pause = self._retry_pause(error, attempt)
                if pause is None:
                    raise
            await asyncio.sleep(pause)
            attempt += 1

    async def put_graph(self, graph: str, body: bytes) -> None:
        """Replace graph `graph` with the N-Triples `body` (Graph Store Protocol PUT)."""
        await self._send(self._put_request(graph, body), _ERROR_HEAD, truncate=True)

    async def aclose(self) -> None:
        """Close the connection pool (a later request opens a new one)."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None


class _ChunkReader(io.RawIOBase):
    """A readable file over an iterator of byte chunks, refusing more than `limit` bytes."""

    def __init__(self, chunks: Iterator[bytes], limit: int | None) -> None:
        self._chunks = chunks
        self._pending = b""
        self._total = 0
        self._limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
            self._total += len(self._pending)
            if self._limit is not None and self._total > self._limit:
                raise ResultTooLargeError(self._limit)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size
