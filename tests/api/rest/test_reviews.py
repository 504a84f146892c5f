"""/api/reviews: bibliographic data, method, PRISMA and reported vs computed statistics."""

from __future__ import annotations

import json
import statistics
from collections import Counter

from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, Graph, URIRef

from api.jsonld import api_context
from ingest.ontology import load_ontology
from ingest.readers import ReviewData

REVIEW = "https://w3id.org/spkg/id/review/liebmann-2022"
SPKG = "https://w3id.org/spkg/ontology#"


def test_list_names_the_seed_review_with_its_counts(api: TestClient, seed_data: ReviewData):
    body = api.get("/api/reviews").json()
    item = next(i for i in body["items"] if i["id"] == REVIEW)
    assert item["key"] == "liebmann-2022"
    assert item["doi"] == "10.1186/s12913-022-08656-1"
    assert item["studyCount"] == len(seed_data.rows("studies.csv"))
    assert item["recordCount"] == len(seed_data.rows("records.csv"))


def test_detail_has_bibliography_method_and_prisma(api: TestClient):
    response = api.get("/api/reviews/liebmann-2022")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    body = response.json()
    assert body["@context"].endswith("/api/context.jsonld")
    assert "spkg:Review" in body["type"]
    assert "social prescribing" in body["title"].lower()
    kappas = {s.get("cohensKappa") for s in body["stages"]}
    assert 0.83 in kappas
    included = [p for p in body["prisma"] if p["flowStage"]["id"].endswith("#Included")]
    assert included and all(isinstance(p["count"], int) for p in included)
    assert body["searchSources"] and body["criteria"]


def _comparison(body: dict, stat_id: str) -> dict:
    return next(c for c in body["comparisons"] if c["reportedStatistic"]["id"].endswith(stat_id))


def test_median_sample_size_is_not_verifiable_while_sizes_are_unknown(
    api: TestClient, seed_data: ReviewData
):
    body = api.get("/api/reviews/liebmann-2022").json()
    rows = seed_data.rows("studies.csv")
    sizes = [r.get("sample_size") for r in rows]
    known = sorted(int(s) for s in sizes if s is not None)
    unknown = len(sizes) - len(known)
    listed = [r for r in rows if r.get("sample_size") is not None]
    listed = [r for r in listed if seed_data.is_listed(r.file, r.key_text, "sample_size")]
    median = _comparison(body, "/sample-size-median")
    assert median["reported"] == 19
    assert median["knownCount"] == len(known) and median["consideredCount"] == len(sizes)
    assert median["supplementaryInputCount"] == len(listed)
    assert unknown > 0 and "computed" not in median and "agrees" not in median
    # Every unknown size at the schema's minimum (1), then above every known one.
    assert median["lowerBound"] == statistics.median(known + [1] * unknown)
    assert median["upperBound"] == statistics.median(known + [10**9] * unknown)
    assert median["status"] == "not verifiable"
    assert "13 of 18 studies known (11 from the supplementary graph)" in median["basis"]


def test_studies_per_country_are_counted_from_the_data(api: TestClient, seed_data: ReviewData):
    body = api.get("/api/reviews/liebmann-2022").json()
    rows = seed_data.rows("studies.csv")
    expected = Counter(r.get("country") for r in rows if r.get("country"))
    unknown = sum(1 for r in rows if not r.get("country"))
    assert body["countries"] == dict(expected)
    sweden = next(
        c
        for c in body["comparisons"]
        if c["aboutVariable"] == "country" and c.get("category") == "SE"
    )
    assert sweden["reported"] == expected["SE"]
    assert (sweden["lowerBound"], sweden["upperBound"]) == (
        expected["SE"],
        expected["SE"] + unknown,
    )
    assert sweden["status"] == ("not verifiable" if unknown else "agrees")


def test_unknown_values_never_count_as_zero_or_no(api: TestClient):
    body = api.get("/api/reviews/liebmann-2022").json()
    # No CASP score is known: "none scored under 5" cannot be confirmed.
    under_5 = _comparison(body, "/casp-under-5")
    assert under_5["status"] == "not verifiable" and "agrees" not in under_5
    assert under_5["knownCount"] == 0 and under_5["consideredCount"] == 17
    # No record's way of assessing loneliness is known: no share is computed from them.
    for stat in ("assessment-standardised", "assessment-self-report", "assessment-both"):
        share = _comparison(body, f"/{stat}")
        assert share["status"] == "not verifiable" and share["knownCount"] == 0
        assert "computed" not in share
    # 53 % of 18 studies: no whole number of studies gives it, whatever the unknowns are.
    older = _comparison(body, "/older-only-share")
    assert older["status"] == "disagrees" and older["agrees"] is False
    assert "computed" not in older and older["knownCount"] < older["consideredCount"]


