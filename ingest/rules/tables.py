"""The compiled ontology as tables (`Rules`), and what can be read off them alone: the named
classes an expression implies, whether one expression entails another, what having a property
says of its subject. `ingest.rules.compiler` fills the tables; `ingest.rules.engine` runs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib.namespace import OWL
from rdflib.term import Node

from ingest.rules.expressions import And, DataRange, Expr, Named, Or, Some, Value, conjuncts

__all__ = ["Definition", "Rules"]

_THING = str(OWL.Thing)


@dataclass(frozen=True)
class Definition:
    """A defined class: every individual satisfying `expr` is a `cls`. `requires` is a named
    class every such individual has (None when there is none), to skip the others fast."""

    cls: str
    expr: Expr
    requires: str | None


@dataclass(frozen=True)
class Rules:
    """The compiled ontology (see the module docstring); read-only, shared by every run.

    Every IRI is a plain `str` (see `ingest.rules.expressions`)."""

    ancestors: dict[str, frozenset[str]]
    object_properties: frozenset[str]
    data_properties: frozenset[str]
    # object property → every (property, inverted) its triples also state; itself included
    expansions: dict[str, tuple[tuple[str, bool], ...]]
    # data property → itself and its superproperties
    data_supers: dict[str, tuple[str, ...]]
    domains: dict[str, tuple[Expr, ...]]
    ranges: dict[str, tuple[Expr, ...]]
    data_ranges: dict[str, tuple[DataRange, ...]]
    consequences: dict[str, tuple[Expr, ...]]
    definitions: tuple[Definition, ...]
    disjoint: dict[str, frozenset[str]]
    functional: frozenset[str]
    different: dict[str, frozenset[str]]
    # properties whose successors' types a definition reads (`someValuesFrom`)
    successor_properties: frozenset[str]
    # every IRI the ontology describes: never a data individual
    declared: frozenset[str]
    # the ontology's individuals: HermiT's types and their property assertions
    individual_types: dict[str, frozenset[str]]
    abox: tuple[tuple[Node, Node, Node], ...]
    # `named`'s answers, filled as the engine asks
    _named: dict[Expr, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def superclasses(self, cls: str) -> frozenset[str]:
        """`cls` and its named superclasses (a class the ontology does not know: itself)."""
        return self.ancestors.get(cls) or frozenset({cls})

    def subject_consequences(self, prop: str) -> list[Expr]:
        """What having a `prop` value (or a `prop` successor) says of an individual."""
        if prop in self.data_properties:
            return [e for q in self.data_supers[prop] for e in self.domains.get(q, ())]
        found: list[Expr] = []
        for q, inverted in self.expansions[prop]:
            found.extend((self.ranges if inverted else self.domains).get(q, ()))
        return found

    def reaches(self, prop: str, target: str) -> bool:
        """Whether a `prop` triple is also a `target` triple (`target` a superproperty)."""
        if prop in self.data_properties:
            return target in self.data_supers[prop]
        return (target, False) in self.expansions[prop]

    def entails(self, have: Expr | DataRange, want: Expr | DataRange) -> bool:
        """Whether every `have` is a `want`, read off their structure (sound, not complete)."""
        if isinstance(want, DataRange) or isinstance(have, DataRange):
            return have == want or (
                isinstance(want, DataRange)
                and isinstance(have, DataRange)
                and want.datatype == have.datatype
                and not want.facets
            )
        if isinstance(want, Named):
            return want.iri == _THING or want.iri in self.named(have)
        if isinstance(want, And):
            return all(self.entails(have, part) for part in want.parts)
        if isinstance(want, Or):
            return any(self.entails(have, part) for part in want.parts)
        parts = conjuncts(have)
        if isinstance(want, Value):
            return any(
                isinstance(p, Value) and p.value == want.value and self.reaches(p.prop, want.prop)
                for p in parts
            )
        return any(
            isinstance(p, Some)
            and self.reaches(p.prop, want.prop)
            and self.entails(p.filler, want.filler)
            for p in parts
        )

    def named(self, expr: Expr) -> frozenset[str]:
        """The named classes every individual satisfying `expr` belongs to."""
        found = self._named.get(expr)
        if found is not None:
            return found
        self._named[expr] = frozenset()  # a domain that mentions its own property
        if isinstance(expr, Named):
            found = frozenset() if expr.iri == _THING else self.superclasses(expr.iri)
        elif isinstance(expr, And):
            found = frozenset().union(*(self.named(p) for p in expr.parts))
        elif isinstance(expr, Or):
            found = frozenset.intersection(*(self.named(p) for p in expr.parts))
        else:
            found = frozenset().union(
                *(self.named(e) for e in self.subject_consequences(expr.prop))
            )
        self._named[expr] = found
        return found
