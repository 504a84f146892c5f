"""The bounded query engine: every SPARQL query the service runs goes through here.

`create_engine(settings)` gives a `QueryEngine`: a pool of worker processes over the embedded
store, or a client of a remote endpoint when `settings.endpoint` is set. Its Python API:

- `await engine.select(query, bindings) -> list[dict[str, rdflib term]]`
- `await engine.ask(query, bindings) -> bool`
- `await engine.construct(query, bindings) -> rdflib.Graph`
- `await engine.execute(QueryRequest(...), bindings) -> QueryResult` (serialised bytes)

`bindings` maps variable names (without `?`) to rdflib terms; they are never pasted into the
query text. Failures raise subclasses of `EngineError`, each carrying its HTTP status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.engine.engine import Bindings, QueryEngine, QueryRequest, QueryResult
from api.engine.errors import (
    EngineError,
    EngineUnavailable,
    InvalidBinding,
    NotAcceptable,
    QueryEvaluationError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    RemoteEndpointError,
    ResultTooLarge,
)

if TYPE_CHECKING:
    from api.settings import Settings

__all__ = [
    "Bindings",
    "EngineError",
    "EngineUnavailable",
    "InvalidBinding",
    "NotAcceptable",
    "QueryEngine",
    "QueryEvaluationError",
    "QueryRefused",
    "QueryRequest",
    "QueryResult",
    "QuerySyntaxError",
    "QueryTimeout",
    "RemoteEndpointError",
    "ResultTooLarge",
    "create_engine",
]


def create_engine(settings: Settings) -> QueryEngine:
    """The engine `settings` ask for: remote when `endpoint` is set, else the embedded store."""
    limits = {
        "max_query_length": settings.max_query_length,
        "max_query_depth": settings.max_query_depth,
    }
    if settings.endpoint:
        from api.engine.remote import RemoteEngine

        return RemoteEngine(
            settings.endpoint,
            timeout=settings.query_timeout,
            max_bytes=settings.max_result_bytes,
            **limits,
        )
    from api.engine.local import LocalEngine

    return LocalEngine(
        str(settings.store),
        workers=max(settings.query_workers, 2),
        timeout=settings.query_timeout,
        max_rows=settings.max_result_rows,
        base_iri=settings.base_iri,
        **limits,
    )
