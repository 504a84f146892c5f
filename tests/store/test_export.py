"""Export round-trips: whatever the store holds comes back isomorphic from every format."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from ingest.export import EXPORT_FORMATS, UnknownFormatError, export
from ingest.store import EmbeddedStore, Store

EX = Namespace("http://example.org/")
GRAPHS = [f"https://w3id.org/spkg/graph/r{i}/reported" for i in range(3)]
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}

iri_part = st.text(alphabet="abcXYZ019-_.~éü中", min_size=1, max_size=8)
iris = iri_part.map(lambda s: URIRef(f"http://example.org/{s}"))
any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=20)
literals = st.one_of(
    any_text.map(Literal),
    st.tuples(any_text, st.sampled_from(["en", "de", "en-gb", "fr-ca"])).map(
        lambda t: Literal(t[0], lang=t[1])
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(Literal),
    st.dates().map(Literal),
    st.booleans().map(Literal),
    any_text.map(lambda s: Literal(s, datatype=EX.customType)),
)


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, Graph]:
    """Up to three named graphs of IRIs, literals and (graph-local) blank nodes."""
    result = {}
    for index, name in enumerate(GRAPHS):
        graph = Graph()
        bnodes = [BNode(f"g{index}b{j}") for j in range(3)]
        subjects = st.one_of(iris, st.sampled_from(bnodes))
        objects = st.one_of(iris, literals, st.sampled_from(bnodes))
        for s, p, o in draw(st.lists(st.tuples(subjects, iris, objects), max_size=8)):
            graph.add((s, p, o))
        result[name] = graph
    return result


def rdf11(graph: Graph) -> Graph:
    """The graph with `"x"^^xsd:string` written `"x"`: one term in RDF 1.1, two in rdflib."""
    plain = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        plain.add((s, p, o))
    return plain


def union(graphs: dict[str, Graph]) -> Graph:
    merged = Graph()
    for graph in graphs.values():
        merged += rdf11(graph)
    return merged


def assert_round_trip(store: Store, graphs: dict[str, Graph], fmt: str) -> None:
    out = io.BytesIO()
    export(store, fmt, out)
    data = out.getvalue()
    if EXPORT_FORMATS[fmt].keeps_graphs:
        back = Dataset()
        back.parse(data=data, format=RDFLIB_FORMAT[fmt])
        for name, graph in graphs.items():
            assert isomorphic(back.graph(URIRef(name)), rdf11(graph)), (fmt, name, data)
        held = {str(g.identifier) for g in back.graphs() if len(g)}
        assert held == {name for name, graph in graphs.items() if len(graph)}
    else:
        back = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
        assert isomorphic(back, union(graphs)), (fmt, data)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(graphs=datasets())
def test_every_format_round_trips(embedded_store: EmbeddedStore, graphs: dict[str, Graph]) -> None:
    embedded_store.replace_graphs(graphs)  # empty graphs drop, so the store holds just these
    for fmt in EXPORT_FORMATS:
        assert_round_trip(embedded_store, graphs, fmt)


def tricky() -> dict[str, Graph]:
    first, second = Graph(), Graph()
    node = BNode()
    first.add((EX.review, EX.title, Literal('Do people "perceive"\nbenefits?', lang="en")))
    first.add((EX.review, EX.year, Literal(2022)))
    first.add((EX.review, EX.finding, node))
    first.add((node, EX.text, Literal("tab\there, back\\slash, } UNION {")))
    second.add((EX["quote/é"], EX.exact, Literal("中文 ünïcode", datatype=XSD.string)))
    return {GRAPHS[0]: first, GRAPHS[1]: second}


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_backends_round_trip(store: Store, fmt: str) -> None:
    graphs = tricky()
    store.replace_graphs(graphs)
    assert_round_trip(store, graphs, fmt)


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_one_review_only(store: Store, fmt: str) -> None:
    graphs = tricky()
    store.replace_graphs(graphs)
    out = io.BytesIO()
    export(store, fmt, out, graphs=[GRAPHS[1]])
    if EXPORT_FORMATS[fmt].keeps_graphs:
        back = Dataset()
        back.parse(data=out.getvalue(), format=RDFLIB_FORMAT[fmt])
        assert {str(g.identifier) for g in back.graphs() if len(g)} == {GRAPHS[1]}
        assert isomorphic(back.graph(URIRef(GRAPHS[1])), rdf11(graphs[GRAPHS[1]]))
    else:
        back = Graph().parse(data=out.getvalue(), format=RDFLIB_FORMAT[fmt])
        assert isomorphic(back, rdf11(graphs[GRAPHS[1]]))


def test_turtle_uses_spkg_prefixes(embedded_store: EmbeddedStore) -> None:
    graph = Graph()
    graph.add((URIRef("https://w3id.org/spkg/id/review/r1"), EX.p, Literal("x")))
    embedded_store.replace_graphs({GRAPHS[0]: graph})
    for fmt in ("ttl", "trig", "jsonld"):
        out = io.BytesIO()
        export(embedded_store, fmt, out)
        assert b"spkgid:review" in out.getvalue(), fmt  # Turtle may escape: review\/r1


def test_unknown_format_is_named(embedded_store: EmbeddedStore) -> None:
    with pytest.raises(UnknownFormatError) as info:
        export(embedded_store, "rdfxml", io.BytesIO())
    assert info.value.fmt == "rdfxml"
