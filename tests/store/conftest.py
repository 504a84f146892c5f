"""`store`: the same contract tests run on the embedded and on each remote backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest.store import Store
from tests.conftest import empty_server, open_remote

BACKENDS = [
    "embedded",
    pytest.param("remote", marks=pytest.mark.remote),
    pytest.param("remote-virtuoso", marks=[pytest.mark.remote, pytest.mark.virtuoso]),
]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """Each backend in turn, empty: embedded, Oxigraph's server, Virtuoso."""
    if request.param == "embedded":
        yield request.getfixturevalue("embedded_store")
        return
    engine = "virtuoso" if request.param == "remote-virtuoso" else "oxigraph"
    remote = open_remote(empty_server(request, engine))
    try:
        yield remote
    finally:
        remote.close()
