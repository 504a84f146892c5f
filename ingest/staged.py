"""A checked review's data graphs kept on disk between the two passes of an ingest.

Pass one reads, maps, classifies and validates each review, keeping only its report so memory
does not grow with the number of reviews. Pass two used to read and map each changed review
again to write it: a third of a cold ingest's time. Instead, pass one stages what it mapped
(the reported and supplementary graphs' triples and the source files the provenance graph
describes, pickled) in the run's temporary folder, and pass two writes exactly the data that
was validated. A staged file is written and read only by the run that made it, in a folder
only that process uses, and is gone with the folder.

The graphs come back in rdflib's `SimpleMemory` store: pass two only iterates and counts them
(summary, store write), and filling it costs about half of the default store's indexing.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

from rdflib import Graph

from ingest.iris import Minter
from ingest.mapping import Mapped
from ingest.pipeline import PreparedReview

__all__ = ["stage_review", "staged_review"]

logger = logging.getLogger(__name__)


def stage_review(prepared: PreparedReview, path: Path) -> None:
    """Write a mapped review's data graphs and source files to `path`.

    Call it before validation with `consume=True` adds to the reported graph."""
    mapped = prepared.mapped
    kept = (dict(mapped.sources), list(mapped.reported), list(mapped.supplementary))
    path.write_bytes(pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))


def staged_review(
    path: Path, folder: Path, review_id: str, fingerprint: str, base: str
) -> PreparedReview:
    """The review `stage_review` wrote, with the fingerprint pass one computed."""
    sources, reported, supplementary = pickle.loads(path.read_bytes())
    minter = Minter(review_id, base)
    graphs = []
    for kind, triples in (("reported", reported), ("supplementary", supplementary)):
        graph = Graph(store="SimpleMemory", identifier=minter.graph(kind))
        for triple in triples:
            graph.add(triple)
        graphs.append(graph)
    mapped = Mapped(review_id, minter, graphs[0], graphs[1], {}, {}, sources)
    return PreparedReview(folder, mapped, fingerprint)
