"""What differs between SPARQL servers, in one table: where updates and graph loads go.

Each engine's update URL and Graph Store URL default from its query URL: strip one of the
engine's query suffixes to find the service's root, then add the update and Graph Store
suffixes. A URL given explicitly always wins. The engine is named by `--engine`/`SPKG_ENGINE`,
else guessed from the query URL's shape, else `generic` (updates to the query URL, no Graph
Store: staging goes by INSERT DATA).

The profile also holds every behaviour spkg must meet differently on one server (measured in
docs/engines.md): how graphs are listed, which graphs are the server's own and left out of every
listing and count, whether one update request is one transaction (else the replace takes the
engine's own logged form), how many triples one INSERT DATA may carry, which transient errors
are retried, which result formats it writes correctly, whether the Accept header alone tells a
query's form, which header says a result was cut, and which HTTP auth scheme it speaks. The
client, the remote store and the SPARQL text read these fields; nothing else names an engine.

Oxigraph and Virtuoso are tested (the test suite runs real servers of both); the other rows
follow each server's documentation and are marked untested.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = [
    "ENGINES",
    "GRAPH_NAMES_QUERY",
    "GRAPH_NAMES_QUERY_FULL",
    "EngineProfile",
    "engine_profile",
    "guess_engine",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EngineProfile:
    """How one server lays out its endpoints.

    `query_suffixes`: endings of a query URL that are stripped to find the service root (the
    first that matches; none matching leaves the URL as the root). `update_suffix` and
    `gsp_suffix` are appended to the root; `gsp_suffix` None means no Graph Store Protocol.

    The behaviour fields (defaults: what SPARQL 1.1 says and Oxigraph does):

    - `graph_names_query`: the query whose `?g` lists every graph holding a triple.
    - `system_graphs`: the server's own graphs, left out of every listing and count spkg makes
      (`{origin}` stands for the query URL's `scheme://host:port`). They stay out of the union
      default graph only by the server's set-up (Virtuoso: private graphs, docs/engines.md):
      a pragma per query would do it, but breaks `GRAPH <iri>` patterns there.
    - `atomic_update`: one update request is one transaction. When False the replace goes as
      `replace_pragma` + DELETE WHERE / INSERT … WHERE, the form that engine keeps whole.
    - `insert_data_max_triples`: the most triples one INSERT DATA may carry (None: no limit).
    - `retry_markers`, `retries`, `retry_pause`: an update failing with a message holding one
      of the markers is retried (the engine rolled it back whole), at most `retries` times,
      pausing `retry_pause` s, doubling each time.
    - `sparql_tsv`: its TSV results are SPARQL 1.1 TSV (else spkg reads JSON only).
    - `form_by_accept`: a query of the wrong form for the first Accept type is answered in a
      type that tells its form (else spkg asks only for the form's own type).
    - `row_cap_header`: the response header that says a result was cut at the server's cap.
    - `auth`: the HTTP authentication scheme of its protected endpoints, "basic" or "digest".
    - `auth_suffix`: the ending of its authenticated endpoints' paths; a query URL ending with
      it gives the authenticated update and Graph Store URLs too.
    """

    name: str
    query_suffixes: tuple[str, ...]
    update_suffix: str
    gsp_suffix: str | None
    tested: bool = False
    graph_names_query: str = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
    system_graphs: tuple[str, ...] = ()
    atomic_update: bool = True
    replace_pragma: str = ""
    insert_data_max_triples: int | None = None
    retry_markers: tuple[str, ...] = ()
    retries: int = 0
    retry_pause: float = 1.0
    sparql_tsv: bool = True
    form_by_accept: bool = True
    row_cap_header: str | None = None
    auth: str = "basic"
    auth_suffix: str = ""

    def root(self, query_url: str) -> str:
        """The service root the other endpoints hang from."""
        url = query_url.rstrip("/")
        for suffix in self.query_suffixes:
            if suffix and url.endswith(suffix):
                return url[: -len(suffix)]
        return url

    def _authenticated(self, query_url: str) -> bool:
        return bool(self.auth_suffix) and query_url.rstrip("/").endswith(self.auth_suffix)

    def update_url(self, query_url: str) -> str:
        """The SPARQL Update URL this engine serves beside `query_url`."""
        if not self.update_suffix and not self.query_suffixes:
            return query_url
        tail = self.auth_suffix if self._authenticated(query_url) else ""
        return self.root(query_url) + self.update_suffix + tail

    def gsp_url(self, query_url: str) -> str | None:
        """The Graph Store Protocol URL beside `query_url`, or None if there is none."""
        if self.gsp_suffix is None:
            return None
        tail = self.auth_suffix if self._authenticated(query_url) else ""
        return self.root(query_url) + self.gsp_suffix + tail

    def own_graphs(self, query_url: str) -> tuple[str, ...]:
        """The server's own graphs for a service at `query_url` (empty for most engines)."""
        parts = urlsplit(query_url)
        origin = f"{parts.scheme}://{parts.netloc}"
        return tuple(graph.format(origin=origin) for graph in self.system_graphs)


# SPARQL 1.1: an empty group matches once in each graph holding a triple.
GRAPH_NAMES_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
# The same list where an empty group lists nothing (Virtuoso: one row, ?g unbound).
GRAPH_NAMES_QUERY_FULL = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"

# Virtuoso's own graphs on a fresh database (docs/engines.md); `{origin}/sparql` and
# `{origin}/DAV/` are its URIQA host's when `[URIQA] DefaultHost` names the served host.
_VIRTUOSO_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
    "http://localuriqaserver/DAV/",
    "{origin}/sparql",
    "{origin}/DAV/",
)

ENGINES: dict[str, EngineProfile] = {
    profile.name: profile
    for profile in (
        # http://host:7878/query, /update, /store
        EngineProfile("oxigraph", ("/query",), "/update", "/store", tested=True),
        # http://host:3030/<ds>/query (or /sparql), /<ds>/update, /<ds>/data (untested)
        EngineProfile("fuseki", ("/query", "/sparql"), "/update", "/data"),
        # http://host:8890/sparql for both, /sparql-graph-crud; with a SPARQL_UPDATE user, the
        # Digest-authenticated /sparql-auth and /sparql-graph-crud-auth (docs/engines.md)
        EngineProfile(
            "virtuoso",
            ("/sparql", "/sparql-auth"),
            "/sparql",
            "/sparql-graph-crud",
            tested=True,
            graph_names_query=GRAPH_NAMES_QUERY_FULL,
            system_graphs=_VIRTUOSO_GRAPHS,
            atomic_update=False,
            replace_pragma="DEFINE sql:log-enable 1",
            insert_data_max_triples=500,
            retry_markers=("SR171",),
            retries=4,
            retry_pause=1.0,
            sparql_tsv=False,
            form_by_accept=False,
            row_cap_header="X-SPARQL-MaxRows",
            auth="digest",
            auth_suffix="-auth",
        ),
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
    default and `/sparql-auth` its authenticated endpoint anywhere. A `/sparql` path elsewhere
    (Blazegraph, rdflib-endpoint, `/<ds>/sparql`) says nothing certain, so it stays generic.
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
    if path.rstrip("/") == "/sparql-auth":
        return "virtuoso"
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
