"""One node per work: reviews that include the same paper or study share its node, and say what
they say of it on nodes of their own, so ingesting, replacing or removing one review never
touches another's statements.

tests/fixtures/multi holds three small reviews (copies of tiny-2020 under other keys):
alpha-2021, beta-2022 and gamma-2023. All three include Smith 2017
(doi:10.1136/bmjopen-2016-015203, stated by each review) and Wild 2019
(doi:10.1186/s12889-018-6349-x: alpha took it from a primary paper, value_sources.csv; beta and
gamma state it); alpha and beta include Todd 2017, a thesis without a DOI (one node by first
author, year and title); each review's study of Smith and Wild is one shared study. They differ
in their keys, citation numbers, appraisal scores and sample sizes.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from ingest.build import ingest_data
from ingest.cli import main
from ingest.iris import GRAPH_KINDS, Minter
from ingest.namespaces import BIBO, DCTERMS, RDF, spkg_ns
from ingest.pipeline import (
    load_resources,
    prepare_review,
    remove_reviews,
    stored_reviews,
    write_ontology,
    write_review,
)
from ingest.store import EmbeddedStore, Store

ROOT = Path(__file__).resolve().parents[2]
MULTI = ROOT / "tests" / "fixtures" / "multi"
REVIEWS = ("alpha-2021", "beta-2022", "gamma-2023")
BASE = "https://w3id.org/spkg/"
S = spkg_ns(BASE)
SMITH = URIRef(f"{BASE}id/record/doi/10.1136/bmjopen-2016-015203")
WILD = URIRef(f"{BASE}id/record/doi/10.1186/s12889-018-6349-x")
TODD = URIRef(f"{BASE}id/record/work/todd-2017-museums-on-prescription")
SMITH_STUDY = URIRef(f"{BASE}id/shared-study/doi/10.1136/bmjopen-2016-015203")

# What a shared node may say of itself: the work's own data (as each review states it, in that
# review's graphs). Anything else is what one review says, and belongs on its own nodes.
WORK_PREDICATES = {
    RDF.type,
    DCTERMS.title,
    DCTERMS.issued,
    DCTERMS.creator,
    BIBO.doi,
    S.authorsAsPrinted,
    S.firstAuthor,
    S.venue,
    S.locator,
    S.peerReviewed,
}
SHARED_NODES = """
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX spkg: <https://w3id.org/spkg/ontology#>
SELECT DISTINCT ?node ?p WHERE {
  { ?review cito:reviews ?node } UNION { ?node a spkg:SharedStudy }
  ?node ?p ?o .
}
"""


@pytest.fixture
def store(any_store: Store) -> Store:
    """An empty store: embedded, or on a fresh SPARQL server of each engine."""
    return any_store


def _load(store: Store, folders: list[Path]) -> None:
    """Write the reviews as `spkg ingest` writes them (without SHACL and the reasoner)."""
    resources = load_resources(BASE)
    write_ontology(store, resources)
    for folder in folders:
        write_review(store, prepare_review(folder, resources))


def _graphs(store: Store, review: str) -> bytes:
    """A review's four graphs as sorted N-Quads: equal bytes, equal statements."""
    out = io.BytesIO()
    store.dump("nq", out, [str(Minter(review, BASE).graph(k)) for k in GRAPH_KINDS])
    return b"\n".join(sorted(out.getvalue().splitlines()))


def _reviews_of(store: Store, node: URIRef) -> set[str]:
    rows = store.select(
        "PREFIX cito: <http://purl.org/spar/cito/> SELECT ?r ?node WHERE { ?r cito:reviews ?node }",
        {"node": node},
    )
    return {str(r["r"]).rsplit("/", 1)[-1] for r in rows}


def test_one_record_and_one_study_node_per_work(store: Store) -> None:
    _load(store, [MULTI / r for r in REVIEWS])
    assert _reviews_of(store, SMITH) == set(REVIEWS)
    assert _reviews_of(store, WILD) == set(REVIEWS)  # alpha's DOI came from a primary paper
    assert _reviews_of(store, TODD) == {"alpha-2021", "beta-2022"}
    extractions = store.select(
        "PREFIX spkg: <https://w3id.org/spkg/ontology#> "
        "SELECT ?study ?shared WHERE { ?study spkg:extractionOf ?shared }",
        {"shared": SMITH_STUDY},
    )
    assert {str(r["study"]) for r in extractions} == {
        f"{BASE}id/study/alpha-2021/S1",
        f"{BASE}id/study/beta-2022/B1",
        f"{BASE}id/study/gamma-2023/G1",
    }
    # where the DOI came from is provenance: alpha's is supplementary, beta's reported
    alpha, beta = Minter("alpha-2021", BASE), Minter("beta-2022", BASE)
    ask = "ASK { GRAPH ?g { ?record <http://purl.org/ontology/bibo/doi> ?doi } }"
    assert store.ask(ask, {"g": alpha.graph("supplementary"), "record": WILD})
    assert not store.ask(ask, {"g": alpha.graph("reported"), "record": WILD})
    assert store.ask(ask, {"g": beta.graph("reported"), "record": WILD})


