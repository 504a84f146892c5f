"""A throw-away Virtuoso Open Source server on 127.0.0.1, so the remote store meets a second engine.

Debian's `virtuoso-opensource` package gives `virtuoso-t` (the server) and `isql-vt` (its SQL
shell). Each `VirtuosoServer` writes its own `virtuoso.ini` into a directory of its own, creates
an empty database there (a few seconds), binds HTTP and ISQL to free ports on 127.0.0.1 only,
makes Virtuoso's own graphs private (so the union default graph is the data's), and opens the
anonymous `/sparql` and `/sparql-graph-crud` endpoints to updates: what a test server needs and
a public one must not do (docs/engines.md says how to run one in earnest).
Stopping it deletes the database files and keeps `virtuoso.log`.

By hand: `python -m tests.engines.virtuoso --check` starts one, prints its URLs, runs a query,
an update and a Graph Store PUT against it and stops it; `--serve` keeps it up until Ctrl-C.
"""

from __future__ import annotations

import argparse
import logging
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest

from tests.serving import free_port

__all__ = [
    "KNOWN_SYSTEM_GRAPHS",
    "VirtuosoError",
    "VirtuosoServer",
    "empty_virtuoso_fixture",
    "virtuoso_available",
    "virtuoso_fixture",
]

logger = logging.getLogger(__name__)

SERVER_BIN = "virtuoso-t"
ISQL_BIN = "isql-vt"

# Graphs a fresh Virtuoso 7.2 database holds before anyone writes: its own RDF-view metadata,
# the LDP vocabulary and the URIQA host's description (`http://localuriqaserver/sparql`, or
# `http://<[URIQA] DefaultHost>/sparql` and `/DAV/` when that is set, as here). `/sparql` lists
# them among the named graphs and reads them into the default graph, so a client must leave them
# out; `VirtuosoServer.system_graphs` holds the ones a running server actually has.
KNOWN_SYSTEM_GRAPHS = frozenset(
    {
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
    }
)

# What `/sparql` and `/sparql-graph-crud` need so the anonymous "SPARQL" account may write.
# USER_GRANT_ROLE takes effect at once; the SQL statement `GRANT SPARQL_UPDATE TO "SPARQL"`
# is only seen by the HTTP server after a restart. The graph-level default for "nobody"
# (7 = read, write, sponge) lets that account write graphs nobody created beforehand.
ANONYMOUS_WRITE_GRANTS = (
    "DB.DBA.USER_GRANT_ROLE ('SPARQL', 'SPARQL_UPDATE');",
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);",
)

# Virtuoso's own graphs made private, so the union default graph anonymous queries read holds the
# data only (a per-query `DEFINE input:default-graph-exclude` would too, but then `GRAPH <iri>`
# patterns find nothing). Listing graphs still names them: clients filter by IRI.
PRIVATE_GROUP = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"


