"""What differs between SPARQL servers, in one table: where updates and graph loads go.

Each engine's update URL and Graph Store URL default from its query URL: strip one of the
engine's query suffixes to find the service's root, then add the update and Graph Store
suffixes. A URL given explicitly always wins. The engine is named by `--engine`/`SPKG_ENGINE`,
else guessed from the query URL's shape, else `generic` (updates to the query URL, no Graph
Store: staging goes by INSERT DATA).

Oxigraph is tested (the test suite runs real Oxigraph servers); the other rows follow each
server's documentation and are marked untested.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["ENGINES", "EngineProfile", "engine_profile", "guess_engine"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EngineProfile:
    """How one server lays out its endpoints.

    `query_suffixes`: endings of a query URL that are stripped to find the service root (the
    first that matches; none matching leaves the URL as the root). `update_suffix` and
    `gsp_suffix` are appended to the root; `gsp_suffix` None means no Graph Store Protocol.
    """

    name: str
    query_suffixes: tuple[str, ...]
    update_suffix: str
    gsp_suffix: str | None
    tested: bool = False

    def root(self, query_url: str) -> str:
        """The service root the other endpoints hang from."""
        url = query_url.rstrip("/")
        for suffix in self.query_suffixes:
            if suffix and url.endswith(suffix):
                return url[: -len(suffix)]
        return url

    def update_url(self, query_url: str) -> str:
        """The SPARQL Update URL this engine serves beside `query_url`."""
        if not self.update_suffix and not self.query_suffixes:
            return query_url
        return self.root(query_url) + self.update_suffix

    def gsp_url(self, query_url: str) -> str | None:
        """The Graph Store Protocol URL beside `query_url`, or None if there is none."""
        if self.gsp_suffix is None:
            return None
        return self.root(query_url) + self.gsp_suffix


ENGINES: dict[str, EngineProfile] = {
    profile.name: profile
    for profile in (
        # http://host:7878/query, /update, /store
        EngineProfile("oxigraph", ("/query",), "/update", "/store", tested=True),
        # http://host:3030/<ds>/query (or /sparql), /<ds>/update, /<ds>/data (untested)
        EngineProfile("fuseki", ("/query", "/sparql"), "/update", "/data"),
        # http://host:8890/sparql for both; writes over GSP need the authenticated
        # /sparql-graph-crud-auth variant and a SPARQL_UPDATE user (untested)
        EngineProfile("virtuoso", ("/sparql",), "/sparql", "/sparql-graph-crud"),
        # http://host:7200/repositories/<id>, …/statements, …/rdf-graphs/service (untested)
        EngineProfile("graphdb", (), "/statements", "/rdf-graphs/service"),
        # https://<cluster>.neptune.amazonaws.com:8182/sparql for both; GSP /sparql/gsp/ (untested)
        EngineProfile("neptune", ("/sparql",), "/sparql", "/sparql/gsp/"),
        # Anything else: updates to the query URL itself, staging by INSERT DATA.
        EngineProfile("generic", (), "", None),
    )
}

_GRAPHDB_PATH = re.compile(r"/repositories/[^/]+/?")
_FUSEKI_PATH = re.compile(r"/[^/]+/query/?")


def guess_engine(query_url: str) -> str:
    """The engine a query URL's shape suggests; `generic` when nothing is telling.

    `/query` alone is Oxigraph's layout and `/<dataset>/query` Fuseki's; `/repositories/<id>`
    is GraphDB's (RDF4J's too); a Neptune host names itself; `:8890/sparql` is Virtuoso's
    default. A `/sparql` path elsewhere (Blazegraph, rdflib-endpoint, `/<ds>/sparql`) says
    nothing certain, so it stays generic.
    """
    parts = urlsplit(query_url)
    path = parts.path
    host = parts.hostname or ""
    if host.endswith(".neptune.amazonaws.com"):
        return "neptune"
    if path.rstrip("/") == "/query":
        return "oxigraph"
    if _GRAPHDB_PATH.fullmatch(path):
        return "graphdb"
    if _FUSEKI_PATH.fullmatch(path):
        return "fuseki"
    if path.rstrip("/") == "/sparql" and parts.port == 8890:
        return "virtuoso"
    return "generic"


def engine_profile(name: str | None, query_url: str) -> EngineProfile:
    """The profile named (case-insensitive), or the one the URL suggests when `name` is None.

    Raises ValueError naming the known engines for an unknown name.
    """
    key = (name or guess_engine(query_url)).strip().lower()
    try:
        return ENGINES[key]
    except KeyError:
        raise ValueError(f"unknown engine {name!r}; one of {', '.join(ENGINES)}") from None
