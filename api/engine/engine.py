"""The query engine's Python API, shared by the SPARQL endpoint and the REST routes.

Every query, whoever sends it, goes through `QueryEngine.execute`: the lexical guard (no SERVICE,
bounded length and depth), then evaluation under a time limit and a result cap. Values from users
are passed as *bindings* (rdflib terms), never pasted into query text: the embedded engine hands
them to pyoxigraph as `substitutions`, the remote engine writes them as a trailing `VALUES` clause
from each term's own validated serialisation. pyoxigraph substitutes only variables that the
query projects: a bound variable must appear in SELECT (or use `SELECT *`).

    engine = create_engine(settings)
    rows = await engine.select("SELECT ?t WHERE { ?s dcterms:title ?t }", {"s": URIRef(iri)})
    graph = await engine.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef(iri)})
    ok = await engine.ask("ASK { ?s a ?type }", {"s": URIRef(iri), "type": SKOS.Concept})
"""

from __future__ import annotations

import json
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from api.engine.errors import EngineError, InvalidBinding, NotAcceptable, ResultTooLarge
from api.engine.guard import QueryShape, check_query

__all__ = ["Bindings", "QueryEngine", "QueryRequest", "QueryResult", "parse_json_results"]

logger = logging.getLogger(__name__)

Bindings = Mapping[str, Node]

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# An absolute IRI safe to write between < and > (the IRIREF character rules).
_SAFE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*")


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


def check_bindings(bindings: Bindings | None) -> dict[str, Node]:
    """Validate variable names and terms; raise InvalidBinding naming the offending one."""
    checked: dict[str, Node] = {}
    for name, term in (bindings or {}).items():
        if not _VARIABLE.fullmatch(name):
            raise InvalidBinding(f"{name!r} is not a SPARQL variable name.", variable=name)
        if isinstance(term, URIRef):
            if not _SAFE_IRI.fullmatch(str(term)):
                raise InvalidBinding(f"{str(term)!r} is not an absolute IRI.", variable=name)
        elif not isinstance(term, Literal | BNode):
            raise InvalidBinding(f"The value of {name} is not an RDF term.", variable=name)
        checked[name] = term
    return checked


def _json_to_term(cell: dict[str, object]) -> Node:
    kind, value = cell["type"], str(cell["value"])
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = cell.get("xml:lang")
        datatype = cell.get("datatype")
        if lang:
            return Literal(value, lang=str(lang))
        return Literal(value, datatype=URIRef(str(datatype)) if datatype else None)
    raise EngineError(f"Unsupported term type in results: {kind}")


def parse_json_results(body: bytes) -> list[dict[str, Node]] | bool:
    """SPARQL JSON results → rows of rdflib terms (or the ASK boolean)."""
    doc = json.loads(body)
    if "boolean" in doc:
        return bool(doc["boolean"])
    return [
        {name: _json_to_term(cell) for name, cell in row.items()}
        for row in doc["results"]["bindings"]
    ]


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
        rows = parse_json_results(result.body)
        if isinstance(rows, bool):
            raise NotAcceptable("select() was given an ASK query; use ask().")
        return rows

    async def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """The answer of an ASK query."""
        result = await self.execute(QueryRequest(query, "json", None), bindings)
        answer = parse_json_results(result.body)
        if not isinstance(answer, bool):
            raise NotAcceptable("ask() was given a SELECT query; use select().")
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


def too_large(limit: int, unit: str) -> ResultTooLarge:
    """The error for a result past the cap, telling the user what to change."""
    return ResultTooLarge(
        f"The result has more than {limit} {unit}; add a LIMIT or narrow the query.", limit=limit
    )
