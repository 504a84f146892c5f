"""pyshacl-turbo, the default SHACL engine, gives pyshacl's results on spkg's shapes.

Each data graph is validated by both engines exactly as `validate_review` builds it (the
review's graphs plus the ontology's `shapes_context`), against every `shapes/*.ttl`: every
review of data/ (the seed among them), every fixture review, the first 20 synthetic reviews of
`bench.generate` that read, and the shapes tests' valid and invalid cases (one focus node per
named shape, so every constraint the shapes use fires at least once). Both must agree on
`sh:conforms` and on the set of results, each result as (focus node, path, constraint
component, severity, source shape, value, messages). A blank node (a sequence path, an
anonymous shape) is compared by its triples. New shapes files are read as they come.

One difference is known and normalised: a number a SPARQL constraint computes and writes
into its message is in its canonical form with pyshacl-turbo (`95`) and as rdflib's Decimal
with pyshacl (`95.0`); `_same_number` reads both alike.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from bench.generate import generate
from ingest.errors import DataFilesError
from ingest.pipeline import Resources, load_resources, prepare_review
from ingest.readers import find_reviews
from ingest.validators import UnsupportedShapesError, shacl_report
from tests.shapes.test_shapes import _graph as shape_cases

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FOLDERS = [
    *find_reviews(ROOT / "data"),
    *sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir()),
    *sorted(p for p in (FIXTURES / "multi").iterdir() if p.is_dir()),
    *sorted(p for p in (FIXTURES / "kinds").iterdir() if p.is_dir()),
]
SYNTHETIC = 20
FAST = 5  # synthetic reviews in the fast suite; the rest run with `-m slow`

Row = tuple[object, ...]


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> list[Graph]:
    """The data graphs of the first `SYNTHETIC` generated reviews that read and map."""
    out = tmp_path_factory.mktemp("synthetic")
    graphs: list[Graph] = []
    for index in range(SYNTHETIC * 3):
        if len(graphs) == SYNTHETIC:
            break
        (folder,) = generate(1, 1, out, start=index)
        try:
            graphs.append(_review_data(folder, resources))
        except DataFilesError:
            continue  # a generated value the reader refuses: not this test's subject
    assert len(graphs) == SYNTHETIC
    return graphs


def _describe(node: Node, graphs: tuple[Graph, ...], depth: int = 0) -> object:
    """An IRI or literal as itself; a blank node as the sorted triples it has in `graphs`."""
    if not isinstance(node, BNode):
        return None if node is None else str(node)
    graph = next((g for g in graphs if (node, None, None) in g), None)
    assert graph is not None and depth < 8, f"blank node {node} described nowhere"
    return tuple(
        sorted((str(p), _describe(o, graphs, depth + 1)) for p, o in graph.predicate_objects(node))
    )


def _same_number(message: str) -> str:
    return re.sub(r"(\d)\.0\b", r"\1", message)


def _rows(report: Graph, shapes: Graph) -> set[Row]:
    rows = set()
    for result in report.subjects(SH.resultSeverity, None):

        def one(p: URIRef, result: Node = result) -> object:
            return _describe(report.value(result, p), (report, shapes))

        messages = sorted(_same_number(str(m)) for m in report.objects(result, SH.resultMessage))
        rows.add(
            (
                one(SH.focusNode),
                one(SH.resultPath),
                one(SH.sourceConstraintComponent),
                one(SH.resultSeverity),
                one(SH.sourceShape),
                one(SH.value),
                tuple(messages),
            )
        )
    return rows


def _conforms(report: Graph) -> bool:
    (value,) = report.objects(None, SH.conforms)
    assert isinstance(value, Literal)
    return bool(value.toPython())


def _assert_same(data: Graph, shapes: Graph) -> None:
    reference = shacl_report(data + Graph(), shapes, "pyshacl")
    turbo = shacl_report(data, shapes, "turbo")
    expected, got = _rows(reference, shapes), _rows(turbo, shapes)
    assert _conforms(turbo) == _conforms(reference)
    assert sorted(got - expected, key=repr) == [], "results pyshacl does not give"
    assert sorted(expected - got, key=repr) == [], "results pyshacl-turbo misses"


def _review_data(folder: Path, res: Resources) -> Graph:
    mapped = prepare_review(folder, res).mapped
    data = Graph()
    for graph in (mapped.reported, mapped.supplementary, res.context):
        for triple in graph:
            data.add(triple)
    return data


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_same_results_on_real_and_fixture_reviews(folder: Path, resources: Resources) -> None:
    _assert_same(_review_data(folder, resources), resources.shapes)


@pytest.mark.parametrize(
    "index", [i if i < FAST else pytest.param(i, marks=pytest.mark.slow) for i in range(SYNTHETIC)]
)
def test_same_results_on_synthetic_reviews(
    index: int, synthetic: list[Graph], resources: Resources
) -> None:
    _assert_same(synthetic[index], resources.shapes)


@pytest.mark.parametrize("kind", ["valid", "invalid"])
def test_same_results_on_every_shapes_case(kind: str, resources: Resources) -> None:
    data = shape_cases(kind)
    for triple in resources.context:
        data.add(triple)
    _assert_same(data, resources.shapes)


def test_a_feature_the_engine_lacks_fails_loudly() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:js [ a sh:JSConstraint ; sh:jsFunctionName "f" ;
                    sh:jsLibrary [ sh:jsLibraryURL "https://example.org/f.js" ] ] .
        """,
        format="turtle",
    )
    data = Graph().add((URIRef("https://example.org/a"), URIRef(str(SH) + "x"), Literal(1)))
    with pytest.raises(UnsupportedShapesError, match="sh:js"):
        shacl_report(data, shapes, "turbo")
