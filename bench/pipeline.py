"""The ingest stages of one review, each timed: read, map, validate, classify, load.

The stages are `ingest.pipeline`'s, the ones `spkg ingest` runs (`prepare_review`: reading,
mapping and fingerprint; `validate_review` with the shapes context and the chosen SHACL engine,
`ingest.validators`; `classify_review`, the compiled rules, or with `reasoner="hermit"` HermiT
on the review alone; then `write_review`, the write `spkg ingest` makes), run one review at a
time in this process, so a per-stage figure shows where the cost of
an ingest goes. `bench.bench_ingest` also times `ingest_data` itself end to end.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ingest import reasoning
from ingest.errors import ValidationFailedError
from ingest.pipeline import (
    PreparedReview,
    classify_review,
    load_resources,
    load_rules,
    prepare_review,
    write_ontology,
    write_review,
)
from ingest.store import Store
from ingest.validate import ValidationReport, validate_review
from ingest.validators import validator_name

__all__ = ["STAGES", "Pipeline", "Prepared", "ReviewTiming"]

logger = logging.getLogger(__name__)

STAGES = ("read", "map", "validate", "classify", "load")


@dataclass
class ReviewTiming:
    """Seconds per stage for one review, and the triples it wrote."""

    review_id: str
    seconds: dict[str, float] = field(default_factory=dict)
    triples: int = 0


@dataclass
class Prepared:
    """A review read, mapped, validated and classified: ready to write."""

    review: PreparedReview
    report: ValidationReport
    inferred: Graph
    seconds: dict[str, float] = field(default_factory=dict)


class Pipeline:
    """Ontology, shapes and vocabulary loaded once, then reviews pushed through the stages."""

    def __init__(
        self, base: str | None = None, reasoner: str = "rules", validator: str | None = None
    ) -> None:
        self.resources = load_resources(base)
        self.validator = validator_name(validator)
        self.base = self.resources.base
        self.reasoner = reasoner
        self.rules = load_rules(self.resources) if reasoner == "rules" else None
        self._ontology_written: set[int] = set()

    def prepare(self, folder: Path, classify: bool = True) -> Prepared:
        """Read, map, validate and (optionally) classify one review; raise on violations."""
        res = self.resources
        seconds: dict[str, float] = {}
        review = prepare_review(folder, res, seconds)
        mapped = review.mapped
        mark = time.perf_counter()
        report = validate_review(
            mapped, res.shapes, folder=folder, context=res.context, validator=self.validator
        )
        seconds["validate"] = time.perf_counter() - mark
        if not report.conforms:
            raise ValidationFailedError(report)
        inferred = Graph(identifier=mapped.minter.graph("inferred"))
        if classify and self.rules is not None:
            mark = time.perf_counter()
            inferred = classify_review(review, self.rules)  # the review's inferred graph
            seconds["classify"] = time.perf_counter() - mark
        elif classify:
            mark = time.perf_counter()
            data = Graph()
            for graph in (mapped.reported, mapped.supplementary):
                data += graph
            inferred += reasoning.classify(res.ontology, data, res.base)
            seconds["classify"] = time.perf_counter() - mark
        return Prepared(review, report, inferred, seconds)

    def write(self, store: Store, prepared: Prepared) -> int:
        """Write one prepared review as `spkg ingest` does; the triples written."""
        if id(store) not in self._ontology_written:  # once per store, as once per ingest run
            write_ontology(store, self.resources, force=False)
            self._ontology_written.add(id(store))
        counts = write_review(store, prepared.review, prepared.inferred)
        return sum(counts.values())

    def run(self, folder: Path, store: Store | None, classify: bool = True) -> ReviewTiming:
        """Push one review folder through every stage (and into `store` unless None)."""
        prepared = self.prepare(folder, classify=classify)
        timing = ReviewTiming(prepared.review.review_id, dict(prepared.seconds))
        if store is not None:
            started = time.perf_counter()
            timing.triples = self.write(store, prepared)
            timing.seconds["load"] = time.perf_counter() - started
        else:
            timing.triples = sum(len(g) for g in prepared.review.mapped.graphs().values())
        return timing
