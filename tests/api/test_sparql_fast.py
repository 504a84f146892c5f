"""GET /sparql is answered before routing, by the route's own code: the same answers, the same
errors in the same words, CORS and the format parameter as on any route."""

from __future__ import annotations

import httpx
import pytest

import api.sparql

pytestmark = pytest.mark.anyio

TITLES = "SELECT ?s ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t } ORDER BY ?s"
CASES = [
    ({"query": TITLES}, {}),
    ({"query": TITLES}, {"Accept": "text/csv"}),
    ({"query": TITLES, "format": "tsv"}, {}),
    ({"query": TITLES, "format": "turtle"}, {}),  # a format that cannot carry it: 400
    ({"query": "SELECT * WHERE { ?s ?p }"}, {}),  # syntax: 400
    ({"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"}, {}),  # refused: 400
    ({"query": TITLES}, {"Accept": "image/png"}),  # nothing acceptable: 406
    ({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, {"Accept": "application/n-triples"}),
]


@pytest.mark.parametrize(("params", "headers"), CASES)
async def test_get_answers_as_the_route_answers_a_post(
    client: httpx.AsyncClient, params: dict, headers: dict
) -> None:
    fast = await client.get("/sparql", params=params, headers=headers)
    form = {k: v for k, v in params.items() if k == "query"}
    url = {k: v for k, v in params.items() if k != "query"}
    slow = await client.post("/sparql", data=form, params=url, headers=headers)  # routed
    assert fast.status_code == slow.status_code, fast.text
    assert fast.headers["content-type"] == slow.headers["content-type"]
    assert fast.headers.get("vary") == slow.headers.get("vary")
    if fast.headers["content-type"].startswith("application/problem+json"):
        assert fast.json() == slow.json()
    else:
        assert fast.content == slow.content


async def test_get_is_answered_before_routing(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the route's request reading broken, a GET with a query is still answered (before
    routing); a POST, which only the route answers, is not."""

    async def broken(*args: object) -> None:
        raise RuntimeError("the route was used")

    monkeypatch.setattr(api.sparql, "read_call", broken)
    got = await client.get("/sparql", params={"query": TITLES})
    assert got.status_code == 200
    assert len(got.json()["results"]["bindings"]) == 2
    with pytest.raises(RuntimeError, match="the route was used"):
        await client.post("/sparql", data={"query": TITLES})


async def test_cross_origin_get_has_the_cors_headers(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/sparql", params={"query": TITLES}, headers={"Origin": "https://example.org"}
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "Origin" in response.headers["vary"]


async def test_get_without_query_is_the_service_description(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
