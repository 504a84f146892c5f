"""Hostile values in every parameter of every route: nothing outside the answer comes back (the
canary graph's literal never appears) and nothing answers 5xx.

The routes and their parameters are read from the app's OpenAPI document, so a route added
later is covered without editing this file. `/sparql` is excluded: it runs any query by design.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.rest.conftest import CANARY
from tests.openapi_routes import Parameter, fill, get_routes

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
# Values that reach data in the seed review, so the other parameters of a call are valid.
VALID = {
    "review": "liebmann-2022",
    "study": "S52",
    "theme": "T1",
    "intervention": "I42",
    "record": "52",
    "name": "reviews",
    "path": "quote/liebmann-2022/Q04",
    "version": "latest",
    "fmt": "svg",
}
ROUTES = get_routes(excluded={"/sparql"})


def check(response, sent: str) -> None:
    assert response.status_code < 500, f"{sent}: {response.text[:300]}"
    assert CANARY not in response.text, sent


def test_the_routes_are_read_from_the_openapi_document() -> None:
    """The document lists the resources and their filters (a guard against an empty walk)."""
    assert {"/api/quotes", "/api/studies/{review}/{study}", "/id/{path}"} <= set(ROUTES)
    assert ("q", "query") in ROUTES["/api/quotes"]


@pytest.mark.parametrize(("template", "params"), list(ROUTES.items()), ids=list(ROUTES))
def test_hostile_values_in_every_parameter(
    api: TestClient, template: str, params: list[Parameter]
) -> None:
    for name, where in params:
        for value in HOSTILE:
            sent = f"{template} {name}={value[:40]!r}"
            if where == "path":
                check(api.get(fill(template, VALID, name, value)), sent)
                continue
            path = fill(template, VALID)
            check(api.get(path, params={name: value}), sent)
            if name != "review" and ("review", "query") in params:
                check(api.get(path, params={"review": VALID["review"], name: value}), sent)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=200))
def test_any_search_text_is_bound_not_pasted(api: TestClient, text: str):
    response = api.get("/api/quotes", params={"review": "liebmann-2022", "q": text})
    check(response, repr(text))
    assert response.status_code == 200
    for item in response.json()["items"]:
        assert text.lower() in item["text"].lower()


def test_the_canary_is_in_the_store(store_dir):
    """The canary is really there, so its absence from answers means something."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    assert bool(store.query(f'ASK {{ GRAPH ?g {{ ?s ?p "{CANARY}" }} }}'))
