"""The stages of one review's ingest, public so that every caller runs the same ones.

`load_resources` reads what a run needs once (ontology, shapes, the mapping's vocabulary, the
shapes context, the tools digest); `prepare_review` reads a review folder, maps it, computes
its fingerprint and checks its reported statistics; `classify_review` types its individuals
with the ontology compiled into rules (`ingest.rules`); `write_ontology` and `write_review` make
the store's writes. `spkg ingest` (`ingest.build`) strings them together with validation and
the reasoner; the benchmarks time them one by one; the test fixtures build their stores with
them, so every store a test reads was written the way `spkg ingest` writes.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from urllib.parse import unquote

from rdflib import Graph, Literal, URIRef

from ingest.aggregate_checks import check_statistics
from ingest.alignments import alignments_without
from ingest.consistency import Conflict, locate
from ingest.errors import InconsistentDataError, ToolUnavailableError
from ingest.hermit import InconsistentOntologyError, ReasonerUnavailableError
from ingest.inconsistency_rules import computed_inconsistencies
from ingest.iris import GRAPH_KINDS, Minter, ontology_iri
from ingest.mapping import Mapped, map_review
from ingest.mapping.computed import add_computed
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
from ingest.rules import Classifier, UnsupportedAxiomError, load_classifier
from ingest.store import Store
from ingest.summary import SUMMARISED_QUERY, SUMMARY_QUERY, add_summary
from ingest.validate import shapes_context
from ingest.workbook.reader import is_workbook, read_workbook

__all__ = [
    "PreparedReview",
    "Resources",
    "classify_review",
    "fingerprint_key",
    "inferred_triples",
    "load_resources",
    "load_rules",
    "prepare_review",
    "remove_reviews",
    "review_graphs",
    "stored_fingerprint",
    "stored_fingerprints",
    "stored_reviews",
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
    """Read and map one review folder (or workbook) and fingerprint the result; raise
    `DataFilesError`.

    `timings`, when given, receives the seconds spent reading (`read`) and mapping (`map`).
    """
    spent = timings if timings is not None else {}
    mark = time.perf_counter()
    data = read_workbook(folder) if is_workbook(folder) else read_review(folder)
    spent["read"] = spent.get("read", 0.0) + time.perf_counter() - mark
    mark = time.perf_counter()
    mapped = map_review(data, resources.vocabulary, resources.base)
    fingerprint = review_fingerprint([mapped.reported, mapped.supplementary], resources.tools)
    # The checks of its statistics follow from the data fingerprinted, and name the run.
    checks = check_statistics(data)
    add_computed(mapped, checks, computed_inconsistencies(data, checks), fingerprint)
    spent["map"] = spent.get("map", 0.0) + time.perf_counter() - mark
    return PreparedReview(folder, mapped, fingerprint)


def load_rules(resources: Resources) -> Classifier:
    """The run's ontology compiled into rules (`ingest.rules`): HermiT runs only when the
    ontology's classification is not cached. Raises `ToolUnavailableError`."""
    try:
        return load_classifier(resources.base)
    except ReasonerUnavailableError as exc:
        raise ToolUnavailableError("reasoner", exc.detail) from exc
    except (UnsupportedAxiomError, InconsistentOntologyError) as exc:
        raise ToolUnavailableError("ontology", str(exc)) from exc


def inferred_triples(prepared: PreparedReview, rules: Classifier) -> list[tuple]:
    """The types the compiled rules derive for a review's individuals (and the data lack).

    Take them before validating with `consume=True`, which adds to the reported graph. Raises
    `InconsistentDataError` naming each contradiction and the cells behind it.
    """
    mapped = prepared.mapped
    try:
        return rules.inferred(chain(mapped.reported, mapped.supplementary))
    except InconsistentOntologyError as exc:
        conflicts = [Conflict(URIRef(i), reason, triples) for i, reason, triples in exc.causes]
        cells = locate(conflicts, mapped, prepared.folder)
        raise InconsistentDataError(mapped.review_id, exc.individuals, exc.reasons, cells) from None


