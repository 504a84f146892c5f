"""The ingest of a data folder: read → map → fingerprint → validate → classify, then load, in two
passes over its reviews. The stages of one review are `ingest.pipeline`'s.

Pass one (`ingest.first_pass`) reads and maps each review, computes its fingerprint and, when
the store already holds that fingerprint (asked once, before the pass), goes on to the next
review (no validation, no reasoner). Changed reviews are classified and validated: by default
with the ontology compiled into rules (`ingest.rules`, linear in the data), or with
`reasoner="hermit"` by HermiT itself in a worker process (several reviews to one reasoner run).
Reviews are independent in this pass, so it runs in `jobs` worker processes (default two); the
results are merged in folder order. Only the reviews' reports are kept, so memory does not grow
with the number of reviews. Any located data error, SHACL violation or inconsistency in any
review fails the run before anything is written.

Pass one also stages each changed review's write, its four graphs as N-Quads, in the run's
temporary folder (`ingest.staged`), and pass two hands each file to the store, one transaction
per review (`Store.load_graphs`), without reading, mapping or converting it again. With HermiT,
whose types come after pass one, pass two maps each changed review again and writes it with
`write_review`. A review the store holds whose folder is gone from the data folder has its
graphs dropped (one transaction per review). The ontology graph is written once per run, before
the reviews, and only when the checksum it carries differs from the ontology file's. A data
folder's cross-review theme alignments (`alignments/themes.sssom.tsv`, `ingest.alignments`)
are checked with the reviews and written last, into their own graph, only when the file
changed.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ingest.alignments import AlignmentSet, alignments_path, read_alignments, review_themes
from ingest.alignments import write_alignments as _write_alignments
from ingest.consistency import locate_error
from ingest.errors import (
    DataFileError,
    DataFilesError,
    InconsistentDataError,
    ReviewsFailedError,
    SpkgError,
    ToolUnavailableError,
)
from ingest.first_pass import DEFAULT_JOBS, Checked, Run, check_reviews
from ingest.pipeline import (
    PreparedReview,
    Resources,
    load_resources,
    load_rules,
    prepare_review,
    remove_reviews,
    stored_fingerprints,
    stored_reviews,
    write_ontology,
    write_review,
)
from ingest.progress import Progress, progress
from ingest.readers import find_reviews
from ingest.reasoner_pool import ReasonerPool
from ingest.rules import Classifier
from ingest.staged import load_staged
from ingest.store import EmbeddedStore, Store
from ingest.store.terms import from_ox
from ingest.validate import ValidationReport
from ingest.validators import validator_name
from ingest.workbook.reader import is_workbook

__all__ = [
    "BATCH_REVIEWS",
    "BATCH_TRIPLES",
    "DEFAULT_JOBS",
    "REASONERS",
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
# How a review's individuals are typed: the compiled rules (the default), or HermiT per review
# (the reference, for comparison: seconds a review where the rules take hundredths).
REASONERS = ("rules", "hermit")


@dataclass(frozen=True)
class Outcome:
    """What an ingest did with one review."""

    review_id: str
    fingerprint: str
    written: bool
    triples: dict[str, int]
    report: ValidationReport
    # the review's folder is gone from the data folder: its graphs were dropped
    removed: bool = False


def _review_folders(data_dir: Path) -> list[Path]:
    if is_workbook(data_dir):  # one review's workbook; the reader reports a missing file
        return [data_dir]
    if not data_dir.is_dir():
        raise DataFilesError([DataFileError(data_dir, 0, "", "no such data folder")])
    folders = find_reviews(data_dir)
    if not folders:
        raise DataFilesError(
            [DataFileError(data_dir, 0, "", "no review folder (a folder with review.csv)")]
        )
    return folders


def _alignments(data_dir: Path, folders: list[Path]) -> tuple[bool, AlignmentSet | None]:
    """(whether `data_dir` is a data folder, whose alignments file the store mirrors; the file
    read and checked, None when it has none). A single review's folder or workbook leaves the
    stored alignments alone. Raises `DataFilesError` with the file's located problems."""
    if is_workbook(data_dir) or folders == [data_dir]:
        return False, None
    path = alignments_path(data_dir)
    if not path.is_file():
        return True, None
    return True, read_alignments(path, review_themes(folders))


