"""Time `replace_graphs` of one review-sized graph on the embedded and the remote backend.

Run: `.venv/bin/python -m bench.store_replace [--triples 2000] [--runs 11]`. Each run replaces
a review's reported and provenance graphs, alternating two versions so every run really
drops and writes; the embedded store is on disk, the remote one an Oxigraph server process
(on disk) on 127.0.0.1. Writes `bench/results/store_replace.json`.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from rdflib import Graph, Literal, Namespace

from bench.report import summary, write_results
from ingest.store import EmbeddedStore, RemoteStore, Store

__all__ = ["main", "review_graphs", "time_replaces"]

logger = logging.getLogger(__name__)

EX = Namespace("https://w3id.org/spkg/id/")
REPORTED = "https://w3id.org/spkg/graph/bench/reported"
PROVENANCE = "https://w3id.org/spkg/graph/bench/provenance"


def review_graphs(triples: int, version: int) -> dict[str, Graph]:
    """About `triples` triples in the reported graph, 10 in the provenance graph."""
    reported, provenance = Graph(), Graph()
    for i in range(triples):
        subject = EX[f"quote/bench/q{i // 5}"]
        reported.add((subject, EX[f"p{i % 5}"], Literal(f"quote {i} v{version}", lang="en")))
    for i in range(10):
        provenance.add((EX["ingest-run/bench"], EX[f"p{i}"], Literal(version)))
    return {REPORTED: reported, PROVENANCE: provenance}


def time_replaces(store: Store, triples: int, runs: int) -> list[float]:
    versions = [review_graphs(triples, v) for v in (0, 1)]
    store.replace_graphs(versions[1])  # warm up: first write creates the graphs
    seconds = []
    for run in range(runs):
        started = time.perf_counter()
        store.replace_graphs(versions[run % 2])
        seconds.append(time.perf_counter() - started)
    return seconds


def _start_server(location: Path, port: int) -> subprocess.Popen[bytes]:
    binary = Path(sys.executable).parent / "oxigraph"
    command = [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(500):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"):
                return process
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.02)
    process.kill()
    raise RuntimeError("oxigraph server did not start")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--port", type=int, default=7879)
    args = parser.parse_args(argv)
    figures: dict[str, object] = {"triples": args.triples + 10, "runs": args.runs}
    with tempfile.TemporaryDirectory() as tmp:
        embedded = EmbeddedStore(Path(tmp) / "store")
        figures["embedded_s"] = summary(time_replaces(embedded, args.triples, args.runs))
        embedded.close()
        server = _start_server(Path(tmp) / "server", args.port)
        try:
            url = f"http://127.0.0.1:{args.port}/query"
            remote = RemoteStore(url)
            figures["remote_s"] = summary(time_replaces(remote, args.triples, args.runs))
        finally:
            server.terminate()
            server.wait()
    path = write_results("store_replace", figures)
    print(figures, "->", path)


if __name__ == "__main__":
    main()
