"""The query worker: a process that opens the store read-only and answers one query at a time.

It runs in its own process so that a query past its time limit can be stopped the only way a
pyoxigraph evaluation can be stopped: by killing the process. It imports pyoxigraph, the result
serialisers and the embedded store, which the pool's fork server has loaded already, so a
replacement starts quickly. Results are written by pyoxigraph's own serialisers
(`api.engine.results`), so a reply costs little Python beyond the query's evaluation.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from api.engine.results import (
    RowLimitExceededError,
    serialize_boolean,
    serialize_graph,
    serialize_solutions,
)
from ingest.store.embedded import EmbeddedStore, generation_path
from ingest.store.errors import StoreError
from ingest.store.terms import BoundTerm

__all__ = ["Job", "Reply", "serve"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One query to evaluate, with the dataset, the bound values and the wanted formats.

    `solutions_format` is used when the query turns out to be SELECT or ASK and `graph_format`
    when it is CONSTRUCT or DESCRIBE; None means the client accepts no format for that kind.
    `substitutions` are checked pyoxigraph terms, which pickle across the process boundary.
    """

    query: str
    solutions_format: str | None
    graph_format: str | None
    max_rows: int
    base_iri: str | None = None
    union_default_graph: bool = True
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    substitutions: dict[str, BoundTerm] = field(default_factory=dict)

    def fields(self) -> tuple[Any, ...]:
        """The fields in order, as they cross to the worker (a tuple pickles far faster)."""
        return tuple(vars(self).values())


@dataclass(frozen=True)
class Reply:
    """What a worker answers: `kind` is solutions, boolean or graph, or an error code."""

    kind: str
    fmt: str = ""
    body: bytes = b""
    message: str = ""

    def fields(self) -> tuple[Any, ...]:
        """The fields in order, as they cross back from the worker."""
        return tuple(vars(self).values())


def _generation(path: str) -> int | None:
    """The number in the store's generation file (0 if none yet), None if unreadable; read with
    bare system calls, since it is read before every query."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return 0
    try:
        return int(os.read(fd, 64).strip() or 0)
    except ValueError:
        return None
    finally:
        os.close(fd)


class _Snapshot:
    """The read-only store, re-opened (with the store's retry) after each write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.generation_file = os.fspath(generation_path(path))
        self.store: EmbeddedStore | None = None

    def get(self) -> ox.Store:
        if self.store is None:
            self.store = EmbeddedStore(self.path, read_only=True)
        elif _generation(self.generation_file) != self.store.generation:
            self.store.refresh()
        return self.store.oxigraph


def _evaluate(snapshot: _Snapshot, job: Job) -> Reply:
    kwargs: dict[str, Any] = {"base_iri": job.base_iri}
    if job.default_graph is not None or job.named_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graph or ()]
        kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs or ()]
    elif job.union_default_graph:
        kwargs["use_default_graph_as_union"] = True
    if job.substitutions:
        kwargs["substitutions"] = {
            ox.Variable(name): term for name, term in job.substitutions.items()
        }
    try:
        store = snapshot.get()
    except (OSError, StoreError) as error:
        return Reply("unavailable", message=f"The store cannot be opened: {error}")
    try:
        result = store.query(job.query, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            if job.solutions_format is None:
                return Reply("not-acceptable", message="boolean")
            body = serialize_boolean(result, job.solutions_format)
            return Reply("boolean", job.solutions_format, body)
        if isinstance(result, ox.QuerySolutions):
            if job.solutions_format is None:
                return Reply("not-acceptable", message="solutions")
            body = serialize_solutions(result, job.solutions_format, job.max_rows)
            return Reply("solutions", job.solutions_format, body)
        if job.graph_format is None:
            return Reply("not-acceptable", message="graph")
        body = serialize_graph(result, job.graph_format, job.max_rows)
        return Reply("graph", job.graph_format, body)
    except SyntaxError as error:
        return Reply("syntax", message=str(error))
    except RowLimitExceededError as error:
        return Reply("too-many-rows", message=str(error.limit))
    except (OSError, ValueError, TypeError, RuntimeError) as error:
        return Reply("evaluation", message=str(error))


def serve(conn: Connection, store_path: str) -> None:
    """Answer jobs from `conn` until it closes; the parent kills this process on timeout.

    Each job and each reply is one frame (`Connection.send_bytes`) holding its fields as a
    pickled tuple; the pool reads it with its own protocol."""
    snapshot = _Snapshot(Path(store_path))
    with contextlib.suppress(OSError, StoreError):  # reported with the first query instead
        snapshot.get()  # open now, so the first query does not pay for it
    try:
        conn.send_bytes(b"")  # ready: the pool starts a query's clock only after this
    except OSError:
        return
    while True:
        try:
            job = Job(*pickle.loads(conn.recv_bytes()))
        except (EOFError, OSError):
            return
        reply = _evaluate(snapshot, job)
        conn.send_bytes(pickle.dumps(reply.fields(), pickle.HIGHEST_PROTOCOL))
