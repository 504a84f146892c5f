"""Fixtures every test package may use.

- `oxigraph_server`: a real `oxigraph serve` process on 127.0.0.1 with an empty on-disk store
  and `--union-default-graph` (as the published endpoint); yields its URLs; stopped after the
  test. Start-up takes a few hundredths of a second, so each test gets its own.
- `embedded_store`: an empty `EmbeddedStore` in the test's tmp_path, closed afterwards.
- `sparql_server`: each real SPARQL server in turn, empty: a fresh `oxigraph_server`, then (under
  the `virtuoso` marker, `make test-virtuoso`) the session's Virtuoso server emptied. Both have
  `query_url`, `update_url`, `store_url` and `engine`, so one remote-store suite runs on both.
- `remote_store`: a `RemoteStore` on `sparql_server`.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.store import EmbeddedStore, RemoteStore, Store
from tests.engines.virtuoso import VirtuosoServer, virtuoso_available
from tests.serving import free_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


@dataclass(frozen=True)
class OxigraphServer:
    """A running Oxigraph server: its base URL and SPARQL / Graph Store endpoints."""

    url: str
    location: Path
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

    @property
    def engine(self) -> str:
        return "oxigraph"


def _wait_until_answering(server: OxigraphServer, deadline_s: float = 20.0) -> None:
    probe = f"{server.query_url}?query=ASK%7B%7D"
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {server.process.returncode}")
        try:
            with urllib.request.urlopen(probe, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.02)
    raise RuntimeError(f"oxigraph at {server.url} did not answer within {deadline_s} s")


@contextmanager
def running_oxigraph(folder: Path) -> Iterator[OxigraphServer]:
    """An Oxigraph server process over the store `folder/oxigraph` (created empty if missing),
    its default graph the union of the named graphs, stopped on leaving."""
    location = folder / "oxigraph"
    port = free_port()
    command = [str(OXIGRAPH), "serve", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    # Its log goes to a file, not a pipe nobody reads (a full pipe would block the server).
    log = open(folder / "oxigraph.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    server = OxigraphServer(f"http://127.0.0.1:{port}", location, process)
    try:
        _wait_until_answering(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A fresh Oxigraph server process with an empty store under tmp_path."""
    with running_oxigraph(tmp_path) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_session_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso server for the session (creating its database takes seconds)."""
    if not virtuoso_available():
        pytest.skip("virtuoso-t is not installed (make virtuoso)")
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


# The engines every remote-store test runs on: Oxigraph's server always, Virtuoso under its
# marker (`make test-virtuoso`).
SPARQL_ENGINES = ["oxigraph", pytest.param("virtuoso", marks=pytest.mark.virtuoso)]


def empty_server(request: pytest.FixtureRequest, engine: str) -> OxigraphServer | VirtuosoServer:
    """A server of `engine` holding no data: a fresh Oxigraph, or the session's Virtuoso emptied."""
    if engine == "oxigraph":
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        return server
    virtuoso: VirtuosoServer = request.getfixturevalue("virtuoso_session_server")
    virtuoso.clear()
    return virtuoso


def open_remote(server: OxigraphServer | VirtuosoServer) -> RemoteStore:
    """A RemoteStore on `server`'s endpoints."""
    return RemoteStore(server.query_url, server.update_url, server.store_url, engine=server.engine)


@pytest.fixture(params=SPARQL_ENGINES)
def sparql_server(request: pytest.FixtureRequest) -> OxigraphServer | VirtuosoServer:
    """Each real SPARQL server in turn, holding no data."""
    return empty_server(request, request.param)


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An empty embedded store on disk under tmp_path."""
    store = EmbeddedStore(tmp_path / "store")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def remote_store(sparql_server: OxigraphServer | VirtuosoServer) -> Iterator[RemoteStore]:
    """A RemoteStore on each empty SPARQL server in turn."""
    store = open_remote(sparql_server)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=["embedded", *SPARQL_ENGINES])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind in turn: embedded, then each real SPARQL server."""
    store: Store = (
        EmbeddedStore(tmp_path / "store")
        if request.param == "embedded"
        else open_remote(empty_server(request, request.param))
    )
    try:
        yield store
    finally:
        store.close()
