"""Terms between rdflib and pyoxigraph, and the one check every bound value passes.

Converting through pyoxigraph is also the validation: an IRI with a space or `>`, a relative
IRI, or a malformed language tag is refused there, so no unchecked text ever reaches a query or
an update. Two rules hold everywhere spkg reads or binds terms:

- `xsd:string` is read as a plain literal (`Literal("x")`, no datatype): RDF 1.1 makes them one
  term, rdflib keeps them apart, and every reader here gives the plain form.
- blank nodes cannot be bound: a blank node's label names nothing outside the answer it came in,
  so binding it would match by accident (embedded) or fail to parse (remote).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from ingest.store.errors import BindingError, StoreWriteError

__all__ = [
    "VARIABLE_NAME",
    "XSD_STRING",
    "Bindings",
    "BoundTerm",
    "SerialisedGraph",
    "check_bindings",
    "from_ox",
    "graph_iri",
    "serialised_graphs",
    "to_ox",
    "to_ox_triples",
]

logger = logging.getLogger(__name__)

# Variable name → rdflib term; values are never pasted into query text.
Bindings = Mapping[str, Node] | None
# What a checked binding is: a pyoxigraph IRI or literal (picklable, so it crosses processes).
BoundTerm = ox.NamedNode | ox.Literal

# A graph ready to be written: its name, its IRI and its N-Triples body (empty: no triples).
SerialisedGraph = tuple[str, ox.NamedNode, bytes]

# SPARQL variable names spkg accepts for binding (a subset of the grammar's VARNAME).
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def graph_iri(name: str) -> ox.NamedNode:
    """A graph name as a validated pyoxigraph IRI; raises ValueError if it is not an IRI."""
    return ox.NamedNode(str(name))


def to_ox(term: Node, bnodes: dict[BNode, ox.BlankNode] | None = None) -> Any:
    """An rdflib term as a pyoxigraph term (ValueError if it is not valid RDF).

    Blank nodes get fresh pyoxigraph labels, kept consistent through `bnodes`, because
    rdflib accepts labels that are not legal in N-Triples or SPARQL.
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        if bnodes is None:
            return ox.BlankNode()
        if term not in bnodes:
            bnodes[term] = ox.BlankNode()
        return bnodes[term]
    raise ValueError(f"not an RDF term spkg stores: {term!r}")


def to_ox_triples(
    triples: Iterable[tuple[Node, Node, Node]], bnodes: dict[BNode, ox.BlankNode]
) -> Iterator[ox.Triple]:
    """rdflib triples as pyoxigraph triples, blank nodes mapped through `bnodes`."""
    for s, p, o in triples:
        yield ox.Triple(to_ox(s, bnodes), to_ox(p, bnodes), to_ox(o, bnodes))


def serialised_graphs(graphs: Mapping[str, Graph]) -> Iterator[SerialisedGraph]:
    """(name, IRI, N-Triples body) of each graph, blank nodes kept apart across graphs.

    The body is written by pyoxigraph from checked terms, so it is valid SPARQL term syntax;
    a term that cannot be stored raises StoreWriteError naming its graph."""
    bnodes: dict[Any, ox.BlankNode] = {}
    for name, graph in graphs.items():
        try:
            iri = graph_iri(name)
            body = ox.serialize(to_ox_triples(graph, bnodes), format=ox.RdfFormat.N_TRIPLES)
        except (ValueError, TypeError) as exc:
            raise StoreWriteError(graphs, f"graph {name!r}: {exc}") from exc
        yield name, iri, body or b""


def from_ox(term: Any) -> Identifier:
    """A pyoxigraph term as an rdflib term; xsd:string literals become plain literals."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
    raise ValueError(f"not an RDF term spkg reads: {term!r}")


def check_bindings(bindings: Bindings) -> dict[str, BoundTerm]:
    """Validate variable names and values; only IRIs and literals can be bound.

    Raises BindingError naming the variable: a name that is not a SPARQL variable, a blank
    node, a value that is not an rdflib term, or a term pyoxigraph refuses (a relative IRI,
    an IRI with a space or `>`, a malformed language tag).
    """
    checked: dict[str, BoundTerm] = {}
    for name, value in (bindings or {}).items():
        if not isinstance(name, str) or not VARIABLE_NAME.fullmatch(name):
            raise BindingError(str(name), value, "not a variable name")
        if isinstance(value, BNode):
            raise BindingError(name, value, "a blank node label is not a stable reference")
        if not isinstance(value, URIRef | Literal):
            raise BindingError(name, value, "only IRIs and literals can be bound")
        try:
            checked[name] = to_ox(value)
        except ValueError as exc:
            raise BindingError(name, value, str(exc)) from exc
    return checked