def _classifier(
    reasoner: str, res: Resources, work: Path, workers: int
) -> tuple[Classifier | None, ReasonerPool | None]:
    """How pass one classifies: the compiled rules, or a HermiT pool writing into `work`."""
    if reasoner == "rules":
        return load_rules(res), None
    if reasoner == "hermit":
        return None, ReasonerPool(
            res.ontology, res.base, work, BATCH_REVIEWS, BATCH_TRIPLES, workers
        )
    raise ToolUnavailableError("reasoner", f"no reasoner {reasoner!r} (one of {REASONERS})")


def _first_pass(
    folders: list[Path],
    run: Run,
    say: Callable[[str], None],
    reasoner: ReasonerPool | None,
    jobs: int,
) -> list[Checked]:
    """Pass one over every folder (`ingest.first_pass`), merged in folder order; raise the
    data errors, violations or inconsistencies."""
    checked: list[Checked] = []
    data_errors: list[DataFileError] = []
    failed: list[SpkgError] = []
    for found in check_reviews(folders, run, jobs, say):
        data_errors.extend(found.errors)
        if found.checked is None:
            continue
        checked.append(found.checked)
        if found.failure is not None:
            failed.append(found.failure)
        elif reasoner is not None and found.reasoned is not None and not (data_errors or failed):
            reasoner.add(found.checked.review_id, found.reasoned)  # none for a failed ingest
    if reasoner is not None:
        say("classifying")
        if not data_errors and not failed:
            failed.extend(_located(e, checked, run.res) for e in reasoner.finish())
    failures = [*([DataFilesError(data_errors)] if data_errors else []), *failed]
    if len(failures) == 1:
        raise failures[0]
    if failures:
        raise ReviewsFailedError(failures)
    return checked


def _located(error: SpkgError, checked: list[Checked], res: Resources) -> SpkgError:
    """An inconsistency with the cells that make it (the review is mapped again to find them)."""
    folders = {c.review_id: c.folder for c in checked}
    if not isinstance(error, InconsistentDataError) or error.cells:
        return error  # not an inconsistency, or already located
    if error.review_id not in folders:
        return error
    prepared = prepare_review(folders[error.review_id], res)
    return locate_error(error, prepared.mapped, res.ontology, prepared.folder)


def _jobs(jobs: int | None, reasoner: str, classify: bool) -> int:
    """Worker processes for pass one: one with HermiT, whose pool takes reviews in order."""
    chosen = DEFAULT_JOBS if jobs is None else jobs
    if chosen < 1:
        raise ValueError(f"jobs must be 1 or more, not {chosen}")
    return 1 if classify and reasoner == "hermit" else chosen


def check_data(
    data_dir: Path,
    base: str | None = None,
    classify: bool = True,
    show_progress: bool | None = None,
    workers: int = REASONER_WORKERS,
    reasoner: str = REASONERS[0],
    validator: str | None = None,
    jobs: int | None = None,
) -> list[Checked]:
    """Read, map, validate (and classify) every review under `data_dir`; write nothing.

    `reasoner` is one of `REASONERS`, `validator` one of `ingest.validators.VALIDATORS`;
    `jobs` worker processes check the reviews (default `DEFAULT_JOBS`; 1 checks them in this
    process). Raises `DataFilesError` (all located CSV problems of all reviews),
    `ValidationFailedError` (a review with violations; its report lists all of them) or
    `InconsistentDataError` when that is the only failure, else `ReviewsFailedError` with
    every review's failures, in folder order whatever `jobs`.
    """
    validator = validator_name(validator)
    jobs = _jobs(jobs, reasoner, classify)
    res = load_resources(base)
    folders = _review_folders(data_dir)
    with ExitStack() as stack:
        step = stack.enter_context(progress(enabled=show_progress))
        rules, pool = None, None
        if classify:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="spkg-")))
            rules, pool = _classifier(reasoner, res, work, workers)
            if pool is not None:
                stack.callback(pool.close)
        run = Run(res, validator, rules, hermit=pool is not None)
        checked = _first_pass(folders, run, step.step, pool, jobs)
    _alignments(data_dir, folders)
    return checked


