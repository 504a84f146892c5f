"""The SPARQL 1.1 Protocol's request rules: which requests carry a query, and which are refused.

Written from the protocol's text and its W3C tests: one `query` (GET parameter, form field or
`application/sparql-query` body), `default-graph-uri` / `named-graph-uri` from the URL or the
form, UTF-8 only, no updates (read-only), bodies bounded before they are read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import parse_qsl

from fastapi import Request

from api.errors import ProblemError

__all__ = ["SparqlCall", "get_call", "read_call"]

logger = logging.getLogger(__name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
UNSUPPORTED = "Unsupported Media Type"
READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted."


@dataclass(frozen=True)
class SparqlCall:
    """A protocol request reduced to what the engine needs; no query asks for the description.

    `params` are the request's other parameters (URL and form), where `format` and `output`
    may name the result's format (api.negotiation.FORMAT_PARAMETERS)."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    params: tuple[tuple[str, str], ...] = ()

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def _bad(detail: str, status: int = 400, title: str = "Bad SPARQL request") -> ProblemError:
    return ProblemError(status, title, detail)


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes `limit` (declared or streamed)."""
    declared = request.headers.get("content-length")
    too_large = _bad(
        f"The request body is larger than {limit} bytes.", 413, "Request body too large"
    )
    if declared is not None:
        try:
            if int(declared) > limit:
                raise too_large
        except ValueError as error:
            raise _bad("Content-Length is not a number.") from error
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _bad(f"The {what} is not UTF-8 (byte {error.start}).", 400) from error


def _media_type(request: Request) -> tuple[str, str | None]:
    raw = request.headers.get("content-type", "")
    parts = [part.strip() for part in raw.split(";")]
    charset = None
    for param in parts[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


def _single_query(params: list[tuple[str, str]]) -> str | None:
    queries = [value for key, value in params if key == "query"]
    updates = [value for key, value in params if key == "update"]
    if updates and queries:
        raise _bad("A request carries either `query` or `update`, not both.")
    if updates:
        raise _bad(READ_ONLY, 403, "Read-only endpoint")
    if len(queries) > 1:
        raise _bad(f"The request has {len(queries)} `query` parameters; send exactly one.")
    return queries[0] if queries else None


def _dataset(params: list[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    default = tuple(value for key, value in params if key == "default-graph-uri")
    named = tuple(value for key, value in params if key == "named-graph-uri")
    for iri in default + named:
        if not iri or any(c in iri for c in '<>"{}|^`\\ ') or ":" not in iri:
            raise _bad(f"{iri!r} is not an absolute IRI.")
    return default, named


def get_call(url_params: list[tuple[str, str]]) -> SparqlCall:
    """A GET's SparqlCall from its URL parameters, or ProblemError (4xx)."""
    query = _single_query(url_params)
    return SparqlCall(query, *_dataset(url_params), tuple(url_params))


async def read_call(request: Request, max_body: int) -> SparqlCall:
    """Turn a GET or POST to the endpoint into a SparqlCall, or raise ProblemError (4xx)."""
    url_params = list(request.query_params.multi_items())
    if request.method == "GET":
        return get_call(url_params)
    media_type, charset = _media_type(request)
    if not media_type:
        raise _bad(f"A POST needs a Content-Type: {FORM} or {QUERY}.", 415, UNSUPPORTED)
    if charset not in (None, "utf-8", "utf8"):
        raise _bad(f"Only UTF-8 is accepted, not {charset}.", 415, UNSUPPORTED)
    if media_type == UPDATE:
        raise _bad(READ_ONLY, 403, "Read-only endpoint")
    if media_type == FORM:
        text = _decode(await _read_body(request, max_body), "form body")
        form = parse_qsl(text, keep_blank_values=True)
        query = _single_query(form + url_params)
        if query is None:
            raise _bad("The form has no `query` field.")
        return SparqlCall(query, *_dataset(form + url_params), tuple(form + url_params))
    if media_type == QUERY:
        if any(key in ("query", "update") for key, _ in url_params):
            raise _bad("A query sent as the body cannot also be a URL parameter.")
        query = _decode(await _read_body(request, max_body), "query")
        return SparqlCall(query, *_dataset(url_params), tuple(url_params))
    raise _bad(
        f"{media_type} is not a SPARQL request type; use {FORM} or {QUERY}.",
        415,
        UNSUPPORTED,
    )
