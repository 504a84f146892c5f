"""Typing a review's individuals in time linear in its data: the ontology compiled into rules.

HermiT classifies the ontology alone once per ontology (`hierarchy`, cached on disk by the
ontology's content); `compiler` turns that classification and the axioms into tables of rules
(`tables`); `engine` runs them over one review's triples, and `realise` runs the engine to the
end, merging the individuals a functional property makes one. `classifier_for(ontology, base)`
does the first two once per process and returns a `Classifier`; `Classifier.inferred(triples)`
gives a review's inferred types (what HermiT's realisation gives, asserted types left out) or
raises `InconsistentOntologyError` with each contradiction and the data triples behind it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ingest.hermit import (
    InconsistentOntologyError,
    is_reasoned,
    logical_properties,
    shared_namespaces,
)
from ingest.namespaces import base_iri
from ingest.ontology import load_ontology
from ingest.rules.compiler import compile_rules
from ingest.rules.engine import Inconsistency
from ingest.rules.expressions import UnsupportedAxiomError
from ingest.rules.hierarchy import classify_ontology, ontology_key
from ingest.rules.realise import Derived, derive
from ingest.rules.tables import Rules

__all__ = [
    "Classifier",
    "Inconsistency",
    "UnsupportedAxiomError",
    "classifier_for",
    "load_classifier",
]

logger = logging.getLogger(__name__)

Triple = tuple[Node, Node, Node]
_TYPE = str(RDF.type)


@dataclass(frozen=True)
class Classifier:
    """The compiled rules of one ontology under one base, ready for any number of reviews."""

    rules: Rules
    namespaces: tuple[str, ...]
    logical: frozenset[str]

    def _derive(self, triples: Iterable[Triple]) -> tuple[Derived, list[Triple]]:
        kept = [t for t in triples if is_reasoned(t, self.logical)]
        return derive(self.rules, kept), kept

    def all_types(self, triples: Iterable[Triple]) -> dict[URIRef, set[str]]:
        """Every named class of each data individual (a subject the ontology does not
        describe), asserted ones included, as `ingest.reasoning.all_types` gives HermiT's."""
        derived, kept = self._derive(triples)
        self._raise(derived)
        return {
            ind: set(derived.types.get(str(ind), ())) for ind in sorted(self._individuals(kept))
        }

    def inferred(self, triples: Iterable[Triple]) -> list[tuple[URIRef, URIRef, URIRef]]:
        """The rdf:type triples the ontology implies for the data's individuals and the data
        lack (spkg and shared-vocabulary classes only), sorted.

        Raises `InconsistentOntologyError` when the data contradict the ontology.
        """
        derived, kept = self._derive(triples)
        self._raise(derived)
        asserted = {(str(s), str(o)) for s, p, o in kept if str(p) == _TYPE}
        out: list[tuple[URIRef, URIRef, URIRef]] = []
        for ind in sorted(self._individuals(kept)):
            name = str(ind)
            for cls in sorted(derived.types.get(name, ())):
                if (name, cls) not in asserted and cls.startswith(self.namespaces):
                    out.append((ind, RDF.type, URIRef(cls)))  # type: ignore[arg-type]
        return out

    def classify(self, triples: Iterable[Triple]) -> Graph:
        """`inferred` as a graph."""
        out = Graph()
        for triple in self.inferred(triples):
            out.add(triple)
        return out

    def contradictions(self, triples: Iterable[Triple]) -> list[Inconsistency]:
        """Every contradiction between the data and the ontology (empty when consistent)."""
        return self._derive(triples)[0].inconsistencies

    def _individuals(self, kept: list[Triple]) -> set[URIRef]:
        declared = self.rules.declared
        return {s for s, _, _ in kept if isinstance(s, URIRef) and str(s) not in declared}

    @staticmethod
    def _raise(derived: Derived) -> None:
        found = derived.inconsistencies
        if found:
            raise InconsistentOntologyError(
                individuals=tuple(sorted({i.individual for i in found})),
                reasons=tuple(sorted(i.reason for i in found)),
                causes=tuple((i.individual, i.reason, i.triples) for i in found),
            )


_COMPILED: dict[str, Classifier] = {}


def classifier_for(ontology: Graph, base: str | None = None) -> Classifier:
    """The classifier of `ontology` under `base`: compiled once per process, classified by
    HermiT once per ontology content (the classification is cached on disk).

    Raises `UnsupportedAxiomError` (an axiom the rules cannot follow), and HermiT's
    `InconsistentOntologyError` or `ReasonerUnavailableError` when it had to run.
    """
    base = base or base_iri()
    key = ontology_key(ontology, base)
    if key is not None and key in _COMPILED:
        return _COMPILED[key]
    hierarchy = classify_ontology(ontology, key)
    classifier = Classifier(
        compile_rules(ontology, hierarchy), shared_namespaces(base), logical_properties(ontology)
    )
    if key is not None:
        _COMPILED[key] = classifier
    return classifier


@lru_cache(maxsize=4)
def load_classifier(base: str | None = None) -> Classifier:
    """The classifier of the ontology file (`ingest.ontology.load_ontology`) under `base`."""
    base = base or base_iri()
    return classifier_for(load_ontology(base), base)
