"""Fixtures: one store holding the seed review and the tiny fixture review (a second review that
shares a record with the seed by DOI), the app over it through its ASGI interface, and the same
store served by a real uvicorn process for the browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.rest.conftest import FIXTURE, SEED, build_store
from tests.serving import start_server, stop_server


@pytest.fixture(scope="session")
def pages_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("pages") / "store", [SEED, FIXTURE])


@pytest.fixture(scope="session")
def pages(pages_store: Path) -> Iterator[TestClient]:
    """The service over both reviews, lifespan running, asking for HTML as a browser does."""
    settings = Settings(store=pages_store, query_timeout=20, query_workers=2)
    headers = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    with TestClient(create_app(settings), base_url="http://testserver", headers=headers) as c:
        yield c


@pytest.fixture(scope="session")
def served(pages_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same store served by uvicorn on 127.0.0.1 (a copy: the embedded store is opened
    read-only by one process at a time only in the tests that write)."""
    app = start_server(pages_store, tmp_path_factory.mktemp("served"), SPKG_QUERY_TIMEOUT="20")
    try:
        yield app.url
    finally:
        stop_server(app)
