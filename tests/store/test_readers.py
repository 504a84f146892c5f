"""Read-only readers beside a writer: snapshots, the generation file, and reopening."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kill_writer import BIG, SMALL
from rdflib import Graph, Literal, Namespace

from ingest.store import EmbeddedStore, read_generation

EX = Namespace("http://example.org/")
G = "https://w3id.org/spkg/graph/r1/reported"


def version(n: int) -> Graph:
    graph = Graph()
    for i in range(n):
        graph.add((EX[f"s{i}"], EX.p, Literal(i)))
    return graph


def test_reader_keeps_its_snapshot_until_refresh(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = EmbeddedStore(path)
    writer.replace_graphs({G: version(3)})
    reader = EmbeddedStore(path, read_only=True)
    assert reader.generation == 1
    assert reader.refresh() is False
    writer.replace_graphs({G: version(5)})
    assert read_generation(path) == 2
    assert reader.triple_count(G) == 3  # the snapshot taken at open
    assert reader.refresh() is True
    assert reader.triple_count(G) == 5
    assert reader.generation == 2
    reader.close()
    writer.close()


WRITE_LOOP = """
import sys
from kill_writer import content
from ingest.store import open_store
store = open_store(sys.argv[1])
versions = [content("a", 3000), content("b", 3011)]
for i in range(int(sys.argv[2])):
    store.replace_graphs(versions[i % 2])
store.close()
"""


def test_reader_refreshing_while_another_process_writes(tmp_path: Path) -> None:
    """Every read sees one whole version, and refresh never fails while the writer works."""
    path = tmp_path / "store"
    EmbeddedStore(path).close()
    here = str(Path(__file__).parent)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITE_LOOP, str(path), "12"],
        env={"PYTHONPATH": here, "PATH": ""},
    )
    reader = EmbeddedStore(path, read_only=True)
    seen: set[tuple[int, int]] = set()
    try:
        while writer.poll() is None:
            reader.refresh()
            seen.add((reader.triple_count(BIG), reader.triple_count(SMALL)))
    finally:
        writer.wait()
    reader.refresh()
    seen.add((reader.triple_count(BIG), reader.triple_count(SMALL)))
    assert seen <= {(0, 0), (3000, 3), (3011, 3)}
    assert (3011, 3) in seen  # the last version written
    reader.close()
