"""/api/reviews: bibliographic data, method, PRISMA and reported vs computed statistics."""

from __future__ import annotations

import statistics
from collections import Counter

from fastapi.testclient import TestClient

from ingest.readers import ReviewData

REVIEW = "https://w3id.org/spkg/id/review/liebmann-2022"


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


def test_reported_median_sample_size_beside_the_data_median(api: TestClient, seed_data: ReviewData):
    body = api.get("/api/reviews/liebmann-2022").json()
    sizes = [r.get("sample_size") for r in seed_data.rows("studies.csv")]
    expected = statistics.median(s for s in sizes if s is not None)
    median = next(
        c
        for c in body["comparisons"]
        if c["aboutVariable"] == "sample-size" and c["kind"] == "median"
    )
    assert median["reported"] == 19
    assert median["computed"] == expected
    assert median["agrees"] is (abs(expected - 19) < 0.51)


def test_studies_per_country_are_counted_from_the_data(api: TestClient, seed_data: ReviewData):
    body = api.get("/api/reviews/liebmann-2022").json()
    expected = Counter(r.get("country") for r in seed_data.rows("studies.csv") if r.get("country"))
    assert body["countries"] == dict(expected)
    sweden = next(
        c
        for c in body["comparisons"]
        if c["aboutVariable"] == "country" and c.get("category") == "SE"
    )
    assert sweden["reported"] == sweden["computed"] == expected["SE"]


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
