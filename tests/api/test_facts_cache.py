"""The dataset's facts are read again only when the store's write stamp changes (or, without a
stamp, when the version the fingerprints give changes), over a real embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from api.facts import FactsCache
from ingest.provenance import FINGERPRINT_QUERY
from ingest.store.embedded import EmbeddedStore, read_generation

pytestmark = pytest.mark.anyio

BASE = "https://w3id.org/spkg/"


class _CountingSelect:
    """A `select` over a real embedded store that records the queries it was asked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.asked: list[str] = []

    async def __call__(self, query: str) -> list:
        self.asked.append(query)
        with EmbeddedStore(self.path, read_only=True) as store:
            return list(store.select(query))


def _write(path: Path, n: int) -> None:
    """One write through the store's own replace, which bumps its generation."""
    graph = Graph(identifier=URIRef(f"{BASE}graph/cache-test/reported"))
    graph.add((URIRef(f"{BASE}id/thing/{n}"), URIRef(f"{BASE}ontology#count"), Literal(n)))
    with EmbeddedStore(path) as store:
        store.replace_graphs({str(graph.identifier): graph})


async def test_an_unchanged_stamp_asks_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store"
    _write(path, 1)
    cache = FactsCache(BASE, lambda: read_generation(path))
    select = _CountingSelect(path)
    first = await cache.current(select)
    asked = len(select.asked)
    assert asked > 1  # the version, then the facts
    assert await cache.current(select) is first
    assert len(select.asked) == asked
    _write(path, 2)  # a write: the version is asked again (no review changed: facts kept)
    assert await cache.current(select) is first
    assert select.asked[asked:] == [FINGERPRINT_QUERY]


async def test_without_a_stamp_the_version_is_asked_every_time(tmp_path: Path) -> None:
    path = tmp_path / "store"
    _write(path, 1)
    cache = FactsCache(BASE)
    select = _CountingSelect(path)
    await cache.current(select)
    asked = len(select.asked)
    await cache.current(select)
    assert select.asked[asked:] == [FINGERPRINT_QUERY]
