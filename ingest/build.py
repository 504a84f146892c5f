"""The ingest of a data folder: read → map → fingerprint → validate → classify, then load, in two
passes over its reviews. The stages of one review are `ingest.pipeline`'s.

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

from rdflib import Graph

from ingest import reasoning
from ingest.errors import (
    DataFileError,
    DataFilesError,
    SpkgError,
    ValidationFailedError,
)
from ingest.iris import Minter
from ingest.pipeline import (
    PreparedReview,
    Resources,
    load_resources,
    prepare_review,
    stored_fingerprint,
    write_ontology,
    write_review,
)
from ingest.progress import Progress, progress
from ingest.readers import find_reviews
from ingest.reasoner_pool import ReasonerPool
from ingest.store import EmbeddedStore, Store
from ingest.validate import ValidationReport, validate_review

__all__ = [
    "BATCH_REVIEWS",
    "BATCH_TRIPLES",
    "REASONER_WORKERS",
    "Checked",
    "Outcome",
    "check_data",
    "ingest_data",
]

logger = logging.getLogger(__name__)

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


def _review_folders(data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        raise DataFilesError([DataFileError(data_dir, 0, "", "no such data folder")])
    folders = find_reviews(data_dir)
    if not folders:
        raise DataFilesError(
            [DataFileError(data_dir, 0, "", "no review folder (a folder with review.csv)")]
        )
    return folders


def _pool(res: Resources, work: Path, workers: int) -> ReasonerPool:
    return ReasonerPool(res.ontology, res.base, work, BATCH_REVIEWS, BATCH_TRIPLES, workers)


def _first_pass(
    folders: list[Path],
    res: Resources,
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
            prepared = prepare_review(folder, res, timings)
        except DataFilesError as exc:
            data_errors.extend(exc.errors)
            continue
        mapped, print_ = prepared.mapped, prepared.fingerprint
        if stored is not None and stored(mapped.minter) == print_:
            logger.info("%s unchanged (%s)", mapped.review_id, print_)
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
            failed.append(ValidationFailedError(report))
        elif reasoner is not None and reasoned is not None and not data_errors and not failed:
            reasoner.add(mapped.review_id, reasoned)
        checked.append(Checked(folder, mapped.review_id, print_, report, False, timings))
    if reasoner is not None:
        say("classifying")
        if not data_errors and not failed:
            failed.extend(reasoner.finish())
    if data_errors:
        raise DataFilesError(data_errors)
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

    Raises `DataFilesError` (all located CSV problems of all reviews), `ValidationFailedError` (the
    first review with violations; its report lists all of them) or `InconsistentDataError`.
    """
    res = load_resources(base)
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
    res = load_resources(base)
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
            write_ontology(store, res, force)
            for outcome in _load_all(store, changed, res, work, step):
                outcomes[outcome.review_id] = outcome
            spent["load"] = time.perf_counter() - mark
    return [outcomes[c.review_id] for c in checked]


def _unchanged(item: Checked) -> Outcome:
    logger.info("%s unchanged (%s); nothing written", item.review_id, item.fingerprint)
    return Outcome(item.review_id, item.fingerprint, False, {}, item.report)


def _load_all(
    store: Store, changed: list[Checked], res: Resources, work: Path, step: Progress
) -> Iterator[Outcome]:
    """Pass two: map each changed review again and write its four graphs in one transaction."""
    for written, item in enumerate(changed, start=1):
        step.step(f"{item.review_id}: loading")
        prepared = prepare_review(item.folder, res)
        if prepared.fingerprint != item.fingerprint:
            where = DataFileError(item.folder, 0, "", "changed while it was being ingested")
            raise DataFilesError([where])
        counts = write_review(store, prepared, _inferred(prepared, work))
        if written % FLUSH_EVERY == 0:
            _flush(store)
        yield Outcome(item.review_id, prepared.fingerprint, True, counts, item.report)


def _inferred(prepared: PreparedReview, work: Path) -> Graph:
    """The inferred types the reasoner pool wrote for a review (empty when not classified)."""
    inferred = Graph(identifier=prepared.mapped.minter.graph("inferred"))
    path = work / f"{prepared.review_id}.nt"
    if path.exists():
        inferred.parse(path, format="nt")
    return inferred


def _flush(store: Store) -> None:
    """Write an embedded store's in-memory tables out to disk.

    RocksDB keeps each write in memory tables until they fill; with one transaction per review
    they grew by ~4 MB a review (2.2 GB at 1000 reviews). Flushing every few reviews keeps the
    process near 200 MB. A remote store has nothing to flush here.
    """
    if isinstance(store, EmbeddedStore):
        store.flush()
