"""The ontology compiled into rules that type a review's individuals in time linear in its data.

HermiT classifies the ontology alone (`ingest.rules.hierarchy`, cached); this module turns that
classification and the ontology's axioms into lookup tables for `ingest.rules.engine`:

- the named superclasses of every named class (HermiT's, so inferred subsumptions count);
- per property: its superproperties and inverses (`expansions`), rdfs:domain and rdfs:range;
- per named class: the anonymous class expressions every member satisfies (the "only if" half
  of an `owl:equivalentClass`, an `rdfs:subClassOf` a restriction);
- the defined classes (`owl:equivalentClass` to an expression): the "if" half, evaluated per
  individual;
- disjoint classes (`owl:disjointWith`, `owl:AllDisjointClasses`), functional properties,
  individuals declared different (`owl:AllDifferent`), data property ranges;
- the ontology's own individuals with their (HermiT) types and property values.

Every triple of the ontology is looked at; an axiom of a kind the engine cannot evaluate as
HermiT does raises `UnsupportedAxiomError` naming it (an ontology edit never silently loses an
inference). The compiled rules are then run over the ontology's own individuals and must give
HermiT's types for them, or compiling fails.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ingest.rules.expressions import (
    And,
    DataRange,
    Expr,
    Named,
    Or,
    Some,
    UnsupportedAxiomError,
    conjuncts,
    parse_class,
    parse_data_range,
)
from ingest.rules.hierarchy import Hierarchy
from ingest.rules.realise import check_against_hierarchy
from ingest.rules.tables import Definition, Rules

__all__ = ["compile_rules"]

logger = logging.getLogger(__name__)

_THING = str(OWL.Thing)

# rdf:type objects that declare a term rather than state a class membership.
_DECLARATIONS = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.FunctionalProperty,
        OWL.NamedIndividual,
        OWL.Ontology,
        OWL.Restriction,
        OWL.AllDifferent,
        OWL.AllDisjointClasses,
        RDFS.Datatype,
        RDF.List,
        RDF.Property,
    }
)
# Property characteristics and axioms the engine has no rule for.
_UNSUPPORTED_TYPES = {
    OWL.InverseFunctionalProperty: "inverse-functional properties",
    OWL.TransitiveProperty: "transitive properties",
    OWL.SymmetricProperty: "symmetric properties",
    OWL.AsymmetricProperty: "asymmetric properties",
    OWL.ReflexiveProperty: "reflexive properties",
    OWL.IrreflexiveProperty: "irreflexive properties",
    OWL.AllDisjointProperties: "disjoint properties",
    OWL.NegativePropertyAssertion: "negative property assertions",
}
_UNSUPPORTED_PREDICATES = {
    OWL.propertyChainAxiom: "property chains",
    OWL.propertyDisjointWith: "disjoint properties",
    OWL.hasKey: "keys",
    OWL.disjointUnionOf: "disjoint unions",
    OWL.sameAs: "owl:sameAs between individuals",
    OWL.imports: "imported ontologies",
}
# Predicates that only build the structure of an expression or list (read by the parser).
_STRUCTURE = frozenset(
    {
        RDF.first,
        RDF.rest,
        OWL.onProperty,
        OWL.someValuesFrom,
        OWL.hasValue,
        OWL.intersectionOf,
        OWL.unionOf,
        OWL.onDatatype,
        OWL.withRestrictions,
        OWL.distinctMembers,
        OWL.members,
        OWL.versionIRI,
        OWL.versionInfo,
    }
)


def _fail(axiom: tuple[Node, Node, Node], why: str) -> UnsupportedAxiomError:
    s, p, o = axiom
    return UnsupportedAxiomError(f"the axiom {s.n3()} {p.n3()} {o.n3()}", why)


def _closure(start: str, edges: dict[str, set[str]]) -> tuple[str, ...]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return tuple(sorted(seen))


def _expansion(
    prop: str, supers: dict[str, set[str]], inverses: dict[str, set[str]]
) -> tuple[tuple[str, bool], ...]:
    """Every (property, inverted) a triple of `prop` entails: superproperties, and inverses of
    those (an inverse's superproperties included)."""
    seen = {(prop, False)}
    todo = [(prop, False)]
    while todo:
        p, inverted = todo.pop()
        for nxt in [(q, inverted) for q in supers.get(p, ())] + [
            (r, not inverted) for r in inverses.get(p, ())
        ]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return tuple(sorted(seen))


def _requires(expr: Expr) -> str | None:
    for part in conjuncts(expr):
        if isinstance(part, Named) and part.iri != _THING:
            return part.iri
    return None


class _Reader:
    """One pass over the ontology's triples, sorting each axiom into the tables."""

    def __init__(self, ontology: Graph) -> None:
        self.g = ontology
        self.objects = frozenset(u for u in ontology.subjects(RDF.type, OWL.ObjectProperty))
        self.datas = frozenset(u for u in ontology.subjects(RDF.type, OWL.DatatypeProperty))
        self.supers: dict[str, set[str]] = defaultdict(set)
        self.inverses: dict[str, set[str]] = defaultdict(set)
        self.domains: dict[str, list[Expr]] = defaultdict(list)
        self.ranges: dict[str, list[Expr]] = defaultdict(list)
        self.data_ranges: dict[str, list[DataRange]] = defaultdict(list)
        self.consequences: dict[str, list[Expr]] = defaultdict(list)
        self.definitions: list[Definition] = []
        self.disjoint: dict[str, set[str]] = defaultdict(set)
        self.different: dict[str, set[str]] = defaultdict(set)
        self.functional = frozenset(
            p for p in ontology.subjects(RDF.type, OWL.FunctionalProperty) if isinstance(p, URIRef)
        )
        self.abox: list[tuple[Node, Node, Node]] = []

    def read(self) -> None:
        for triple in sorted(self.g, key=lambda t: (t[1], t[0], t[2])):
            self._axiom(triple)  # type: ignore[arg-type]
        unknown = self.functional - self.objects - self.datas
        if unknown:
            raise UnsupportedAxiomError(
                f"{sorted(unknown)[0]} a owl:FunctionalProperty", "not an object or data property"
            )

    def _axiom(self, t: tuple[Node, URIRef, Node]) -> None:
        s, p, o = t
        if p == RDF.type:
            self._typed(t)
        elif p in _UNSUPPORTED_PREDICATES:
            raise _fail(t, f"{_UNSUPPORTED_PREDICATES[p]} have no rule")
        elif p == RDFS.subClassOf:
            self._subclass(t)
        elif p == OWL.equivalentClass:
            self._equivalent(t)
        elif p == OWL.disjointWith:
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                raise _fail(t, "disjointness of anonymous classes")
            self._disjoint([s, o])
        elif p in (RDFS.domain, RDFS.range):
            self._domain_range(t)
        elif p in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf):
            self._property_axiom(t)
        elif p == OWL.differentFrom:
            self._different([s, o], t)
        elif p in self.objects or p in self.datas:
            if not isinstance(s, URIRef):
                raise _fail(t, "a property assertion on an anonymous individual")
            self.abox.append(t)
        elif str(p).startswith(str(OWL)) and p not in _STRUCTURE:
            raise _fail(t, f"{p} has no rule")
        # anything else is an annotation or the structure of an expression

    def _typed(self, t: tuple[Node, URIRef, Node]) -> None:
        s, _, o = t
        if o in _UNSUPPORTED_TYPES:
            raise _fail(t, f"{_UNSUPPORTED_TYPES[o]} have no rule")  # type: ignore[index]
        if o == OWL.AllDisjointClasses:
            members = self.g.value(s, OWL.members)
            items = list(Collection(self.g, members)) if members is not None else []
            if not items or not all(isinstance(c, URIRef) for c in items):
                raise _fail(t, "AllDisjointClasses must list named classes")
            self._disjoint(items)  # type: ignore[arg-type]
        elif o == OWL.AllDifferent:
            members = self.g.value(s, OWL.distinctMembers) or self.g.value(s, OWL.members)
            self._different(list(Collection(self.g, members)) if members is not None else [], t)
        elif o in _DECLARATIONS:
            return
        elif isinstance(s, URIRef) and isinstance(o, URIRef):
            self.abox.append(t)  # a class assertion about one of the ontology's individuals
        else:
            raise _fail(t, "a class assertion on an anonymous individual or class")

    def _subclass(self, t: tuple[Node, URIRef, Node]) -> None:
        s, _, o = t
        if not isinstance(s, URIRef):
            raise _fail(t, "a general class inclusion (anonymous subclass)")
        if isinstance(o, URIRef):
            return  # named subsumption: in HermiT's hierarchy
        self.consequences[str(s)].append(parse_class(self.g, o, _axiom_name(t)))

    def _equivalent(self, t: tuple[Node, URIRef, Node]) -> None:
        s, _, o = t
        if isinstance(o, URIRef) and not isinstance(s, URIRef):
            s, o = o, s
        if not isinstance(s, URIRef):
            raise _fail(t, "an equivalence between two anonymous classes")
        if isinstance(o, URIRef):
            return  # named equivalence: in HermiT's hierarchy both ways
        expr = parse_class(self.g, o, _axiom_name(t))
        self.consequences[str(s)].append(expr)
        self.definitions.append(Definition(str(s), expr, _requires(expr)))

    def _disjoint(self, classes: list[URIRef]) -> None:
        for a in classes:
            for b in classes:
                if a != b:
                    self.disjoint[str(a)].add(str(b))

    def _different(self, members: list[Node], t: tuple[Node, URIRef, Node]) -> None:
        if not all(isinstance(m, URIRef) for m in members):
            raise _fail(t, "different individuals must be named")
        for a in members:
            for b in members:
                if a != b:
                    self.different[str(a)].add(str(b))

    def _domain_range(self, t: tuple[Node, URIRef, Node]) -> None:
        s, p, o = t
        name = _axiom_name(t)
        if s in self.objects:
            target = self.domains if p == RDFS.domain else self.ranges
            target[str(s)].append(parse_class(self.g, o, name))
        elif s in self.datas:
            if p == RDFS.domain:
                self.domains[str(s)].append(parse_class(self.g, o, name))
            else:
                self.data_ranges[str(s)].append(parse_data_range(self.g, o, name))
        elif not isinstance(s, URIRef) or (s, RDF.type, OWL.AnnotationProperty) not in self.g:
            raise _fail(t, "a domain or range of a property that is not declared")

    def _property_axiom(self, t: tuple[Node, URIRef, Node]) -> None:
        s, p, o = t
        kinds = {self.objects: "object", self.datas: "data"}
        both = [k for group, k in kinds.items() if s in group and o in group]
        if not both:
            if (s, RDF.type, OWL.AnnotationProperty) in self.g:
                return
            raise _fail(t, "properties of different or undeclared kinds")
        if p == OWL.inverseOf:
            if both != ["object"]:
                raise _fail(t, "inverses of data properties")
            self.inverses[str(s)].add(str(o))
            self.inverses[str(o)].add(str(s))
        else:
            self.supers[str(s)].add(str(o))
            if p == OWL.equivalentProperty:
                self.supers[str(o)].add(str(s))


