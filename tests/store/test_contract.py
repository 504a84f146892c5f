"""The Store contract, the same for the embedded and the remote backend."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from ingest.store import (
    BindingError,
    EmbeddedStore,
    RemoteStore,
    Store,
    StoreQueryError,
    StoreReadOnlyError,
    StoreWriteError,
    open_store,
    read_generation,
)
from ingest.store.nquads import write_nquads
from ingest.store.sparql_text import with_bindings

EX = Namespace("http://example.org/")
G1 = "https://w3id.org/spkg/graph/r1/reported"
G1P = "https://w3id.org/spkg/graph/r1/provenance"
G2 = "https://w3id.org/spkg/graph/r2/reported"


def review_graph(tag: str, n: int = 5) -> Graph:
    graph = Graph()
    for i in range(n):
        graph.add((EX[f"{tag}/s{i}"], EX.label, Literal(f"{tag} {i}", lang="en")))
        graph.add((EX[f"{tag}/s{i}"], EX.rank, Literal(i)))
    return graph


def one_triple(s: URIRef, p: URIRef, o: Literal) -> Graph:
    graph = Graph()
    graph.add((s, p, o))
    return graph


def graph_of(store: Store, name: str) -> Graph:
    return store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")


def test_replace_puts_each_graph_in_place(store: Store) -> None:
    store.replace_graphs({G1: review_graph("a"), G1P: review_graph("p", 2), G2: review_graph("b")})
    assert store.named_graphs() == sorted([G1, G1P, G2])
    assert store.triple_count(G1) == 10
    assert store.triple_count() == 24
    assert isomorphic(graph_of(store, G1), review_graph("a"))
    assert isomorphic(graph_of(store, G2), review_graph("b"))


def test_replace_touches_only_the_given_graphs(store: Store) -> None:
    store.replace_graphs({G1: review_graph("a"), G2: review_graph("b")})
    store.replace_graphs({G1: review_graph("new", 3)})
    assert isomorphic(graph_of(store, G1), review_graph("new", 3))
    assert isomorphic(graph_of(store, G2), review_graph("b"))
    assert not store.ask("ASK { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'http://example.org/a/')) }")


def test_empty_graph_drops_it(store: Store) -> None:
    store.replace_graphs({G1: review_graph("a"), G2: review_graph("b")})
    store.replace_graphs({G1: Graph()})
    assert store.named_graphs() == [G2]
    assert store.triple_count(G1) == 0
    assert store.triple_count() == 10


def test_invalid_graph_leaves_store_unchanged(store: Store) -> None:
    store.replace_graphs({G1: review_graph("a")})
    broken = Graph()
    broken.add((URIRef("http://example.org/has space"), EX.p, Literal("x")))
    with pytest.raises(StoreWriteError) as info:
        store.replace_graphs({G1: Graph(), G2: broken})
    assert G2 in info.value.graphs
    assert isomorphic(graph_of(store, G1), review_graph("a"))
    assert store.named_graphs() == [G1]


def test_load_graphs_replaces_them_as_replace_graphs_does(store: Store, tmp_path: Path) -> None:
    """An N-Quads file of some graphs: loaded into a store without them (embedded: one
    `Store.load`), then over them (one update); a graph named without quads is dropped."""
    path = tmp_path / "graphs.nq"
    write_nquads({G1: review_graph("a"), G1P: review_graph("p", 2)}, path)
    store.load_graphs([G1, G1P], path)
    assert store.named_graphs() == sorted([G1, G1P])
    assert isomorphic(graph_of(store, G1), review_graph("a"))
    write_nquads({G1: review_graph("new", 3), G1P: Graph()}, path)
    store.replace_graphs({G2: review_graph("b")})
    store.load_graphs([G1, G1P], path)
    assert store.named_graphs() == [G1, G2]
    assert isomorphic(graph_of(store, G1), review_graph("new", 3))
    assert isomorphic(graph_of(store, G2), review_graph("b"))


def test_load_graphs_refuses_a_quad_of_another_graph(store: Store, tmp_path: Path) -> None:
    store.replace_graphs({G1: review_graph("a")})
    path = tmp_path / "graphs.nq"
    write_nquads({G1: review_graph("new"), G2: review_graph("b")}, path)
    with pytest.raises(StoreWriteError):
        store.load_graphs([G1], path)
    assert isomorphic(graph_of(store, G1), review_graph("a"))
    assert store.named_graphs() == [G1]


def test_default_graph_is_the_union(store: Store) -> None:
    store.replace_graphs({G1: review_graph("a"), G2: review_graph("b")})
    rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert rows == [{"n": Literal(20)}]


def test_select_binds_values_and_omits_unbound(store: Store) -> None:
    store.replace_graphs({G1: review_graph("a")})
    query = (
        "SELECT ?s ?rank ?none WHERE { ?s <http://example.org/rank> ?rank"
        " OPTIONAL { ?s <http://example.org/none> ?none } }"
    )
    rows = store.select(query, {"rank": Literal(3)})
    assert rows == [{"s": EX["a/s3"], "rank": Literal(3)}]
    rows = store.select("SELECT ?s ?p WHERE { ?s ?p ?o }", {"s": EX["a/s1"], "p": EX.label})
    assert rows == [{"s": EX["a/s1"], "p": EX.label}]


def test_ask_and_construct_bind_values(store: Store) -> None:
    store.replace_graphs({G1: review_graph("a")})
    assert store.ask("ASK { ?s ?p ?o }", {"o": Literal("a 2", lang="en")})
    assert not store.ask("ASK { ?s ?p ?o }", {"o": Literal("a 2")})
    graph = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": EX["a/s0"]})
    assert set(graph) == {
        (EX["a/s0"], EX.label, Literal("a 0", lang="en")),
        (EX["a/s0"], EX.rank, Literal(0)),
    }


HOSTILE = [
    'x" } UNION { ?s ?p ?o } #',
    "a > b",
    "line one\nline two\r\n",
    "} UNION {",
    'back\\slash \' and "quotes"',
    'x"""; DROP ALL ; #',
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_literal_is_data(store: Store, value: str) -> None:
    store.replace_graphs({G1: review_graph("a")})
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    assert store.select(query, {"o": Literal(value)}) == []
    store.replace_graphs({G2: one_triple(EX.hostile, EX.value, Literal(value))})
    assert store.select(query, {"o": Literal(value)}) == [{"s": EX.hostile, "o": Literal(value)}]
    assert store.triple_count() == 11


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("o", URIRef("http://example.org/a> ?p ?o } #")),
        ("o", URIRef("http://example.org/new\nline")),
        ("o } UNION { ?s", Literal("x")),
        ("1abc", Literal("x")),
        ("o", "plain python string"),
    ],
)
def test_unsafe_bindings_are_refused(store: Store, name: str, value: object) -> None:
    store.replace_graphs({G1: review_graph("a")})
    with pytest.raises(BindingError) as info:
        store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {name: value})  # type: ignore[dict-item]
    assert info.value.name == name


