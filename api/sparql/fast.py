"""GET /sparql answered before routing: the most common request, at the least cost per request.

A cheap query takes about 0.1 ms to evaluate; FastAPI's routing, request objects and dependency
handling cost several times that. `SparqlFastPath` sits in the middleware stack inside CORS and
Signposting (so their headers are added as for any route) and answers a GET that carries a
query with the route's own code (`api.sparql.protocol.get_call`, `api.sparql.formats`,
`api.sparql.query_response`); its errors are rendered by the app's own exception handlers. Every
other request (POST, the service description, a malformed call) goes on to the route, which
answers it in the same words.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import ProblemError
from api.sparql import query_response
from api.sparql.formats import wanted_formats
from api.sparql.protocol import get_call

__all__ = ["SPARQL_PATH", "SparqlFastPath"]

logger = logging.getLogger(__name__)

SPARQL_PATH = "/sparql"
Handler = Callable[[Request, Exception], Awaitable[Response]]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _handler(app: Any, error: Exception) -> Handler | None:
    """The app's exception handler for `error`'s class or its nearest base, as Starlette
    chooses it."""
    handlers: dict[Any, Handler] = getattr(app, "exception_handlers", {})
    for cls in type(error).__mro__:
        if cls in handlers and cls is not Exception:
            return handlers[cls]
    return None


class SparqlFastPath:
    """ASGI middleware answering `GET /sparql?query=…` with the route's code, without routing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != SPARQL_PATH or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        params = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        try:
            call = get_call(params)
        except ProblemError:
            call = None
        if call is None or call.query is None:  # refused or the description: the route's job
            await self.app(scope, receive, send)
            return
        app = scope["app"]
        try:
            wanted = wanted_formats(call.params, _header(scope, b"accept"))
            response = await query_response(app.state.engine, call, wanted)
        except Exception as error:  # rendered as the route's errors are, else raised on
            handler = _handler(app, error)
            if handler is None:
                raise
            response = await handler(Request(scope, receive), error)
        await response(scope, receive, send)
