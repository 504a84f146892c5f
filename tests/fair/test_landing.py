"""The landing page: embedded schema.org JSON-LD, counts, citation and signposting headers."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from api.signposting import parse_link_header

pytestmark = pytest.mark.anyio
SCHEMA = "https://schema.org/"


def _embedded_jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD script in the page"
    return json.loads(match.group(1))


async def test_jsonld_has_required_dataset_fields(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    doc = _embedded_jsonld(response.text)
    assert doc["@type"] == "Dataset"
    for key in ("name", "description", "creator", "license", "version", "url", "identifier"):
        assert doc[key], key
    assert doc["license"] == "https://creativecommons.org/licenses/by/4.0/"
    # One isBasedOn per review held, cited from the review's own data (not CITATION.cff).
    assert [b["@id"] for b in doc["isBasedOn"]] == ["https://doi.org/10.1234/tiny.2020.1"]
    assert doc["isBasedOn"][0]["citation"] == (
        "Doe J; Roe R. A tiny meta-synthesis of social prescribing. "
        "Journal of Tiny Reviews 2020;3:42. doi:10.1234/tiny.2020.1"
    )
    formats = {d["encodingFormat"] for d in doc["distribution"]}
    assert {"text/turtle", "application/n-triples", "application/n-quads"} <= formats
    assert {"application/trig", "application/ld+json", "text/csv"} <= formats
    for dist in doc["distribution"]:
        assert dist["contentUrl"].startswith(f"http://testserver/dumps/{doc['version']}/")
    # The same document read as RDF gives a schema:Dataset with a licence.
    graph = Graph().parse(
        data=json.dumps(doc).replace('"https://schema.org/"', '{"@vocab": "https://schema.org/"}'),
        format="json-ld",
    )
    dataset = URIRef(doc["@id"])
    assert (dataset, RDF.type, URIRef(SCHEMA + "Dataset")) in graph
    assert (dataset, URIRef(SCHEMA + "license"), None) in graph


async def test_page_shows_counts_and_citation(client: httpx.AsyncClient) -> None:
    html = (await client.get("/")).text
    table = re.search(r'<table id="reviews">.*?</table>', html, re.S)
    assert table and "A tiny meta-synthesis of social prescribing" in table.group(0)
    numbers = re.findall(r'<td class="num">(\d+)</td>', table.group(0))
    assert numbers == ["3", "2", "3", "2"]  # records, studies, themes, quotes
    assert re.search(r'id="triples">[\d,]+ triples in 4 named graphs', html)
    assert "The spkg contributors. spkg: a linked-data knowledge graph" in html
    for href in ("/sparql-editor", "/docs", "/ontology", "/dumps/", "/.well-known/void"):
        assert f'href="{href}"' in html


async def test_landing_link_header_is_signposting(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    links = parse_link_header(response.headers["link"])
    rels = {link["rel"] for link in links}
    assert {"cite-as", "describedby", "license", "type", "item"} <= rels
    cite = next(link for link in links if link["rel"] == "cite-as")
    assert cite["target"] == "https://w3id.org/spkg/"
    items = [link for link in links if link["rel"] == "item"]
    assert {link["type"] for link in items} >= {"text/turtle", "application/n-quads"}
    assert all("/dumps/" in link["target"] for link in items)


async def test_resources_get_signposts_from_the_middleware(client: httpx.AsyncClient) -> None:
    response = await client.get("/id/study/tiny-2020/S1", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    links = {link["rel"]: link for link in parse_link_header(response.headers["link"])}
    assert links["cite-as"]["target"] == "https://w3id.org/spkg/id/study/tiny-2020/S1"
    assert links["describedby"]["target"] == "http://testserver/id/study/tiny-2020/S1"
    assert links["license"]["target"] == "https://creativecommons.org/licenses/by/4.0/"
    assert links["type"]["target"] == "https://schema.org/AboutPage"
