"""Dumps: every format round-trips to the store's content, and the published checksums match."""

from __future__ import annotations

import asyncio
import csv
import gzip
import hashlib
import io
import threading
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from api.dumps import cache as dump_cache
from api.dumps.cache import DumpCache
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


async def test_pages_do_not_wait_for_downloads_still_being_written(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the dump set is written (minutes for a large store), the landing page and the
    dataset description are served without the downloads and /dumps/ answers 503 with
    Retry-After; once it is written, all of them list it."""
    release = threading.Event()
    write = DumpCache._write

    def held_back(self: DumpCache, store: Any, version: str) -> Any:
        release.wait(60)
        return write(self, store, version)

    monkeypatch.setattr(DumpCache, "_write", held_back)
    monkeypatch.setattr(dump_cache, "READY_WAIT_S", 0.2)
    landing = await client.get("/")
    assert landing.status_code == 200
    assert "being written for this version" in landing.text and "/dumps/spkg-" not in landing.text
    index = await client.get("/dumps/", headers={"Accept": "application/json"})
    assert index.status_code == 503 and index.headers["retry-after"] == "60"
    assert index.headers["content-type"].startswith("application/problem+json")
    void = await client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    assert void.status_code == 200 and ".nq.gz" not in void.text
    release.set()
    for _ in range(300):
        index = await client.get("/dumps/", headers={"Accept": "application/json"})
        if index.status_code == 200:
            break
        await asyncio.sleep(0.1)
    files = index.json()["files"]
    assert files
    landing = await client.get("/")
    assert all(f["name"] in landing.text for f in files)
    assert "being written" not in landing.text
