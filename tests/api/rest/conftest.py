"""A real store holding the seed review, and the app over it, built once per test session.

The store is filled by the ingest's own reader and mapping (records → RDF) from
data/liebmann-2022, with the ontology graph beside it, plus a canary named graph whose literal
must never appear in any API response. The app is driven through its ASGI interface (Starlette's
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
from ingest.mapping import map_review
from ingest.mapping.terms import Vocabulary
from ingest.ontology import load_ontology
from ingest.readers import ReviewData, read_review
from ingest.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "data" / "liebmann-2022"
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "tiny-2020"
BASE = "https://w3id.org/spkg/"
CANARY = "canary-7f3c9e1d-must-never-leak"
CANARY_GRAPH = "http://example.org/canary/graph"


def build_store(path: Path, folders: list[Path]) -> Path:
    """Map each review folder into `path`, with the ontology and the canary graph."""
    ontology = load_ontology(BASE)
    vocabulary = Vocabulary.from_ontology(ontology)
    graphs: dict[str, Graph] = {f"{BASE}ontology": ontology}
    for folder in folders:
        mapped = map_review(read_review(folder), vocabulary, BASE)
        graphs.update(mapped.graphs())
    canary = Graph(identifier=URIRef(CANARY_GRAPH))
    secret = URIRef("http://example.org/canary/secret")
    canary.add((secret, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(CANARY)))
    canary.add((secret, URIRef(f"{BASE}ontology#quoteText"), Literal(CANARY)))
    graphs[CANARY_GRAPH] = canary
    store = EmbeddedStore(path)
    try:
        store.replace_graphs(graphs)
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
