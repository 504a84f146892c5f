"""VoID and DCAT 3 at /.well-known/void: parsed back as RDF and checked field by field."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

pytestmark = pytest.mark.anyio
SPDX = Namespace("http://spdx.org/rdf/terms#")
BASE = "https://w3id.org/spkg/"


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [(None, "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")],
)
async def test_void_by_accept(client: httpx.AsyncClient, accept: str | None, fmt: str) -> None:
    response = await client.get("/.well-known/void", headers={"accept": accept} if accept else {})
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=fmt)
    assert (URIRef(BASE), RDF.type, VOID.Dataset) in graph


async def test_void_required_fields(client: httpx.AsyncClient) -> None:
    graph = Graph().parse(data=(await client.get("/.well-known/void")).content, format="turtle")
    dataset = URIRef(BASE)
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (
        dataset,
        DCTERMS.license,
        URIRef("https://creativecommons.org/licenses/by/4.0/"),
    ) in graph
    assert (dataset, VOID.uriSpace, Literal(f"{BASE}id/")) in graph
    assert (dataset, VOID.sparqlEndpoint, URIRef("http://testserver/sparql")) in graph
    assert (dataset, VOID.vocabulary, URIRef("http://www.w3.org/2004/02/skos/core#")) in graph
    assert (dataset, VOID.vocabulary, URIRef(f"{BASE}ontology#")) in graph
    # Each named graph is a subset with its triple count; they add up to the whole.
    subsets = {s: int(graph.value(s, VOID.triples)) for s in graph.objects(dataset, VOID.subset)}
    assert URIRef(f"{BASE}graph/tiny-2020/reported") in subsets
    assert subsets[URIRef(f"{BASE}graph/tiny-2020/reported")] > 0
    assert sum(subsets.values()) == int(graph.value(dataset, VOID.triples))
    # Distributions: download URL, media type, size, SHA-256.
    dists = list(graph.objects(dataset, DCAT.distribution))
    downloads = [d for d in dists if (d, DCAT.downloadURL, None) in graph]
    assert len(downloads) == 6
    for dist in downloads:
        assert graph.value(dist, DCAT.mediaType) is not None
        assert int(graph.value(dist, DCAT.byteSize)) > 0
        checksum = graph.value(dist, SPDX.checksum)
        assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = graph.value(checksum, SPDX.checksumValue)
        assert value.datatype == XSD.hexBinary and len(str(value)) == 64
    # The endpoint as a DCAT data service serving the dataset.
    service = URIRef("http://testserver/sparql")
    assert (service, RDF.type, DCAT.DataService) in graph
    assert (service, DCAT.endpointURL, service) in graph
    assert (service, DCAT.servesDataset, dataset) in graph


async def test_void_refuses_non_rdf(client: httpx.AsyncClient) -> None:
    response = await client.get("/.well-known/void", headers={"accept": "image/png"})
    assert response.status_code == 406
    assert response.json()["title"] == "Not Acceptable"
