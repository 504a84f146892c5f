"""Named graphs written to one N-Quads file, and read back graph by graph: a write prepared in
one process (an ingest's worker, `ingest.staged`) and made by another (the store's writer).

The file is written by pyoxigraph from terms `to_ox` checked, so it is valid N-Quads and valid
SPARQL term syntax. A blank node gets a fresh pyoxigraph label, the same one for the same rdflib
node throughout the file (as `serialised_graphs` gives them), never one another file has.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ingest.store.errors import StoreWriteError
from ingest.store.terms import SerialisedGraph, graph_iri, to_ox

__all__ = ["nquads_graphs", "write_nquads"]

logger = logging.getLogger(__name__)


def write_nquads(graphs: Mapping[str, Graph], path: Path) -> None:
    """Write the graphs (by IRI) as N-Quads to `path`; raise StoreWriteError naming the graph
    of a term that cannot be stored."""
    terms: dict[Node, Any] = {}  # a review repeats its terms: convert each once
    bnodes: dict[Any, ox.BlankNode] = {}

    def term(node: Node) -> Any:
        found = terms.get(node)
        if found is None:
            found = terms[node] = to_ox(node, bnodes)
        return found

    def quads(name: str, graph: Graph) -> Iterator[ox.Quad]:
        iri = graph_iri(name)
        for s, p, o in graph:
            yield ox.Quad(term(s), term(p), term(o), iri)

    with open(path, "wb") as out:
        for name, graph in graphs.items():
            try:
                ox.serialize(quads(name, graph), out, ox.RdfFormat.N_QUADS)
            except (ValueError, TypeError) as exc:
                raise StoreWriteError(graphs, f"graph {name!r}: {exc}") from exc


def nquads_graphs(graphs: Sequence[str], path: Path) -> Iterator[SerialisedGraph]:
    """(name, IRI, N-Triples body) of each graph named, from the N-Quads file at `path`: the
    form `serialised_graphs` gives (an empty body for a graph the file has no quads of).

    Raises StoreWriteError when the file cannot be read or holds a quad of another graph."""
    found: dict[str, list[ox.Triple]] = {name: [] for name in graphs}
    try:
        for quad in ox.parse(path=path, format=ox.RdfFormat.N_QUADS):
            name = quad.graph_name
            if not isinstance(name, ox.NamedNode) or name.value not in found:
                raise StoreWriteError(graphs, f"{path}: a quad of graph {name}, not one replaced")
            found[name.value].append(quad.triple)
    except (SyntaxError, OSError) as exc:
        raise StoreWriteError(graphs, f"{path}: {exc}") from exc
    for name, triples in found.items():
        yield name, graph_iri(name), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
