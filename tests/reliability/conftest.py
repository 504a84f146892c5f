"""Fixtures of the reliability suite: the canary store, the service in-process and as a process,
and a listening socket that counts every connection made to it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.reliability.fixture_store import build_reliability_store
from tests.reliability.server import ServedApp, start_server, stop_server


@pytest.fixture(scope="session")
def reliability_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture review, the ontology and the canary graph in an on-disk store."""
    return build_reliability_store(tmp_path_factory.mktemp("reliability") / "store")


@pytest.fixture(scope="module")
def served(
    reliability_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServedApp]:
    """The service in a uvicorn process over the reliability store, 2 s query limit."""
    app = start_server(reliability_store, tmp_path_factory.mktemp("served"))
    try:
        yield app
    finally:
        stop_server(app)


@pytest.fixture(scope="module")
def app_client(reliability_store: Path) -> Iterator[TestClient]:
    """The app in-process (lifespan running), spoken to through its ASGI interface."""
    settings = Settings(store=reliability_store, query_timeout=5, query_workers=2)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


class Listener:
    """A TCP socket on 127.0.0.1 that accepts and records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = int(self.sock.getsockname()[1])
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, peer = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(peer)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A socket hostile requests point at; the test asserts it saw no connection."""
    sock = Listener()
    try:
        yield sock
    finally:
        sock.close()
