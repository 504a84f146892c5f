"""The remote engine against each real SPARQL server on 127.0.0.1 (Oxigraph's, and Virtuoso under
the `virtuoso` marker), and where it must agree with the embedded engine and with ingest's
synchronous store."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from api.app import create_app
from api.engine import create_engine
from api.engine.errors import InvalidBindingError
from api.engine.remote import with_bindings
from api.settings import Settings
from ingest.store import RemoteStore
from tests.api.conftest import BASE, build_fixture_store
from tests.conftest import SPARQL_ENGINES, empty_server
from tests.serving import free_port

pytestmark = [pytest.mark.anyio, pytest.mark.remote]

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
S1 = URIRef(f"{BASE}id/study/fixture/s1")
TITLE = URIRef("http://purl.org/dc/terms/title")


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL query URL and the engine behind it."""

    url: str
    engine: str


@pytest.fixture(params=SPARQL_ENGINES)
def sparql_endpoint(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Endpoint]:
    """Each engine over the fixture data, its default graph the union of all graphs."""
    if request.param == "oxigraph":
        yield from _oxigraph_endpoint(tmp_path)
        return
    server = empty_server(request, request.param)
    data = ox.Store(str(build_fixture_store(tmp_path / "store")))
    for graph in data.named_graphs():
        body = ox.serialize(
            (q.triple for q in data.quads_for_pattern(None, None, None, graph)),
            format=ox.RdfFormat.N_TRIPLES,
        )
        put = httpx.put(
            server.store_url,
            params={"graph": graph.value},
            content=body or b"",
            headers={"Content-Type": "application/n-triples"},
            timeout=60,
        )
        assert put.status_code in (200, 201, 204), put.text
    yield Endpoint(server.query_url, server.engine)


def _oxigraph_endpoint(tmp_path: Path) -> Iterator[Endpoint]:
    """An Oxigraph server (read-only) over the fixture data."""
    if not OXIGRAPH.exists() and shutil.which("oxigraph") is None:
        pytest.skip("the oxigraph server binary is not installed")
    store = build_fixture_store(tmp_path / "store")
    port = free_port()
    process = subprocess.Popen(
        [
            str(OXIGRAPH),
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(200):
            try:
                httpx.get(url, params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield Endpoint(url, "oxigraph")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
async def remote_client(sparql_endpoint: Endpoint) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(endpoint=sparql_endpoint.url, engine=sparql_endpoint.engine)
    app = create_app(settings.model_copy(update={"query_timeout": 10}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def test_remote_select_with_bindings_as_values(remote_client: httpx.AsyncClient) -> None:
    engine = remote_client._transport.app.state.engine  # type: ignore[attr-defined]
    query = "SELECT ?s ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t }"
    assert await engine.select(query, {"s": S1}) == [{"s": S1, "t": Literal("Ways to Wellness")}]
    hostile = Literal('x" } ; DROP ALL ; #')
    assert await engine.select(query, {"t": hostile}) == []
    graph = await engine.construct("CONSTRUCT WHERE { ?s ?p ?o }", {"s": S1})
    assert (S1, TITLE, Literal("Ways to Wellness")) in graph


async def test_remote_endpoint_through_the_protocol(remote_client: httpx.AsyncClient) -> None:
    response = await remote_client.get(
        "/sparql",
        params={"query": "SELECT ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t }"},
        headers={"Accept": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert sorted(response.text.splitlines()[1:]) == ["Link work", "Ways to Wellness"]
    refused = await remote_client.get(
        "/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}
    )
    assert refused.status_code == 400
    assert refused.json()["reason"] == "service"
    bad = await remote_client.get("/sparql", params={"query": "SELECT * {"})
    assert bad.status_code == 400
    assert bad.json()["title"] == "SPARQL syntax error"


def test_bindings_are_validated_terms_in_a_values_block() -> None:
    query = with_bindings(
        "SELECT * WHERE { ?s ?p ?t }", {"s": S1, "t": Literal('a "q"', lang="en")}
    )
    assert query == f'SELECT * WHERE {{ VALUES (?s ?t) {{ (<{S1}> "a \\"q\\""@en) }}  ?s ?p ?t }}'
    with pytest.raises(InvalidBindingError) as error:
        with_bindings("SELECT * {}", {"s": URIRef("http://x/> } DROP ALL <")})
    assert error.value.variable == "s"
    with pytest.raises(InvalidBindingError):
        with_bindings("SELECT * {}", {"bad name": S1})
    with pytest.raises(InvalidBindingError) as error:
        with_bindings("SELECT * {}", {"s": BNode("b0")})
    assert error.value.variable == "s"


async def test_both_engines_refuse_a_blank_node_binding(
    remote_client: httpx.AsyncClient, tmp_path: Path
) -> None:
    """A blank node's label names nothing outside the answer it came in: 400, never a match."""
    remote = remote_client._transport.app.state.engine  # type: ignore[attr-defined]
    local = create_engine(Settings(store=build_fixture_store(tmp_path / "local")))
    query = "SELECT ?s ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t }"
    try:
        for engine in (remote, local):
            with pytest.raises(InvalidBindingError) as error:
                await engine.select(query, {"s": BNode("b0")})
            assert error.value.variable == "s"
            assert error.value.status == 400
    finally:
        await local.close()


async def test_the_async_engine_and_the_sync_store_read_the_same_rows(
    remote_client: httpx.AsyncClient, sparql_endpoint: Endpoint
) -> None:
    """One client, two faces: the API's remote engine and ingest's RemoteStore agree."""
    engine = remote_client._transport.app.state.engine  # type: ignore[attr-defined]
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    endpoint = sparql_endpoint
    with RemoteStore(endpoint.url, engine=endpoint.engine, read_only=True) as store:
        expected = store.select(query)
        bound = store.select(query, {"s": S1})
    assert len(expected) == 5
    assert await engine.select(query) == expected
    assert await engine.select(query, {"s": S1}) == bound
    assert Literal("30", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")) in {
        row["o"] for row in bound
    }
