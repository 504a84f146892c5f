"""The review's inconsistencies: in its supplementary graph (ASK per curated one, with each
target), at /api/reviews/{review}/inconsistencies as JSON and JSON-LD, and on its page."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from api.jsonld import api_context
from ingest.iris import Minter
from ingest.readers import ReviewData, read_review
from tests.api.rest.conftest import BASE, FIXTURE, SEED

OA = "http://www.w3.org/ns/oa#"
SPKG = f"{BASE}ontology#"
M = Minter("liebmann-2022", BASE)
SEED_ROWS = read_review(SEED).rows("inconsistencies.csv")


def _ask(api: TestClient, query: str) -> bool:
    response = api.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def _targets(seed_data: ReviewData, key: str) -> list[str]:
    """The statistic, theme and stage IRIs a row names (records may be named by DOI)."""
    row = next(r for r in seed_data.rows("inconsistencies.csv") if r.key[0] == key)
    mint = {"statistic_ids": M.statistic, "theme_ids": M.theme, "stage_ids": M.stage}
    mint["statement_ids"] = M.statement
    return sorted(str(f(k)) for c, f in mint.items() for k in row.get(c) or ())


@pytest.mark.parametrize("key", [r.key[0] for r in SEED_ROWS])
def test_each_curated_inconsistency_is_in_the_supplementary_graph_with_its_targets(
    api: TestClient, seed_data: ReviewData, key: str
) -> None:
    node = M.inconsistency(key)
    targets = " ".join(f"<{node}> oa:hasTarget <{t}> ." for t in _targets(seed_data, key))
    ask = f"""PREFIX oa: <{OA}> PREFIX spkg: <{SPKG}>
        ASK {{ GRAPH <{M.graph("supplementary")}> {{
            <{node}> a spkg:Inconsistency, oa:Annotation ; oa:motivatedBy oa:assessing ;
                oa:bodyValue ?explanation ; spkg:inconsistencyKind ?kind .
            {targets} }} }}"""
    assert _ask(api, ask)
    assert not _ask(api, f"ASK {{ GRAPH <{M.graph('reported')}> {{ <{node}> ?p ?o }} }}")


def test_the_route_lists_every_inconsistency_with_kind_targets_and_passage(
    api: TestClient, seed_data: ReviewData
) -> None:
    response = api.get("/api/reviews/liebmann-2022/inconsistencies", params={"per_page": 100})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    body = response.json()
    curated = [i for i in body["items"] if i["origin"] == "curated"]
    rows = seed_data.rows("inconsistencies.csv")
    assert sorted(i["key"] for i in curated) == sorted(r.key[0] for r in rows)
    assert Counter(i["kind"] for i in curated) == Counter(r.get("kind") for r in rows)
    by_key = {i["key"]: i for i in curated}
    sums = by_key["assessment-shares-sum"]
    assert sums["inconsistencyKind"] == "spkg:ArithmeticInconsistency"
    assert sums["explanation"].startswith("Loneliness is said to have been measured")
    assert {t["id"]: t["type"] for t in sums["targets"]} == {
        str(M.statistic(k)): "spkg:ReportedStatistic"
        for k in ("assessment-standardised", "assessment-self-report", "assessment-both")
    }
    subthemes = by_key["subtheme-count"]
    assert subthemes["passage"] == "increased sense of wellbeing (with six subthemes)"
    assert subthemes["targets"] == [
        {"id": str(M.theme("T1")), "label": "Increased sense of wellbeing", "type": "spkg:Theme"}
    ]
    lonely = {t["label"] for t in by_key["citation-5154"]["targets"]}
    assert {"[51]", "[52]", "[53]", "[54]", "part-lonely-count"} == lonely
    stage = by_key["kappa-single-reviewer"]["targets"][0]
    assert (stage["id"], stage["type"]) == (str(M.stage("extraction")), "spkg:ReviewStage")
    # computed ones (the ingest's checks) come after the curated ones, marked as such
    origins = [i["origin"] for i in body["items"]]
    assert origins == sorted(origins, key=lambda o: o != "curated")


def test_json_and_json_ld_are_one_body(api: TestClient) -> None:
    path = "/api/reviews/tiny-2020/inconsistencies"
    plain = api.get(path, headers={"Accept": "application/json"})
    assert plain.headers["content-type"].startswith("application/json")
    linked = api.get(path).json()
    assert {k: v for k, v in linked.items() if k != "@context"} == plain.json()
    assert [i["key"] for i in linked["items"] if i["origin"] == "curated"] == [
        "every-target",
        "subtheme-count",
    ]
    linked["@context"] = api_context().document["@context"]
    graph = Graph().parse(data=json.dumps(linked), format="json-ld")
    node = URIRef(f"{BASE}id/inconsistency/tiny-2020/subtheme-count")
    assert (node, URIRef(f"{OA}hasTarget"), URIRef(f"{BASE}id/theme/tiny-2020/T1")) in graph


def test_an_unknown_review_is_404(api: TestClient) -> None:
    response = api.get("/api/reviews/no-such-review/inconsistencies")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_the_review_page_lists_its_inconsistencies(api: TestClient) -> None:
    page = api.get("/id/review/liebmann-2022", headers={"Accept": "text/html"}).text
    assert '<section id="inconsistencies">' in page
    for row in SEED_ROWS:
        assert f'id="inconsistency-{row.key[0]}"' in page
    assert 'href="/id/theme/liebmann-2022/T1"' in page
    assert "106 %" in page
    other = api.get("/id/theme/liebmann-2022/T1", headers={"Accept": "text/html"}).text
    assert '<section id="inconsistencies">' not in other


def test_the_fixture_folder_exercises_the_file() -> None:
    assert [r.key[0] for r in read_review(FIXTURE).rows("inconsistencies.csv")] == [
        "subtheme-count",
        "every-target",
    ]
