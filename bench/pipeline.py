"""The ingest stages of one review, each timed: read, map, validate, classify, load.

The stages are `ingest.build`'s own (`prepare_review`, then the same write `ingest_data`
makes: provenance, the ontology graph and the review's graphs in one transaction), run one
review at a time, so a per-stage figure shows where the cost of an ingest goes and the memory
held is one review's, not the whole data set's.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from ingest.build import _load, _resources, prepare_review
from ingest.namespaces import base_iri
from ingest.store import Store

__all__ = ["STAGES", "Pipeline", "ReviewTiming"]

logger = logging.getLogger(__name__)

STAGES = ("read", "map", "validate", "classify", "load")


class _Quiet:
    """The progress reporter `ingest.build` expects, saying nothing."""

    def step(self, message: str) -> None:
        logger.debug("%s", message)


@dataclass
class ReviewTiming:
    """Seconds per stage for one review, and the triples it wrote."""

    review_id: str
    seconds: dict[str, float] = field(default_factory=dict)
    triples: int = 0


class Pipeline:
    """Ontology, shapes and vocabulary loaded once, then reviews pushed through the stages."""

    def __init__(self, base: str | None = None) -> None:
        self.base = base or base_iri()
        self.resources = _resources(self.base)

    def run(self, folder: Path, store: Store | None, classify: bool = True) -> ReviewTiming:
        """Push one review folder through every stage (and into `store` unless None)."""
        prepared = prepare_review(folder, self.resources, classify=classify)
        timing = ReviewTiming(prepared.review_id, dict(prepared.timings))
        if store is not None:
            started = time.perf_counter()
            outcome = _load(store, prepared, self.resources.ontology, self.base, True, _Quiet())
            timing.seconds["load"] = time.perf_counter() - started
            timing.triples = sum(outcome.triples.values())
        else:
            timing.triples = sum(len(g) for g in prepared.data_graphs().values())
        return timing
