"""Dumps: every format round-trips to the store's content, and the published checksums match."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from ingest.store import EmbeddedStore

pytestmark = pytest.mark.anyio
OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def _store_quads(path: Path) -> tuple[set[ox.Quad], set[ox.Triple]]:
    store = EmbeddedStore(path, read_only=True)
    try:
        buffer = io.BytesIO()
        store.dump("nq", buffer)
    finally:
        store.close()
    quads = set(ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS))
    return quads, {q.triple for q in quads}


async def test_dumps_round_trip_and_checksums_match(
    client: httpx.AsyncClient, tiny_store: Path
) -> None:
    index = (await client.get("/dumps/", headers={"accept": "application/json"})).json()
    version = index["version"]
    assert version.startswith("0.") and "+d" in version
    quads, triples = _store_quads(tiny_store)
    kinds = {f["kind"]: f for f in index["files"]}
    assert set(kinds) == {*OX_FORMATS, "study-characteristics"}
    for kind, fmt in OX_FORMATS.items():
        item = kinds[kind]
        response = await client.get(f"/dumps/{version}/{item['name']}")
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == item["sha256"]
        assert len(response.content) == item["size"]
        parsed = set(ox.parse(gzip.decompress(response.content), fmt))
        if item["keeps_graphs"]:
            assert {
                ox.Quad(q.subject, q.predicate, q.object, q.graph_name) for q in parsed
            } == quads
        else:
            assert {q.triple for q in parsed} == triples
    table = (await client.get(f"/dumps/{version}/{kinds['study-characteristics']['name']}")).text
    rows = list(csv.DictReader(io.StringIO(table)))
    assert {r["Study"] for r in rows} == {"Smith 2017", "Todd 2017"}


async def test_same_data_same_bytes_and_unknown_versions_404(client: httpx.AsyncClient) -> None:
    first = (await client.get("/dumps/", headers={"accept": "application/json"})).json()
    again = (await client.get("/dumps/", headers={"accept": "application/json"})).json()
    assert first == again
    response = await client.get("/dumps/0.0.0+d000000000000/spkg.ttl.gz")
    assert response.status_code == 404
    assert "is not kept" in response.json()["detail"]
