"""Fixtures: the tiny fixture review mapped and loaded into a real on-disk pyoxigraph store.

Loading goes through the ingest's own pipeline (`ingest.pipeline`: read, map, write the ontology
and the review's graphs with their provenance); SHACL and the OWL reasoner are left out because
the FAIR layer reads only what the mapping states, and they would cost the suite seconds per
test.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from ingest.namespaces import DEFAULT_BASE
from ingest.pipeline import load_resources, prepare_review, write_ontology, write_review
from ingest.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "valid" / "tiny-2020"

__all__ = ["ROOT", "TINY", "load_review"]


def load_review(store_path: Path, folder: Path, base: str = DEFAULT_BASE) -> str:
    """Write `folder` and the ontology to the store as the ingest does; the review's fingerprint."""
    resources = load_resources(base)
    prepared = prepare_review(folder, resources)
    store = EmbeddedStore(store_path)
    try:
        write_ontology(store, resources)
        write_review(store, prepared)
    finally:
        store.close()
    return prepared.fingerprint


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def review_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny review, for tests that change its data."""
    target = tmp_path / "data" / "tiny-2020"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture
def tiny_store(tmp_path: Path) -> Path:
    """A store holding the tiny review (reported, supplementary, provenance, ontology)."""
    path = tmp_path / "store"
    load_review(path, TINY)
    return path


@pytest.fixture
def fair_settings(tiny_store: Path) -> Settings:
    return Settings(store=tiny_store, query_timeout=20, query_workers=2)


@pytest.fixture
def make_client() -> Callable[[Settings], AsyncIterator[httpx.AsyncClient]]:
    """Build an ASGI client for any settings (tests that swap the data use two)."""

    async def _client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                yield c

    return _client


@pytest.fixture
async def client(fair_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app over the tiny review, its lifespan running, over httpx's ASGI transport."""
    app = create_app(fair_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http
