"""Replace one review on Oxigraph's server and on Virtuoso: the same data, the same run.

Each engine is a throw-away server on 127.0.0.1 (Oxigraph's `oxigraph serve --union-default-graph`
on disk; Virtuoso as the tests start it, `tests/engines/virtuoso.py`). The other reviews of the
data folder are loaded first; then one review's graphs (as `spkg ingest` writes them, the
inferred graph empty) are replaced `--runs` times through `RemoteStore.replace_graphs`,
alternating two versions that differ in one triple so every run really writes. Each engine
replaces in its own form (Oxigraph: one DROP + MOVE request; Virtuoso: the logged DELETE/INSERT
request and a staging drop, `ingest.store.engines`).

    nice -n 10 .venv/bin/python -m bench.bench_engines [--data tests/fixtures/multi] [--runs 7]

Writes `bench/results/engines.json`; `--table` prints the Markdown table for RESULTS.md.
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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from bench.report import summary, write_results
from ingest.store import RemoteStore

__all__ = ["main", "oxigraph_server", "review_versions", "time_engine"]

logger = logging.getLogger(__name__)

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "multi"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
CHANGED = URIRef("https://w3id.org/spkg/ontology#benchVersion")


def _graphs_of(folder: Path) -> dict[str, Graph]:
    from ingest.pipeline import load_resources, prepare_review, review_graphs

    return review_graphs(prepare_review(folder, load_resources()))


def review_versions(folder: Path) -> list[dict[str, Graph]]:
    """Two versions of one review's graphs, differing in one triple of its reported graph."""
    versions = []
    for version in (1, 2):
        graphs = {name: Graph() + graph for name, graph in _graphs_of(folder).items()}
        reported = next(name for name in graphs if name.endswith("/reported"))
        graphs[reported].add((URIRef(reported), CHANGED, Literal(version)))
        versions.append(graphs)
    return versions


@contextmanager
def oxigraph_server(workdir: Path) -> Iterator[tuple[str, str]]:
    """An Oxigraph server on disk under `workdir`: (query URL, engine name)."""
    from tests.serving import free_port

    port = free_port()
    command = [str(OXIGRAPH), "serve", "--location", str(workdir / "oxigraph")]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(400):
            try:
                with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        yield url, "oxigraph"
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def virtuoso_server(workdir: Path) -> Iterator[tuple[str, str]]:
    """A Virtuoso server as the tests start it: (query URL, engine name)."""
    from tests.engines.virtuoso import VirtuosoServer

    with VirtuosoServer(workdir / "virtuoso") as server:
        yield server.query_url, server.engine


def time_engine(
    url: str, engine: str, background: list[dict[str, Graph]], versions: list[dict[str, Graph]]
) -> dict[str, Any]:
    """Load the background reviews, then time `runs` replaces of the review, alternating."""
    runs = len(versions) - 2
    with RemoteStore(url, engine=engine, timeout=300) as store:
        started = time.perf_counter()
        for graphs in background:
            store.replace_graphs(graphs)
        load_s = time.perf_counter() - started
        store.replace_graphs(versions[1])  # the first write creates the review's graphs
        seconds = []
        for run in range(runs):
            started = time.perf_counter()
            store.replace_graphs(versions[run % 2])
            seconds.append(time.perf_counter() - started)
        triples = store.triple_count()
    return {
        "engine": engine,
        "store_triples": triples,
        "background_load_s": round(load_s, 3),
        "replace_s": summary(seconds),
    }


def table(results: dict[str, Any]) -> str:
    """The Markdown table RESULTS.md carries for these figures."""
    lines = [
        "| engine | store triples | review triples | replace median s | min | max | vs Oxigraph |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    base = results["runs"][0]["replace_s"]["median"]
    for row in results["runs"]:
        cut = row["replace_s"]
        lines.append(
            f"| {row['engine']} | {row['store_triples']} | {results['review_triples']} "
            f"| {cut['median']:.3f} | {cut['min']:.3f} | {cut['max']:.3f} "
            f"| {cut['median'] / base:.1f}× |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Time the replace on each engine and write engines.json."""
    parser = argparse.ArgumentParser(prog="bench.bench_engines")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a folder of reviews")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--table", action="store_true", help="print the Markdown table")
    args = parser.parse_args(argv)
    folders = sorted(p for p in args.data.iterdir() if (p / "review.csv").exists())
    target, others = folders[0], folders[1:]
    two = review_versions(target)
    versions = [two[run % 2] for run in range(args.runs + 2)]
    background = [_graphs_of(folder) for folder in others]
    rows = []
    with tempfile.TemporaryDirectory(prefix="spkg-bench-engines-") as tmp:
        for name, start in (("oxigraph", oxigraph_server), ("virtuoso", virtuoso_server)):
            workdir = Path(tmp) / name
            workdir.mkdir()
            with start(workdir) as (url, engine):
                rows.append(time_engine(url, engine, background, versions))
            logger.info("%s: %s", name, rows[-1]["replace_s"])
    results = {
        "data": str(args.data),
        "review_replaced": target.name,
        "review_triples": sum(len(g) for g in two[0].values()),
        "background_reviews": [folder.name for folder in others],
        "runs": rows,
    }
    write_results("engines", results, args.out)
    if args.table:
        print(table(results))
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
