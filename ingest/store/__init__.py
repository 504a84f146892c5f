"""The triple store behind spkg: one interface, an embedded and a remote backend.

`open_store` picks the backend from a `StoreConfig` (see `config.store_config`, which the API's
engine uses too): a path (default `.spkg/store`) opens an embedded pyoxigraph store on disk;
an endpoint URL opens a `RemoteStore` on any SPARQL 1.1 service, its update and Graph Store
URLs defaulted by the engine's layout (`engines`).

Every write goes through `replace_graphs` (rdflib graphs) or `load_graphs` (an N-Quads file,
as an ingest's worker writes one), which replace the given named graphs in one transaction, so
a reader sees a review either wholly as before or wholly as after.

Queries see the union of all graphs as their default graph (as the published endpoint does).
Bound values are never pasted into query text by the caller: pass them as `bindings`. A bound
variable must be one the query's solutions carry (projected by a SELECT, or in the WHERE
pattern of ASK/CONSTRUCT), the rule under which pyoxigraph substitutions and the remote
backend's inlined VALUES block give the same answers. Only IRIs and literals can be bound.

The modules, each with one job: `errors`, `terms` (rdflib ↔ pyoxigraph, the bindings check),
`nquads` (graphs to one N-Quads file and back), `sparql_text` (SPARQL the store writes),
`results` (SPARQL JSON → rows), `dumps`, `engines` (per-server URL layouts), `config` (which
backend), `client` (HTTP, sync and async), `embedded`, `remote`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Identifier

from ingest.store.config import (
    DEFAULT_STORE_PATH,
    EmbeddedConfig,
    RemoteConfig,
    StoreConfig,
    config_from,
    store_config,
)
from ingest.store.embedded import EmbeddedStore, generation_path, read_generation
from ingest.store.errors import (
    BindingError,
    ResultTooLargeError,
    StoreError,
    StoreQueryError,
    StoreReadOnlyError,
    StoreResultsError,
    StoreStatusError,
    StoreTimeoutError,
    StoreUnavailableError,
    StoreWriteError,
)
from ingest.store.remote import RemoteStore
from ingest.store.terms import Bindings

__all__ = [
    "DEFAULT_STORE_PATH",
    "BindingError",
    "Bindings",
    "EmbeddedConfig",
    "EmbeddedStore",
    "RemoteConfig",
    "RemoteStore",
    "ResultTooLargeError",
    "Store",
    "StoreConfig",
    "StoreError",
    "StoreQueryError",
    "StoreReadOnlyError",
    "StoreResultsError",
    "StoreStatusError",
    "StoreTimeoutError",
    "StoreUnavailableError",
    "StoreWriteError",
    "config_from",
    "generation_path",
    "open_store",
    "read_generation",
    "store_config",
]

logger = logging.getLogger(__name__)


@runtime_checkable
class Store(Protocol):
    """What ingest, export and the API need from a triple store."""

    def replace_graphs(self, graphs: Mapping[str, Graph]) -> None:
        """Replace each named graph given, all in one transaction; an empty Graph drops it."""

    def load_graphs(self, graphs: Sequence[str], nquads: Path) -> None:
        """Replace each named graph given with its quads in the N-Quads file `nquads` (which
        holds quads of those graphs only), all in one transaction; a graph without quads there
        is dropped. The same write as `replace_graphs` of the same graphs."""

    def select(self, query: str, bindings: Bindings = None) -> list[dict[str, Identifier]]:
        """Rows of a SELECT; unbound variables are absent from a row."""

    def ask(self, query: str, bindings: Bindings = None) -> bool:
        """The answer of an ASK."""

    def construct(self, query: str, bindings: Bindings = None) -> Graph:
        """The graph a CONSTRUCT (or DESCRIBE) builds."""

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs that hold data, sorted."""

    def triple_count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or in all named graphs together (None)."""

    def dump(self, fmt: str, out: BinaryIO, graphs: Sequence[str] | None = None) -> None:
        """Write the store (or the given graphs): nq, trig keep graphs; ttl, nt the union."""

    def close(self) -> None:
        """Release the store."""


def open_store(
    location: StoreConfig | str | os.PathLike[str] | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    *,
    engine: str | None = None,
    read_only: bool = False,
) -> Store:
    """The store a `StoreConfig` names, or the one `store_config` makes of the other arguments.

    `open_store(path)`, `open_store(endpoint=url)` and `open_store(config_from(settings))`
    all work; a path and an endpoint together raise ValueError.
    """
    if isinstance(location, EmbeddedConfig | RemoteConfig):
        config = location
    else:
        config = store_config(location, endpoint, update_endpoint, gsp_endpoint, engine)
    if isinstance(config, RemoteConfig):
        return RemoteStore(config, read_only=read_only)
    return EmbeddedStore(config.path, read_only=read_only)
