"""pyoxigraph on disk: the default store, one RocksDB directory, one writer process at a time.

Every write is one transaction: a `Store.update()` call, or a `Store.extend()` (or a
`Store.load()` of an N-Quads file) of graphs the store does not hold yet. Embedded readers in
other processes (the API opens the store with `read_only=True`, which sees a snapshot taken
when it opened) watch `<store_path>.generation`: a writer replaces that file atomically after
each successful write, so a reader that finds a new number reopens.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from ingest.store.config import DEFAULT_STORE_PATH
from ingest.store.dumps import write_dump
from ingest.store.errors import (
    StoreQueryError,
    StoreReadOnlyError,
    StoreUnavailableError,
    StoreWriteError,
)
from ingest.store.nquads import nquads_graphs
from ingest.store.sparql_text import count_query, replace_update
from ingest.store.terms import (
    Bindings,
    check_bindings,
    from_ox,
    graph_iri,
    serialised_graphs,
    to_ox_triples,
)

__all__ = ["EmbeddedStore", "generation_path", "read_generation"]

logger = logging.getLogger(__name__)

# A read-only open races the writer's file renames and deletions (RocksDB reports a missing
# .sst file as "Corruption"); it succeeds on a retry once the writer's step is done.
READ_ONLY_ATTEMPTS = 50
READ_ONLY_PAUSE_S = 0.02


def generation_path(store_path: str | Path) -> Path:
    """The file whose number an embedded writer bumps after each successful write."""
    return Path(f"{os.fspath(store_path)}.generation")


def read_generation(store_path: str | Path) -> int:
    """The store's write generation (0 if never written), for readers deciding to reopen."""
    try:
        return int(generation_path(store_path).read_text(encoding="ascii").strip() or 0)
    except FileNotFoundError:
        return 0


