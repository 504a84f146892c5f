"""The ingest pipeline: read → map → fingerprint → validate → classify, then load, in two passes.

Pass one reads and maps each review in turn, computes its fingerprint and, when the store
already holds that fingerprint, goes on to the next review (no validation, no reasoner).
Changed reviews are validated and classified (several reviews to one reasoner run); only
their reports and inferred types (a small N-Triples file each, in a temporary folder) are
kept, so memory does not grow with the number of reviews. Any located data error, SHACL
violation or inconsistency in any review fails the run before anything is written.

Pass two maps the changed reviews again and writes each with one `replace_graphs` call (its
four graphs in one transaction). The ontology graph is written once per run, before the
reviews, and only when the checksum it carries differs from the ontology file's.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ingest import reasoning
from ingest.errors import (
    DataErrors,
    DataFileError,
    SpkgError,
    ToolUnavailable,
    ValidationFailed,
)
from ingest.iris import Minter
from ingest.mapping import Mapped, map_review
from ingest.mapping.terms import Vocabulary
from ingest.namespaces import PAV, base_iri
from ingest.progress import Progress, progress
from ingest.provenance import (
    SPDX,
    build_provenance,
    ontology_checksum,
    review_fingerprint,
    tools_digest,
)
from ingest.readers import find_reviews, read_review
from ingest.reasoner_pool import ReasonerPool
from ingest.store import EmbeddedStore, Store
from ingest.validate import ValidationReport, shapes_context, validate_review

__all__ = [
    "BATCH_REVIEWS",
    "BATCH_TRIPLES",
    "REASONER_WORKERS",
    "Checked",
    "Outcome",
    "check_data",
    "ingest_data",
    "stored_fingerprint",
    "write_review",
]

log = logging.getLogger(__name__)

# Reviews per reasoner run, and reasoner processes side by side. A batch pays HermiT's JVM start
# (~0.6 s) once, but HermiT's realisation grows faster than linearly with the individuals of a
# run, and two JVMs on two shared cores only compete: measured, one review per run in one
# worker was the fastest (bench/RESULTS.md, "Ingest tuning").
BATCH_REVIEWS = 1
BATCH_TRIPLES = 9000
REASONER_WORKERS = 1
# Reviews written between two flushes of an embedded store (see `_flush`).
FLUSH_EVERY = 20


@dataclass
class Checked:
    """A review after pass one: its fingerprint, its report, and whether the store has it."""

    folder: Path
    review_id: str
    fingerprint: str
    report: ValidationReport
    unchanged: bool = False
    timings: dict[str, float] = field(default_factory=dict)


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
    context: Graph
    tools: str


def _resources(base: str) -> _Resources:
    from ingest.ontology import OntologyError, load_ontology, load_shapes

    try:
        ontology, shapes = load_ontology(base), load_shapes(base)
        tools = tools_digest()
    except (OntologyError, OSError) as exc:
        raise ToolUnavailable("ontology", str(exc)) from exc
    vocabulary = Vocabulary.from_ontology(ontology)
    return _Resources(base, ontology, shapes, vocabulary, shapes_context(ontology), tools)


def _review_folders(data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        raise DataErrors([DataFileError(data_dir, 0, "", "no such data folder")])
    folders = find_reviews(data_dir)
    if not folders:
        raise DataErrors(
            [DataFileError(data_dir, 0, "", "no review folder (a folder with review.csv)")]
        )
    return folders


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


def _map(folder: Path, res: _Resources, timings: dict[str, float]) -> tuple[Mapped, str]:
    mark = time.perf_counter()
    data = read_review(folder)
    timings["read"] = timings.get("read", 0.0) + time.perf_counter() - mark
    mark = time.perf_counter()
    mapped = map_review(data, res.vocabulary, res.base)
    print_ = review_fingerprint([mapped.reported, mapped.supplementary], res.tools)
    timings["map"] = timings.get("map", 0.0) + time.perf_counter() - mark
    return mapped, print_


def _pool(res: _Resources, work: Path, workers: int) -> ReasonerPool:
    return ReasonerPool(res.ontology, res.base, work, BATCH_REVIEWS, BATCH_TRIPLES, workers)


def _first_pass(
    folders: list[Path],
    res: _Resources,
    say: Callable[[str], None],
    stored: Callable[[Minter], str | None] | None,
    reasoner: ReasonerPool | None,
) -> list[Checked]:
    """Pass one over every folder; raise the data errors, violations or inconsistencies."""
    checked: list[Checked] = []
    data_errors: list[DataFileError] = []
    failed: list[SpkgError] = []
    for folder in folders:
        timings: dict[str, float] = {}
        say(f"{folder.name}: reading")
        try:
            mapped, print_ = _map(folder, res, timings)
        except DataErrors as exc:
            data_errors.extend(exc.errors)
            continue
        if stored is not None and stored(mapped.minter) == print_:
            log.info("%s unchanged (%s)", mapped.review_id, print_)
            empty = ValidationReport(mapped.review_id, ())
            checked.append(Checked(folder, mapped.review_id, print_, empty, True, timings))
            continue
        reasoned = None
        if reasoner is not None:  # taken before validation adds to the reported graph
            triples = chain(mapped.reported, mapped.supplementary)
            reasoned = reasoning.reasoner_data(res.ontology, triples)
        say(f"{folder.name}: validating")
        mark = time.perf_counter()
        report = validate_review(
            mapped, res.shapes, folder=folder, context=res.context, consume=True
        )
        timings["validate"] = time.perf_counter() - mark
        if not report.conforms:
            failed.append(ValidationFailed(report))
        elif reasoner is not None and reasoned is not None and not data_errors and not failed:
            reasoner.add(mapped.review_id, reasoned)
        checked.append(Checked(folder, mapped.review_id, print_, report, False, timings))
    if reasoner is not None:
        say("classifying")
        if not data_errors and not failed:
            failed.extend(reasoner.finish())
    if data_errors:
        raise DataErrors(data_errors)
    if failed:
        raise failed[0]
    return checked


def check_data(
    data_dir: Path,
    base: str | None = None,
    classify: bool = True,
    show_progress: bool | None = None,
    workers: int = REASONER_WORKERS,
) -> list[Checked]:
    """Read, map, validate (and classify) every review under `data_dir`; write nothing.

    Raises `DataErrors` (all located CSV problems of all reviews), `ValidationFailed` (the
    first review with violations; its report lists all of them) or `InconsistentData`.
    """
    res = _resources(base or base_iri())
    folders = _review_folders(data_dir)
    with ExitStack() as stack:
        step = stack.enter_context(progress(enabled=show_progress))
        reasoner = None
        if classify:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="spkg-")))
            reasoner = _pool(res, work, workers)
            stack.callback(reasoner.close)
        return _first_pass(folders, res, step.step, None, reasoner)


def ingest_data(
    data_dir: Path,
    store: Store,
    base: str | None = None,
    force: bool = False,
    show_progress: bool | None = None,
    timings: dict[str, float] | None = None,
    workers: int = REASONER_WORKERS,
    classify: bool = True,
) -> list[Outcome]:
    """Check every review under `data_dir`, then load those whose data changed.

    `timings`, when given, receives the seconds spent per stage; `classify=False` leaves the
    inferred graphs empty (benchmarks use both to measure the stages apart).
    """
    res = _resources(base or base_iri())
    folders = _review_folders(data_dir)
    stored = None if force else (lambda minter: stored_fingerprint(store, minter))
    spent = timings if timings is not None else {}
    with ExitStack() as stack:
        step = stack.enter_context(progress(enabled=show_progress))
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="spkg-")))
        reasoner = _pool(res, work, workers) if classify else None
        if reasoner is not None:
            stack.callback(reasoner.close)
        checked = _first_pass(folders, res, step.step, stored, reasoner)
        for item in checked:
            for stage, seconds in item.timings.items():
                spent[stage] = spent.get(stage, 0.0) + seconds
        spent["classify"] = reasoner.seconds if reasoner is not None else 0.0
        changed = [c for c in checked if not c.unchanged]
        outcomes = {c.review_id: _unchanged(c) for c in checked if c.unchanged}
        if changed:
            mark = time.perf_counter()
            _write_ontology(store, res, force)
            for outcome in _load_all(store, changed, res, work, step):
                outcomes[outcome.review_id] = outcome
            spent["load"] = time.perf_counter() - mark
    return [outcomes[c.review_id] for c in checked]


def _unchanged(item: Checked) -> Outcome:
    log.info("%s unchanged (%s); nothing written", item.review_id, item.fingerprint)
    return Outcome(item.review_id, item.fingerprint, False, {}, item.report)


_ONTOLOGY_CHECKSUM = (
    "SELECT ?g ?ontology ?value WHERE { GRAPH ?g { ?ontology <"
    + str(SPDX.checksum)
    + "> ?c . ?c <"
    + str(SPDX.checksumValue)
    + "> ?value } }"
)


def _write_ontology(store: Store, res: _Resources, force: bool) -> bool:
    """Write the ontology graph if the store's copy has another checksum; True if written."""
    graph = ontology_checksum(res.ontology, res.base)
    iri = URIRef(f"{res.base}ontology")
    wanted = {str(v) for v in graph.objects(None, SPDX.checksumValue)}
    rows = store.select(_ONTOLOGY_CHECKSUM, {"g": iri, "ontology": iri})
    if not force and {str(r["value"]) for r in rows if "value" in r} == wanted:
        log.info("ontology graph unchanged")
        return False
    store.replace_graphs({str(iri): graph})
    log.info("ontology graph written (%d triples)", len(graph))
    return True


