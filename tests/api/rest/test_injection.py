"""Hostile values in every parameter of every route: nothing outside the answer comes back (the
canary graph's literal never appears) and nothing answers 5xx."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.rest.conftest import CANARY

HOSTILE = [
    "'",
    '"',
    '">',
    "\\u003E",
    "x\n} UNION { ?s ?p ?o }",
    "} UNION { GRAPH ?g { ?s ?p ?o } } #",
    '" . ?s ?p ?o . FILTER("1"="1',
    "<http://example.org/canary/secret>",
    "{ }",
    "a" * 5000,
    "%00",
    "S52> ?p ?o } #",
    "canary",
]
QUERY_ROUTES = {
    "/api/reviews": ["page", "per_page"],
    "/api/studies": [
        "review",
        "country",
        "year_from",
        "year_to",
        "publication_type",
        "min_score",
        "older_adults_only",
        "page",
        "per_page",
    ],
    "/api/themes": ["review"],
    "/api/interventions": ["review"],
    "/api/measures": ["review", "instrument"],
    "/api/quotes": [
        "review",
        "theme",
        "record",
        "study",
        "gender",
        "age_from",
        "age_to",
        "kind",
        "q",
    ],
    "/api/evidence-map": ["review"],
    "/id/quote/liebmann-2022/Q04": ["format"],
}
PATH_ROUTES = [
    "/api/reviews/{}",
    "/api/studies/liebmann-2022/{}",
    "/api/themes/liebmann-2022/{}",
    "/api/themes/{}/T1",
    "/api/themes/liebmann-2022/{}/interventions",
    "/api/interventions/liebmann-2022/{}",
    "/api/interventions/liebmann-2022/{}/themes",
    "/id/study/liebmann-2022/{}",
    "/id/{}",
    "/api/queries/{}.rq",
]


def check(response) -> None:
    assert response.status_code < 500, response.text[:300]
    assert CANARY not in response.text


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_query_parameters(api: TestClient, value: str):
    for route, names in QUERY_ROUTES.items():
        for name in names:
            check(api.get(route, params={name: value}))
            if route == "/api/quotes" and name != "review":
                check(api.get(route, params={"review": "liebmann-2022", name: value}))


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_path_segments(api: TestClient, value: str):
    from urllib.parse import quote

    for template in PATH_ROUTES:
        check(api.get(template.format(quote(value, safe=""))))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=200))
def test_any_search_text_is_bound_not_pasted(api: TestClient, text: str):
    response = api.get("/api/quotes", params={"review": "liebmann-2022", "q": text})
    check(response)
    assert response.status_code == 200
    for item in response.json()["items"]:
        assert text.lower() in item["text"].lower()


def test_the_canary_is_in_the_store(store_dir):
    """The canary is really there, so its absence from answers means something."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    assert bool(store.query(f'ASK {{ GRAPH ?g {{ ?s ?p "{CANARY}" }} }}'))
