"""Each review's summary (counts of its records, studies, themes and quotes, and its graphs'
sizes, in its provenance graph) says what counting the whole store says, and goes with the
review: written, replaced and removed in the review's own transaction.

The reference is the counting the service did before summaries existed: aggregates over every
review's data in the union of all graphs.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from ingest.iris import Minter
from ingest.namespaces import VOID
from ingest.pipeline import (
    load_resources,
    prepare_review,
    remove_reviews,
    stored_fingerprint,
    write_ontology,
    write_review,
)
from ingest.store import EmbeddedStore, Store
from ingest.summary import KINDS, SUMMARY_QUERY

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "liebmann-2022"
TINY = ROOT / "tests" / "fixtures" / "valid" / "tiny-2020"
MULTI = ROOT / "tests" / "fixtures" / "multi"
BASE = "https://w3id.org/spkg/"

# Counting as the service counted before summaries: every review's data, every request.
COUNTED = """
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX spkg: <https://w3id.org/spkg/ontology#>
SELECT ?review ?kind ?n WHERE {
  { SELECT ?review (COUNT(DISTINCT ?x) AS ?n) ("records" AS ?kind) WHERE {
      ?review a spkg:Review ; cito:reviews ?x } GROUP BY ?review }
  UNION { SELECT ?review (COUNT(DISTINCT ?x) AS ?n) ("studies" AS ?kind) WHERE {
      ?review a spkg:Review . ?x a spkg:Study ; prov:wasDerivedFrom ?review } GROUP BY ?review }
  UNION { SELECT ?review (COUNT(DISTINCT ?x) AS ?n) ("themes" AS ?kind) WHERE {
      ?review a spkg:Review . ?x a skos:Concept ; skos:inScheme ?scheme .
      ?scheme prov:wasDerivedFrom ?review } GROUP BY ?review }
  UNION { SELECT ?review (COUNT(DISTINCT ?x) AS ?n) ("quotes" AS ?kind) WHERE {
      ?review a spkg:Review . ?x a oa:Annotation ; prov:wasDerivedFrom ?review } GROUP BY ?review }
  UNION { SELECT ?review (COUNT(DISTINCT ?x) AS ?n) ("includesStudy" AS ?kind) WHERE {
      ?review a spkg:Review ; spkg:includesStudy ?x } GROUP BY ?review }
  UNION { SELECT ?review (COUNT(DISTINCT ?x) AS ?n) ("includesRecord" AS ?kind) WHERE {
      ?review a spkg:Review ; spkg:includesRecord ?x } GROUP BY ?review }
}"""
SUMMARISED = """
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?review ?part ?n WHERE { GRAPH ?g {
  ?reported void:rootResource ?review ; void:classPartition ?part . ?part void:entities ?n } }"""
STATED_SIZES = "SELECT ?graph ?n WHERE { GRAPH ?g { ?graph <http://rdfs.org/ns/void#triples> ?n } }"
SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
FOLDERS = [SEED, TINY, *(MULTI / name for name in ("alpha-2021", "beta-2022", "gamma-2023"))]


def _counted(store: Store) -> dict[tuple[str, str], int]:
    return {(str(r["review"]), str(r["kind"])): int(r["n"]) for r in store.select(COUNTED)}


def _summarised(store: Store) -> dict[tuple[str, str], int]:
    """(review, kind) → count, the kind read from the partition's name (`…/reported#studies`)."""
    rows = store.select(SUMMARISED)
    return {(str(r["review"]), str(r["part"]).rsplit("#", 1)[1]): int(r["n"]) for r in rows}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    resources = load_resources(BASE)
    opened = EmbeddedStore(tmp_path_factory.mktemp("summary") / "store")
    write_ontology(opened, resources)
    for folder in FOLDERS:
        write_review(opened, prepare_review(folder, resources))
    yield opened
    opened.close()


def test_summaries_count_what_counting_the_whole_store_counts(store: EmbeddedStore) -> None:
    counted, summarised = _counted(store), _summarised(store)
    reviews = {review for review, _ in counted}
    assert len(reviews) == len(FOLDERS)
    for review in reviews:
        for kind in KINDS:
            assert summarised[(review, kind)] == counted.get((review, kind), 0), (review, kind)
        # The list of reviews counted a review's studies and records by these links.
        assert summarised[(review, "studies")] == counted.get((review, "includesStudy"), 0)
        assert summarised[(review, "records")] == counted.get((review, "includesRecord"), 0)
    assert len(summarised) == len(FOLDERS) * len(KINDS)


