"""/api/reviews/{review}/references: the review's records as CSL-JSON, RIS or BibTeX, from the
same query and writers as `spkg export --format ris|bibtex|csljson`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.rest.references import LEFT_OUT_HEADER
from ingest.references import READERS, export_references
from ingest.store import EmbeddedStore

URL = "/api/reviews/liebmann-2022/references"
BASE = "https://w3id.org/spkg/"


def test_csl_json_by_default(api: TestClient):
    response = api.get(URL)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.citationstyles.csl+json"
    items = response.json()
    assert [i["id"] for i in items[:3]] == ["42", "43", "45"]
    assert items[0]["DOI"] == "10.1136/bmjopen-2016-015203"
    assert items[0]["author"][0] == {"family": "Moffatt", "given": "S."}
    assert items[2]["author"] == [{"literal": "Alliance for Healthier Communities"}]
    assert response.headers[LEFT_OUT_HEADER] == "47 48 56"


@pytest.mark.parametrize(
    ("how", "content_type", "start"),
    [
        ({"params": {"format": "ris"}}, "application/x-research-info-systems", "TY  - JOUR"),
        ({"params": {"format": "bib"}}, "application/x-bibtex", "@article{42,"),
        ({"headers": {"Accept": "application/x-bibtex"}}, "application/x-bibtex", "@article"),
        ({"headers": {"Accept": "application/x-research-info-systems"}}, "application/x", "TY"),
        ({"headers": {"Accept": "application/json"}}, "application/vnd.citationstyles", "["),
        ({"params": {"format": "ris"}, "headers": {"Accept": "application/x-bibtex"}}, "", "TY"),
    ],
)
def test_each_format_by_accept_or_by_format_parameter(
    api: TestClient, how: dict, content_type: str, start: str
):
    response = api.get(URL, **how)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(content_type)
    assert response.text.startswith(start)


@pytest.mark.parametrize("fmt", ["ris", "bibtex", "csljson"])
def test_the_route_and_the_command_write_the_same_file(api: TestClient, store_dir: Path, fmt: str):
    served = api.get(URL, params={"format": fmt}).content
    store = EmbeddedStore(store_dir, read_only=True)
    try:
        assert served == export_references(store, "liebmann-2022", fmt, BASE).body
    finally:
        store.close()


def test_ris_from_the_route_imports_back(api: TestClient, tmp_path: Path):
    path = tmp_path / "refs.ris"
    path.write_bytes(api.get(URL, params={"format": "ris"}).content)
    references = READERS["ris"](path)
    assert len(references) == 16
    assert references[0].authors == ("Moffatt S", "Steer M", "Lawson S", "Penn L", "O'Brien N")


def test_unknown_format_is_400_naming_the_parameter_and_the_allowed_values(api: TestClient):
    response = api.get(URL, params={"format": "endnote"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert "`format=endnote`" in detail and "csljson, ris, bibtex" in detail


def test_unknown_review_is_404_and_csv_is_not_acceptable(api: TestClient):
    assert api.get("/api/reviews/nope/references").status_code == 404
    assert api.get(URL, headers={"Accept": "text/csv"}).status_code == 406


def test_the_query_is_published_with_the_others(api: TestClient):
    assert "/api/queries/references.rq" in api.get("/api/queries").json()["queries"]
    text = api.get("/api/queries/references.rq").text
    assert text.startswith("# references:")
    assert json.loads(api.get(URL).text)  # and the route runs it