def test_no_review_specific_value_sits_on_a_shared_node(store: Store) -> None:
    _load(store, [MULTI / r for r in REVIEWS])
    rows = store.select(SHARED_NODES)
    studies = {r["node"] for r in rows if r["node"] == SMITH_STUDY}
    assert studies and {SMITH, WILD, TODD} <= {r["node"] for r in rows}
    offenders = sorted(
        (str(r["node"]), str(r["p"]))
        for r in rows
        if r["p"] not in (WORK_PREDICATES if r["node"] not in studies else {RDF.type})
    )
    assert offenders == []
    # each review's own values sit on its inclusion of the record
    rows = store.select(
        "PREFIX spkg: <https://w3id.org/spkg/ontology#> SELECT ?review ?n ?record WHERE { "
        "?inclusion spkg:includedRecord ?record ; spkg:inReview ?review ; "
        "spkg:citationNumber ?n }",
        {"record": SMITH},
    )
    numbers = {str(r["review"]).rsplit("/", 1)[-1]: int(r["n"]) for r in rows}
    assert numbers == {"alpha-2021": 1, "beta-2022": 11, "gamma-2023": 21}


def test_replacing_or_removing_one_review_leaves_the_others_untouched(
    store: Store, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(MULTI, data)
    _load(store, [data / r for r in REVIEWS])
    before = {r: _graphs(store, r) for r in ("beta-2022", "gamma-2023")}
    # alpha now gives the shared record another citation number and appraisal score
    records = data / "alpha-2021" / "records.csv"
    text = records.read_text(encoding="utf-8")
    records.write_text(text.replace("\n1,1,S1,", "\n1,7,S1,", 1), encoding="utf-8")
    _load(store, [data / "alpha-2021"])
    assert {r: _graphs(store, r) for r in before} == before
    inclusion = Minter("alpha-2021", BASE).inclusion("1")
    assert store.ask(
        "ASK { ?i <https://w3id.org/spkg/ontology#citationNumber> 7 }", {"i": inclusion}
    )
    # removed: one transaction drops the four graphs; the shared nodes keep the others' words
    calls: list[list[str]] = []
    replace = store.replace_graphs

    def counted(graphs):  # type: ignore[no-untyped-def]
        calls.append(sorted(graphs))
        assert all(len(g) == 0 for g in graphs.values())
        replace(graphs)

    store.replace_graphs = counted  # type: ignore[method-assign]
    try:
        dropped = remove_reviews(store, ["alpha-2021"], BASE)
    finally:
        del store.replace_graphs
    alpha = sorted(str(Minter("alpha-2021", BASE).graph(k)) for k in GRAPH_KINDS)
    assert calls == [alpha] and set(dropped) <= set(alpha)
    assert stored_reviews(store, BASE) == ["beta-2022", "gamma-2023"]
    assert {r: _graphs(store, r) for r in before} == before
    assert _reviews_of(store, SMITH) == {"beta-2022", "gamma-2023"}
    assert _reviews_of(store, TODD) == {"beta-2022"}


def test_ingest_drops_a_review_whose_folder_is_gone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for review in ("alpha-2021", "beta-2022"):
        shutil.copytree(MULTI / review, data / review)
    store = EmbeddedStore(tmp_path / "store")
    try:
        ingest_data(data, store, base=BASE, show_progress=False, classify=False)
        beta = _graphs(store, "beta-2022")
        shutil.rmtree(data / "alpha-2021")
        outcomes = ingest_data(data, store, base=BASE, show_progress=False, classify=False)
        assert [(o.review_id, o.written, o.removed) for o in outcomes] == [
            ("beta-2022", False, False),
            ("alpha-2021", True, True),
        ]
        assert stored_reviews(store, BASE) == ["beta-2022"]
        assert _graphs(store, "beta-2022") == beta
        assert _reviews_of(store, SMITH) == {"beta-2022"}
    finally:
        store.close()


def test_spkg_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    try:
        _load(store, [MULTI / "alpha-2021", MULTI / "beta-2022"])
    finally:
        store.close()
    assert main(["remove", "nope-2000", "--store", str(path)]) == 2
    assert "no review 'nope-2000' in the store" in capsys.readouterr().err
    assert main(["remove", "alpha-2021", "--store", str(path)]) == 0
    assert "alpha-2021: removed (3 graphs)" in capsys.readouterr().out  # its inferred one empty
    store = EmbeddedStore(path)
    try:
        assert stored_reviews(store, BASE) == ["beta-2022"]
        assert _reviews_of(store, WILD) == {"beta-2022"}
    finally:
        store.close()
