"""The ingest pipeline: read → map → validate → classify → load, one review at a time.

Every review of a data folder is prepared (and checked) before anything is written, so a folder
with one invalid review leaves the store exactly as it was. Each review is then written with one
`replace_graphs` call (its four graphs and the ontology graph, in one transaction), and only when
its fingerprint differs from the one the store already holds: re-ingesting unchanged data writes
nothing, and ingesting one review never touches another's graphs.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ingest.errors import (
    DataErrors,
    DataFileError,
    InconsistentData,
    SpkgError,
    ToolUnavailable,
    ValidationFailed,
)
from ingest.iris import Minter
from ingest.mapping import Mapped, map_review
from ingest.mapping.terms import Vocabulary
from ingest.namespaces import PAV, base_iri
from ingest.progress import Progress, progress
from ingest.provenance import build_provenance, fingerprint
from ingest.readers import find_reviews, read_review
from ingest.store import Store
from ingest.validate import ValidationReport, validate_review

__all__ = [
    "Outcome",
    "Prepared",
    "check_data",
    "ingest_data",
    "prepare_review",
    "stored_fingerprint",
]

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """A review read, mapped, validated and classified: ready to load."""

    folder: Path
    mapped: Mapped
    report: ValidationReport
    inferred: Graph
    fingerprint: str
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def review_id(self) -> str:
        return self.mapped.review_id

    def data_graphs(self) -> dict[str, Graph]:
        """reported, supplementary and inferred, by graph IRI."""
        return {**self.mapped.graphs(), str(self.inferred.identifier): self.inferred}


@dataclass(frozen=True)
class Outcome:
    """What an ingest did with one review."""

    review_id: str
    fingerprint: str
    written: bool
    triples: dict[str, int]
    report: ValidationReport


@dataclass(frozen=True)
class _Resources:
    base: str
    ontology: Graph
    shapes: Graph
    vocabulary: Vocabulary


def _resources(base: str) -> _Resources:
    from ingest.ontology import OntologyError, load_ontology, load_shapes

    try:
        ontology, shapes = load_ontology(base), load_shapes(base)
    except OntologyError as exc:
        raise ToolUnavailable("ontology", str(exc)) from exc
    return _Resources(base, ontology, shapes, Vocabulary.from_ontology(ontology))


def _classify(res: _Resources, mapped: Mapped) -> Graph:
    """The reasoner's new types for the review, in its `inferred` graph."""
    from ingest import reasoning

    data = Graph()
    for graph in (mapped.reported, mapped.supplementary):
        for t in graph:
            data.add(t)
    try:
        found = reasoning.classify(res.ontology, data, res.base)
    except reasoning.InconsistentOntologyError as exc:
        raise InconsistentData(mapped.review_id, exc.individuals, exc.reasons) from exc
    except reasoning.ReasonerError as exc:
        raise ToolUnavailable("reasoner", str(exc)) from exc
    inferred = Graph(identifier=mapped.minter.graph("inferred"))
    for t in found:
        inferred.add(t)
    return inferred


def prepare_review(
    folder: Path,
    res: _Resources,
    step: Progress | None = None,
    classify: bool = True,
) -> Prepared:
    """Read, map, validate and classify one review; raise on data errors or violations."""
    say = step.step if step is not None else (lambda _: None)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    say(f"{folder.name}: reading")
    data = read_review(folder)
    timings["read"] = time.perf_counter() - started
    say(f"{folder.name}: mapping")
    mark = time.perf_counter()
    mapped = map_review(data, res.vocabulary, res.base)
    timings["map"] = time.perf_counter() - mark
    say(f"{folder.name}: validating")
    mark = time.perf_counter()
    report = validate_review(mapped, res.shapes, res.ontology, folder=folder)
    timings["validate"] = time.perf_counter() - mark
    if not report.conforms:
        raise ValidationFailed(report)
    inferred = Graph(identifier=mapped.minter.graph("inferred"))
    if classify:
        say(f"{folder.name}: classifying")
        mark = time.perf_counter()
        inferred = _classify(res, mapped)
        timings["classify"] = time.perf_counter() - mark
    print_ = fingerprint([mapped.reported, mapped.supplementary, inferred])
    return Prepared(folder, mapped, report, inferred, print_, timings)


def _review_folders(data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        raise DataErrors([DataFileError(data_dir, 0, "", "no such data folder")])
    folders = find_reviews(data_dir)
    if not folders:
        raise DataErrors(
            [DataFileError(data_dir, 0, "", "no review folder (a folder with review.csv)")]
        )
    return folders


def check_data(
    data_dir: Path,
    base: str | None = None,
    classify: bool = True,
    show_progress: bool | None = None,
) -> list[Prepared]:
    """Prepare every review under `data_dir`; collect the errors of all of them, write nothing.

    Raises `DataErrors` (all located CSV problems of all reviews) or `ValidationFailed` (the
    first review with violations; its report lists all of them).
    """
    res = _resources(base or base_iri())
    folders = _review_folders(data_dir)
    prepared: list[Prepared] = []
    data_errors: list[DataFileError] = []
    failed: list[SpkgError] = []
    with progress(enabled=show_progress) as step:
        for folder in folders:
            try:
                prepared.append(prepare_review(folder, res, step, classify))
            except DataErrors as exc:
                data_errors.extend(exc.errors)
            except (ValidationFailed, InconsistentData) as exc:
                failed.append(exc)
    if data_errors:
        raise DataErrors(data_errors)
    if failed:
        raise failed[0]
    return prepared


_FINGERPRINT_QUERY = (
    "SELECT ?g ?review ?version WHERE { GRAPH ?g { ?review <" + str(PAV.version) + "> ?version } }"
)


def stored_fingerprint(store: Store, minter: Minter) -> str | None:
    """The fingerprint the store's provenance graph holds for a review, if any."""
    rows = store.select(
        _FINGERPRINT_QUERY,
        {"g": minter.graph("provenance"), "review": minter.review_iri()},
    )
    versions = sorted(str(r["version"]) for r in rows if isinstance(r.get("version"), Literal))
    return versions[0] if versions else None


def ingest_data(
    data_dir: Path,
    store: Store,
    base: str | None = None,
    force: bool = False,
    show_progress: bool | None = None,
) -> list[Outcome]:
    """Validate every review under `data_dir`, then load those whose data changed."""
    base = base or base_iri()
    prepared = check_data(data_dir, base, classify=True, show_progress=show_progress)
    ontology = _resources(base).ontology
    outcomes: list[Outcome] = []
    with progress(enabled=show_progress) as step:
        for item in prepared:
            outcomes.append(_load(store, item, ontology, base, force, step))
    return outcomes


def _load(
    store: Store, item: Prepared, ontology: Graph, base: str, force: bool, step: Progress
) -> Outcome:
    minter = item.mapped.minter
    graphs = item.data_graphs()
    counts = {iri: len(g) for iri, g in graphs.items()}
    if not force and stored_fingerprint(store, minter) == item.fingerprint:
        log.info("%s unchanged (%s); nothing written", item.review_id, item.fingerprint)
        return Outcome(item.review_id, item.fingerprint, False, counts, item.report)
    step.step(f"{item.review_id}: loading")
    provenance = build_provenance(minter, item.fingerprint, item.mapped.sources)
    graphs[str(provenance.identifier)] = provenance
    graphs[str(URIRef(f"{base}ontology"))] = ontology
    store.replace_graphs(graphs)
    counts[str(provenance.identifier)] = len(provenance)
    log.info("%s loaded (%s)", item.review_id, item.fingerprint)
    return Outcome(item.review_id, item.fingerprint, True, counts, item.report)
