"""The store the reliability suite serves: the tiny fixture review plus a canary graph.

The review is read and mapped by spkg's own reader and mapping (validation and classification
are left to the ingest tests, which pay for them), then written with `replace_graphs`. The canary
graph holds one unique literal on a subject outside the instance namespace, so that no REST
route or `/id/` page can reach it without an injected query.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ingest.mapping import map_review
from ingest.mapping.terms import Vocabulary
from ingest.ontology import load_ontology
from ingest.provenance import build_provenance, fingerprint
from ingest.readers import read_review
from ingest.store import EmbeddedStore

__all__ = [
    "BASE",
    "CANARY",
    "CANARY_GRAPH",
    "FIXTURE_REVIEW",
    "ROOT",
    "build_reliability_store",
    "review_graphs",
]

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_REVIEW = ROOT / "tests" / "fixtures" / "valid" / "tiny-2020"
BASE = "https://w3id.org/spkg/"
CANARY = "spkg-canary-5b1d0e9f7c2a4e61"
CANARY_GRAPH = f"{BASE}graph/canary-private/reported"


def canary_graph() -> Graph:
    """A graph no public route lists: its subject and predicate are outside `<base>id/`."""
    graph = Graph(identifier=URIRef(CANARY_GRAPH))
    secret = URIRef("urn:spkg-canary:secret")
    graph.add((secret, URIRef("urn:spkg-canary:holds"), Literal(CANARY)))
    graph.add((secret, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(CANARY)))
    return graph


def review_graphs(folder: Path, base: str = BASE) -> dict[str, Graph]:
    """A review's reported, supplementary and provenance graphs, as ingest would write them."""
    mapped = map_review(read_review(folder), Vocabulary.from_ontology(load_ontology(base)), base)
    graphs = mapped.graphs()
    print_ = fingerprint(list(graphs.values()))
    provenance = build_provenance(mapped.minter, print_, mapped.sources)
    graphs[str(provenance.identifier)] = provenance
    return graphs


def build_reliability_store(path: Path, folder: Path = FIXTURE_REVIEW) -> Path:
    """Write the fixture review, the ontology and the canary graph into a new store at `path`."""
    if path.exists():
        shutil.rmtree(path)
    graphs = review_graphs(folder)
    graphs[f"{BASE}ontology"] = load_ontology(BASE)
    graphs[CANARY_GRAPH] = canary_graph()
    with EmbeddedStore(path) as store:
        store.replace_graphs(graphs)
    logger.info("reliability store at %s", path)
    return path
