"""Two reviews that include the same paper: one DOI-keyed record node, each review's own values.

The store holds tests/fixtures/valid/tiny-2020 and a copy of it under another review key
(`twin-2021`) that states different citation numbers, year and appraisal for the shared record
(record 1, DOI 10.1136/bmjopen-2016-015203), a different sample size and one more reported
statistic. Every route of one review must show that review's statements only.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.rest.conftest import BASE, FIXTURE, build_store

SHARED = f"{BASE}id/record/doi/10.1136/bmjopen-2016-015203"
TINY, TWIN = "tiny-2020", "twin-2021"
# The twin's records.csv changes: record_id -> column -> value.
TWIN_RECORDS = {
    "1": {"citation_number": "91", "year": "2015", "appraisal_score": "5"},
    "2": {"citation_number": "92"},
    "3": {"citation_number": "93"},
}


def _rewrite(path: Path, change: Any) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0].keys())
    for row in rows:
        change(row)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def make_twin(folder: Path) -> Path:
    """tiny-2020 copied as twin-2021, with the twin's own values for the shared record."""
    twin = folder / TWIN
    shutil.copytree(FIXTURE, twin)
    _rewrite(twin / "review.csv", lambda r: r.update(review_id=TWIN, doi="10.1234/twin.2021.1"))
    _rewrite(twin / "records.csv", lambda r: r.update(TWIN_RECORDS.get(r["record_id"], {})))
    sizes = {"S1": "99"}
    _rewrite(
        twin / "studies.csv",
        lambda r: r.update(sample_size=sizes.get(r["study_id"], r["sample_size"])),
    )
    with (twin / "aggregates.csv").open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [
                ["y-min", "publication-year", "minimum", "", "2015", "years", "", "", "", "2015"],
                ["a-min", "appraisal-score", "minimum", "", "5", "points", "", "", "", "5"],
            ]
        )
    return twin


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The service over a store with both reviews."""
    work = tmp_path_factory.mktemp("shared")
    store = build_store(work / "store", [FIXTURE, make_twin(work)])
    app = create_app(Settings(store=store, query_timeout=20, query_workers=2))
    with TestClient(app, base_url="http://testserver") as client:
        yield client


def get(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def studies(client: TestClient, review: str, **params: Any) -> dict[str, dict[str, Any]]:
    body = get(client, "/api/studies", review=review, per_page=100, **params)
    return {item["key"]: item for item in body["items"]}


def test_both_reviews_state_the_record_as_one_node(shared: TestClient):
    node = get(shared, f"/api/studies/{TINY}/S1")
    assert SHARED in {r["id"] for r in node["records"]}
    twin = get(shared, f"/api/studies/{TWIN}/S1")
    assert SHARED in {r["id"] for r in twin["records"]}


@pytest.mark.parametrize(
    ("review", "refs", "first_year", "size"),
    [(TINY, [1, 2], 2017, 30), (TWIN, [91, 92], 2015, 99)],
)
def test_study_list_shows_the_reviews_own_citations_and_years(
    shared: TestClient, review: str, refs: list[int], first_year: int, size: int
):
    s1 = studies(shared, review)["S1"]
    assert s1["citationNumbers"] == refs
    assert s1["firstYear"] == first_year
    assert s1["sampleSize"] == size
    assert s1["review"] == f"{BASE}id/review/{review}"


def test_study_list_without_review_keeps_each_review_apart(shared: TestClient):
    body = get(shared, "/api/studies", per_page=100)
    refs = {(i["review"].rsplit("/", 1)[-1], i["key"]): i["citationNumbers"] for i in body["items"]}
    assert refs[(TINY, "S1")] == [1, 2]
    assert refs[(TWIN, "S1")] == [91, 92]
    assert len(body["items"]) == 4


def test_filters_read_the_reviews_own_appraisal_and_years(shared: TestClient):
    # tiny scores the shared record 8, the twin 5: only tiny's S1 has a record scored >= 8.
    assert set(studies(shared, TINY, min_score=8)) == {"S1"}
    assert set(studies(shared, TWIN, min_score=8)) == set()
    # The twin dates the shared record 2015; tiny dates it 2017.
    assert set(studies(shared, TINY, year_to=2016)) == set()
    assert set(studies(shared, TWIN, year_to=2016)) == {"S1"}


@pytest.mark.parametrize(("review", "citation", "score"), [(TINY, 1, 8), (TWIN, 91, 5)])
def test_study_detail_shows_the_reviews_own_record_values(
    shared: TestClient, review: str, citation: int, score: int
):
    body = get(shared, f"/api/studies/{review}/S1")
    record = next(r for r in body["records"] if r["id"] == SHARED)
    assert record["citationNumber"] == citation
    assert record["appraisal"]["id"] == f"{BASE}id/appraisal/{review}/1"
    assert record["appraisal"]["appraisalScore"] == score
    assert [m["id"] for m in record["measures"]] == [f"{BASE}id/measurement/{review}/M1"]
    themes = {t["theme"]["id"] for t in body["themesSupported"]}
    assert themes and all(t.startswith(f"{BASE}id/theme/{review}/") for t in themes)
    quotes = {q["id"] for q in body["quotes"]}
    assert quotes == {f"{BASE}id/quote/{review}/Q1", f"{BASE}id/quote/{review}/Q2"}


def test_review_list_counts_each_reviews_studies_and_records(shared: TestClient):
    items = {i["key"]: i for i in get(shared, "/api/reviews")["items"]}
    assert {k: (i["studyCount"], i["recordCount"]) for k, i in items.items()} == {
        TINY: (2, 3),
        TWIN: (2, 3),
    }


def test_review_detail_computes_from_the_reviews_own_values(shared: TestClient):
    body = get(shared, f"/api/reviews/{TWIN}")
    computed = {(c["aboutVariable"], c["kind"]): c.get("computed") for c in body["comparisons"]}
    assert computed[("publication-year", "minimum")] == 2015
    assert computed[("appraisal-score", "minimum")] == 5
    assert computed[("sample-size", "total")] == 111
    tiny = get(shared, f"/api/reviews/{TINY}")
    assert {(c["aboutVariable"], c["kind"]): c.get("computed") for c in tiny["comparisons"]}[
        ("sample-size", "total")
    ] == 42


@pytest.mark.parametrize("review", [TINY, TWIN])
def test_quotes_name_the_reviews_own_study_once(shared: TestClient, review: str):
    items = get(shared, "/api/quotes", review=review)["items"]
    assert sorted(i["key"] for i in items) == ["Q1", "Q2"]
    q1 = next(i for i in items if i["key"] == "Q1")
    assert q1["study"]["id"] == f"{BASE}id/study/{review}/S1"


def test_quotes_by_citation_number_use_the_reviews_own_numbers(shared: TestClient):
    assert [i["key"] for i in get(shared, "/api/quotes", review=TINY, record="1")["items"]] == [
        "Q1"
    ]
    assert get(shared, "/api/quotes", review=TINY, record="91")["items"] == []
    assert [i["key"] for i in get(shared, "/api/quotes", review=TWIN, record="91")["items"]] == [
        "Q1"
    ]


@pytest.mark.parametrize(("review", "citation"), [(TINY, 1), (TWIN, 91)])
def test_evidence_links_stay_within_the_review(shared: TestClient, review: str, citation: int):
    links = get(shared, f"/api/themes/{review}/T1.1/interventions")["items"]
    assert [link["intervention"]["id"] for link in links] == [
        f"{BASE}id/intervention/{review}/I1",
        f"{BASE}id/intervention/{review}/I2",
    ]
    first = links[0]
    assert [s["id"] for s in first["studies"]] == [f"{BASE}id/study/{review}/S1"]
    assert [(r["id"], r["citationNumber"]) for r in first["records"]] == [(SHARED, citation)]
    assert first["studyCount"] == 1 and first["recordCount"] == 1 and first["quoteCount"] == 1


@pytest.mark.parametrize("review", [TINY, TWIN])
def test_theme_detail_and_evidence_map_count_the_reviews_own_studies(
    shared: TestClient, review: str
):
    theme = get(shared, f"/api/themes/{review}/T1")
    assert [s["id"] for s in theme["supportingStudies"]] == [
        f"{BASE}id/study/{review}/S1",
        f"{BASE}id/study/{review}/S2",
    ]
    body = get(shared, "/api/evidence-map", review=review)
    cells = {
        (c["theme"]["id"].rsplit("/", 1)[-1], c["interventionType"]["id"].rsplit("/", 1)[-1]): (
            c["studyCount"],
            c["recordCount"],
            c["quoteCount"],
        )
        for c in body["cells"]
    }
    assert cells[("T1.1", "link-worker-social-prescribing")] == (1, 1, 1)
    assert all(t["id"].startswith(f"{BASE}id/theme/{review}/") for t in body["themes"])
