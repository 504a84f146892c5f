"""Fixtures: a real on-disk pyoxigraph store, the app over ASGI, the app in a uvicorn process."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from api.app import create_app
from api.settings import Settings
from tests.serving import ServedApp, start_server, stop_server

BASE = "https://w3id.org/spkg/"
REPORTED = f"{BASE}graph/fixture/reported"
SUPPLEMENTARY = f"{BASE}graph/fixture/supplementary"
EX = "http://example.org/"


def _q(s: str, p: str, o: ox.NamedNode | ox.Literal, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(g))


def build_fixture_store(path: Path) -> Path:
    """Two named graphs: two studies reported by the review, one value from a primary paper."""
    store = ox.Store(str(path))
    title = "http://purl.org/dc/terms/title"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    study = f"{BASE}ontology#Study"
    link_work = ox.Literal("Link work", language="en")
    store.extend(
        [
            _q(f"{BASE}id/study/fixture/s1", rdf_type, ox.NamedNode(study), REPORTED),
            _q(f"{BASE}id/study/fixture/s2", rdf_type, ox.NamedNode(study), REPORTED),
            _q(f"{BASE}id/study/fixture/s1", title, ox.Literal("Ways to Wellness"), REPORTED),
            _q(f"{BASE}id/study/fixture/s2", title, link_work, REPORTED),
            _q(
                f"{BASE}id/study/fixture/s1",
                f"{BASE}ontology#sampleSize",
                ox.Literal("30", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                SUPPLEMENTARY,
            ),
        ]
    )
    store.flush()
    del store
    return path


def build_large_store(path: Path, triples: int = 3000) -> Path:
    """A few thousand triples: enough for a cartesian product that would run for hours."""
    store = ox.Store(str(path))
    graph = ox.NamedNode(f"{EX}big")
    store.extend(
        ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p{i % 7}"), ox.Literal(str(i)), graph)
        for i in range(triples)
    )
    store.flush()
    del store
    return path


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return build_fixture_store(tmp_path / "store")


@pytest.fixture
def settings(store_path: Path) -> Settings:
    return Settings(store=store_path, query_timeout=10, max_request_bytes=4096, query_workers=2)


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan running, spoken to over httpx's ASGI transport."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


@pytest.fixture
def uvicorn_server(tmp_path: Path) -> Iterator[ServedApp]:
    """The service over real HTTP on 127.0.0.1, a 2 s query limit, over a generated store."""
    served = start_server(build_large_store(tmp_path / "big"), tmp_path)
    try:
        yield served
    finally:
        stop_server(served)
