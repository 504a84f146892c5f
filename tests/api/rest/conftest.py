"""A real store holding the seed review, and the app over it, built once per test session.

The store is written by the ingest's own pipeline (`ingest.pipeline`: read, map, write the
ontology and each review's graphs, as `spkg ingest` does, without SHACL and the reasoner) from
data/liebmann-2022, plus a canary named graph whose literal must never appear in any API
response. The app is driven through its ASGI interface (Starlette's
TestClient, itself httpx) with its lifespan running, so the query engine's worker processes
answer every request.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from api.app import create_app
from api.settings import Settings
from ingest.pipeline import load_resources, prepare_review, write_ontology, write_review
from ingest.readers import ReviewData, read_review
from ingest.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "data" / "liebmann-2022"
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "tiny-2020"
BASE = "https://w3id.org/spkg/"
CANARY = "canary-7f3c9e1d-must-never-leak"
CANARY_GRAPH = "http://example.org/canary/graph"


def build_store(path: Path, folders: list[Path]) -> Path:
    """Write each review folder into `path` as the ingest does, with the ontology and the canary
    graph."""
    resources = load_resources(BASE)
    canary = Graph(identifier=URIRef(CANARY_GRAPH))
    secret = URIRef("http://example.org/canary/secret")
    canary.add((secret, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(CANARY)))
    canary.add((secret, URIRef(f"{BASE}ontology#quoteText"), Literal(CANARY)))
    store = EmbeddedStore(path)
    try:
        write_ontology(store, resources)
        for folder in folders:
            write_review(store, prepare_review(folder, resources))
        store.replace_graphs({CANARY_GRAPH: canary})
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def seed_data() -> ReviewData:
    """The seed review as the ingest reads it, to compute expected values from the data."""
    return read_review(SEED)


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("rest") / "store", [SEED, FIXTURE])


@pytest.fixture(scope="session")
def api(store_dir: Path) -> Iterator[TestClient]:
    """The service over the seed store, lifespan running, for the whole session."""
    settings = Settings(store=store_dir, query_timeout=20, query_workers=2)
    app = create_app(settings)
    with TestClient(app, base_url="http://testserver") as client:
        yield client
