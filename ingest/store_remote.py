"""A store on any SPARQL 1.1 service: Protocol for queries and updates, Graph Store for loads.

Atomic replace: each new graph is first PUT (Graph Store Protocol, N-Triples) into a staging
graph `<base>staging/<graph path>/<hash>`, which no reader looks at; then ONE SPARQL update
drops each target and `MOVE`s its staged graph in. Oxigraph and Fuseki run one update request
in one transaction, so readers see the old graphs or the new ones, never a mix. A writer killed
while staging leaves staging graphs behind; the next replace drops them. One writer at a time.

Bindings: the protocol has no parameter binding, so each bound value is validated (a legal
variable name; an IRI or literal that pyoxigraph accepts) and written in its own N-Triples
form into a VALUES clause appended to the query.
"""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from ingest.namespaces import base_iri
from ingest.sparql_text import inline_values
from ingest.store import count_query
from ingest.store_terms import (
    DUMP_FORMATS,
    QUAD_FORMATS,
    Bindings,
    StoreQueryError,
    StoreReadOnlyError,
    StoreUnavailableError,
    StoreWriteError,
    check_bindings,
    dump_prefixes,
    graph_iri,
    serialised_graphs,
)

__all__ = ["RemoteStore", "with_bindings"]

logger = logging.getLogger(__name__)

_NT = "application/n-triples"
_TSV = "text/tab-separated-values"
_FORM = "application/x-www-form-urlencoded"


def with_bindings(query: str, bindings: Bindings) -> str:
    """The query with validated bindings inlined as a VALUES block opening its WHERE group."""
    checked = check_bindings(bindings)
    return inline_values(query, {name: str(term) for name, term in checked.items()})


def _sibling(endpoint: str, name: str) -> str:
    """`.../query` → `.../<name>`; any other URL is kept as it is."""
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("query")] + name
    return endpoint


def _term(cell: Mapping[str, str]) -> Identifier:
    """A SPARQL 1.1 JSON results cell as an rdflib term."""
    kind = cell["type"]
    if kind == "uri":
        return URIRef(cell["value"])
    if kind == "bnode":
        return BNode(cell["value"])
    lang = cell.get("xml:lang")
    datatype = cell.get("datatype")
    if lang:
        return Literal(cell["value"], lang=lang)
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(cell["value"], datatype=URIRef(datatype))
    return Literal(cell["value"])


