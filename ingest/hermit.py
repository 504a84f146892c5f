"""HermiT through owlready2: the one place spkg starts the Java reasoner, what it is given, and
the errors of reasoning.

The reasoner is handed the ontology's axioms (annotations left out) and the logically relevant
part of a review's data (`is_reasoned`): rdf:type, links by the ontology's object properties,
and values of its datatype properties that are numbers or booleans. No spkg class depends on a
text, a date or an annotation. The compiled rules (`ingest.rules`) read the same part, so both
paths classify the same facts.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ingest.errors import SpkgError
from ingest.namespaces import PREFIXES

__all__ = [
    "REASONED_DATATYPES",
    "InconsistentOntologyError",
    "ReasonerError",
    "ReasonerUnavailableError",
    "hermit_world",
    "is_reasoned",
    "logical_properties",
    "ontology_input",
    "reasoner_data",
    "shared_namespaces",
]

logger = logging.getLogger(__name__)

# Literal datatypes that spkg's defined classes test (numbers and booleans); texts and dates
# (xsd:gYear is not even in HermiT's datatype map) never change a classification.
REASONED_DATATYPES = frozenset({XSD.integer, XSD.decimal, XSD.boolean})
_REASONED_TEXT = frozenset(map(str, REASONED_DATATYPES))
_TYPE = str(RDF.type)
# Annotations of the ontology's terms: text for people, nothing for the reasoner.
_ANNOTATIONS = frozenset(
    {
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        SKOS.definition,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.notation,
    }
)


class ReasonerError(SpkgError):
    """The reasoner could not classify the data."""


class ReasonerUnavailableError(ReasonerError):
    """Java or HermiT could not be run; `detail` holds what the runtime said."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"the OWL reasoner could not run: {detail}")
        self.detail = detail


@dataclass
class InconsistentOntologyError(ReasonerError):
    """The data contradict the ontology.

    `individuals` are the data individuals whose facts break a disjointness, a functional
    property or a range of the ontology (named by the compiled rules of `ingest.rules`, also
    when HermiT found the contradiction); `classes` are classes found unsatisfiable;
    `causes` holds each contradiction as (individual, reason, the data triples behind it),
    which the mapping traces to spreadsheet cells (`ingest.consistency.locate`).
    """

    individuals: tuple[str, ...] = field(default_factory=tuple)
    classes: tuple[str, ...] = field(default_factory=tuple)
    reasons: tuple[str, ...] = field(default_factory=tuple)
    # the review whose data are inconsistent, when a batch of reviews was classified
    review: str = ""
    causes: tuple[tuple[str, str, tuple[tuple[Node, Node, Node], ...]], ...] = field(
        default_factory=tuple
    )

    def __post_init__(self) -> None:
        what = "; ".join(self.reasons) or "HermiT reports the ontology and data inconsistent"
        where = f"{self.review}: " if self.review else ""
        Exception.__init__(self, f"{where}inconsistent ontology: {what}")


def shared_namespaces(base: str) -> tuple[str, ...]:
    """Namespaces whose classes are kept as inferred types: spkg's own and the shared ones."""
    shared = [v for k, v in PREFIXES.items() if k not in {"rdf", "rdfs", "owl", "xsd", "wd"}]
    return (f"{base}ontology#", *shared)


def logical_properties(ontology: Graph) -> frozenset[str]:
    """The IRIs of the ontology's object and datatype properties."""
    found = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    found |= set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    return frozenset(str(p) for p in found if isinstance(p, URIRef))


def is_reasoned(triple: tuple[Node, Node, Node], logical: frozenset[str]) -> bool:
    """Whether the reasoner is given this data triple (see the module docstring); `logical`
    is `logical_properties(ontology)`. Compares IRIs as text: it runs on every data triple."""
    _, p, o = triple
    text = str(p)
    if text != _TYPE and text not in logical:
        return False
    if isinstance(o, Literal):
        return not o.language and str(o.datatype) in _REASONED_TEXT
    return True


def reasoner_data(ontology: Graph, data: Iterable[tuple]) -> Graph:
    """The logically relevant part of the data, as a graph: what the reasoner is given."""
    logical = logical_properties(ontology)
    g = Graph()
    for triple in data:
        if is_reasoned(triple, logical):
            g.add(triple)
    return g


def ontology_input(ontology: Graph, data: Graph | None = None) -> Graph:
    """The ontology's axioms (annotations left out), plus the reasoned part of `data`."""
    g = reasoner_data(ontology, data) if data is not None else Graph()
    for s, p, o in ontology:
        if p not in _ANNOTATIONS:
            g.add((s, p, o))
    return g


def hermit_world(graph: Graph) -> Any:
    """Load `graph` into a fresh owlready2 World and run HermiT over it; return the World.

    Raises `owlready2.OwlReadyInconsistentOntologyError` when HermiT finds it inconsistent,
    `ReasonerUnavailableError` when Java or HermiT cannot run.
    """
    import owlready2

    fd, name = tempfile.mkstemp(suffix=".nt", prefix="spkg-reasoner-")
    os.close(fd)
    path = Path(name)
    try:
        graph.serialize(destination=str(path), format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
        except owlready2.OwlReadyInconsistentOntologyError:
            world.close()
            raise
        except owlready2.OwlReadyJavaError as e:
            raise ReasonerUnavailableError(str(e)) from e
        except FileNotFoundError as e:
            raise ReasonerUnavailableError(f"java not found ({owlready2.JAVA_EXE})") from e
        return world
    finally:
        path.unlink(missing_ok=True)
