"""A result Virtuoso cut at its row cap is refused by the remote store and by the API's engine,
never taken as whole (Virtuoso answers 200 with only an `X-SPARQL-MaxRows` header)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from api.engine import ResultCapError, create_engine
from api.settings import Settings
from ingest.store import RemoteStore, ResultTooLargeError
from tests.engines.virtuoso import VirtuosoServer

pytestmark = pytest.mark.virtuoso

G = "https://w3id.org/spkg/graph/r1/reported"
QUERY = "SELECT ?s WHERE { ?s ?p ?o }"


def test_rows_cut_by_the_server_are_a_cap_error(tmp_path: Path) -> None:
    with VirtuosoServer(tmp_path, max_rows=5) as server:
        graph = Graph()
        for i in range(8):
            graph.add(
                (URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i))
            )
        with RemoteStore(server.query_url, engine="virtuoso") as store:
            store.replace_graphs({G: graph})
            assert len(store.select(QUERY + " LIMIT 4")) == 4  # under the cap: answered
            with pytest.raises(ResultTooLargeError) as info:
                store.select(QUERY)
            assert (info.value.limit, info.value.unit) == (5, "rows")
        engine = create_engine(Settings(endpoint=server.query_url, engine="virtuoso"))

        async def run() -> None:
            try:
                assert len(await engine.select(QUERY + " LIMIT 3")) == 3
                with pytest.raises(ResultCapError):
                    await engine.select(QUERY)
            finally:
                await engine.close()

        asyncio.run(run())