def _load_all(
    store: Store, changed: list[Checked], res: _Resources, work: Path, step: Progress
) -> Iterator[Outcome]:
    """Pass two: map each changed review again and write its four graphs in one transaction."""
    for written, item in enumerate(changed, start=1):
        step.step(f"{item.review_id}: loading")
        mapped, print_ = _map(item.folder, res, {})
        if print_ != item.fingerprint:
            where = DataFileError(item.folder, 0, "", "changed while it was being ingested")
            raise DataErrors([where])
        inferred = Graph(identifier=mapped.minter.graph("inferred"))
        path = work / f"{item.review_id}.nt"
        if path.exists():
            inferred.parse(path, format="nt")
        counts = write_review(store, mapped, print_, inferred)
        if written % FLUSH_EVERY == 0:
            _flush(store)
        yield Outcome(item.review_id, print_, True, counts, item.report)


def _flush(store: Store) -> None:
    """Write an embedded store's in-memory tables out to disk.

    RocksDB keeps each write in memory tables until they fill; with one transaction per review
    they grew by ~4 MB a review (2.2 GB at 1000 reviews). Flushing every few reviews keeps the
    process near 200 MB. A remote store has nothing to flush here.
    """
    if isinstance(store, EmbeddedStore):
        store.flush()


def write_review(store: Store, mapped: Mapped, print_: str, inferred: Graph) -> dict[str, int]:
    """Replace a review's four graphs (data, inferred, provenance) in one transaction.

    Returns the triples written per graph IRI.
    """
    graphs = {**mapped.graphs(), str(mapped.minter.graph("inferred")): inferred}
    provenance = build_provenance(mapped.minter, print_, mapped.sources)
    graphs[str(provenance.identifier)] = provenance
    store.replace_graphs(graphs)
    log.info("%s loaded (%s)", mapped.review_id, print_)
    return {iri: len(g) for iri, g in graphs.items()}
