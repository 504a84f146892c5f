"""A process for the kill tests: ingest one review folder's graphs into a store, then exit.

Run as `python -m tests.reliability.ingest_child embedded|remote LOCATION FOLDER`. It reads and
maps the folder with spkg's reader and mapping, builds the provenance graph (with a fixed start
time, so two runs of one version write identical graphs), prints `ready`, and then writes every
graph of the review and the ontology with one `replace_graphs`, as `spkg ingest` does; `done`
once that returned. The parent kills it at a random moment after `ready`.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from ingest.mapping import map_review
from ingest.mapping.terms import Vocabulary
from ingest.ontology import load_ontology
from ingest.provenance import build_provenance, fingerprint
from ingest.readers import read_review
from ingest.store import open_store

__all__ = ["STARTED", "ingest_graphs", "main"]

BASE = "https://w3id.org/spkg/"
STARTED = datetime(2022, 11, 21, tzinfo=UTC)


def ingest_graphs(folder: Path) -> dict:
    """Every graph an ingest of `folder` writes, by graph IRI."""
    ontology = load_ontology(BASE)
    mapped = map_review(read_review(folder), Vocabulary.from_ontology(ontology), BASE)
    graphs = mapped.graphs()
    print_ = fingerprint(list(graphs.values()))
    provenance = build_provenance(mapped.minter, print_, mapped.sources, started=STARTED)
    graphs[str(provenance.identifier)] = provenance
    graphs[f"{BASE}ontology"] = ontology
    return graphs


def main(argv: list[str]) -> int:
    backend, location, folder = argv[1], argv[2], Path(argv[3])
    graphs = ingest_graphs(folder)
    store = open_store(location) if backend == "embedded" else open_store(endpoint=location)
    print("ready", flush=True)
    store.replace_graphs(graphs)
    store.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