def private_graph_statements(graphs: list[str], user: str = "nobody") -> list[str]:
    """SQL making `graphs` private: unreadable for `user` (and every account without rights)."""
    statements = [f"DB.DBA.RDF_GRAPH_GROUP_CREATE ('{PRIVATE_GROUP}', 1);"]
    statements += [f"DB.DBA.RDF_GRAPH_GROUP_INS ('{PRIVATE_GROUP}', '{g}');" for g in graphs]
    statements.append(f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{user}', 0, 1);")
    return statements


# The server's configuration, filled in per server (str.format fields).
INI_TEMPLATE = Path(__file__).with_name("virtuoso-template.ini")


class VirtuosoError(RuntimeError):
    """The Virtuoso server could not be found, started, set up or stopped."""


def virtuoso_available() -> bool:
    """Whether Debian's `virtuoso-opensource` is installed (the server and its SQL shell)."""
    return shutil.which(SERVER_BIN) is not None and shutil.which(ISQL_BIN) is not None


Scope = Literal["session", "package", "module", "class", "function"]


def _two_free_ports() -> tuple[int, int]:
    first = free_port()
    second = free_port()
    while second == first:
        second = free_port()
    return first, second


class VirtuosoServer:
    """One `virtuoso-t` process with an empty database in `workdir`, on 127.0.0.1.

    `max_rows` and `max_seconds` become `[SPARQL] ResultSetMaxRows` (and MaxSortedTopRows) and
    `MaxQueryExecutionTime`; a test of the client's truncation check sets `max_rows` low.
    """

    def __init__(
        self,
        workdir: Path | None = None,
        *,
        max_rows: int = 1_000_000,
        max_seconds: int = 60,
        start_timeout: float = 120.0,
    ) -> None:
        self._owns_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="spkg-virtuoso-"))
        self.max_rows = max_rows
        self.max_seconds = max_seconds
        self.start_timeout = start_timeout
        self.http_port, self.isql_port = _two_free_ports()
        self.dba_password = "dba"
        self.process: subprocess.Popen[bytes] | None = None
        self.system_graphs: frozenset[str] = frozenset()

    # -- where it answers ------------------------------------------------------------------

    engine = "virtuoso"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        """SPARQL 1.1 Protocol queries; updates go to the same URL."""
        return f"{self.url}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.url}/sparql"

    @property
    def store_url(self) -> str:
        """SPARQL 1.1 Graph Store Protocol (`?graph=` or Virtuoso's own `?graph-uri=`)."""
        return f"{self.url}/sparql-graph-crud"

    @property
    def log_path(self) -> Path:
        return self.workdir / "virtuoso.log"

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # -- life cycle ------------------------------------------------------------------------

    def __enter__(self) -> VirtuosoServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Create the database, start the server, open it to anonymous writes, wait for HTTP."""
        if not virtuoso_available():
            raise VirtuosoError(
                f"{SERVER_BIN} or {ISQL_BIN} not found: install Debian's virtuoso-opensource"
                " (`make test-virtuoso` does)"
            )
        (self.workdir / "www").mkdir(parents=True, exist_ok=True)
        ini = self.workdir / "virtuoso.ini"
        ini.write_text(
            INI_TEMPLATE.read_text().format(
                dir=self.workdir,
                isql_port=self.isql_port,
                http_port=self.http_port,
                max_rows=self.max_rows,
                max_seconds=self.max_seconds,
            )
        )
        command = [str(shutil.which(SERVER_BIN)), "+foreground", "+configfile", str(ini)]
        # Its console output goes to a file, not a pipe nobody reads (a full pipe would block it).
        with open(self.workdir / "console.log", "wb") as console:
            self.process = subprocess.Popen(
                command, cwd=self.workdir, stdout=console, stderr=subprocess.STDOUT
            )
        try:
            self._wait_for_log("Server online at")
            password = secrets.token_hex(12)
            self.isql(f"DB.DBA.USER_CHANGE_PASSWORD ('dba', 'dba', '{password}');")
            self.dba_password = password
            self.isql(*ANONYMOUS_WRITE_GRANTS)
            self._wait_for_http()
            self.system_graphs = frozenset(self.graphs())
            self.isql(*private_graph_statements(sorted(self.system_graphs)))
        except BaseException:
            self.stop()
            raise
        logger.info("virtuoso serving %s (isql port %d)", self.url, self.isql_port)

    def _wait_for_log(self, line: str) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise VirtuosoError(f"{SERVER_BIN} exited during start-up:\n{self._log_tail()}")
            if self.log_path.exists() and line in self.log_path.read_text(errors="replace"):
                return
            time.sleep(0.1)
        raise VirtuosoError(f"{SERVER_BIN} did not log {line!r} within {self.start_timeout} s")

    def _wait_for_http(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            try:
                response = httpx.get(self.query_url, params={"query": "ASK {}"}, timeout=5)
                if response.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise VirtuosoError(f"{self.query_url} did not answer within {self.start_timeout} s")

    def _log_tail(self) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return self.log_path.read_text(errors="replace")[-2000:]

    def stop(self) -> None:
        """Stop the server (SIGTERM makes it checkpoint and exit) and delete its database."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self._owns_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            return
        for pattern in ("*.db", "*.trx", "*.lck", "*.pxa"):
            for path in self.workdir.glob(pattern):
                path.unlink(missing_ok=True)

    # -- administration --------------------------------------------------------------------

    def isql(self, *statements: str, timeout: float = 120.0) -> str:
        """Run SQL statements as dba through `isql-vt`; raise VirtuosoError on any error."""
        script = "\n".join(statements) + "\n"
        command = [str(shutil.which(ISQL_BIN)), f"127.0.0.1:{self.isql_port}", "dba"]
        command += [self.dba_password, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF"]
        try:
            done = subprocess.run(
                command, input=script.encode(), capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise VirtuosoError(f"isql did not finish within {timeout} s: {script}") from exc
        output = (done.stdout + done.stderr).decode(errors="replace")
        if done.returncode != 0 or "*** Error" in output:
            raise VirtuosoError(f"isql failed ({done.returncode}): {output.strip()}")
        return output

    def add_user(self, name: str, password: str) -> None:
        """An account for the Digest-authenticated endpoints (`/sparql-auth`,
        `/sparql-graph-crud-auth`) that may update and write any graph but Virtuoso's own."""
        self.isql(
            f"DB.DBA.USER_CREATE ('{name}', '{password}');",
            f"DB.DBA.USER_GRANT_ROLE ('{name}', 'SPARQL_UPDATE');",
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{name}', 7);",
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{name}', 0, 1);",
        )

    def graphs(self) -> list[str]:
        """Every graph holding a triple, system graphs included, as `/sparql` lists them.

        `GRAPH ?g {}` would not do: Virtuoso answers it with one row and ?g unbound.
        """
        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        response = httpx.post(
            self.query_url,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
        response.raise_for_status()
        rows = response.json()["results"]["bindings"]
        return sorted(row["g"]["value"] for row in rows if "g" in row)

    def clear(self) -> None:
        """Drop every graph written since start, leaving Virtuoso's own graphs in place."""
        written = [g for g in self.graphs() if g not in self.system_graphs]
        if written:
            self.isql(*(f"SPARQL DROP SILENT GRAPH <{g}>;" for g in written))


def virtuoso_fixture(scope: Scope = "session", **options: Any) -> Callable[..., Any]:
    """A pytest fixture yielding a running `VirtuosoServer`, started once per `scope`.

    Start-up creates a database (seconds, not hundredths as Oxigraph), so share one server per
    session and take `empty_virtuoso_fixture` where a test needs it empty. `options` go to
    `VirtuosoServer`.
    """

    @pytest.fixture(scope=scope)
    def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
        with VirtuosoServer(tmp_path_factory.mktemp("virtuoso"), **options) as running:
            yield running

    return server


def empty_virtuoso_fixture(server_fixture: str = "virtuoso_server") -> Callable[..., Any]:
    """A function-scoped fixture: the shared server named `server_fixture`, emptied first."""

    @pytest.fixture
    def empty(request: pytest.FixtureRequest) -> VirtuosoServer:
        server: VirtuosoServer = request.getfixturevalue(server_fixture)
        server.clear()
        return server

    return empty


def _check(server: VirtuosoServer) -> list[str]:
    """A query, an update, a Graph Store PUT and the union default graph; the failures."""
    failures: list[str] = []
    graph = "http://example.org/spkg-check"
    put = httpx.put(
        server.store_url,
        params={"graph": graph},
        content=b"<http://example.org/s> <http://example.org/p> 1 .\n",
        headers={"Content-Type": "application/n-triples"},
    )
    if put.status_code not in (200, 201, 204):
        failures.append(f"Graph Store PUT: {put.status_code} {put.text[:200]}")
    update = httpx.post(
        server.update_url,
        content=f"INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/s> "
        f"<http://example.org/p> 2 }} }}".encode(),
        headers={"Content-Type": "application/sparql-update"},
    )
    if update.status_code != 200:
        failures.append(f"update: {update.status_code} {update.text[:200]}")
    ask = httpx.post(
        server.query_url,
        data={"query": "ASK { <http://example.org/s> <http://example.org/p> 1, 2 }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    if ask.status_code != 200 or ask.json().get("boolean") is not True:
        failures.append(f"union default graph query: {ask.status_code} {ask.text[:200]}")
    server.clear()
    return failures


def main(argv: list[str] | None = None) -> int:
    """`--check`: start, print the URLs, check, stop. `--serve`: start and wait for Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m tests.engines.virtuoso", description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="start, check, print URLs, stop")
    mode.add_argument("--serve", action="store_true", help="start and keep serving until Ctrl-C")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    started = time.monotonic()
    try:
        server = VirtuosoServer()
        server.start()
    except VirtuosoError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        print(f"started in {time.monotonic() - started:.1f} s (database in {server.workdir})")
        print(f"query        {server.query_url}")
        print(f"update       {server.update_url}")
        print(f"graph store  {server.store_url}")
        print(f"isql         {ISQL_BIN} 127.0.0.1:{server.isql_port} dba {server.dba_password}")
        print(f"system graphs {sorted(server.system_graphs)}")
        failures = _check(server)
        for failure in failures:
            print(f"FAILED {failure}", file=sys.stderr)
        if args.serve:
            print("serving; Ctrl-C stops it")
            while server.alive():
                time.sleep(1)
        return 1 if failures else 0
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
