"""Every IRI is a page: /id/... answers HTML, Turtle, JSON-LD and N-Triples."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

ID = "https://w3id.org/spkg/id/"
SPKG = "https://w3id.org/spkg/ontology#"
QUOTE = "/id/quote/liebmann-2022/Q04"


@pytest.mark.parametrize(
    ("accept", "fmt", "media", "parser"),
    [
        ("text/turtle", None, "text/turtle", "turtle"),
        ("application/n-triples", None, "application/n-triples", "nt"),
        ("application/ld+json", None, "application/ld+json", "json-ld"),
        ("text/html", "ttl", "text/turtle", "turtle"),
        (None, "jsonld", "application/ld+json", "json-ld"),
    ],
)
def test_rdf_by_accept_or_format(api: TestClient, accept, fmt, media, parser):
    headers = {"accept": accept} if accept else {}
    params = {"format": fmt} if fmt else {}
    response = api.get(QUOTE, headers=headers, params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.text, format=parser)
    quote = URIRef(ID + "quote/liebmann-2022/Q04")
    assert (
        quote,
        URIRef(SPKG + "illustratesTheme"),
        URIRef(ID + "theme/liebmann-2022/T1.2"),
    ) in graph
    selector = URIRef(f"{quote}#selector")
    text = "I really felt a sense of belonging there [art hive] because I felt very welcomed."
    assert (selector, URIRef("http://www.w3.org/ns/oa#exact"), Literal(text)) in graph
    # the statement pointing at it
    assert (URIRef(ID + "review/liebmann-2022"), URIRef(SPKG + "hasQuote"), quote) in graph


def test_html_for_browsers_links_both_ways(api: TestClient):
    response = api.get("/id/study/liebmann-2022/S52", headers={"accept": "text/html,*/*;q=0.8"})
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "Greenfield 2017" in html
    assert 'href="/id/sample/liebmann-2022/S52"' in html  # object position
    assert 'href="/id/intervention/liebmann-2022/I52"' in html  # subject position (evaluatedIn)
    assert "Linked from" in html
    assert "?format=turtle" in html and "/api/queries/describe.rq" in html


def test_percent_encoded_doi_records_dereference(api: TestClient):
    response = api.get(
        "/id/record/doi/10.1136/bmjopen-2016-015203", headers={"accept": "text/turtle"}
    )
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    record = URIRef(ID + "record/doi/10.1136/bmjopen-2016-015203")
    assert (record, URIRef("http://purl.org/ontology/bibo/doi"), None) in graph
    # what the review says of the work sits on its inclusion, which points at the record
    inclusion = URIRef(ID + "inclusion/liebmann-2022/42")
    assert (inclusion, URIRef(SPKG + "includedRecord"), record) in graph
    assert (record, URIRef(SPKG + "citationNumber"), None) not in graph


def test_unknown_iri_and_format(api: TestClient):
    missing = api.get("/id/study/liebmann-2022/S99")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    bad = api.get(QUOTE, params={"format": "docx"})
    assert bad.status_code == 422
