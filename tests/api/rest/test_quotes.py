"""/api/quotes: every filter, against what quotes.csv says."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.readers import ReviewData

ALL = {"review": "liebmann-2022", "per_page": 500}


def quote_keys(api: TestClient, **params: object) -> set[str]:
    response = api.get("/api/quotes", params={**ALL, **params})
    assert response.status_code == 200, response.text
    return {i["key"] for i in response.json()["items"]}


def test_text_search_ignores_case(api: TestClient):
    assert quote_keys(api, q="SENSE OF BELONGING") == {"Q03", "Q04"}


def test_theme_filter_includes_subthemes(api: TestClient, seed_data: ReviewData):
    subthemes = {r.key[0] for r in seed_data.rows("themes.csv") if r.get("parent_id") == "T1"}
    expected = {
        r.key[0] for r in seed_data.rows("quotes.csv") if r.get("theme_id") in subthemes | {"T1"}
    }
    assert quote_keys(api, theme="T1") == expected
    assert quote_keys(api, theme="T1.2") == {"Q03", "Q04", "Q05", "Q06", "Q07"}


def test_record_and_study_filters(api: TestClient, seed_data: ReviewData):
    from48 = {r.key[0] for r in seed_data.rows("quotes.csv") if r.get("record_id") == "48"}
    assert quote_keys(api, record="48") == from48
    assert quote_keys(api, study="S48") == from48


def test_gender_and_kind_filters(api: TestClient, seed_data: ReviewData):
    rows = seed_data.rows("quotes.csv")
    assert quote_keys(api, gender="female") == {
        r.key[0] for r in rows if r.get("speaker_gender") == "female"
    }
    assert quote_keys(api, kind="author-interpretation") == {
        r.key[0] for r in rows if r.get("kind") == "author-interpretation"
    }


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(low=st.integers(0, 120), span=st.integers(0, 60))
def test_age_filter_is_range_overlap(api: TestClient, seed_data: ReviewData, low: int, span: int):
    high = min(120, low + span)
    expected = set()
    for r in seed_data.rows("quotes.csv"):
        lo, hi = r.get("speaker_age_min"), r.get("speaker_age_max")
        if lo is not None and lo <= high and (hi is None or hi >= low):
            expected.add(r.key[0])
    assert quote_keys(api, age_from=low, age_to=high) == expected


def test_key_filters_need_a_review(api: TestClient):
    response = api.get("/api/quotes", params={"theme": "T1"})
    assert response.status_code == 422
    assert response.json()["detail"] == "`theme` needs `review` to be given."
