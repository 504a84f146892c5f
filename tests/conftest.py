"""Fixtures every test package may use.

- `oxigraph_server`: a real `oxigraph serve` process on 127.0.0.1 with an empty on-disk store
  and `--union-default-graph` (as the published endpoint); yields its URLs; stopped after the
  test. Start-up takes a few hundredths of a second, so each test gets its own.
- `embedded_store`: an empty `EmbeddedStore` in the test's tmp_path, closed afterwards.
- `remote_store`: a `RemoteStore` on a fresh `oxigraph_server`.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.store import EmbeddedStore, RemoteStore
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


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A fresh Oxigraph server process with an empty store under tmp_path."""
    location = tmp_path / "oxigraph"
    port = free_port()
    command = [str(OXIGRAPH), "serve", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    # Its log goes to a file, not a pipe nobody reads (a full pipe would block the server).
    log = open(tmp_path / "oxigraph.log", "wb")  # noqa: SIM115 (closed below)
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
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An empty embedded store on disk under tmp_path."""
    store = EmbeddedStore(tmp_path / "store")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def remote_store(oxigraph_server: OxigraphServer) -> Iterator[RemoteStore]:
    """A RemoteStore on a fresh Oxigraph server."""
    store = RemoteStore(
        oxigraph_server.query_url, oxigraph_server.update_url, oxigraph_server.store_url
    )
    try:
        yield store
    finally:
        store.close()
