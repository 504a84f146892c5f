"""The embedded engine: queries over the on-disk pyoxigraph store, in a pool of worker processes."""

from __future__ import annotations

import logging

from api.engine.engine import (
    Bindings,
    QueryEngine,
    QueryRequest,
    QueryResult,
    bound_terms,
    too_large,
)
from api.engine.errors import (
    EngineUnavailableError,
    NoAcceptableFormatError,
    QueryEvaluationError,
    QuerySyntaxError,
)
from api.engine.pool import WorkerPool
from api.engine.worker import Job

__all__ = ["LocalEngine"]

logger = logging.getLogger(__name__)


class LocalEngine(QueryEngine):
    """Evaluates queries in `workers` processes that open `store_path` read-only.

    Relative IRIs in queries resolve against `base_iri` (the service's base), so `<id/...>`
    names an spkg instance.
    """

    def __init__(
        self,
        store_path: str,
        *,
        workers: int,
        timeout: float,
        max_rows: int,
        max_query_length: int,
        max_query_depth: int,
        base_iri: str | None = None,
    ) -> None:
        super().__init__(max_query_length=max_query_length, max_query_depth=max_query_depth)
        self.pool = WorkerPool(store_path, workers, timeout)
        self.max_rows = max_rows
        self.base_iri = base_iri

    async def start(self) -> None:
        """Start the workers now rather than on the first query, and wait until they are ready."""
        await self.pool.warm_up()

    async def close(self) -> None:
        """Kill the workers."""
        self.pool.close()

    async def execute(self, request: QueryRequest, bindings: Bindings | None = None) -> QueryResult:
        """Guard, then evaluate in a worker; maps worker replies to EngineError subclasses."""
        shape = self.check(request.query)
        substitutions = bound_terms(bindings)
        job = Job(
            query=request.query,
            solutions_format=request.solutions_format,
            graph_format=request.graph_format,
            max_rows=self.max_rows,
            base_iri=self.base_iri,
            union_default_graph=not shape.has_from,
            default_graph=request.default_graph,
            named_graphs=request.named_graphs,
            substitutions=substitutions,
        )
        reply = await self.pool.run(job)
        if reply.kind in ("solutions", "boolean", "graph"):
            return QueryResult(reply.kind, reply.fmt, reply.body)
        if reply.kind == "syntax":
            raise QuerySyntaxError(reply.message)
        if reply.kind == "not-acceptable":
            raise NoAcceptableFormatError(
                f"None of the media types in Accept can carry this query's {reply.message} result."
            )
        if reply.kind == "too-many-rows":
            unit = "triples" if request.graph_format and not request.solutions_format else "rows"
            raise too_large(int(reply.message), unit)
        if reply.kind == "unavailable":
            logger.error("store unavailable: %s", reply.message)
            raise EngineUnavailableError("The data store is not available; try again later.")
        logger.warning("query evaluation failed: %s", reply.message)
        raise QueryEvaluationError(f"The query could not be evaluated: {reply.message}")
