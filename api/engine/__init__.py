"""The bounded query engine: every SPARQL query the service runs goes through here.

`create_engine(settings)` gives a `QueryEngine`: a pool of worker processes over the embedded
store, or a client of a remote endpoint when `settings.endpoint` is set. Its Python API:

- `await engine.select(query, bindings) -> list[dict[str, rdflib term]]`
- `await engine.ask(query, bindings) -> bool`
- `await engine.construct(query, bindings) -> rdflib.Graph`
- `await engine.execute(QueryRequest(...), bindings) -> QueryResult` (serialised bytes)

`bindings` maps variable names (without `?`) to rdflib IRIs or literals, checked by the store's
one rule (`ingest.store.terms.check_bindings`; a blank node is refused with
InvalidBindingError); they are never pasted into the query text. Failures raise subclasses of
`EngineError`, each carrying its HTTP status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.engine.engine import Bindings, QueryEngine, QueryRequest, QueryResult
from api.engine.errors import (
    EngineError,
    EngineUnavailableError,
    InvalidBindingError,
    NoAcceptableFormatError,
    QueryEvaluationError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    RemoteEndpointError,
    ResultCapError,
)
from api.engine.local import LocalEngine
from api.engine.remote import RemoteEngine
from ingest.store.config import RemoteConfig, config_from

if TYPE_CHECKING:
    from api.settings import Settings

__all__ = [
    "Bindings",
    "EngineError",
    "EngineUnavailableError",
    "InvalidBindingError",
    "NoAcceptableFormatError",
    "QueryEngine",
    "QueryEvaluationError",
    "QueryRefusedError",
    "QueryRequest",
    "QueryResult",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "RemoteEndpointError",
    "ResultCapError",
    "create_engine",
]


def create_engine(settings: Settings) -> QueryEngine:
    """The engine `settings` ask for: remote when `endpoint` is set, else the embedded store.

    The backend is chosen by the store's own `config_from`, as `open_store` chooses it.
    """
    limits = {
        "max_query_length": settings.max_query_length,
        "max_query_depth": settings.max_query_depth,
    }
    config = config_from(settings)
    if isinstance(config, RemoteConfig):
        return RemoteEngine(
            config,
            timeout=settings.query_timeout,
            max_bytes=settings.max_result_bytes,
            **limits,
        )
    return LocalEngine(
        str(config.path),
        workers=max(settings.query_workers, 2),
        timeout=settings.query_timeout,
        max_rows=settings.max_result_rows,
        base_iri=settings.base_iri,
        **limits,
    )
