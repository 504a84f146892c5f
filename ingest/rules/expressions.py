"""OWL class expressions and data ranges as small Python values, read from the ontology's RDF.

The rules (`ingest.rules.compiler`) are written over these values, not over RDF lists and
blank nodes. Only the shapes the rule engine can evaluate exactly are read: a named class, an
intersection, a union, `someValuesFrom` and `hasValue` on a named property, and a datatype with
numeric range facets. Anything else (`allValuesFrom`, cardinalities, complements, nominals, an
inverse property inside a restriction ...) raises `UnsupportedAxiomError` naming the axiom, so a
change to the ontology never silently loses what HermiT would infer.

Literal values are compared as OWL compares them: by value, numbers as one number line
(`1` and `1.0` are the same value), booleans apart from numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ingest.errors import SpkgError

__all__ = [
    "DATATYPES",
    "And",
    "DataRange",
    "Expr",
    "Named",
    "Or",
    "Some",
    "UnsupportedAxiomError",
    "Value",
    "conjuncts",
    "in_range",
    "parse_class",
    "parse_data_range",
    "value_key",
]


class UnsupportedAxiomError(SpkgError):
    """The ontology uses a construct the rule compiler cannot evaluate exactly as HermiT does."""

    def __init__(self, axiom: str, why: str) -> None:
        super().__init__(f"the rule compiler does not support {axiom}: {why}")
        self.axiom = axiom
        self.why = why


# Terms are plain strings here (IRIs as text): the rule engine compares millions of them, and
# `str` compares natively where rdflib's terms compare in Python.


@dataclass(frozen=True)
class Named:
    """A named class (owl:Thing holds for every individual)."""

    iri: str


@dataclass(frozen=True)
class And:
    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class DataRange:
    """A datatype, optionally narrowed by numeric facets (`xsd:minInclusive 8`)."""

    datatype: str
    facets: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class Some:
    """`owl:someValuesFrom`: a value of `prop` (or of a subproperty) that is a `filler`."""

    prop: str
    filler: Expr | DataRange


@dataclass(frozen=True)
class Value:
    """`owl:hasValue`: `prop` (or a subproperty) has this individual (an IRI) or literal value
    (its `value_key`)."""

    prop: str
    value: str | tuple[str, object]


Expr = Named | And | Or | Some | Value

# The datatypes whose value space is known here: for each, which literal value kinds it holds
# ("real" numbers, "boolean", or "other" for every kind the rules never see as a value).
_REAL_BOUNDS: dict[str, tuple[Decimal | None, Decimal | None, bool]] = {
    # datatype: (lowest, highest, integers only)
    str(XSD.decimal): (None, None, False),
    str(OWL.real): (None, None, False),
    str(OWL.rational): (None, None, False),
    str(XSD.integer): (None, None, True),
    str(XSD.nonNegativeInteger): (Decimal(0), None, True),
    str(XSD.positiveInteger): (Decimal(1), None, True),
    str(XSD.nonPositiveInteger): (None, Decimal(0), True),
    str(XSD.negativeInteger): (None, Decimal(-1), True),
    str(XSD.long): (Decimal(-(2**63)), Decimal(2**63 - 1), True),
    str(XSD.int): (Decimal(-(2**31)), Decimal(2**31 - 1), True),
    str(XSD.short): (Decimal(-(2**15)), Decimal(2**15 - 1), True),
    str(XSD.byte): (Decimal(-(2**7)), Decimal(2**7 - 1), True),
}
# Datatypes whose value space is disjoint from numbers and booleans (and which HermiT supports).
_TEXTUAL = frozenset(
    map(str, (XSD.string, RDF.PlainLiteral, RDF.langString, XSD.anyURI, XSD.dateTime))
)
_BOOLEAN, _LITERAL = str(XSD.boolean), str(RDFS.Literal)
DATATYPES = frozenset({*_REAL_BOUNDS, _BOOLEAN, _LITERAL, *_TEXTUAL})
_MIN_IN, _MAX_IN, _MIN_EX, _MAX_EX = (
    str(XSD.minInclusive),
    str(XSD.maxInclusive),
    str(XSD.minExclusive),
    str(XSD.maxExclusive),
)
_FACETS = frozenset({_MIN_IN, _MAX_IN, _MIN_EX, _MAX_EX})

# Properties of a restriction or class node that the parser understands.
_CLASS_KEYS = {OWL.intersectionOf, OWL.unionOf}
_RESTRICTION_KEYS = {OWL.someValuesFrom, OWL.hasValue}
_UNSUPPORTED_KEYS = {
    OWL.allValuesFrom: "allValuesFrom",
    OWL.complementOf: "complementOf",
    OWL.oneOf: "oneOf (nominals)",
    OWL.hasSelf: "hasSelf",
    OWL.cardinality: "cardinality",
    OWL.minCardinality: "minCardinality",
    OWL.maxCardinality: "maxCardinality",
    OWL.qualifiedCardinality: "qualifiedCardinality",
    OWL.minQualifiedCardinality: "minQualifiedCardinality",
    OWL.maxQualifiedCardinality: "maxQualifiedCardinality",
    OWL.onProperties: "n-ary data restrictions",
    OWL.datatypeComplementOf: "datatypeComplementOf",
}


def _items(graph: Graph, head: Node | None, axiom: str) -> list[Node]:
    if head is None:
        raise UnsupportedAxiomError(axiom, "a list that is missing")
    return list(Collection(graph, head))


def parse_class(graph: Graph, node: Node, axiom: str) -> Expr:
    """The class expression at `node`; `axiom` names the axiom for error messages."""
    if isinstance(node, URIRef):
        if node == OWL.Nothing:
            raise UnsupportedAxiomError(axiom, "owl:Nothing in a class expression")
        return Named(str(node))
    if not isinstance(node, BNode):
        raise UnsupportedAxiomError(axiom, f"{node!r} is not a class")
    for key, name in _UNSUPPORTED_KEYS.items():
        if (node, key, None) in graph:
            raise UnsupportedAxiomError(axiom, f"{name} has no exact rule")
    if (node, OWL.onProperty, None) in graph:
        return _restriction(graph, node, axiom)
    found = [k for k in _CLASS_KEYS if (node, k, None) in graph]
    if len(found) != 1:
        raise UnsupportedAxiomError(axiom, "an anonymous class that is not one intersection/union")
    items = _items(graph, graph.value(node, found[0]), axiom)
    parts = tuple(parse_class(graph, item, axiom) for item in items)
    if not parts:
        raise UnsupportedAxiomError(axiom, "an empty intersection or union")
    return And(parts) if found[0] == OWL.intersectionOf else Or(parts)


def _restriction(graph: Graph, node: Node, axiom: str) -> Expr:
    prop = graph.value(node, OWL.onProperty)
    if not isinstance(prop, URIRef):
        raise UnsupportedAxiomError(axiom, "a restriction on an inverse or anonymous property")
    keys = [k for k in _RESTRICTION_KEYS if (node, k, None) in graph]
    if len(keys) != 1:
        raise UnsupportedAxiomError(axiom, f"a restriction on {prop} of an unknown kind")
    target = graph.value(node, keys[0])
    data = (prop, RDF.type, OWL.DatatypeProperty) in graph
    if keys[0] == OWL.hasValue:
        if not isinstance(target, Literal if data else URIRef):
            raise UnsupportedAxiomError(axiom, f"hasValue on {prop} with a value of another kind")
        if isinstance(target, Literal):
            key = value_key(target)
            if key is None:
                raise UnsupportedAxiomError(axiom, f"{target!r} is not a valid literal")
            return Value(str(prop), key)
        return Value(str(prop), str(target))
    if data:
        return Some(str(prop), parse_data_range(graph, target, axiom))  # type: ignore[arg-type]
    return Some(str(prop), parse_class(graph, target, axiom))  # type: ignore[arg-type]


def parse_data_range(graph: Graph, node: Node, axiom: str) -> DataRange:
    """A named datatype, or a datatype restricted by numeric min/max facets."""
    if isinstance(node, URIRef):
        if str(node) not in DATATYPES:
            raise UnsupportedAxiomError(axiom, f"datatype {node} has no known value space")
        return DataRange(str(node))
    base = graph.value(node, OWL.onDatatype)
    if not isinstance(base, URIRef) or str(base) not in _REAL_BOUNDS:
        raise UnsupportedAxiomError(axiom, "a data range that is not a restricted numeric type")
    facets: list[tuple[str, Decimal]] = []
    for item in _items(graph, graph.value(node, OWL.withRestrictions), axiom):
        for facet, bound in graph.predicate_objects(item):
            key = value_key(bound) if isinstance(bound, Literal) else None
            if str(facet) not in _FACETS or key is None or key[0] != "real":
                raise UnsupportedAxiomError(axiom, f"facet {facet} {bound}")
            facets.append((str(facet), key[1]))  # type: ignore[arg-type]
    return DataRange(str(base), tuple(facets))


def conjuncts(expr: Expr) -> tuple[Expr, ...]:
    """The parts of a top-level intersection (flattened), or the expression itself."""
    if isinstance(expr, And):
        return tuple(c for part in expr.parts for c in conjuncts(part))
    return (expr,)


_REASONED = {str(XSD.boolean): "boolean", **{k: "real" for k in _REAL_BOUNDS}}


def value_key(literal: Literal) -> tuple[str, object] | None:
    """A literal's value as OWL compares it: ("real", Decimal), ("boolean", bool) or
    (datatype, lexical form); None when the lexical form is not valid for the datatype."""
    datatype = str(literal.datatype) if literal.datatype is not None else str(XSD.string)
    kind = _REASONED.get(datatype)
    if kind is None:
        return (datatype, str(literal))
    if literal.ill_typed:
        return None
    value = literal.value
    if kind == "boolean":
        return ("boolean", value) if isinstance(value, bool) else None
    if isinstance(value, bool):
        return None
    try:
        return ("real", Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def in_range(key: tuple[str, object], data_range: DataRange) -> bool:
    """Whether a literal value (a `value_key`) is in a data range's value space."""
    datatype = data_range.datatype
    if datatype == _LITERAL:
        return True
    if datatype == _BOOLEAN:
        return key[0] == "boolean"
    if datatype in _TEXTUAL:
        return key[0] not in {"real", "boolean"}
    if key[0] != "real":
        return False
    number: Decimal = key[1]  # type: ignore[assignment]
    low, high, integral = _REAL_BOUNDS[datatype]
    if integral and number != number.to_integral_value():
        return False
    if (low is not None and number < low) or (high is not None and number > high):
        return False
    for facet, bound in data_range.facets:
        if facet == _MIN_IN and not number >= bound:
            return False
        if facet == _MAX_IN and not number <= bound:
            return False
        if facet == _MIN_EX and not number > bound:
            return False
        if facet == _MAX_EX and not number < bound:
            return False
    return True
