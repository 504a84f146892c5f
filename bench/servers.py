"""Server processes the HTTP benchmark compares: spkg, Oxigraph's own server, rdflib-endpoint.

Each runs as a child process bound to 127.0.0.1 on a free port, its output in a log file (a full
pipe nobody reads would block it), and is stopped by its own process id when the block ends.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BIN",
    "RunningServer",
    "ServerStartError",
    "free_port",
    "native_front_server",
    "oxigraph_load",
    "oxigraph_server",
    "rdflib_endpoint_server",
    "spkg_server",
]

logger = logging.getLogger(__name__)

BIN = Path(sys.executable).parent


class ServerStartError(Exception):
    """A server process exited or did not answer in time."""

    def __init__(self, name: str, message: str, log: Path) -> None:
        self.name = name
        self.log = log
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        super().__init__(f"{name}: {message}\n{tail}")


@dataclass(frozen=True)
class RunningServer:
    """A server answering on 127.0.0.1: its name, base URL, SPARQL URL and process."""

    name: str
    url: str
    sparql_url: str
    process: subprocess.Popen[bytes]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(server: RunningServer, log: Path, deadline_s: float) -> None:
    probe = f"{server.sparql_url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerStartError(server.name, f"exited with {server.process.returncode}", log)
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise ServerStartError(server.name, f"did not answer within {deadline_s} s", log)


@contextlib.contextmanager
def _serve(
    name: str,
    command: Sequence[str],
    port: int,
    sparql_path: str,
    log: Path,
    env: dict[str, str] | None = None,
    deadline_s: float = 120.0,
) -> Iterator[RunningServer]:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command), stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        url = f"http://127.0.0.1:{port}"
        server = RunningServer(name, url, f"{url}{sparql_path}", process)
        try:
            started = time.monotonic()
            _wait(server, log, deadline_s)
            logger.info("%s answers on %s after %.1f s", name, url, time.monotonic() - started)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def oxigraph_load(location: Path, nquads: Path) -> None:
    """Bulk-load an N-Quads file into a fresh Oxigraph directory with the server binary."""
    command = [str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(nquads)]
    subprocess.run(command, check=True, capture_output=True)


def oxigraph_server(location: Path, log: Path) -> contextlib.AbstractContextManager:
    """`oxigraph serve-read-only` on a store directory, union default graph as spkg shows."""
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    return _serve("oxigraph", command, port, "/query", log)


def rdflib_endpoint_server(data: Path, log: Path) -> contextlib.AbstractContextManager:
    """rdflib-endpoint on the same data (an in-memory rdflib Dataset with a union default)."""
    port = free_port()
    command = [str(BIN / "rdflib-endpoint"), "serve", str(data), "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    return _serve("rdflib-endpoint", command, port, "/", log, deadline_s=900.0)


def spkg_server(store: Path, log: Path, extra_env: dict[str, str] | None = None):
    """`spkg serve` on an embedded store, as `make run` starts it.

    Where the command line has no `serve` yet, the app factory runs under uvicorn directly.
    """
    port = free_port()
    env = {"SPKG_STORE": str(store), **(extra_env or {})}
    if importlib.util.find_spec("api.cli") is not None:
        command = [str(BIN / "spkg"), "serve", "--store", str(store), "--host", "127.0.0.1"]
        command += ["--port", str(port)]
    else:
        command = [sys.executable, "-m", "uvicorn", "api.app:app_from_environment", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    return _serve("spkg", command, port, "/sparql", log, env=env)


@contextlib.contextmanager
def native_front_server(store: Path, log: Path, timeout_s: int = 10) -> Iterator[RunningServer]:
    """Oxigraph's server over the store spkg serves, behind `bench.native_front` (spkg's checks
    in Python, the query in Oxigraph): the other way to a native /sparql, measured beside it."""
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store)]
    command += [
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
        "--timeout-s",
        str(timeout_s),
    ]
    with _serve("oxigraph-behind-front", command, port, "/query", log.with_suffix(".oxigraph.log")):
        front = free_port()
        command = [sys.executable, "-m", "bench.native_front", "--upstream"]
        command += [f"http://127.0.0.1:{port}", "--port", str(front)]
        with _serve("native-front", command, front, "/sparql", log) as server:
            yield server
