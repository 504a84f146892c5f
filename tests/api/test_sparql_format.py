"""/sparql's `format` and `output` URL parameters: a format named in the URL wins over Accept,
as on Fuseki, Virtuoso and Wikidata's endpoint; an unknown value is a 400 naming the parameter
and the values allowed."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from rdflib import Graph

from tests.api.conftest import BASE
from tests.api.test_sparql_protocol import TITLES, assert_problem

pytestmark = pytest.mark.anyio

CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
ASK = "ASK { ?s ?p ?o }"
SELECT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "text/csv": "text/csv; charset=utf-8",
    "application/sparql-results+json": "application/sparql-results+json",
    # `+` sent unescaped in a URL arrives as a space
    "application/sparql-results xml": "application/sparql-results+xml",
    "CSV": "text/csv; charset=utf-8",
}
GRAPH_TYPES = {
    "turtle": "text/turtle; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples; charset=utf-8",
    "nt": "application/n-triples; charset=utf-8",
    "jsonld": "application/ld+json",
    "json": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "text/turtle": "text/turtle; charset=utf-8",
}


@pytest.mark.parametrize("parameter", ["format", "output"])
@pytest.mark.parametrize(("value", "content_type"), sorted(SELECT_TYPES.items()))
async def test_select_results_in_the_format_the_url_names(
    client: httpx.AsyncClient, parameter: str, value: str, content_type: str
) -> None:
    response = await client.get(
        "/sparql",
        params={"query": TITLES, parameter: value},
        headers={"Accept": "application/sparql-results+json;q=1, text/html;q=0.5"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == content_type


@pytest.mark.parametrize(("value", "content_type"), sorted(GRAPH_TYPES.items()))
async def test_graphs_in_the_format_the_url_names(
    client: httpx.AsyncClient, value: str, content_type: str
) -> None:
    response = await client.get(
        "/sparql", params={"query": CONSTRUCT, "format": value}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == content_type
    rdflib_format = {"jsonld": "json-ld", "json": "json-ld", "rdfxml": "xml", "xml": "xml"}
    graph = Graph().parse(data=response.text, format=rdflib_format.get(value, "turtle"))
    assert len(graph) == 5


async def test_the_csv_rows_are_those_of_the_query(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": TITLES, "output": "csv"})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows == [
        ["s", "t"],
        [f"{BASE}id/study/fixture/s1", "Ways to Wellness"],
        [f"{BASE}id/study/fixture/s2", "Link work"],
    ]


async def test_a_posted_form_names_its_format_too(client: httpx.AsyncClient) -> None:
    response = await client.post("/sparql", data={"query": ASK, "format": "xml"})
    assert response.headers["content-type"] == "application/sparql-results+xml"
    body = await client.post(
        "/sparql?format=tsv",
        content=TITLES,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert body.headers["content-type"] == "text/tab-separated-values; charset=utf-8"


async def test_the_service_description_in_the_format_the_url_names(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/sparql", params={"format": "jsonld"})
    assert response.headers["content-type"] == "application/ld+json"
    unfit = await client.get("/sparql", params={"format": "csv"})
    body = assert_problem(unfit, 400, "Unknown format")
    assert "turtle, ntriples, jsonld, rdfxml" in str(body["detail"])


@pytest.mark.parametrize("parameter", ["format", "output"])
async def test_an_unknown_value_is_400_naming_the_parameter_and_the_allowed_values(
    client: httpx.AsyncClient, parameter: str
) -> None:
    response = await client.get("/sparql", params={"query": TITLES, parameter: "xlsx"})
    body = assert_problem(response, 400, "Unknown format")
    assert body["detail"] == (
        f"`{parameter}=xlsx` names no format offered here; allowed values of `{parameter}`: "
        "json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml, or one of their media types."
    )


async def test_a_format_that_cannot_carry_the_result_is_400(client: httpx.AsyncClient) -> None:
    select = await client.get("/sparql", params={"query": TITLES, "format": "turtle"})
    body = assert_problem(select, 400, "Unknown format")
    assert "allowed values of `format` for it: json, xml, csv, tsv" in str(body["detail"])
    graph = await client.get("/sparql", params={"query": CONSTRUCT, "format": "csv"})
    body = assert_problem(graph, 400, "Unknown format")
    assert "turtle, ntriples, jsonld, rdfxml" in str(body["detail"])


async def test_two_parameters_that_disagree_are_400(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/sparql", params={"query": TITLES, "format": "csv", "output": "json"}
    )
    body = assert_problem(response, 400, "Unknown format")
    assert "more than one format (format=csv, output=json)" in str(body["detail"])
    same = await client.get("/sparql", params={"query": TITLES, "format": "csv", "output": "CSV"})
    assert same.headers["content-type"] == "text/csv; charset=utf-8"


async def test_without_the_parameter_accept_still_decides(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/sparql", params={"query": TITLES, "format": ""}, headers={"Accept": "text/csv"}
    )
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    refused = await client.get("/sparql", params={"query": TITLES}, headers={"Accept": "image/png"})
    assert refused.status_code == 406
