"""The stages of one review's ingest, public so that every caller runs the same ones.

`load_resources` reads what a run needs once (ontology, shapes, the mapping's vocabulary, the
shapes context, the tools digest); `prepare_review` reads a review folder, maps it and computes
its fingerprint; `write_ontology` and `write_review` make the store's writes. `spkg ingest`
(`ingest.build`) strings them together with validation and the reasoner; the benchmarks time
them one by one; the test fixtures build their stores with them, so every store a test reads
was written the way `spkg ingest` writes.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal

from ingest.errors import ToolUnavailableError
from ingest.iris import Minter, ontology_iri
from ingest.mapping import Mapped, map_review
from ingest.mapping.terms import Vocabulary
from ingest.namespaces import SPDX, base_iri
from ingest.ontology import OntologyError, load_ontology, load_shapes
from ingest.provenance import (
    FINGERPRINT_QUERY,
    build_provenance,
    ontology_checksum,
    review_fingerprint,
    tools_digest,
)
from ingest.readers import read_review
from ingest.store import Store
from ingest.validate import shapes_context

__all__ = [
    "PreparedReview",
    "Resources",
    "load_resources",
    "prepare_review",
    "stored_fingerprint",
    "write_ontology",
    "write_review",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resources:
    """What every review of a run is read, mapped and validated with, loaded once per run."""

    base: str
    ontology: Graph
    shapes: Graph
    vocabulary: Vocabulary
    context: Graph  # `validate.shapes_context(ontology)`
    tools: str  # `provenance.tools_digest()`, part of every fingerprint


@dataclass(frozen=True)
class PreparedReview:
    """A review folder read and mapped, with the fingerprint of its mapped graphs."""

    folder: Path
    mapped: Mapped
    fingerprint: str

    @property
    def review_id(self) -> str:
        return self.mapped.review_id


def load_resources(base: str | None = None) -> Resources:
    """Ontology, shapes, vocabulary, shapes context and tools digest under `base`.

    Raises `ToolUnavailableError` when the ontology or shapes files cannot be read.
    """
    base = base or base_iri()
    try:
        ontology, shapes = load_ontology(base), load_shapes(base)
        tools = tools_digest()
    except (OntologyError, OSError) as exc:
        raise ToolUnavailableError("ontology", str(exc)) from exc
    vocabulary = Vocabulary.from_ontology(ontology)
    return Resources(base, ontology, shapes, vocabulary, shapes_context(ontology), tools)


def prepare_review(
    folder: Path, resources: Resources, timings: dict[str, float] | None = None
) -> PreparedReview:
    """Read and map one review folder and fingerprint the result; raise `DataFilesError`.

    `timings`, when given, receives the seconds spent reading (`read`) and mapping (`map`).
    """
    spent = timings if timings is not None else {}
    mark = time.perf_counter()
    data = read_review(folder)
    spent["read"] = spent.get("read", 0.0) + time.perf_counter() - mark
    mark = time.perf_counter()
    mapped = map_review(data, resources.vocabulary, resources.base)
    fingerprint = review_fingerprint([mapped.reported, mapped.supplementary], resources.tools)
    spent["map"] = spent.get("map", 0.0) + time.perf_counter() - mark
    return PreparedReview(folder, mapped, fingerprint)


def stored_fingerprint(store: Store, minter: Minter) -> str | None:
    """The fingerprint the store's provenance graph holds for a review, if any."""
    rows = store.select(
        FINGERPRINT_QUERY,
        {"g": minter.graph("provenance"), "review": minter.review_iri()},
    )
    versions = sorted(str(r["version"]) for r in rows if isinstance(r.get("version"), Literal))
    return versions[0] if versions else None


_ONTOLOGY_CHECKSUM = (
    "SELECT ?g ?ontology ?value WHERE { GRAPH ?g { ?ontology <"
    + str(SPDX.checksum)
    + "> ?c . ?c <"
    + str(SPDX.checksumValue)
    + "> ?value } }"
)


def write_ontology(store: Store, resources: Resources, force: bool = False) -> bool:
    """Write the ontology graph if the store's copy has another checksum; True if written."""
    graph = ontology_checksum(resources.ontology, resources.base)
    iri = ontology_iri(resources.base)
    wanted = {str(v) for v in graph.objects(None, SPDX.checksumValue)}
    rows = store.select(_ONTOLOGY_CHECKSUM, {"g": iri, "ontology": iri})
    if not force and {str(r["value"]) for r in rows if "value" in r} == wanted:
        logger.info("ontology graph unchanged")
        return False
    store.replace_graphs({str(iri): graph})
    logger.info("ontology graph written (%d triples)", len(graph))
    return True


def write_review(
    store: Store, prepared: PreparedReview, inferred: Graph | None = None
) -> dict[str, int]:
    """Replace a review's four graphs (reported, supplementary, inferred, provenance) in one
    transaction; `inferred` None writes an empty inferred graph (no classification).

    Returns the triples written per graph IRI.
    """
    mapped = prepared.mapped
    inferred_iri = mapped.minter.graph("inferred")
    if inferred is None:
        inferred = Graph(identifier=inferred_iri)
    graphs = {**mapped.graphs(), str(inferred_iri): inferred}
    provenance = build_provenance(mapped.minter, prepared.fingerprint, mapped.sources)
    graphs[str(provenance.identifier)] = provenance
    store.replace_graphs(graphs)
    logger.info("%s loaded (%s)", mapped.review_id, prepared.fingerprint)
    return {iri: len(g) for iri, g in graphs.items()}