def test_every_graph_size_stated_is_the_size_stored(store: EmbeddedStore) -> None:
    stored = {str(r["g"]): int(r["n"]) for r in store.select(SIZES)}
    stated = {str(r["graph"]): int(r["n"]) for r in store.select(STATED_SIZES)}
    assert len(stated) == 4 * len(FOLDERS)
    for graph, size in stated.items():
        assert stored.get(graph, 0) == size, graph  # an empty inferred graph is not stored


def test_a_replaced_review_has_one_summary_the_new_one(tmp_path: Path) -> None:
    resources = load_resources(BASE)
    folder = tmp_path / "tiny-2020"
    shutil.copytree(TINY, folder)
    with EmbeddedStore(tmp_path / "store") as store:
        write_review(store, prepare_review(folder, resources))
        before = _summarised(store)
        quotes = folder / "quotes.csv"
        lines = quotes.read_text(encoding="utf-8").splitlines(keepends=True)
        quotes.write_text("".join(lines[:-1]), encoding="utf-8")  # one quote fewer
        write_review(store, prepare_review(folder, resources))
        after = _summarised(store)
        review = str(Minter("tiny-2020", BASE).review_iri())
        assert after[(review, "quotes")] == before[(review, "quotes")] - 1
        assert len(after) == len(KINDS)
        assert after == {k: v for k, v in _counted(store).items() if k[1] in KINDS}
        remove_reviews(store, ["tiny-2020"])
        assert _summarised(store) == {}


def test_a_review_stored_without_a_summary_is_written_again(tmp_path: Path) -> None:
    resources = load_resources(BASE)
    prepared = prepare_review(TINY, resources)
    minter = prepared.mapped.minter
    provenance = str(minter.graph("provenance"))
    with EmbeddedStore(tmp_path / "store") as store:
        write_review(store, prepared)
        assert stored_fingerprint(store, minter) == prepared.fingerprint
        # The provenance graph as written before summaries existed.
        old = Graph(identifier=URIRef(provenance))
        for row in store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{provenance}> {{ ?s ?p ?o }} }}"):
            if not str(row["p"]).startswith(str(VOID)):
                old.add((row["s"], row["p"], row["o"]))
        store.replace_graphs({provenance: old})
        assert not store.select(SUMMARY_QUERY, {"g": URIRef(provenance)})
        assert stored_fingerprint(store, minter) is None


def test_counts_are_integers(store: EmbeddedStore) -> None:
    rows = store.select(SUMMARISED)
    assert rows and all(isinstance(r["n"], Literal) and r["n"].datatype for r in rows)


def test_the_dataset_graphs_query_gives_every_stored_graph_and_its_size(
    store: EmbeddedStore,
) -> None:
    """dataset-graphs.rq reads the reviews' sizes from their summaries and counts the rest; it
    must name exactly the graphs the store holds, each with the size counting gives."""
    query = (ROOT / "api" / "queries" / "dataset-graphs.rq").read_text(encoding="utf-8")
    stored = {str(r["g"]): int(r["n"]) for r in store.select(SIZES)}
    assert {str(r["g"]): int(r["n"]) for r in store.select(query)} == stored
    assert f"{BASE}ontology" in stored


def test_the_queries_reading_summaries_agree_on_every_store_kind(any_store: Store) -> None:
    """review-keys, reviews (bound by a provenance graph) and dataset-graphs read the
    summaries; each store kind must give what counting and listing give."""
    resources = load_resources(BASE)
    write_ontology(any_store, resources)
    for folder in (TINY, MULTI / "alpha-2021"):
        write_review(any_store, prepare_review(folder, resources))
    queries = ROOT / "api" / "queries"

    def text(name: str) -> str:
        return (queries / f"{name}.rq").read_text(encoding="utf-8")

    keys = {str(r["review"]) for r in any_store.select(text("review-keys"))}
    assert keys == {f"{BASE}id/review/tiny-2020", f"{BASE}id/review/alpha-2021"}
    stored = {str(r["g"]): int(r["n"]) for r in any_store.select(SIZES)}
    listed = {str(r["g"]): int(r["n"]) for r in any_store.select(text("dataset-graphs"))}
    assert {g: n for g, n in listed.items() if g.startswith(BASE)} == {
        g: n for g, n in stored.items() if g.startswith(BASE)
    }
    provenance = URIRef(f"{BASE}graph/tiny-2020/provenance")
    [row] = any_store.select(text("reviews"), {"provenance": provenance})
    assert str(row["review"]) == f"{BASE}id/review/tiny-2020"
    assert int(row["studies"]) == _summarised(any_store)[(str(row["review"]), "studies")]
