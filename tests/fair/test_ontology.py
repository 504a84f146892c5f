"""/ontology: RDF by Accept from ontology/spkg.ttl, and pyLODE HTML for browsers."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

pytestmark = pytest.mark.anyio
ONTOLOGY = URIRef("https://w3id.org/spkg/ontology")


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")],
)
async def test_ontology_as_rdf(client: httpx.AsyncClient, accept: str, fmt: str) -> None:
    response = await client.get("/ontology", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.content, format=fmt)
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert (URIRef(f"{ONTOLOGY}#FlowCount"), RDF.type, OWL.Class) in graph


@pytest.mark.slow
async def test_ontology_html_from_pylode(client: httpx.AsyncClient) -> None:
    response = await client.get("/ontology", headers={"accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    assert "FlowCount" in response.text and "pyLODE" in response.text
