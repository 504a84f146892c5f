"""Pass one of an ingest (`ingest.build`), one review at a time: read and map it, compare its
fingerprint with the one the store holds, classify it by the compiled rules, stage its write
(`ingest.staged`) and validate it.

Reviews are independent here, so `check_reviews` runs them in worker processes side by side
(`jobs`, default two). Each worker is a fork of the ingest's process and inherits what the run
loaded once (ontology, shapes, vocabulary, compiled rules, the stored fingerprints) instead of
loading it again; it sends back each review's report, errors and staged file, and the results
are taken in folder order, so a run with several workers reports exactly what a run with one
does. The workers touch no store: the parent asks the store's fingerprints before and writes
after. With one job, or one review, everything runs in this process.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from rdflib import Graph

from ingest import reasoning
from ingest.errors import (
    DataFileError,
    DataFilesError,
    InconsistentDataError,
    SpkgError,
    ValidationFailedError,
)
from ingest.pipeline import (
    PreparedReview,
    Resources,
    fingerprint_key,
    inferred_triples,
    prepare_review,
)
from ingest.rules import Classifier
from ingest.staged import StagedReview, stage_review
from ingest.validate import ValidationReport, validate_review

__all__ = ["DEFAULT_JOBS", "Checked", "ReviewCheck", "Run", "check_review", "check_reviews"]

logger = logging.getLogger(__name__)

# Worker processes of pass one: one per core, at most two (the machine the 1000-review goal is
# set on has two; more workers than cores only compete).
DEFAULT_JOBS = min(2, os.cpu_count() or 1)
# How often a worker checks that the ingest that forked it is still alive.
ORPHAN_CHECK_S = 1.0


@dataclass
class Checked:
    """A review after pass one: its fingerprint, its report, whether the store has it, and
    its staged write (None when unchanged, or when pass two maps it again)."""

    folder: Path
    review_id: str
    fingerprint: str
    report: ValidationReport
    unchanged: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    staged: StagedReview | None = None


@dataclass(frozen=True)
class Run:
    """What every review of a run is checked with.

    `rules` None leaves reviews unclassified here (no classification, or HermiT); `hermit`
    asks for each review's reasoner input instead. `stored` holds the store's fingerprints by
    `fingerprint_key` (None: no store, or every review is written). `staging` is the folder
    that receives each changed review's write (None: nothing staged)."""

    res: Resources
    validator: str
    rules: Classifier | None = None
    hermit: bool = False
    stored: Mapping[tuple[str, str], str] | None = None
    staging: Path | None = None


@dataclass
class ReviewCheck:
    """One review's pass one: its located data errors (then it was not mapped, and `checked`
    is None), else what was checked, its failure (violations or an inconsistency) if any,
    and the reasoner's input when HermiT classifies it."""

    errors: list[DataFileError]
    checked: Checked | None = None
    failure: SpkgError | None = None
    reasoned: Graph | None = None


def _quiet(text: str) -> None:
    pass


def check_review(folder: Path, run: Run, say: Callable[[str], None] = _quiet) -> ReviewCheck:
    """Pass one of one review folder (or workbook)."""
    timings: dict[str, float] = {}
    say(f"{folder.name}: reading")
    try:
        prepared = prepare_review(folder, run.res, timings)
    except DataFilesError as exc:
        return ReviewCheck(exc.errors)
    mapped, print_ = prepared.mapped, prepared.fingerprint
    if run.stored is not None and run.stored.get(fingerprint_key(mapped.minter)) == print_:
        logger.info("%s unchanged (%s)", mapped.review_id, print_)
        empty = ValidationReport(mapped.review_id, ())
        return ReviewCheck([], Checked(folder, mapped.review_id, print_, empty, True, timings))
    # classified and staged before validation adds to the reported graph
    inferred, inconsistent = _classified(prepared, run.rules, timings)
    reasoned = None
    if run.hermit:
        triples = chain(mapped.reported, mapped.supplementary)
        reasoned = reasoning.reasoner_data(run.res.ontology, triples)
    staged = None
    if run.staging is not None and inconsistent is None:  # an inconsistent review is not written
        mark = time.perf_counter()
        staged = stage_review(prepared, inferred, run.staging / f"{mapped.review_id}.nq")
        timings["stage"] = time.perf_counter() - mark
    say(f"{folder.name}: validating")
    mark = time.perf_counter()
    report = validate_review(
        mapped,
        run.res.shapes,
        folder=folder,
        context=run.res.context,
        consume=True,
        validator=run.validator,
    )
    timings["validate"] = time.perf_counter() - mark
    checked = Checked(folder, mapped.review_id, print_, report, False, timings, staged)
    failure = inconsistent if report.conforms else ValidationFailedError(report)
    return ReviewCheck([], checked, failure, reasoned)


def _classified(
    prepared: PreparedReview, rules: Classifier | None, timings: dict[str, float]
) -> tuple[Graph | None, InconsistentDataError | None]:
    """The review's inferred graph by the compiled rules (None: not classified here), or the
    inconsistency they found."""
    if rules is None:
        return None, None
    mark = time.perf_counter()
    try:
        found = inferred_triples(prepared, rules)
    except InconsistentDataError as exc:
        return None, exc
    finally:
        timings["classify"] = time.perf_counter() - mark
    inferred = Graph(identifier=prepared.mapped.minter.graph("inferred"))
    for triple in found:
        inferred.add(triple)
    return inferred, None


def check_reviews(
    folders: list[Path], run: Run, jobs: int, say: Callable[[str], None] = _quiet
) -> Iterator[ReviewCheck]:
    """`check_review` of each folder, in folder order, by `jobs` worker processes (in this
    process when `jobs` is 1, there is one folder, or the system cannot fork)."""
    if jobs <= 1 or len(folders) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for folder in folders:
            yield check_review(folder, run, say)
        return
    context = multiprocessing.get_context("fork")  # the workers inherit `run`, unpickled
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(folders)),
        mp_context=context,
        initializer=_adopt,
        initargs=(run, os.getpid()),
    )
    try:
        for folder, found in zip(folders, pool.map(_check, folders), strict=True):
            say(f"{folder.name}: checked")
            yield found
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_run: Run | None = None  # a worker's run, set once when it starts


def _adopt(run: Run, parent: int) -> None:
    """Start a worker: keep the run, and leave when the ingest that forked it is gone.

    What the worker inherited is never collected here: an unreachable store handle of the
    parent's, dropped in the worker, would close (and write to) the parent's store."""
    global _run
    gc.freeze()
    _run = run
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    """End this worker once its parent has died (killed, its pool never shut down)."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_S)
    os._exit(1)


def _check(folder: Path) -> ReviewCheck:
    if _run is None:
        raise RuntimeError("a pass-one worker without its run")
    return check_review(folder, _run)
