"""The endpoint over ASGI against a real store: formats, dataset, refusals, problem+json, CORS."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from defusedxml import ElementTree
from rdflib import Graph, Literal, URIRef

from api.app import create_app
from api.settings import Settings
from tests.api.conftest import BASE, REPORTED, SUPPLEMENTARY

pytestmark = pytest.mark.anyio

S1 = URIRef(f"{BASE}id/study/fixture/s1")
S2 = f"{BASE}id/study/fixture/s2"
TITLES = "SELECT ?s ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t } ORDER BY ?s"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def assert_problem(response: httpx.Response, status: int, title: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["title"] == title
    assert "Traceback" not in response.text
    return body


async def test_select_json_by_default_sees_union_of_graphs(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": TITLES})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    bindings = response.json()["results"]["bindings"]
    assert [b["t"]["value"] for b in bindings] == ["Ways to Wellness", "Link work"]
    assert bindings[1]["t"]["xml:lang"] == "en"


async def test_select_csv_tsv_xml_by_accept_with_q_values(client: httpx.AsyncClient) -> None:
    csv_resp = await client.get(
        "/sparql", params={"query": TITLES}, headers={"Accept": "text/csv;q=0.9, text/html;q=0.1"}
    )
    assert csv_resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_resp.text)))
    assert rows == [["s", "t"], [str(S1), "Ways to Wellness"], [S2, "Link work"]]
    tsv = await client.get(
        "/sparql", params={"query": TITLES}, headers={"Accept": "text/tab-separated-values"}
    )
    assert tsv.text.splitlines()[2] == f'<{S2}>\t"Link work"@en'
    xml = await client.post(
        "/sparql",
        data={"query": TITLES},
        headers={"Accept": "text/csv;q=0.2, application/sparql-results+xml"},
    )
    assert xml.headers["content-type"] == "application/sparql-results+xml"
    root = ElementTree.fromstring(xml.content)
    literals = [el.text for el in root.iter(f"{SRX}literal")]
    assert literals == ["Ways to Wellness", "Link work"]


async def test_construct_formats_round_trip(client: httpx.AsyncClient) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{SUPPLEMENTARY}> {{ ?s ?p ?o }} }}"
    sample = URIRef(f"{BASE}ontology#sampleSize")
    for accept, rdflib_format in [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ]:
        response = await client.post(
            "/sparql",
            content=query.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == accept
        graph = Graph().parse(data=response.text, format=rdflib_format)
        assert set(graph) == {(S1, sample, Literal(30))}


async def test_dataset_parameters_narrow_the_default_graph(client: httpx.AsyncClient) -> None:
    ask = "ASK { ?s <https://w3id.org/spkg/ontology#sampleSize> ?n }"
    only_reported = await client.get(
        "/sparql", params={"query": ask, "default-graph-uri": REPORTED}
    )
    assert only_reported.json()["boolean"] is False
    union = await client.get("/sparql", params={"query": ask})
    assert union.json()["boolean"] is True
    named = await client.get(
        "/sparql",
        params={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": SUPPLEMENTARY,
        },
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [SUPPLEMENTARY]


async def test_from_clause_in_query_sets_the_dataset(client: httpx.AsyncClient) -> None:
    query = f"SELECT ?t FROM <{SUPPLEMENTARY}> WHERE {{ ?s <http://purl.org/dc/terms/title> ?t }}"
    response = await client.get("/sparql", params={"query": query})
    assert response.json()["results"]["bindings"] == []


async def test_syntax_error_is_problem_json_with_parser_message(client: httpx.AsyncClient) -> None:
    body = assert_problem(
        await client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}),
        400,
        "SPARQL syntax error",
    )
    assert "error at 1:" in str(body["detail"])


async def test_updates_are_refused(client: httpx.AsyncClient) -> None:
    assert_problem(
        await client.post("/sparql", data={"update": "CLEAR ALL"}), 403, "Read-only endpoint"
    )
    assert_problem(
        await client.post(
            "/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
        ),
        403,
        "Read-only endpoint",
    )
    still_there = await client.get("/sparql", params={"query": TITLES})
    assert len(still_there.json()["results"]["bindings"]) == 2


async def test_multiple_queries_and_query_with_update_are_400(client: httpx.AsyncClient) -> None:
    both = await client.get("/sparql", params=[("query", "ASK {}"), ("update", "CLEAR ALL")])
    assert_problem(both, 400, "Bad SPARQL request")
    two = await client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert "2 `query` parameters" in str(assert_problem(two, 400, "Bad SPARQL request")["detail"])


async def test_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    query = "ASK {}" + " " * 5000
    response = await client.post(
        "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert_problem(response, 413, "Request body too large")


async def test_overlong_and_deep_queries_are_refused(client: httpx.AsyncClient) -> None:
    deep = "SELECT * WHERE " + "{" * 200 + "}" * 200
    body = assert_problem(await client.post("/sparql", data={"query": deep}), 400, "Query refused")
    assert body["reason"] == "too-deep"
    long_query = "ASK {}" + " " * 70_000
    app = client._transport.app  # type: ignore[attr-defined]
    app.state.settings.max_request_bytes = 100_000
    body = assert_problem(
        await client.post("/sparql", data={"query": long_query}), 400, "Query refused"
    )
    assert body["reason"] == "too-long"


async def test_wrong_media_type_and_method(client: httpx.AsyncClient) -> None:
    plain = await client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert_problem(plain, 415, "Unsupported Media Type")
    put = await client.put("/sparql", params={"query": "ASK {}"})
    assert_problem(put, 405, "Method Not Allowed")
    utf16 = await client.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert_problem(utf16, 400, "Bad SPARQL request")


async def test_not_acceptable(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}
    )
    assert_problem(response, 406, "Not acceptable")


async def test_service_description(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef("http://testserver/sparql#service")
    assert (service, URIRef(sd + "endpoint"), URIRef("http://testserver/sparql")) in graph
    assert (service, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in graph


async def test_cors_any_origin_without_credentials(client: httpx.AsyncClient) -> None:
    simple = await client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.net"}
    )
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in simple.headers
    preflight = await client.options(
        "/sparql",
        headers={
            "Origin": "https://example.net",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.json() == {"status": "ok", "engine": "LocalEngine"}


async def test_python_api_binds_values_without_pasting(client: httpx.AsyncClient) -> None:
    engine = client._transport.app.state.engine  # type: ignore[attr-defined]
    query = "SELECT ?s ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t }"
    rows = await engine.select(query, {"s": S1})
    assert rows == [{"s": S1, "t": Literal("Ways to Wellness")}]
    hostile = Literal('x" } ; DROP ALL ; #')
    assert await engine.select(query, {"t": hostile}) == []
    graph = await engine.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": S1})
    assert (S1, URIRef("http://purl.org/dc/terms/title"), Literal("Ways to Wellness")) in graph
    assert await engine.ask("ASK { ?s ?p ?o }", {"s": S1}) is True


async def test_results_past_the_row_cap_are_refused(store_path: Path) -> None:
    app = create_app(Settings(store=store_path, max_result_rows=1))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as capped:
            body = assert_problem(
                await capped.get("/sparql", params={"query": TITLES}), 422, "Result too large"
            )
            assert "more than 1 rows" in str(body["detail"])
            one = await capped.get("/sparql", params={"query": TITLES + " LIMIT 1"})
            assert len(one.json()["results"]["bindings"]) == 1


async def test_chunked_body_is_cut_at_the_limit(client: httpx.AsyncClient) -> None:
    sent: list[int] = []

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(1000):  # 1 MB offered, no Content-Length
            sent.append(1)
            yield b" " * 1024

    response = await client.post(
        "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}
    )
    assert_problem(response, 413, "Request body too large")
    assert len(sent) < 10  # the rest of the body was never read
