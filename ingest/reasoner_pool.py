"""HermiT over many reviews in worker processes while the ingest goes on with the next.

This is `spkg ingest --reasoner hermit`, the reference the compiled rules (`ingest.rules`, the
default) are held to. The reasoner (HermiT under owlready2) is a Java process per run; its
Python side holds an owlready2 World, which is not safe to share between threads. So each run
happens in a worker process of its own (spawned, so it inherits no locks or open stores), fed
the reasoner's part of a batch of reviews as N-Triples, and writes each review's inferred types
to `<work>/<review>.nt`. Meanwhile the ingest reads, maps and validates the next reviews. With
two workers on two cores two JVMs run side by side."""

from __future__ import annotations

import logging
import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from rdflib import Graph

from ingest.errors import InconsistentDataError, SpkgError, ToolUnavailableError
from ingest.ontology import load_ontology
from ingest.reasoning import (
    InconsistentOntologyError,
    ReasonerError,
    classify_batch,
)

__all__ = ["ReasonerPool", "classify_job"]

logger = logging.getLogger(__name__)


def classify_job(base: str, batch: dict[str, str], work: str) -> tuple:
    """Run in a worker: classify a batch (review → N-Triples); write `<work>/<review>.nt`.

    Returns ("ok", seconds), ("inconsistent", review, individuals, reasons) or
    ("unavailable", detail): plain tuples, since the reasoner's exceptions do not pickle.
    """
    started = time.perf_counter()
    ontology = load_ontology(base)
    graphs = {review: Graph().parse(data=text, format="nt") for review, text in batch.items()}
    try:
        found = classify_batch(ontology, graphs, base)
    except InconsistentOntologyError as exc:
        review = exc.review or ", ".join(batch)
        return ("inconsistent", review, exc.individuals, exc.reasons)
    except ReasonerError as exc:
        return ("unavailable", str(exc))
    for review, graph in found.items():
        graph.serialize(destination=str(Path(work) / f"{review}.nt"), format="nt", encoding="utf-8")
    return ("ok", time.perf_counter() - started)


class ReasonerPool:
    """Batches of reviews, each batch one reasoner run in a worker process."""

    def __init__(
        self,
        ontology: Graph,
        base: str,
        work: Path,
        max_reviews: int,
        max_triples: int,
        workers: int = 2,
    ) -> None:
        self.ontology, self.base, self.work = ontology, base, work
        self.max_reviews, self.max_triples = max_reviews, max_triples
        self.workers = workers
        self.pending: dict[str, str] = {}
        self.size = 0
        self.seconds = 0.0
        self.errors: list[SpkgError] = []
        self._pool: ProcessPoolExecutor | None = None
        self._running: list[Future[tuple]] = []

    def add(self, review: str, data: Graph) -> None:
        """Queue one review's data (`reasoner_data` of its reported and supplementary triples)."""
        self.pending[review] = data.serialize(format="nt", encoding="utf-8").decode("utf-8")
        self.size += len(data)
        if len(self.pending) >= self.max_reviews or self.size >= self.max_triples:
            self.flush()

    def flush(self) -> None:
        """Hand the queued reviews to a worker (waiting while every worker has a batch queued)."""
        if not self.pending:
            return
        batch, self.pending, self.size = self.pending, {}, 0
        while len(self._running) >= 2 * self.workers:  # bound the batches held in memory
            self._collect(self._running.pop(0))
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        self._running.append(self._pool.submit(classify_job, self.base, batch, str(self.work)))

    def _collect(self, future: Future[tuple]) -> None:
        outcome = future.result()
        if outcome[0] == "ok":
            self.seconds += outcome[1]
        elif outcome[0] == "inconsistent":
            self.errors.append(InconsistentDataError(outcome[1], outcome[2], outcome[3]))
        else:
            self.errors.append(ToolUnavailableError("reasoner", outcome[1]))

    def finish(self) -> list[SpkgError]:
        """Wait for every batch; return the errors of all of them."""
        self.flush()
        for future in self._running:
            self._collect(future)
        self._running = []
        return self.errors

    def close(self) -> None:
        """Stop the workers (cancelling queued batches)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
