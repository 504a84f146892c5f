"""The published @context and the named queries: consistent with the ontology, served, parseable."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from api.jsonld import api_context
from api.rest.named import named_query, query_file, query_names
from ingest.ontology import load_ontology

SPKG = "https://w3id.org/spkg/ontology#"


def test_every_spkg_term_of_the_context_is_declared_in_the_ontology():
    ontology = load_ontology()
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(SPKG)}
    used = {iri for iri in api_context().keys if iri.startswith(SPKG)}
    assert used - declared == set()


def test_context_is_served_as_json_ld(api: TestClient):
    response = api.get("/api/context.jsonld")
    assert response.headers["content-type"].startswith("application/ld+json")
    assert response.json()["@context"]["spkg"] == SPKG


def test_a_response_read_as_json_ld_gives_the_triples(api: TestClient):
    body = api.get("/api/studies/liebmann-2022/S52").json()
    body["@context"] = api_context().document["@context"]
    graph = Graph().parse(data=json.dumps(body), format="json-ld")
    sample = URIRef("https://w3id.org/spkg/id/sample/liebmann-2022/S52")
    assert (sample, URIRef(SPKG + "sampleSize"), Literal(41)) in graph


@pytest.mark.parametrize("name", query_names())
def test_named_query_has_a_header_and_parses(name: str):
    text = query_file(name).read_text(encoding="utf-8")
    assert text.startswith(f"# {name}:")
    assert "# Parameters" in text or "Parameters:" in named_query(name).header
    store = ox.Store()
    store.query(text)  # parses and runs on an empty store


def test_named_queries_are_published(api: TestClient):
    listed = api.get("/api/queries").json()["queries"]
    assert "/api/queries/quotes.rq" in listed
    response = api.get("/api/queries/quotes.rq")
    assert response.headers["content-type"].startswith("application/sparql-query")
    assert "CONTAINS(LCASE(?text), LCASE(?q))" in response.text
    assert api.get("/api/queries/nope.rq").status_code == 404


def test_openapi_documents_every_route_and_parameter(api: TestClient):
    spec = api.get("/openapi.json").json()
    studies = spec["paths"]["/api/studies"]["get"]
    names = {p["name"] for p in studies["parameters"]}
    assert {
        "country",
        "year_from",
        "year_to",
        "publication_type",
        "min_score",
        "older_adults_only",
        "page",
        "per_page",
        "review",
    } <= names
    assert "/api/themes/{review}/{theme}/interventions" in spec["paths"]
    assert "/api/evidence-map" in spec["paths"]
