"""SIGKILL a writer at random points: the graphs hold exactly the old or the new version.

Each iteration starts a writer process that replaces two graphs (a big one and a small one,
as a review's reported and provenance graphs) with the other version, waits for it to be
ready, sleeps a random fraction of a calibrated replace time and kills it. The store is then
read back in full: both graphs must be one whole version, the same one for both, and a third
graph (another review) must be untouched.
"""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from kill_writer import BIG, SMALL, content
from rdflib import Graph, Literal, URIRef

from ingest.store import Store, open_store

WRITER = Path(__file__).with_name("kill_writer.py")
OTHER = "https://w3id.org/spkg/graph/other/reported"
N = 20_000


def size(tag: str) -> int:
    """Versions differ in size too, so a count alone would tell them apart."""
    return N + (0 if tag == "a" else 11)


def ntriples(graph: Graph) -> set[bytes]:
    from ingest.store.terms import to_ox_triples

    data = ox.serialize(to_ox_triples(graph, {}), format=ox.RdfFormat.N_TRIPLES)
    return set(data.splitlines())


def stored(store: Store, graph: str) -> set[bytes]:
    out = io.BytesIO()
    store.dump("nt", out, graphs=[graph])
    return set(out.getvalue().splitlines())


def snapshot(store: Store, graphs: list[str]) -> dict[str, set[bytes]]:
    """The graphs' N-Triples lines read in ONE dump, so one read is one state of the store.

    Reading graph by graph could straddle a commit: on a server, an update the killed writer had
    wholly sent can still land after the kill, as a whole, while the test reads.
    """
    out = io.BytesIO()
    store.dump("nq", out, graphs=graphs)
    found: dict[str, set[bytes]] = {g: set() for g in graphs}
    for quad in ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS):
        line = ox.serialize([quad.triple], format=ox.RdfFormat.N_TRIPLES).strip()
        found[quad.graph_name.value].add(line)
    return found


def other_graph() -> Graph:
    graph = Graph()
    graph.add((URIRef("http://example.org/other"), URIRef("http://example.org/p"), Literal("x")))
    return graph


def run_writer(location: str, backend: str, tag: str, delay: float | None) -> tuple[bool, float]:
    """Start a writer; kill it `delay` s after it is ready. (finished?, seconds after ready).

    `backend` is `embedded` or `remote:<engine>`."""
    env = {**os.environ, "PYTHONPATH": str(WRITER.parent)}
    process = subprocess.Popen(
        [sys.executable, str(WRITER), backend, location, tag, str(size(tag))],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == b"ready"
    started = time.monotonic()
    if delay is None:
        finished = process.stdout.readline().strip() == b"done"
        process.wait()
        return finished and process.returncode == 0, time.monotonic() - started
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
    return process.returncode == 0, delay


def kill_iterations(
    backend: str, location: str, opener: Callable[[], Store], iterations: int, seed: int
) -> Counter[str]:
    """Run the iterations; return how often the store was found old or new after a kill."""
    versions = {tag: content(tag, N + (0 if tag == "a" else 11)) for tag in ("a", "b")}
    expected = {
        tag: {g: ntriples(graphs[g]) for g in (BIG, SMALL)} for tag, graphs in versions.items()
    }
    # Calibrate: one uncut replace to version "a" measures how long a replace takes.
    finished, seconds = run_writer(location, backend, "a", None)
    assert finished
    current, outcomes, rng = "a", Counter[str](), random.Random(seed)
    for _ in range(iterations):
        target = "b" if current == "a" else "a"
        run_writer(location, backend, target, rng.uniform(0, seconds * 1.3))
        store = opener()
        try:
            found = snapshot(store, [BIG, SMALL])
            assert stored(store, OTHER) == ntriples(other_graph())
        finally:
            store.close()
        matches = [tag for tag in ("a", "b") if found == expected[tag]]
        assert len(matches) == 1, f"half-written state: {[len(v) for v in found.values()]}"
        outcomes["new" if matches[0] == target else "old"] += 1
        current = matches[0]
    print(f"{backend}: {iterations} kills, replace {seconds:.2f} s, outcomes {dict(outcomes)}")
    return outcomes


def _embedded(tmp_path: Path, iterations: int) -> None:
    path = tmp_path / "store"
    with open_store(path) as store:  # type: ignore[attr-defined]
        store.replace_graphs({OTHER: other_graph()})
    kill_iterations("embedded", str(path), lambda: open_store(path), iterations, seed=7)


def _remote(server, iterations: int) -> None:
    opener = lambda: open_store(endpoint=server.query_url, engine=server.engine)  # noqa: E731
    backend = f"remote:{server.engine}"
    opener().replace_graphs({OTHER: other_graph()})
    kill_iterations(backend, server.query_url, opener, iterations, seed=11)
    # A PUT that a killed writer had wholly sent may still commit on the server after the kill,
    # so let one uncut writer run first; the replace after it must find and drop every
    # staging graph left behind.
    finished, _ = run_writer(server.query_url, backend, "a", None)
    assert finished
    store = opener()
    assert [g for g in store.named_graphs() if "/staging/" in g] == []
    store.replace_graphs({OTHER: other_graph()})
    graphs = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    names = [str(row["g"]) for row in graphs]
    own = getattr(store, "own_graphs", frozenset())  # the server's own graphs (Virtuoso's)
    assert sorted(name for name in names if name not in own) == sorted([BIG, SMALL, OTHER])


def test_embedded_writer_killed(tmp_path: Path) -> None:
    _embedded(tmp_path, iterations=3)


@pytest.mark.remote
def test_remote_writer_killed(sparql_server) -> None:
    _remote(sparql_server, iterations=3)


@pytest.mark.slow
def test_embedded_writer_killed_many(tmp_path: Path) -> None:
    _embedded(tmp_path, iterations=20)


@pytest.mark.slow
@pytest.mark.remote
def test_remote_writer_killed_many(sparql_server) -> None:
    _remote(sparql_server, iterations=20)