class RemoteStore:
    """SPARQL 1.1 Protocol (SPARQLWrapper) and Graph Store Protocol (urllib) client."""

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        gsp_endpoint: str | None = None,
        *,
        base: str | None = None,
        timeout: float = 60.0,
        read_only: bool = False,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or _sibling(endpoint, "update")
        self.gsp_endpoint = gsp_endpoint or (
            _sibling(endpoint, "store") if _sibling(endpoint, "store") != endpoint else None
        )
        self.base = base or base_iri()
        self.staging_prefix = f"{self.base}staging/"
        self.timeout = timeout
        self.read_only = read_only

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- SPARQL Protocol -------------------------------------------------------------------

    def _wrapper(self, text: str, return_format: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.endpoint, updateEndpoint=self.update_endpoint)
        wrapper.setMethod(POST)
        wrapper.setTimeout(int(self.timeout))
        wrapper.setOnlyConneg(True)
        wrapper.setReturnFormat(return_format)
        wrapper.setQuery(text)
        return wrapper

    def _run(self, text: str, return_format: str) -> Any:
        try:
            return self._wrapper(text, return_format).query()
        except QueryBadFormed as exc:
            raise StoreQueryError(text, str(exc)) from exc
        except SPARQLWrapperException as exc:
            raise StoreUnavailableError(self.endpoint, str(exc)) from exc
        except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
            raise StoreUnavailableError(self.endpoint, str(exc)) from exc

    def _json(self, query: str, bindings: Bindings) -> dict[str, Any]:
        text = with_bindings(query, bindings)
        result = self._run(text, JSON)
        try:
            return json.loads(result.response.read())
        except ValueError as exc:
            raise StoreQueryError(text, f"the endpoint did not answer JSON: {exc}") from exc

    def select(self, query: str, bindings: Bindings = None) -> list[dict[str, Identifier]]:
        body = self._json(query, bindings)
        if "results" not in body:
            raise StoreQueryError(query, "not a SELECT query")
        return [
            {name: _term(cell) for name, cell in row.items()} for row in body["results"]["bindings"]
        ]

    def ask(self, query: str, bindings: Bindings = None) -> bool:
        body = self._json(query, bindings)
        if "boolean" not in body:
            raise StoreQueryError(query, "not an ASK query")
        return bool(body["boolean"])

    def construct(self, query: str, bindings: Bindings = None) -> Graph:
        text = with_bindings(query, bindings)
        response = self._run(text, TURTLE).response
        content_type = response.headers.get("Content-Type", "")
        if "json" in content_type:  # a SELECT or ASK answered with results, not a graph
            raise StoreQueryError(query, "not a CONSTRUCT or DESCRIBE query")
        return Graph().parse(data=response.read(), format="turtle")

    def _update(self, text: str, graphs: Sequence[str]) -> None:
        wrapper = SPARQLWrapper(self.endpoint, updateEndpoint=self.update_endpoint)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(POSTDIRECTLY)
        wrapper.setTimeout(int(self.timeout))
        wrapper.setQuery(text)
        try:
            wrapper.query()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            raise StoreWriteError(graphs, f"{self.update_endpoint}: {exc}") from exc

    # -- writes ----------------------------------------------------------------------------

    def _staging_iri(self, target: str, body: bytes) -> str:
        digest = hashlib.sha256(target.encode() + b"\n" + body).hexdigest()[:16]
        root = f"{self.base}graph/"
        tail = (
            target[len(root) :]
            if target.startswith(root)
            else hashlib.sha256(target.encode()).hexdigest()[:16]
        )
        return f"{self.staging_prefix}{tail}/{digest}"

    def _stage(self, staging: str, body: bytes, graphs: Sequence[str]) -> None:
        """PUT the N-Triples body into the staging graph (or INSERT DATA without a GSP URL)."""
        if self.gsp_endpoint is None:
            iri = graph_iri(staging)
            self._update(f"INSERT DATA {{ GRAPH {iri} {{\n{body.decode('utf-8')}}} }}", graphs)
            return
        url = f"{self.gsp_endpoint}?{urllib.parse.urlencode({'graph': staging})}"
        request = urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": _NT}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except (urllib.error.URLError, OSError) as exc:
            raise StoreWriteError(graphs, f"{self.gsp_endpoint}: staging failed: {exc}") from exc

    def _graph_names(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(str(row["g"]) for row in rows if isinstance(row.get("g"), URIRef))

    def replace_graphs(self, graphs: Mapping[str, Graph]) -> None:
        """Stage each non-empty graph, then drop and MOVE in one update."""
        names = list(graphs)
        if self.read_only:
            raise StoreReadOnlyError(names, self.endpoint)
        if not graphs:
            return
        leftovers = {g for g in self._graph_names() if g.startswith(self.staging_prefix)}
        operations: list[str] = []
        for name, target, body in serialised_graphs(graphs):
            operations.append(f"DROP SILENT GRAPH {target}")
            if body:
                staging = self._staging_iri(name, body)
                self._stage(staging, body, names)
                # A killed writer of the same content left a staging graph of the same IRI:
                # it is ours now, and must not be dropped before it is moved.
                leftovers.discard(staging)
                operations.append(f"MOVE SILENT GRAPH {graph_iri(staging)} TO GRAPH {target}")
        operations += [f"DROP SILENT GRAPH {graph_iri(g)}" for g in sorted(leftovers)]
        self._update(" ;\n".join(operations), names)
        logger.info("replaced %d graph(s) at %s", len(graphs), self.update_endpoint)

    # -- reads of the whole store ----------------------------------------------------------

    def named_graphs(self) -> list[str]:
        return [g for g in self._graph_names() if not g.startswith(self.staging_prefix)]

    def triple_count(self, graph: str | None = None) -> int:
        try:
            text = count_query(graph, exclude_prefix=self.staging_prefix)
        except ValueError as exc:
            raise StoreQueryError(str(graph), f"not a graph IRI: {exc}") from exc
        return int(self.select(text)[0]["n"])

    def dump(self, fmt: str, out: BinaryIO, graphs: Sequence[str] | None = None) -> None:
        """Stream the graphs into `out` from ONE query, so the dump is one snapshot.

        Reading graph by graph could interleave with a replace and mix two versions of a review.
        """
        if fmt not in DUMP_FORMATS:
            raise ValueError(f"unknown dump format {fmt!r}; one of {sorted(DUMP_FORMATS)}")
        names = self.named_graphs() if graphs is None else list(graphs)
        if not names:
            ox.serialize([], out, DUMP_FORMATS[fmt])
            return
        listed = " ".join(str(graph_iri(name)) for name in names)
        query = f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {listed} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        data = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(
            self.endpoint, data=data, headers={"Accept": _TSV, "Content-Type": _FORM}
        )

        def items(response: BinaryIO) -> Iterator[Any]:
            for row in ox.parse_query_results(response, ox.QueryResultsFormat.TSV):
                if fmt in QUAD_FORMATS:
                    yield ox.Quad(row["s"], row["p"], row["o"], row["g"])
                else:
                    yield ox.Triple(row["s"], row["p"], row["o"])

        prefixes = dump_prefixes() if fmt in {"ttl", "trig"} else None
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                ox.serialize(items(response), out, DUMP_FORMATS[fmt], prefixes=prefixes)
        except (urllib.error.URLError, OSError) as exc:
            raise StoreUnavailableError(self.endpoint, f"dump failed: {exc}") from exc

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""
