"""The query engine's Python API, shared by the SPARQL endpoint and the REST routes.

Every query, whoever sends it, goes through `QueryEngine.execute`: the lexical guard (no SERVICE,
bounded length and depth), then evaluation under a time limit and a result cap. Values from users
are passed as *bindings* (rdflib terms), never pasted into query text: the embedded engine hands
them to pyoxigraph as `substitutions`, the remote engine writes them as a `VALUES` block opening
the WHERE group from each term's own validated serialisation. Both check them by the store's one
rule (`ingest.store.terms.check_bindings`): IRIs and literals only, never a blank node, whose
label names nothing outside the answer it came in. pyoxigraph substitutes only variables that
the query projects: a bound variable must appear in SELECT (or use `SELECT *`).

    engine = create_engine(settings)
    rows = await engine.select("SELECT ?t WHERE { ?s dcterms:title ?t }", {"s": URIRef(iri)})
    graph = await engine.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef(iri)})
    ok = await engine.ask("ASK { ?s a ?type }", {"s": URIRef(iri), "type": SKOS.Concept})
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from rdflib import Graph
from rdflib.term import Node

from api.engine.errors import (
    EngineError,
    InvalidBindingError,
    NoAcceptableFormatError,
    ResultCapError,
)
from api.engine.guard import QueryShape, check_query
from ingest.store.errors import BindingError, StoreResultsError
from ingest.store.results import parse_json_results
from ingest.store.terms import Bindings, BoundTerm, check_bindings

__all__ = [
    "Bindings",
    "QueryEngine",
    "QueryRequest",
    "QueryResult",
    "bound_terms",
    "refused_bindings",
    "too_large",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueryRequest:
    """A query and how its answer is wanted.

    `default_graph` / `named_graphs` (IRIs) set the dataset as the protocol's `default-graph-uri`
    and `named-graph-uri` do; when both are None the default graph is the union of all graphs,
    unless the query has its own FROM clauses.
    """

    query: str
    solutions_format: str | None = "json"
    graph_format: str | None = "turtle"
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class QueryResult:
    """A serialised answer: `kind` is solutions, boolean or graph; `fmt` a format name."""

    kind: str
    fmt: str
    body: bytes


@contextmanager
def refused_bindings() -> Iterator[None]:
    """The store's BindingError raised as the API's InvalidBindingError (400), naming it."""
    try:
        yield
    except BindingError as error:
        detail = f"Cannot bind ?{error.name}: {error.reason}."
        raise InvalidBindingError(detail, variable=error.name) from error


def bound_terms(bindings: Bindings | None) -> dict[str, BoundTerm]:
    """The bindings checked by the store's one rule (IRIs and literals only), as pyoxigraph
    terms; raises InvalidBindingError naming the offending variable."""
    with refused_bindings():
        return check_bindings(bindings)


def _results(body: bytes) -> list[dict[str, Node]] | bool:
    try:
        answer = parse_json_results(body)
    except StoreResultsError as error:
        raise EngineError(f"The results could not be read: {error.message}") from error
    # Rows hold rdflib Identifiers; callers read them as Nodes (lists and dicts are invariant).
    return cast(list[dict[str, Node]] | bool, answer)


class QueryEngine(ABC):
    """Evaluates read-only SPARQL under the service's limits; subclasses choose the store."""

    def __init__(self, *, max_query_length: int, max_query_depth: int) -> None:
        self.max_query_length = max_query_length
        self.max_query_depth = max_query_depth

    def check(self, query: str) -> QueryShape:
        """The lexical guard every query passes before evaluation."""
        return check_query(query, max_length=self.max_query_length, max_depth=self.max_query_depth)

    @abstractmethod
    async def execute(self, request: QueryRequest, bindings: Bindings | None = None) -> QueryResult:
        """Run `request` and return its serialised answer; raises EngineError subclasses."""

    async def select(self, query: str, bindings: Bindings | None = None) -> list[dict[str, Node]]:
        """Rows of a SELECT query: variable name → rdflib term, unbound variables absent."""
        result = await self.execute(QueryRequest(query, "json", None), bindings)
        rows = _results(result.body)
        if isinstance(rows, bool):
            raise NoAcceptableFormatError("select() was given an ASK query; use ask().")
        return rows

    async def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """The answer of an ASK query."""
        result = await self.execute(QueryRequest(query, "json", None), bindings)
        answer = _results(result.body)
        if not isinstance(answer, bool):
            raise NoAcceptableFormatError("ask() was given a SELECT query; use select().")
        return answer

    async def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """The graph of a CONSTRUCT or DESCRIBE query, as an rdflib Graph."""
        result = await self.execute(QueryRequest(query, None, "ntriples"), bindings)
        graph = Graph()
        graph.parse(data=result.body.decode("utf-8"), format="nt")
        return graph

    async def start(self) -> None:  # noqa: B027 - optional hook
        """Prepare resources ahead of the first query (optional)."""

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Release workers and connections."""


def too_large(limit: int, unit: str) -> ResultCapError:
    """The error for a result past the cap, telling the user what to change."""
    return ResultCapError(
        f"The result has more than {limit} {unit}; add a LIMIT or narrow the query.", limit=limit
    )