def test_a_blank_node_is_never_bound(store: Store) -> None:
    """A blank node's label names nothing outside the answer it came in: refused, by name."""
    store.replace_graphs({G1: one_triple(BNode(), EX.p, Literal("x"))})  # type: ignore[arg-type]
    (row,) = store.select("SELECT ?s WHERE { ?s ?p ?o }")
    assert isinstance(row["s"], BNode)
    for label in (BNode(), BNode("b0"), row["s"]):  # even one the store itself answered
        with pytest.raises(BindingError) as info:
            store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": label})
        assert info.value.name == "s"
    with pytest.raises(BindingError):
        with_bindings("SELECT * WHERE { ?s ?p ?o }", {"s": BNode("b0")})


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30))
def test_any_bound_text_is_data_embedded(embedded_store: EmbeddedStore, text: str) -> None:
    embedded_store.replace_graphs({G1: one_triple(EX.s, EX.p, Literal(text))})
    rows = embedded_store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": Literal(text)})
    assert rows == [{"s": EX.s, "o": Literal(text)}]


@settings(max_examples=40, deadline=None)  # rdflib's first parse is slow on a loaded machine
@given(text=st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30))
def test_inlined_binding_holds_one_parsable_literal(text: str) -> None:
    """The remote backend's inlined VALUES parses back to exactly the bound literal."""
    query = with_bindings("SELECT ?o WHERE { }", {"o": Literal(text)})
    result = Graph().query(query)
    assert [row.o for row in result] == [Literal(text)]