def test_every_statistic_has_a_check_with_its_basis(api: TestClient, seed_data: ReviewData):
    body = api.get("/api/reviews/liebmann-2022").json()
    assert len(body["comparisons"]) == len(seed_data.rows("aggregates.csv"))
    statuses = {"agrees", "disagrees", "not verifiable", "not checkable"}
    for c in body["comparisons"]:
        assert c["status"] in statuses and c["basis"], c
        assert c["check"].startswith("https://w3id.org/spkg/id/check/liebmann-2022/")
        assert ("agrees" in c) == (c["status"] in ("agrees", "disagrees"))
        if "computed" in c:
            assert c["knownCount"] <= c["consideredCount"]
    covid = _comparison(body, "/covid-count")
    assert (covid["computed"], covid["status"], covid["agrees"]) == (6, "agrees", True)
    period = _comparison(body, "/collection-2017-2018")
    assert period["status"] == "not checkable"


def test_the_checks_read_as_json_ld_give_the_status_individuals(api: TestClient):
    body = api.get("/api/reviews/liebmann-2022").json()
    body["@context"] = api_context().document["@context"]
    graph = Graph().parse(data=json.dumps(body), format="json-ld")
    statuses = {str(o) for o in graph.objects(None, URIRef(SPKG + "checkStatus"))}
    assert statuses == {SPKG + s for s in ("Agrees", "Disagrees", "NotVerifiable", "NotCheckable")}


def test_the_checks_are_statements_of_the_supplementary_graph(api: TestClient):
    query = """
    PREFIX spkg: <https://w3id.org/spkg/ontology#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?status ?known WHERE {
      GRAPH <https://w3id.org/spkg/graph/liebmann-2022/supplementary> {
        ?check spkg:checks <https://w3id.org/spkg/id/statistic/liebmann-2022/casp-under-5> ;
               spkg:checkStatus ?status ; spkg:knownCount ?known ; prov:wasGeneratedBy ?run .
      }
      GRAPH <https://w3id.org/spkg/graph/liebmann-2022/provenance> { ?run a prov:Activity }
    }"""
    accept = {"accept": "application/sparql-results+json"}
    response = api.get("/sparql", params={"query": query}, headers=accept)
    rows = response.json()["results"]["bindings"]
    assert [(r["status"]["value"], r["known"]["value"]) for r in rows] == [
        (SPKG + "NotVerifiable", "0")
    ]


def test_the_review_page_shows_each_statistic_with_status_and_basis(api: TestClient):
    response = api.get("/id/review/liebmann-2022", headers={"accept": "text/html"})
    assert response.status_code == 200
    html = response.text
    assert '<section id="checks">' in html
    row = html.split('id="check-casp-under-5"', 1)[1].split("</tr>", 1)[0]
    assert "not verifiable" in row and "0 of 17" in row and "0 to 17" in row
    row = html.split('id="check-older-only-share"', 1)[1].split("</tr>", 1)[0]
    assert "disagrees" in row and "none gives the printed 53" in row


def test_plain_json_has_no_context(api: TestClient):
    response = api.get("/api/reviews/liebmann-2022", headers={"accept": "application/json"})
    assert response.headers["content-type"].startswith("application/json")
    assert "Accept" in response.headers["vary"]
    assert "@context" not in response.json()


def test_unknown_review_is_a_404_problem(api: TestClient):
    response = api.get("/api/reviews/no-such-review")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "There is no review 'no-such-review'."


def test_a_key_outside_the_pattern_is_a_422_problem(api: TestClient):
    response = api.get("/api/reviews/bad%20key")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["path", "review"]


def test_the_context_names_each_check_status_by_its_ontology_label():
    onto = load_ontology()
    status = URIRef(SPKG + "CheckStatus")
    labels = {str(onto.value(s, RDFS.label)): str(s) for s in onto.subjects(RDF.type, status)}
    context = api_context()
    scoped = context.document["@context"]["status"]["@context"]
    assert {word: context.expand(curie) for word, curie in scoped.items()} == labels
