"""A checked review's write, kept on disk between the two passes of an ingest.

Pass one (`ingest.first_pass`) reads, maps, classifies and validates each review, keeping only
its report so memory does not grow with the number of reviews. Before validating, it stages
what pass two will write for the review: its four graphs as `write_review` writes them
(reported, supplementary, inferred, and provenance with the review's summary) in one N-Quads
file in the run's temporary folder, with the triples of each graph. Pass two hands the file to
the store (`Store.load_graphs`, one transaction per review) and reads, maps or converts nothing
again; it writes exactly the data that was validated. Pass one may run in worker processes:
the file is what crosses to the writing process, no Python object. A staged file is written and
read only by the run that made it, in a folder only that run uses, and is gone with the folder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ingest.pipeline import PreparedReview, review_graphs
from ingest.store import Store
from ingest.store.nquads import write_nquads

__all__ = ["StagedReview", "load_staged", "stage_review"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StagedReview:
    """A review's write on disk: the N-Quads file, and the triples per graph IRI in it (every
    graph the write replaces, 0 for one it drops)."""

    path: Path
    triples: dict[str, int]


def stage_review(prepared: PreparedReview, inferred: Graph | None, path: Path) -> StagedReview:
    """Write the review's four graphs (`review_graphs`; `inferred` None: an empty inferred
    graph) to `path`.

    Call it before validation with `consume=True` adds to the reported graph."""
    graphs = review_graphs(prepared, inferred)
    write_nquads(graphs, path)
    return StagedReview(path, {iri: len(graph) for iri, graph in graphs.items()})


def load_staged(store: Store, staged: StagedReview) -> dict[str, int]:
    """Replace the review's graphs by the staged ones in one transaction, then delete the file;
    return the triples written per graph IRI (as `write_review` does)."""
    store.load_graphs(list(staged.triples), staged.path)
    staged.path.unlink()
    return dict(staged.triples)
