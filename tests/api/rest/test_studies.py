"""/api/studies: filters, paging, and a study with its records, sources and completeness."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ingest.readers import ReviewData

STUDY = "https://w3id.org/spkg/id/study/liebmann-2022/"


def keys(body: dict) -> set[str]:
    return {i["key"] for i in body["items"]}


def test_country_filter(api: TestClient):
    body = api.get("/api/studies", params={"review": "liebmann-2022", "country": "US"}).json()
    assert keys(body) == {"S52"}
    assert body["items"][0]["sampleSize"] == 41


def test_publication_type_filter_finds_the_thesis(api: TestClient):
    params = {"review": "liebmann-2022", "publication_type": "doctoral-thesis"}
    assert keys(api.get("/api/studies", params=params).json()) == {"S58"}


def test_older_adults_only_filter_matches_the_data(api: TestClient, seed_data: ReviewData):
    expected = {
        r.key[0] for r in seed_data.rows("studies.csv") if r.get("older_adults_only") is True
    }
    params = {"review": "liebmann-2022", "older_adults_only": "true", "per_page": 100}
    assert keys(api.get("/api/studies", params=params).json()) == expected


def test_year_range_filter(api: TestClient, seed_data: ReviewData):
    studies = {
        str(r.get("study_id"))
        for r in seed_data.rows("records.csv")
        if r.get("year") is not None and 2006 <= int(str(r.get("year"))) <= 2013
    }
    params = {"review": "liebmann-2022", "year_from": 2006, "year_to": 2013, "per_page": 100}
    assert keys(api.get("/api/studies", params=params).json()) == studies
    assert "S51" in studies  # Greaves & Farbus 2006


def test_min_score_filter_keeps_only_appraised_studies(api: TestClient, seed_data: ReviewData):
    expected = {
        str(r.get("study_id"))
        for r in seed_data.rows("records.csv")
        if r.get("appraisal_score") is not None and int(r.get("appraisal_score")) >= 6
    }
    params = {"review": "liebmann-2022", "min_score": 6, "per_page": 100}
    assert keys(api.get("/api/studies", params=params).json()) == expected


def test_paging_links_walk_the_whole_list(api: TestClient, seed_data: ReviewData):
    seen: list[str] = []
    url: str | None = "/api/studies?review=liebmann-2022&per_page=7"
    pages = 0
    while url:
        body = api.get(url).json()
        seen += [i["key"] for i in body["items"]]
        assert body["total"] == len(seed_data.rows("studies.csv"))
        url = body.get("next")
        pages += 1
    assert pages == -(-len(seed_data.rows("studies.csv")) // 7)
    assert sorted(seen) == sorted(r.key[0] for r in seed_data.rows("studies.csv"))
    second = api.get("/api/studies?review=liebmann-2022&per_page=7&page=2").json()
    assert second["prev"].endswith("page=1&per_page=7")


def test_bad_filter_values_are_422(api: TestClient):
    for params in ({"country": "XX"}, {"year_from": "soon"}, {"per_page": 0}, {"min_score": 11}):
        response = api.get("/api/studies", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"


def test_study_detail_carries_records_sample_interventions_quotes(api: TestClient):
    body = api.get("/api/studies/liebmann-2022/S58").json()
    assert body["id"] == STUDY + "S58"
    assert body["sample"]["sampleSize"] == 12
    assert [r["citationNumber"] for r in body["records"]] == [58]
    assert "spkg:DoctoralThesis" in body["records"][0]["type"]
    assert body["interventions"][0]["label"].startswith("Museum programmes")
    themes = {t["theme"]["label"] for t in body["themesSupported"]}
    assert "Sense of belonging to the community" in themes
    assert any("feel part of" in q["text"] for q in body["quotes"])


def test_study_detail_names_the_source_of_each_value(api: TestClient, seed_data: ReviewData):
    listed = next(
        r
        for r in seed_data.rows("value_sources.csv")
        if r.get("file") == "studies.csv" and r.get("column") == "country"
    )
    key = str(listed.get("key"))
    body = api.get(f"/api/studies/liebmann-2022/{key}").json()
    # The ValueSource note is about the cell's main term (dcterms:spatial); the country code
    # stated from the same cell sits in the same graph.
    assert body["valueSources"]["study"]["countryCode"]["graph"] == "supplementary"
    source = body["valueSources"]["study"]["spatial"]
    assert source["graph"] == "supplementary"
    assert source["sourceKind"] == "spkg:" + str(listed.get("source")).title().replace("-", "")
    if listed.get("note"):
        assert source["note"] == listed.get("note")
    assert body["valueSources"]["study"]["derivedFrom"]["graph"] == "reported"


def test_completeness_counts_empty_columns(api: TestClient):
    sparse = api.get("/api/studies/liebmann-2022/S47").json()["completeness"]
    rich = api.get("/api/studies/liebmann-2022/S45").json()["completeness"]
    assert 0 < sparse["completeness"] < rich["completeness"] <= 1
    assert "studies.csv:sample_size" in sparse["missing"]
    assert sparse["fieldsFilled"] + len(sparse["missing"]) == sparse["fieldsTotal"]


def test_unknown_study_is_404(api: TestClient):
    response = api.get("/api/studies/liebmann-2022/S99")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no study 'liebmann-2022/S99'."
