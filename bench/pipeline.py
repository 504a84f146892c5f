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

from rdflib import Graph

from ingest.build import Prepared, _classify, _load, _resources, prepare_review
from ingest.errors import ValidationFailed
from ingest.mapping import map_review
from ingest.namespaces import base_iri
from ingest.provenance import fingerprint
from ingest.readers import read_review
from ingest.store import Store
from ingest.validate import validate_review

__all__ = ["STAGES", "Pipeline", "ReviewTiming", "prepare_ontology_as_data"]

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


def prepare_ontology_as_data(folder: Path, res: object, classify: bool = True) -> Prepared:
    """`prepare_review` with the ontology added to the validated data instead of pyshacl's
    `ont_graph` (whose recursive mix-in costs ~99 % of validation); same report, same graphs.
    """
    clock = time.perf_counter
    started = clock()
    data = read_review(folder)
    timings = {"read": clock() - started}
    mark = clock()
    mapped = map_review(data, res.vocabulary, res.base)  # type: ignore[attr-defined]
    timings["map"] = clock() - mark
    mark = clock()
    report = validate_review(
        mapped,
        res.shapes,  # type: ignore[attr-defined]
        Graph(),
        extra=res.ontology,  # type: ignore[attr-defined]
        folder=folder,
    )
    timings["validate"] = clock() - mark
    if not report.conforms:
        raise ValidationFailed(report)
    inferred = Graph(identifier=mapped.minter.graph("inferred"))
    if classify:
        mark = clock()
        inferred = _classify(res, mapped)  # type: ignore[arg-type]
        timings["classify"] = clock() - mark
    print_ = fingerprint([mapped.reported, mapped.supplementary, inferred])
    return Prepared(folder, mapped, report, inferred, print_, timings)


class Pipeline:
    """Ontology, shapes and vocabulary loaded once, then reviews pushed through the stages.

    `ontology_as_data` runs validation as `prepare_ontology_as_data` does (the proposed fix);
    otherwise every stage is `ingest.build`'s own, as shipped.
    """

    def __init__(self, base: str | None = None, ontology_as_data: bool = False) -> None:
        self.base = base or base_iri()
        self.resources = _resources(self.base)
        self.prepare = prepare_ontology_as_data if ontology_as_data else prepare_review

    def run(self, folder: Path, store: Store | None, classify: bool = True) -> ReviewTiming:
        """Push one review folder through every stage (and into `store` unless None)."""
        prepared = self.prepare(folder, self.resources, classify=classify)
        timing = ReviewTiming(prepared.review_id, dict(prepared.timings))
        if store is not None:
            started = time.perf_counter()
            outcome = _load(store, prepared, self.resources.ontology, self.base, True, _Quiet())
            timing.seconds["load"] = time.perf_counter() - started
            timing.triples = sum(outcome.triples.values())
        else:
            timing.triples = sum(len(g) for g in prepared.data_graphs().values())
        return timing