def _bump_generation(store_path: Path) -> int:
    """Write generation+1 to a temporary file and rename it over the old one (atomic)."""
    target = generation_path(store_path)
    number = read_generation(store_path) + 1
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="ascii") as handle:
        handle.write(f"{number}\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    return number


class EmbeddedStore:
    """pyoxigraph on disk: one RocksDB directory, one writer process at a time."""

    def __init__(self, path: str | Path = DEFAULT_STORE_PATH, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.generation = read_generation(self.path)
        if read_only:
            self._store: ox.Store | None = self._open_read_only()
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(os.fspath(self.path))
            except OSError as exc:  # e.g. another process holds the write lock
                raise StoreUnavailableError(os.fspath(self.path), str(exc)) from exc
        logger.debug("opened embedded store %s (read_only=%s)", self.path, read_only)

    def _open_read_only(self) -> ox.Store:
        """A snapshot of the store as it is now, retried while a writer moves files."""
        error: Exception | None = None
        for _ in range(READ_ONLY_ATTEMPTS):
            try:
                return ox.Store.read_only(os.fspath(self.path))
            except (OSError, RuntimeError) as exc:
                error = exc
                time.sleep(READ_ONLY_PAUSE_S)
        raise StoreUnavailableError(os.fspath(self.path), f"cannot open read-only: {error}")

    def refresh(self) -> bool:
        """Reopen a read-only snapshot if a writer has written since; True if it reopened.

        Cheap enough to call per request: it reads one small file unless the number changed.
        """
        if not self.read_only:
            return False
        current = read_generation(self.path)
        if current == self.generation:
            return False
        self._store = None  # release the old snapshot before taking a new one
        self._store = self._open_read_only()
        self.generation = current
        return True

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def flush(self) -> None:
        """Write RocksDB's in-memory tables to disk, so a long run of writes keeps memory flat."""
        self._db.flush()

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that evaluate queries themselves."""
        return self._db

    @property
    def _db(self) -> ox.Store:
        if self._store is None:
            raise StoreUnavailableError(os.fspath(self.path), "store is closed")
        return self._store

    def replace_graphs(self, graphs: Mapping[str, Graph]) -> None:
        """One `Store.update()` call, which Oxigraph runs as one transaction; when none of the
        graphs exists yet (a first ingest), one `Store.extend()` of their quads instead, also
        one transaction, at half the cost of parsing and running the update's text."""
        if self.read_only:
            raise StoreReadOnlyError(graphs, os.fspath(self.path))
        if not graphs:
            return
        quads = self._new_quads(graphs)
        try:
            if quads is not None:
                self._db.extend(quads)
            else:
                self._db.update(replace_update(serialised_graphs(graphs)))
        except (SyntaxError, OSError) as exc:
            raise StoreWriteError(graphs, str(exc)) from exc
        self._written(len(graphs))

    def load_graphs(self, graphs: Sequence[str], nquads: Path) -> None:
        """One `Store.load()` of the file when the store holds none of the graphs (a first
        ingest: Oxigraph parses and inserts it in one transaction, no Python term on the way),
        else one `Store.update()` that drops them and inserts the file's triples."""
        if self.read_only:
            raise StoreReadOnlyError(graphs, os.fspath(self.path))
        try:
            iris = [graph_iri(name) for name in graphs]
        except ValueError as exc:
            raise StoreWriteError(graphs, str(exc)) from exc
        try:
            if any(self._db.contains_named_graph(iri) for iri in iris):
                self._db.update(replace_update(nquads_graphs(graphs, nquads)))
            else:
                self._db.load(path=nquads, format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, OSError) as exc:
            raise StoreWriteError(graphs, f"{nquads}: {exc}") from exc
        self._written(len(graphs))

    def _written(self, graphs: int) -> None:
        """Tell readers a write succeeded (`generation_path`)."""
        self.generation = _bump_generation(self.path)
        logger.info("replaced %d graph(s) in %s (gen %d)", graphs, self.path, self.generation)

    def _new_quads(self, graphs: Mapping[str, Graph]) -> list[ox.Quad] | None:
        """The graphs' quads if the store has none of them, else None (blank nodes kept apart
        across graphs, as `replace_update` keeps them)."""
        bnodes: dict[Any, ox.BlankNode] = {}
        quads: list[ox.Quad] = []
        for name, graph in graphs.items():
            try:
                iri = graph_iri(name)
                if self._db.contains_named_graph(iri):
                    return None
                quads.extend(
                    ox.Quad(t.subject, t.predicate, t.object, iri)
                    for t in to_ox_triples(graph, bnodes)
                )
            except (ValueError, TypeError) as exc:
                raise StoreWriteError(graphs, f"graph {name!r}: {exc}") from exc
        return quads

    def _query(self, query: str, bindings: Bindings) -> Any:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in check_bindings(bindings).items()
        }
        try:
            return self._db.query(
                query, use_default_graph_as_union=True, substitutions=substitutions or None
            )
        except SyntaxError as exc:
            raise StoreQueryError(query, str(exc)) from exc
        except RuntimeError as exc:  # e.g. a bound variable the query does not project
            raise StoreQueryError(query, str(exc)) from exc

    def select(self, query: str, bindings: Bindings = None) -> list[dict[str, Identifier]]:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreQueryError(query, "not a SELECT query")
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = from_ox(value)
            rows.append(row)
        return rows

    def ask(self, query: str, bindings: Bindings = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreQueryError(query, "not an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings = None) -> Graph:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise StoreQueryError(query, "not a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for triple in result:
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return graph

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self, graph: str | None = None) -> int:
        try:
            rows = self.select(count_query(graph))
        except ValueError as exc:
            raise StoreQueryError(str(graph), f"not a graph IRI: {exc}") from exc
        return int(rows[0]["n"])

    def _quads(self, graphs: Sequence[str] | None) -> Iterator[ox.Quad]:
        names = self.named_graphs() if graphs is None else graphs
        for name in names:
            yield from self._db.quads_for_pattern(None, None, None, graph_iri(name))

    def dump(self, fmt: str, out: BinaryIO, graphs: Sequence[str] | None = None) -> None:
        """Stream the named graphs (all, or those given) from the store into `out`."""
        write_dump(self._quads(graphs), fmt, out)

    def close(self) -> None:
        """Drop the handle; RocksDB releases its lock when the last reference goes."""
        if self._store is not None and not self.read_only:
            self._store.flush()
        self._store = None