def classify_review(prepared: PreparedReview, rules: Classifier) -> Graph:
    """`inferred_triples` as the review's inferred graph."""
    inferred = Graph(identifier=prepared.mapped.minter.graph("inferred"))
    for triple in inferred_triples(prepared, rules):
        inferred.add(triple)
    return inferred


def stored_fingerprint(store: Store, minter: Minter) -> str | None:
    """The fingerprint the store's provenance graph holds for a review, if any.

    None as well when that graph lacks the review's summary (`ingest.summary`): a review
    written before summaries existed is then written again, summary included."""
    provenance = minter.graph("provenance")
    rows = store.select(FINGERPRINT_QUERY, {"g": provenance, "review": minter.review_iri()})
    versions = sorted(str(r["version"]) for r in rows if isinstance(r.get("version"), Literal))
    if not versions or not store.select(SUMMARY_QUERY, {"g": provenance}):
        return None
    return versions[0]


def fingerprint_key(minter: Minter) -> tuple[str, str]:
    """Where a review's fingerprint is stated: (its provenance graph, the review's IRI)."""
    return str(minter.graph("provenance")), str(minter.review_iri())


def stored_fingerprints(store: Store) -> dict[tuple[str, str], str]:
    """`stored_fingerprint` of every review the store holds, by `fingerprint_key`, in two
    queries: what an ingest compares each review of a data folder with."""
    summarised = {str(row["g"]) for row in store.select(SUMMARISED_QUERY) if "g" in row}
    versions: dict[tuple[str, str], list[str]] = {}
    for row in store.select(FINGERPRINT_QUERY):
        graph, version = str(row.get("g")), row.get("version")
        if graph in summarised and isinstance(version, Literal) and "review" in row:
            versions.setdefault((graph, str(row["review"])), []).append(str(version))
    return {key: sorted(found)[0] for key, found in versions.items()}


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
    graphs = review_graphs(prepared, inferred)
    store.replace_graphs(graphs)
    logger.info("%s loaded (%s)", prepared.review_id, prepared.fingerprint)
    return {iri: len(g) for iri, g in graphs.items()}


def review_graphs(prepared: PreparedReview, inferred: Graph | None = None) -> dict[str, Graph]:
    """The review's four graphs by IRI, as `write_review` writes them: its data graphs and its
    provenance graph, which carries the review's summary (`ingest.summary`)."""
    mapped = prepared.mapped
    inferred_iri = mapped.minter.graph("inferred")
    if inferred is None:
        inferred = Graph(identifier=inferred_iri)
    graphs = {**mapped.graphs(), str(inferred_iri): inferred}
    provenance = build_provenance(mapped.minter, prepared.fingerprint, mapped.sources)
    add_summary(provenance, mapped.minter, graphs)
    graphs[str(provenance.identifier)] = provenance
    return graphs


def stored_reviews(store: Store, base: str | None = None) -> list[str]:
    """The ids of the reviews the store holds graphs of (`<base>graph/{review}/{kind}`), sorted."""
    prefix = f"{base or base_iri()}graph/"
    found = set()
    for name in store.named_graphs():
        review, _, kind = name.removeprefix(prefix).partition("/")
        if name.startswith(prefix) and kind in GRAPH_KINDS:
            found.add(unquote(review))
    return sorted(found)


def remove_reviews(store: Store, review_ids: list[str], base: str | None = None) -> list[str]:
    """Drop the graphs of the reviews given, all in one transaction; return those that held
    data (an empty inferred graph is no named graph of the store).

    Only the reviews' own graphs go: a record or study another review includes is described in
    that review's graphs too, so it stays, with every statement the other review makes of it.
    """
    base = base or base_iri()
    graphs = [str(Minter(r, base).graph(k)) for r in review_ids for k in GRAPH_KINDS]
    present = set(store.named_graphs())
    dropped = [g for g in graphs if g in present]
    if dropped:
        writes = {g: Graph(identifier=URIRef(g)) for g in graphs}
        aligned = alignments_without(store, review_ids, base)  # alignments naming their themes
        if aligned is not None:
            writes[str(aligned.identifier)] = aligned
        store.replace_graphs(writes)
        logger.info("removed %s (%d graphs)", ", ".join(review_ids), len(dropped))
    return dropped