def _axiom_name(t: tuple[Node, Node, Node]) -> str:
    s, p, _ = t
    return f"the {p.n3()} axiom of {s.n3()}"


def _signature_of(exprs: Iterable[Expr]) -> set[str]:
    """Properties whose successors' types an expression reads (someValuesFrom a class)."""
    found: set[str] = set()
    todo = list(exprs)
    while todo:
        e = todo.pop()
        if isinstance(e, And | Or):
            todo.extend(e.parts)
        elif isinstance(e, Some) and not isinstance(e.filler, DataRange):
            found.add(e.prop)
            todo.append(e.filler)
    return found


def compile_rules(ontology: Graph, hierarchy: Hierarchy, check: bool = True) -> Rules:
    """Compile `ontology` (classified by HermiT as `hierarchy`) into `Rules`.

    Raises `UnsupportedAxiomError` naming the first axiom the engine has no exact rule for,
    and (with `check`) `RulesMismatchError` when the rules do not give HermiT's types for the
    ontology's own individuals.
    """
    reader = _Reader(ontology)
    reader.read()
    objects = frozenset(map(str, reader.objects))
    datas = frozenset(map(str, reader.datas))
    expansions = {p: _expansion(p, reader.supers, reader.inverses) for p in objects}
    # Where an expression reads a successor's classes, a change to the successor must bring
    # its predecessors back to the work list (the engine stores a subproperty's triples under
    # every superproperty, so the property named is the one to index).
    signature = _signature_of(
        [d.expr for d in reader.definitions]
        + [
            e
            for table in (reader.domains, reader.ranges, reader.consequences)
            for v in table.values()
            for e in v
        ]
    )
    rules = Rules(
        ancestors={str(c): frozenset(map(str, a)) for c, a in hierarchy.ancestors.items()},
        object_properties=objects,
        data_properties=datas,
        expansions=expansions,
        data_supers={p: _closure(p, reader.supers) for p in datas},
        domains={p: tuple(v) for p, v in reader.domains.items()},
        ranges={p: tuple(v) for p, v in reader.ranges.items()},
        data_ranges={p: tuple(v) for p, v in reader.data_ranges.items()},
        consequences={c: tuple(v) for c, v in reader.consequences.items()},
        definitions=tuple(reader.definitions),
        disjoint={c: frozenset(v) for c, v in reader.disjoint.items()},
        functional=frozenset(map(str, reader.functional)),
        different={i: frozenset(v) for i, v in reader.different.items()},
        successor_properties=frozenset(signature),
        declared=frozenset(str(s) for s in ontology.subjects() if isinstance(s, URIRef)),
        individual_types={str(i): frozenset(map(str, t)) for i, t in hierarchy.individuals.items()},
        abox=tuple(reader.abox),
    )
    logger.debug(
        "compiled %d classes, %d definitions, %d disjoint classes, %d functional properties",
        len(rules.ancestors),
        len(rules.definitions),
        len(rules.disjoint),
        len(rules.functional),
    )
    if check:
        check_against_hierarchy(rules)
    return rules
