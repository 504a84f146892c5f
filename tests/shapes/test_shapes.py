"""SHACL shapes: meta-valid, and every named shape fires exactly where it should.

The cases are a table: for each named shape, Turtle for a valid and an invalid focus node
(`ex:$n`), the result path and the severity. All valid cases are validated as one graph and all
invalid ones as another (each case has its own nodes), then each case is checked by its node.
Each graph is validated as `spkg validate` validates a review: `validate_review` with the
ontology's `shapes_context`, so a shape that passes here passes in production.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS

from ingest.iris import Minter
from ingest.mapping import Mapped
from ingest.namespaces import DEFAULT_BASE
from ingest.ontology import load_ontology, load_shapes
from ingest.validate import shapes_context, validate_review
from tests.shapes.cases import CASES as CORE_CASES
from tests.shapes.cases import PREFIXES
from tests.shapes.cases.products import PRODUCT_CASES
from tests.shapes.cases.variables import VARIABLE_CASES

# Every shape file's cases: core, values, cross-record; synthesis products; variables.
CASES = CORE_CASES + PRODUCT_CASES + VARIABLE_CASES
SHAPES_NS = "https://w3id.org/spkg/shapes#"
EX = "https://w3id.org/spkg/id/test/"


@dataclass(frozen=True)
class Result:
    focus: URIRef
    path: URIRef | None
    shape: URIRef
    severity: URIRef


def _node(case_id: str, kind: str) -> str:
    return f"{case_id.replace('-', '_')}_{kind}"


def _graph(kind: str) -> Graph:
    text = PREFIXES + "\n".join(getattr(c, kind).replace("$n", _node(c.shape, kind)) for c in CASES)
    return Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(DEFAULT_BASE)


@pytest.fixture(scope="module")
def context() -> Graph:
    """What validation adds of the ontology to every review's data, as `spkg validate` does."""
    return shapes_context(load_ontology(DEFAULT_BASE))


def _validate(data: Graph, shapes: Graph, context: Graph) -> set[Result]:
    """Validate the cases as `spkg validate` validates a review's graphs."""
    mapped = Mapped("test", Minter("test", DEFAULT_BASE), data, Graph(), {}, {}, {})
    report = validate_review(mapped, shapes, context=context)
    return {
        Result(
            URIRef(r.focus_node),
            # a sequence or alternative path is a blank node: not a column's property
            URIRef(r.path) if r.path and r.path.startswith(("http:", "https:")) else None,
            URIRef(r.source_shape),
            SH[r.severity],
        )
        for r in report.results
    }


@pytest.fixture(scope="module")
def valid_results(shapes: Graph, context: Graph) -> set[Result]:
    return _validate(_graph("valid"), shapes, context)


@pytest.fixture(scope="module")
def invalid_results(shapes: Graph, context: Graph) -> set[Result]:
    return _validate(_graph("invalid"), shapes, context)


def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_named_property_shape_has_a_message(shapes: Graph) -> None:
    named = [s for s in shapes.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)]
    assert len(named) > 80
    assert [s for s in named if shapes.value(s, SH.message) is None] == []


def _named_checked_shapes(shapes: Graph) -> set[str]:
    """Named property shapes, and named node shapes that constrain by themselves."""
    names = {str(s) for s in shapes.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)}
    for p in (SH.sparql, SH["or"]):
        names |= {str(s) for s in shapes.subjects(p, None) if isinstance(s, URIRef)}
    return {n[len(SHAPES_NS) :] for n in names if n.startswith(SHAPES_NS)}


def test_every_named_shape_has_a_case(shapes: Graph) -> None:
    assert _named_checked_shapes(shapes) - {c.shape for c in CASES} == set()
    assert {c.shape for c in CASES} - _named_checked_shapes(shapes) == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_invalid_example_gives_exactly_this_result(case, invalid_results: set[Result]) -> None:
    focus = URIRef(EX + _node(case.shape, "invalid"))
    expected = Result(
        focus,
        URIRef(case.path) if case.path else None,
        URIRef(SHAPES_NS + case.shape),
        SH[case.severity],
    )
    from_shape = {r for r in invalid_results if r.shape == expected.shape and r.focus == focus}
    assert from_shape == {expected}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_valid_example_passes_the_shape(case, valid_results: set[Result]) -> None:
    focus = URIRef(EX + _node(case.shape, "valid"))
    shape = URIRef(SHAPES_NS + case.shape)
    assert {r for r in valid_results if r.shape == shape and r.focus == focus} == set()


_SCHEMES = {"interventionType": "intervention-types", "activityType": "activity-types"}


def _enumeration(onto: Graph, path: URIRef) -> set[URIRef]:
    """The individuals a property admits: its scheme's concepts, or the members of its range."""
    local = str(path).rsplit("#", 1)[1]
    if local in _SCHEMES:
        scheme = URIRef(f"https://w3id.org/spkg/id/scheme/{_SCHEMES[local]}")
        return set(onto.subjects(SKOS.inScheme, scheme))
    rng = onto.value(path, RDFS.range)
    return {s for s in onto.subjects(RDF.type, rng) if isinstance(s, URIRef)}


def test_value_sets_list_the_ontology_individuals(shapes: Graph) -> None:
    onto = load_ontology(DEFAULT_BASE)
    value_shapes = [s for s in shapes.subjects(SH["in"], None) if isinstance(s, URIRef)]
    assert len(value_shapes) >= 20  # the open schemes (concept columns) have no closed list
    for shape in value_shapes:
        path = shapes.value(shape, SH.path)
        listed = set(Collection(shapes, shapes.value(shape, SH["in"])))
        if str(path).endswith("#countedUnit"):  # a flow counts records or studies only
            assert listed < _enumeration(onto, path), shape
        else:
            assert listed == _enumeration(onto, path), shape
