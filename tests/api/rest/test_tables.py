"""Every REST list answers as a CSV table (by Accept or `?format=csv`): one row per item, the
columns its OpenAPI description lists; and a table is read straight from a URL with pandas, as
users do, from /sparql and from a list, over real HTTP."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.rest.tables import table_columns
from api.settings import Settings
from tests.serving import ServedApp, start_server, stop_server

# Values for the path parameters of the list routes, from the seed review.
PATH_VALUES = {"review": "liebmann-2022", "theme": "T1", "intervention": "I42"}


def _list_routes() -> dict[str, str]:
    """Every GET route whose 200 answer is a page of items (`Page_…` with `items`): path →
    the name of its item schema, read from the OpenAPI document."""
    spec = create_app(Settings(store=Path("/nonexistent/spkg-store"))).openapi()
    schemas = spec["components"]["schemas"]
    routes = {}
    for path, operations in sorted(spec["paths"].items()):
        content = operations.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
        schema = schemas.get(ref.rsplit("/", 1)[-1], {})
        items = schema.get("properties", {}).get("items", {}).get("items", {}).get("$ref")
        if items and "total" in schema.get("properties", {}):
            routes[path] = items.rsplit("/", 1)[-1]
    return routes


LIST_ROUTES = _list_routes()


def _url(template: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m[1]], template)


def _at(item: dict, path: list[str]) -> str:
    for key in path:
        item = item[key]
    return str(item)


def _table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_list_routes_are_found():
    assert {"/api/studies", "/api/quotes", "/api/themes", "/api/reviews"} <= set(LIST_ROUTES)
    assert "/api/themes/{review}/{theme}/interventions" in LIST_ROUTES
    assert "/api/evidence-map" not in LIST_ROUTES  # one object, not a list


@pytest.mark.parametrize("template", sorted(LIST_ROUTES))
def test_every_list_answers_csv_one_row_per_item_with_its_documented_columns(
    api: TestClient, template: str
):
    url = _url(template)
    listed = api.get(url, params={"per_page": 500})
    assert listed.status_code == 200, listed.text
    spec = api.get("/openapi.json").json()["paths"][template]["get"]["responses"]["200"]
    documented = spec["content"]["text/csv"]["example"].strip().split(",")
    assert all(f"`{column}`" in spec["description"] for column in documented)
    for how in ({"params": {"format": "csv"}}, {"headers": {"Accept": "text/csv"}}):
        response = api.get(url, **how)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        header, *rows = _table(response.text)
        assert header == documented
        assert len(rows) == listed.json()["total"]  # no page named: the whole list
        first = header[0].split(".")  # `id`, or `theme.id` for a link between two resources
        expected = [_at(item, first) for item in listed.json()["items"]]
        assert [row[0] for row in rows] == expected


def test_columns_are_the_item_models_fields_with_objects_spread_and_lists_joined(
    api: TestClient,
):
    header, *rows = _table(api.get("/api/studies", params={"format": "csv"}).text)
    assert header == [
        "id",
        "key",
        "review",
        "label",
        "countryCode",
        "sampleSize",
        "olderAdultsOnly",
        "citationNumbers",
        "firstYear",
        "lastYear",
    ]
    by_key = {r[1]: dict(zip(header, r, strict=True)) for r in rows}
    s42 = api.get("/api/studies", params={"review": "liebmann-2022", "per_page": 500}).json()
    [j42] = [s for s in s42["items"] if s["key"] == "S42"]
    assert by_key["S42"]["citationNumbers"] == "; ".join(str(n) for n in j42["citationNumbers"])
    assert by_key["S42"]["citationNumbers"] == "42; 43"
    quotes = _table(api.get("/api/quotes", params={"format": "csv"}).text)
    assert quotes[0][6:10] == ["theme.id", "theme.label", "record.id", "record.label"]
    assert all(r[6].startswith("https://w3id.org/spkg/id/theme/") for r in quotes[1:])


def test_a_named_page_gives_that_page(api: TestClient):
    page = api.get("/api/quotes", params={"format": "csv", "per_page": 5, "page": 2})
    _, *rows = _table(page.text)
    json_page = api.get("/api/quotes", params={"per_page": 5, "page": 2}).json()
    assert [r[0] for r in rows] == [q["id"] for q in json_page["items"]]


def test_csv_is_offered_for_lists_only_and_unknown_formats_are_400(api: TestClient):
    detail = api.get("/api/studies/liebmann-2022/S42", params={"format": "csv"})
    assert detail.status_code == 400
    assert "allowed values of `format`: json, jsonld" in detail.json()["detail"]
    assert (
        api.get("/api/studies/liebmann-2022/S42", headers={"Accept": "text/csv"}).status_code == 406
    )
    unknown = api.get("/api/studies", params={"format": "xlsx"})
    assert unknown.status_code == 400
    assert unknown.json()["title"] == "Unknown format"
    assert "`format=xlsx`" in unknown.json()["detail"]
    assert "json, jsonld, csv" in unknown.json()["detail"]
    plain = api.get("/api/studies", params={"format": "json"})
    assert plain.headers["content-type"] == "application/json"
    assert "@context" not in plain.json()


def test_the_columns_are_the_same_whatever_the_filter(api: TestClient):
    every = _table(api.get("/api/quotes", params={"format": "csv"}).text)[0]
    none = _table(api.get("/api/quotes", params={"format": "csv", "q": "zzzz-no-such"}).text)
    assert none == [every]
    from api.rest.models import QuoteSummary

    assert every == [c.header for c in table_columns(QuoteSummary)]


# Over real HTTP, as a user reads tables


@pytest.fixture(scope="module")
def served(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    app = start_server(store_dir, tmp_path_factory.mktemp("served"), SPKG_QUERY_TIMEOUT="20")
    try:
        yield app
    finally:
        stop_server(app)


def test_pandas_reads_sparql_and_a_rest_list_from_a_plain_url(served: ServedApp, api: TestClient):
    query = (
        "PREFIX spkg: <https://w3id.org/spkg/ontology#> "
        "SELECT ?study ?size WHERE { ?study spkg:hasSample/spkg:sampleSize ?size } "
        "ORDER BY ?study"
    )
    frame = pd.read_csv(f"{served.url}/sparql?" + urlencode({"query": query, "format": "csv"}))
    assert list(frame.columns) == ["study", "size"]
    expected = api.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert frame["size"].tolist() == [int(b["size"]["value"]) for b in expected]
    studies = pd.read_csv(f"{served.url}/api/studies?review=liebmann-2022&format=csv")
    listed = api.get("/api/studies", params={"review": "liebmann-2022", "per_page": 500}).json()
    assert len(studies) == listed["total"] == 18
    assert studies["key"].tolist() == [s["key"] for s in listed["items"]]
    sizes = dict(zip(studies["key"], studies["sampleSize"], strict=True))
    assert sizes["S52"] == 41
