"""A writer process for the kill tests: replaces two graphs with one tag's content.

Run as `python kill_writer.py embedded PATH TAG N` or `python kill_writer.py remote:ENGINE URL
TAG N` (ENGINE as `--engine` takes it: oxigraph, virtuoso, …).
It prints `ready` once the store is open and the graphs are built, so the parent's random
delay falls inside the replace itself, then `done` when the replace has returned.
"""

from __future__ import annotations

import sys

from rdflib import Graph, Literal, Namespace

from ingest.store import open_store

EX = Namespace("http://example.org/kill/")
BIG = "https://w3id.org/spkg/graph/kill/reported"
SMALL = "https://w3id.org/spkg/graph/kill/provenance"


def content(tag: str, n: int) -> dict[str, Graph]:
    """The two graphs of one version: `n` triples and 3 triples, every object naming `tag`."""
    big, small = Graph(), Graph()
    for i in range(n):
        big.add((EX[f"s{i % 997}"], EX[f"p{i % 7}"], Literal(f"{tag} {i}")))
    for i in range(3):
        small.add((EX.run, EX[f"q{i}"], Literal(f"{tag} run {i}")))
    return {BIG: big, SMALL: small}


def main(argv: list[str]) -> None:
    backend, location, tag, n = argv[1], argv[2], argv[3], int(argv[4])
    graphs = content(tag, n)
    if backend == "embedded":
        store = open_store(location)
    else:
        store = open_store(endpoint=location, engine=backend.partition(":")[2] or None)
    print("ready", flush=True)
    store.replace_graphs(graphs)
    store.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv)
