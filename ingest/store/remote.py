"""A store on any SPARQL 1.1 service: Protocol for queries and updates, Graph Store for loads.

Atomic replace: each new graph is first PUT (Graph Store Protocol, N-Triples) into a staging
graph `<base>staging/<graph path>/<hash>`, which no reader looks at; then ONE SPARQL update
drops each target and `MOVE`s its staged graph in. Oxigraph and Fuseki run one update request
in one transaction, so readers see the old graphs or the new ones, never a mix. An engine whose
update request is not one transaction (Virtuoso: DROP and MOVE commit in pieces) gets its own
form from its profile (`ingest.store.engines`): one logged DELETE WHERE / INSERT … WHERE
request, retried when the engine rolled it back on a transient error, then the staging graphs
dropped by a second request. A writer killed while staging leaves staging graphs behind; the
next replace drops them. One writer at a time.

Listings and counts leave the engine's own graphs out (the profile's `own_graphs`); a dump
reads TSV where the engine writes SPARQL TSV, else JSON.

Bindings: the protocol has no parameter binding, so each bound value is checked and written in
its own N-Triples form into a VALUES block opening the query's WHERE group (`sparql_text`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Identifier

from ingest.namespaces import base_iri
from ingest.store.client import (
    GRAPH_ACCEPT,
    JSON_RESULTS,
    RESULTS_ACCEPT,
    TSV_RESULTS,
    SparqlClient,
)
from ingest.store.config import RemoteConfig, remote_config
from ingest.store.dumps import dump_format, write_dump
from ingest.store.errors import (
    StoreError,
    StoreQueryError,
    StoreReadOnlyError,
    StoreResultsError,
    StoreWriteError,
)
from ingest.store.nquads import nquads_graphs
from ingest.store.results import Row, parse_json_results
from ingest.store.sparql_text import (
    count_query,
    inline_data_chunks,
    logged_replace_update,
    quads_query,
    with_bindings,
)
from ingest.store.terms import Bindings, SerialisedGraph, graph_iri, serialised_graphs, to_ox

__all__ = ["RemoteStore"]

logger = logging.getLogger(__name__)

_GRAPH_TYPES = frozenset({"application/n-triples", "text/turtle", "text/plain"})


class RemoteStore:
    """A SPARQL 1.1 service reached through the shared `SparqlClient`."""

    def __init__(
        self,
        endpoint: str | RemoteConfig,
        update_endpoint: str | None = None,
        gsp_endpoint: str | None = None,
        *,
        engine: str | None = None,
        base: str | None = None,
        timeout: float = 60.0,
        read_only: bool = False,
    ) -> None:
        config = (
            endpoint
            if isinstance(endpoint, RemoteConfig)
            else remote_config(endpoint, update_endpoint, gsp_endpoint, engine)
        )
        self.client = SparqlClient(config, timeout=timeout)
        self.profile = self.client.profile
        self.own_graphs = frozenset(self.profile.own_graphs(config.query_url))
        self.base = base or base_iri()
        self.staging_prefix = f"{self.base}staging/"
        self.timeout = timeout
        self.read_only = read_only

    @property
    def endpoint(self) -> str:
        """The SPARQL query URL."""
        return self.client.config.query_url

    @property
    def update_endpoint(self) -> str:
        """The SPARQL update URL."""
        return self.client.config.update_url

    @property
    def gsp_endpoint(self) -> str | None:
        """The Graph Store URL; None stages graphs by INSERT DATA instead."""
        return self.client.config.gsp_url

    @gsp_endpoint.setter
    def gsp_endpoint(self, url: str | None) -> None:
        self.client.config = dataclasses.replace(self.client.config, gsp_url=url)

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- SPARQL Protocol -------------------------------------------------------------------

    def _results(self, query: str, bindings: Bindings) -> list[Row] | bool:
        text = with_bindings(query, bindings)
        response = self.client.query(text, RESULTS_ACCEPT)
        if response.content_type in _GRAPH_TYPES:
            raise StoreQueryError(query, "not a SELECT or ASK query")
        try:
            return parse_json_results(response.body)
        except StoreError as exc:
            raise StoreQueryError(text, f"the endpoint did not answer SPARQL JSON: {exc}") from exc

    def select(self, query: str, bindings: Bindings = None) -> list[dict[str, Identifier]]:
        rows = self._results(query, bindings)
        if isinstance(rows, bool):
            raise StoreQueryError(query, "not a SELECT query")
        return rows

    def ask(self, query: str, bindings: Bindings = None) -> bool:
        answer = self._results(query, bindings)
        if not isinstance(answer, bool):
            raise StoreQueryError(query, "not an ASK query")
        return answer

    def construct(self, query: str, bindings: Bindings = None) -> Graph:
        response = self.client.query(with_bindings(query, bindings), GRAPH_ACCEPT)
        if response.content_type not in _GRAPH_TYPES:  # SELECT or ASK answered with results
            raise StoreQueryError(query, "not a CONSTRUCT or DESCRIBE query")
        syntax = "turtle" if response.content_type == "text/turtle" else "nt"
        return Graph().parse(data=response.body, format=syntax)

    def _update(self, text: str, graphs: Sequence[str]) -> None:
        try:
            self.client.update(text)
        except StoreError as exc:
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
        """PUT the N-Triples body into the staging graph (or INSERT DATA without a GSP URL, in
        chunks the engine accepts; a leftover of the same IRI holds a part of the same content,
        so adding all of it gives exactly the content)."""
        if self.gsp_endpoint is None:
            limit = self.profile.insert_data_max_triples
            for text in inline_data_chunks(staging, body, limit):
                self._update(text, graphs)
            return
        try:
            self.client.put_graph(staging, body)
        except StoreError as exc:
            raise StoreWriteError(graphs, f"{self.gsp_endpoint}: staging failed: {exc}") from exc

    def _graph_names(self) -> list[str]:
        rows = self.select(self.profile.graph_names_query)
        names = (str(row["g"]) for row in rows if isinstance(row.get("g"), URIRef))
        return sorted(name for name in names if name not in self.own_graphs)

    def replace_graphs(self, graphs: Mapping[str, Graph]) -> None:
        """Stage each non-empty graph, then drop and MOVE in one update (or the engine's form)."""
        self._replace(list(graphs), lambda: serialised_graphs(graphs))

    def load_graphs(self, graphs: Sequence[str], nquads: Path) -> None:
        """`replace_graphs` of the graphs the N-Quads file holds, each staged as N-Triples."""
        self._replace(list(graphs), lambda: nquads_graphs(graphs, nquads))

    def _replace(
        self, names: list[str], serialised: Callable[[], Iterable[SerialisedGraph]]
    ) -> None:
        """Stage each non-empty graph `serialised()` gives, then drop and MOVE them in."""
        if self.read_only:
            raise StoreReadOnlyError(names, self.endpoint)
        if not names:
            return
        leftovers = {g for g in self._graph_names() if g.startswith(self.staging_prefix)}
        if not self.profile.atomic_update:
            self._replace_logged(names, serialised(), leftovers)
            return
        operations: list[str] = []
        for name, target, body in serialised():
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
        logger.info("replaced %d graph(s) at %s", len(names), self.update_endpoint)

    def _replace_logged(
        self, names: list[str], serialised: Iterable[SerialisedGraph], leftovers: set[str]
    ) -> None:
        """The replace for an engine whose update request is not one transaction: stage, then
        one logged DELETE/INSERT request (the engine keeps it whole, and rolls it back whole on
        a transient error, which the client retries), then drop the staging graphs apart."""
        moves: list[tuple[str, str | None]] = []
        for name, _, body in serialised:
            staging = self._staging_iri(name, body) if body else None
            if staging is not None:
                self._stage(staging, body, names)
                leftovers.discard(staging)
            moves.append((name, staging))
        self._update(logged_replace_update(self.profile.replace_pragma, moves), names)
        drops = sorted({s for _, s in moves if s is not None} | leftovers)
        if drops:
            self._update(" ;\n".join(f"DROP SILENT GRAPH {graph_iri(g)}" for g in drops), names)
        logger.info("replaced %d graph(s) at %s (logged form)", len(names), self.update_endpoint)

    # -- reads of the whole store ----------------------------------------------------------

    def named_graphs(self) -> list[str]:
        return [g for g in self._graph_names() if not g.startswith(self.staging_prefix)]

    def triple_count(self, graph: str | None = None) -> int:
        try:
            text = count_query(graph, self.staging_prefix, self.own_graphs)
        except ValueError as exc:
            raise StoreQueryError(str(graph), f"not a graph IRI: {exc}") from exc
        return int(self.select(text)[0]["n"])

    def dump(self, fmt: str, out: BinaryIO, graphs: Sequence[str] | None = None) -> None:
        """Stream the graphs into `out` from ONE query, so the dump is one snapshot.

        Reading graph by graph could interleave with a replace and mix two versions of a review.
        """
        dump_format(fmt)
        names = self.named_graphs() if graphs is None else list(graphs)
        if not names:
            write_dump([], fmt, out)
            return
        if not self.profile.sparql_tsv:
            write_dump(self._json_quads(quads_query(names)), fmt, out)
            return
        with self.client.stream_query(quads_query(names), TSV_RESULTS) as (_, body):
            rows = ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
            if not isinstance(rows, ox.QuerySolutions):
                raise StoreResultsError(f"{self.endpoint}: the dump query gave no rows")
            write_dump(_quads(rows), fmt, out)

    def _json_quads(self, query: str) -> Iterator[ox.Quad]:
        """The quads of one `?g ?s ?p ?o` query read as JSON results (engines whose TSV is not
        SPARQL TSV); blank nodes keep one label each across the dump."""
        rows = parse_json_results(self.client.query(query, JSON_RESULTS).body)
        if isinstance(rows, bool):
            raise StoreResultsError(f"{self.endpoint}: the dump query gave no rows")
        bnodes: dict[BNode, ox.BlankNode] = {}
        for row in rows:
            terms = [to_ox(row[name], bnodes) for name in ("s", "p", "o", "g")]
            yield ox.Quad(*terms)

    def close(self) -> None:
        """Release the client's connections."""
        self.client.close()


def _quads(rows: Iterator[ox.QuerySolution]) -> Iterator[ox.Quad]:
    for row in rows:
        yield ox.Quad(row["s"], row["p"], row["o"], row["g"])
