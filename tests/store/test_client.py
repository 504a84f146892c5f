"""The one SPARQL client, against each real SPARQL server: both faces give the same answers and
the same errors, and every read stops at its byte cap."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace

from ingest.store import (
    RemoteStore,
    ResultTooLargeError,
    StoreQueryError,
    StoreStatusError,
    StoreUnavailableError,
    store_config,
)
from ingest.store.client import RESULTS_ACCEPT, AsyncSparqlClient, SparqlClient
from ingest.store.config import RemoteConfig
from ingest.store.results import parse_json_results
from tests.conftest import OxigraphServer
from tests.engines.virtuoso import VirtuosoServer

pytestmark = pytest.mark.remote

EX = Namespace("http://example.org/")
GRAPH = "https://w3id.org/spkg/graph/r1/reported"
T = TypeVar("T")

ROWS_QUERY = """SELECT ?s ?label ?rank ?none WHERE {
  ?s <http://example.org/label> ?label
  OPTIONAL { ?s <http://example.org/rank> ?rank }
  OPTIONAL { ?s <http://example.org/none> ?none }
} ORDER BY ?s ?label"""


def _graph() -> Graph:
    graph = Graph()
    blank = BNode()
    graph.add((EX.a, EX.label, Literal("plain")))
    graph.add((EX.a, EX.label, Literal("tagged", lang="en-GB")))
    graph.add((EX.a, EX.rank, Literal(3)))
    graph.add((EX.b, EX.label, Literal("1.5", datatype=EX.unit)))
    graph.add((EX.c, EX.label, Literal('quote " and \\ and\nline')))
    graph.add((blank, EX.label, Literal("blank")))
    return graph


def _run(make: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(make())  # type: ignore[arg-type]


async def _async_query(config: RemoteConfig, text: str, **options: object) -> bytes:
    client = AsyncSparqlClient(config, timeout=10, **options)  # type: ignore[arg-type]
    try:
        return (await client.query(text, RESULTS_ACCEPT)).body
    finally:
        await client.aclose()


@pytest.fixture
def config(sparql_server: OxigraphServer | VirtuosoServer) -> RemoteConfig:
    """The server's URLs, with data in one named graph."""
    store = RemoteStore(sparql_server.query_url, engine=sparql_server.engine)
    store.replace_graphs({GRAPH: _graph()})
    store.close()
    config = store_config(endpoint=sparql_server.query_url, engine=sparql_server.engine)
    assert isinstance(config, RemoteConfig)
    return config


def test_sync_and_async_faces_give_identical_rows(config: RemoteConfig) -> None:
    with_sync = SparqlClient(config, timeout=10)
    sync_rows = parse_json_results(with_sync.query(ROWS_QUERY).body)
    with_sync.close()
    async_rows = parse_json_results(_run(lambda: _async_query(config, ROWS_QUERY)))
    assert sync_rows == async_rows
    assert isinstance(sync_rows, list)
    assert len(sync_rows) == 5  # two labels of a, b, c and the blank node
    assert {"s": EX.a, "label": Literal("plain"), "rank": Literal(3)} in sync_rows
    assert {"s": EX.b, "label": Literal("1.5", datatype=EX.unit)} in sync_rows
    ask = "ASK { ?s <http://example.org/rank> 3 }"
    sync_answer = parse_json_results(SparqlClient(config).query(ask).body)
    assert sync_answer is True
    assert parse_json_results(_run(lambda: _async_query(config, ask))) is True


def test_both_faces_raise_the_same_errors(config: RemoteConfig) -> None:
    sync = SparqlClient(config, timeout=10)
    with pytest.raises(StoreQueryError) as sync_error:
        sync.query("SELECT * {")
    with pytest.raises(StoreQueryError) as async_error:
        _run(lambda: _async_query(config, "SELECT * {"))
    assert sync_error.value.message == async_error.value.message
    assert re.search(r"\d:", sync_error.value.message)  # the server's own, with its position
    nowhere = config.query_url.rsplit("/", 1)[0] + "/nowhere"  # no server serves it
    missing = RemoteConfig(nowhere, config.update_url, None, "oxigraph")
    with pytest.raises(StoreStatusError) as status:
        SparqlClient(missing).query("ASK {}")
    assert status.value.status == 404
    with pytest.raises(StoreStatusError):
        _run(lambda: _async_query(missing, "ASK {}"))
    closed = RemoteConfig("http://127.0.0.1:9/query", "http://127.0.0.1:9/update", None, "x")
    with pytest.raises(StoreUnavailableError):
        SparqlClient(closed, timeout=2).query("ASK {}")
    with pytest.raises(StoreUnavailableError):
        _run(lambda: _async_query(closed, "ASK {}"))


def test_reads_stop_at_the_byte_cap(config: RemoteConfig) -> None:
    with pytest.raises(ResultTooLargeError) as info:
        SparqlClient(config, max_bytes=100).query(ROWS_QUERY)
    assert info.value.limit == 100
    with pytest.raises(ResultTooLargeError):
        _run(lambda: _async_query(config, ROWS_QUERY, max_bytes=100))
    client = SparqlClient(config, max_bytes=100)
    with (
        pytest.raises(ResultTooLargeError),
        client.stream_query(ROWS_QUERY, "text/tab-separated-values") as (_, body),
    ):
        body.read()
    assert len(SparqlClient(config, max_bytes=10_000).query(ROWS_QUERY).body) < 10_000


def test_streamed_reads_give_the_whole_answer(config: RemoteConfig) -> None:
    client = SparqlClient(config)
    if client.profile.sparql_tsv:  # else the store reads JSON only (Virtuoso's TSV is its own)
        with client.stream_query(ROWS_QUERY, "text/tab-separated-values") as (media_type, body):
            rows = list(ox.parse_query_results(body, ox.QueryResultsFormat.TSV))
        assert media_type == "text/tab-separated-values"
        assert len(rows) == 5
    out = io.BytesIO()
    RemoteStore(config).dump("nt", out)
    assert len(out.getvalue().splitlines()) == len(_graph())
