"""Terms between rdflib and pyoxigraph, bound values, and the store's error hierarchy.

Both store backends share these: the embedded store hands pyoxigraph terms to the engine, the
remote store writes their N-Triples form into SPARQL text. Converting through pyoxigraph is
also the validation: an IRI with a space or `>` or a malformed language tag is refused there,
so no unchecked text ever reaches a query or an update.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ingest.errors import StoreError
from ingest.namespaces import PREFIXES, XSD, base_iri

__all__ = [
    "DUMP_FORMATS",
    "QUAD_FORMATS",
    "VARIABLE_NAME",
    "BindingError",
    "Bindings",
    "StoreError",
    "StoreQueryError",
    "StoreReadOnlyError",
    "StoreUnavailableError",
    "StoreWriteError",
    "check_bindings",
    "dump_prefixes",
    "from_ox",
    "graph_iri",
    "serialised_graphs",
    "to_ox",
    "to_ox_triples",
]

logger = logging.getLogger(__name__)

Bindings = Mapping[str, Identifier] | None

# SPARQL variable names spkg accepts for binding (a subset of the grammar's VARNAME).
VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Dump formats: the short names used by the CLI and export, and pyoxigraph's formats.
DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
}
QUAD_FORMATS = frozenset({"nq", "trig"})

_XSD_STRING = str(XSD.string)


class StoreQueryError(StoreError):
    """A query or update the store rejected (syntax, wrong query form)."""

    def __init__(self, query: str, message: str) -> None:
        super().__init__(message)
        self.query = query
        self.message = message


class BindingError(StoreError):
    """A bound value or variable name that cannot be bound safely."""

    def __init__(self, name: str, value: object, reason: str) -> None:
        super().__init__(f"cannot bind ?{name} to {value!r}: {reason}")
        self.name = name
        self.value = value
        self.reason = reason


class StoreWriteError(StoreError):
    """A write that failed; the store still holds its previous state."""

    def __init__(self, graphs: Iterable[str], message: str) -> None:
        super().__init__(message)
        self.graphs = list(graphs)
        self.message = message


class StoreReadOnlyError(StoreWriteError):
    """A write attempted on a store opened read-only."""

    def __init__(self, graphs: Iterable[str], location: str) -> None:
        super().__init__(graphs, f"store {location} is open read-only")
        self.location = location


class StoreUnavailableError(StoreError):
    """The store could not be reached or opened (path locked, endpoint down, timeout)."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def graph_iri(name: str) -> ox.NamedNode:
    """A graph name as a validated pyoxigraph IRI; raises ValueError if it is not an IRI."""
    return ox.NamedNode(str(name))


def to_ox(term: Identifier, bnodes: dict[BNode, ox.BlankNode] | None = None) -> Any:
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
    triples: Iterable[tuple[Identifier, Identifier, Identifier]],
    bnodes: dict[BNode, ox.BlankNode],
) -> Iterator[ox.Triple]:
    """rdflib triples as pyoxigraph triples, blank nodes mapped through `bnodes`."""
    for s, p, o in triples:
        yield ox.Triple(to_ox(s, bnodes), to_ox(p, bnodes), to_ox(o, bnodes))


def serialised_graphs(graphs: Mapping[str, Graph]) -> Iterator[tuple[str, ox.NamedNode, bytes]]:
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
        yield name, iri, body


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
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise ValueError(f"not an RDF term spkg reads: {term!r}")


def check_bindings(bindings: Bindings) -> dict[str, ox.NamedNode | ox.Literal]:
    """Validate variable names and values; only IRIs and literals can be bound."""
    checked: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, value in (bindings or {}).items():
        if not isinstance(name, str) or not VARIABLE_NAME.fullmatch(name):
            raise BindingError(str(name), value, "not a variable name")
        if not isinstance(value, URIRef | Literal):
            raise BindingError(name, value, "only IRIs and literals can be bound")
        try:
            checked[name] = to_ox(value)
        except ValueError as exc:
            raise BindingError(name, value, str(exc)) from exc
    return checked


def dump_prefixes(base: str | None = None) -> dict[str, str]:
    """Prefixes for Turtle and TriG output: the shared ones plus spkg's own."""
    root = base or base_iri()
    return {**PREFIXES, "spkg": f"{root}ontology#", "spkgid": f"{root}id/"}