def test_query_errors_name_the_query(store: Store) -> None:
    with pytest.raises(StoreQueryError) as info:
        store.select("SELECT ?s WHERE { ?s ?p }")
    assert "SELECT ?s WHERE" in info.value.query
    with pytest.raises(StoreQueryError):
        store.ask("SELECT ?s WHERE { ?s ?p ?o }")
    with pytest.raises(StoreQueryError):
        store.select("ASK { ?s ?p ?o }")


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_dump_keeps_graphs(store: Store, fmt: str) -> None:
    store.replace_graphs({G1: review_graph("a"), G2: review_graph("b")})
    out = io.BytesIO()
    store.dump(fmt, out)
    dataset = Dataset()
    dataset.parse(data=out.getvalue(), format="nquads" if fmt == "nq" else "trig")
    assert isomorphic(dataset.graph(URIRef(G1)), review_graph("a"))
    assert isomorphic(dataset.graph(URIRef(G2)), review_graph("b"))
    out = io.BytesIO()
    store.dump(fmt, out, graphs=[G2])
    dataset = Dataset()
    dataset.parse(data=out.getvalue(), format="nquads" if fmt == "nq" else "trig")
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} == {G2}


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_dump_triples_is_union_or_one_graph(store: Store, fmt: str) -> None:
    store.replace_graphs({G1: review_graph("a"), G2: review_graph("b")})
    rdflib_format = "turtle" if fmt == "ttl" else "nt"
    out = io.BytesIO()
    store.dump(fmt, out)
    assert isomorphic(
        Graph().parse(data=out.getvalue(), format=rdflib_format),
        review_graph("a") + review_graph("b"),
    )
    out = io.BytesIO()
    store.dump(fmt, out, graphs=[G1])
    assert isomorphic(Graph().parse(data=out.getvalue(), format=rdflib_format), review_graph("a"))


def test_embedded_generation_and_read_only(tmp_path) -> None:
    path = tmp_path / "store"
    writer = open_store(path)
    assert read_generation(path) == 0
    writer.replace_graphs({G1: review_graph("a")})
    writer.replace_graphs({G2: review_graph("b")})
    assert read_generation(path) == 2
    writer.close()
    reader = open_store(path, read_only=True)
    assert reader.named_graphs() == [G1, G2]
    with pytest.raises(StoreReadOnlyError):
        reader.replace_graphs({G1: Graph()})
    reader.close()


@pytest.mark.remote
def test_open_store_remote_derives_endpoints(oxigraph_server) -> None:
    store = open_store(endpoint=oxigraph_server.query_url)
    assert isinstance(store, RemoteStore)
    assert store.update_endpoint == oxigraph_server.update_url
    assert store.gsp_endpoint == oxigraph_server.store_url
    store.replace_graphs({G1: review_graph("a")})
    assert store.named_graphs() == [G1]


@pytest.mark.remote
def test_remote_leftover_staging_is_dropped(remote_store: RemoteStore) -> None:
    leftover = f"{remote_store.staging_prefix}r1/reported/0000"
    remote_store._stage(leftover, b'<http://example.org/x> <http://example.org/p> "1" .\n', [])
    assert remote_store.named_graphs() == []
    assert remote_store.triple_count() == 0
    remote_store.replace_graphs({G1: review_graph("a")})
    rows = remote_store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert [row for row in rows if str(row["g"]) not in remote_store.own_graphs] == [
        {"g": URIRef(G1)}
    ]


@pytest.mark.remote
def test_remote_without_graph_store_stages_by_update(sparql_server) -> None:
    store = RemoteStore(
        sparql_server.query_url, sparql_server.update_url, engine=sparql_server.engine
    )
    store.gsp_endpoint = None
    store.replace_graphs({G1: review_graph("a")})
    if store.profile.insert_data_max_triples:  # staged in chunks the engine accepts
        store.replace_graphs({G1: review_graph("c", 3 * store.profile.insert_data_max_triples)})
        assert store.triple_count(G1) == 6 * store.profile.insert_data_max_triples
        store.replace_graphs({G1: review_graph("a")})
    assert isomorphic(graph_of(store, G1), review_graph("a"))
    out = io.BytesIO()
    store.dump("nt", out)
    assert isomorphic(Graph().parse(data=out.getvalue(), format="nt"), review_graph("a"))
