"""Shared machinery of the W3C conformance runs: fresh stores, the app over ASGI, media types."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox

from api.app import create_app
from api.settings import Settings

__all__ = [
    "CONFORMANCE",
    "EXPECTED_MEDIA_TYPES",
    "SUITE",
    "app_client",
    "build_store",
]

CONFORMANCE = Path("/work/shared/conformance")
SUITE = CONFORMANCE / "w3c-rdf-tests"

# The manifest's expected formats and the media types that satisfy each.
EXPECTED_MEDIA_TYPES: dict[str, set[str]] = {
    "boolean": {"application/sparql-results+xml", "application/sparql-results+json"},
    "tabular": {
        "application/sparql-results+xml",
        "application/sparql-results+json",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "text/html"},
}


def build_store(path: Path, files: Iterable[tuple[Path, str | None, str]]) -> Path:
    """A store at `path` holding each (file, graph IRI or None for default, base IRI)."""
    store = ox.Store(str(path))
    for file, graph, base in files:
        format_ = ox.RdfFormat.from_extension(file.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
        to_graph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        store.load(path=str(file), format=format_, base_iri=base, to_graph=to_graph)
    store.flush()
    del store
    return path


@asynccontextmanager
async def app_client(store: Path, **overrides: object) -> AsyncIterator[httpx.AsyncClient]:
    """The real app over the store, its lifespan running, via httpx's ASGI transport."""
    settings = Settings(store=store, query_timeout=20, **overrides)  # type: ignore[arg-type]
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