def ingest_data(
    data_dir: Path,
    store: Store,
    base: str | None = None,
    force: bool = False,
    show_progress: bool | None = None,
    timings: dict[str, float] | None = None,
    workers: int = REASONER_WORKERS,
    classify: bool = True,
    reasoner: str = REASONERS[0],
    validator: str | None = None,
    jobs: int | None = None,
) -> list[Outcome]:
    """Check every review under `data_dir`, then load those whose data changed.

    `timings`, when given, receives the seconds spent per stage (summed over the reviews,
    whichever process ran them) and `pass_one`, the wall time of the first pass;
    `classify=False` leaves the inferred graphs empty (benchmarks use both to measure the
    stages apart); `reasoner` is one of `REASONERS`, `validator` one of
    `ingest.validators.VALIDATORS` (default: SPKG_VALIDATOR, else pyshacl-turbo); `jobs` as
    `check_data`'s. The store holds the same quads whatever `jobs`.
    """
    validator = validator_name(validator)
    jobs = _jobs(jobs, reasoner, classify)
    res = load_resources(base)
    folders = _review_folders(data_dir)
    stored = None if force else stored_fingerprints(store)
    spent = timings if timings is not None else {}
    with ExitStack() as stack:
        step = stack.enter_context(progress(enabled=show_progress))
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="spkg-")))
        rules, pool = _classifier(reasoner, res, work, workers) if classify else (None, None)
        if pool is not None:
            stack.callback(pool.close)
        staging = None if pool is not None else work  # HermiT's types come after pass one
        run = Run(res, validator, rules, pool is not None, stored, staging)
        mark = time.perf_counter()
        checked = _first_pass(folders, run, step.step, pool, jobs)
        spent["pass_one"] = spent.get("pass_one", 0.0) + time.perf_counter() - mark
        mirrored, aligned = _alignments(data_dir, folders)
        for item in checked:
            for name, seconds in item.timings.items():
                spent[name] = spent.get(name, 0.0) + seconds
        spent["classify"] = pool.seconds if pool is not None else spent.get("classify", 0.0)
        changed = [c for c in checked if not c.unchanged]
        outcomes = {c.review_id: _unchanged(c) for c in checked if c.unchanged}
        if changed:
            mark = time.perf_counter()
            write_ontology(store, res, force)
            for outcome in _load_all(store, changed, res, work, step):
                outcomes[outcome.review_id] = outcome
            spent["load"] = time.perf_counter() - mark
        gone = _gone(store, checked, res.base) if mirrored else []
        if mirrored:  # after the reviews, whose themes the alignments name
            _write_alignments(store, aligned, res.base, force)
    return [outcomes[c.review_id] for c in checked] + gone


def _gone(store: Store, checked: list[Checked], base: str) -> list[Outcome]:
    """Drop the reviews the store holds but the data folder no longer has (each review's four
    graphs in one transaction); shared records and studies stay in the other reviews' graphs."""
    present = {c.review_id for c in checked}
    outcomes = []
    for review_id in (r for r in stored_reviews(store, base) if r not in present):
        dropped = remove_reviews(store, [review_id], base)
        counts = dict.fromkeys(dropped, 0)
        outcomes.append(Outcome(review_id, "", True, counts, ValidationReport(review_id, ()), True))
    return outcomes


def _unchanged(item: Checked) -> Outcome:
    logger.info("%s unchanged (%s); nothing written", item.review_id, item.fingerprint)
    return Outcome(item.review_id, item.fingerprint, False, {}, item.report)


def _load_all(
    store: Store, changed: list[Checked], res: Resources, work: Path, step: Progress
) -> Iterator[Outcome]:
    """Pass two: write each changed review's four graphs in one transaction: the write pass one
    staged (what was validated), else the review mapped again."""
    for written, item in enumerate(changed, start=1):
        step.step(f"{item.review_id}: loading")
        if item.staged is not None:
            counts = load_staged(store, item.staged)
        else:
            prepared = prepare_review(item.folder, res)
            if prepared.fingerprint != item.fingerprint:
                where = DataFileError(item.folder, 0, "", "changed while it was being ingested")
                raise DataFilesError([where])
            counts = write_review(store, prepared, _inferred(prepared, work))
        if written % FLUSH_EVERY == 0:
            _flush(store)
        yield Outcome(item.review_id, item.fingerprint, True, counts, item.report)


def _inferred(prepared: PreparedReview, work: Path) -> Graph:
    """The inferred types the HermiT pool wrote for a review (empty when it wrote none)."""
    inferred = Graph(store="SimpleMemory", identifier=prepared.mapped.minter.graph("inferred"))
    path = work / f"{prepared.review_id}.nt"
    if path.exists():  # pyoxigraph's parser: rdflib's took a fifth of pass two
        for t in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES):
            inferred.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return inferred


def _flush(store: Store) -> None:
    """Write an embedded store's in-memory tables out to disk.

    RocksDB keeps each write in memory tables until they fill; with one transaction per review
    they grew by ~4 MB a review (2.2 GB at 1000 reviews). Flushing every few reviews keeps the
    process near 200 MB. A remote store has nothing to flush here.
    """
    if isinstance(store, EmbeddedStore):
        store.flush()
