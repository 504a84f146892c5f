"""Replacing one review in a store of 0, 100 and 1000 others: the cost must not grow with the store.

The other reviews are read, mapped and bulk-loaded into an on-disk store (their reported,
supplementary and provenance graphs; validation and classification do not change what a store
holds for this purpose). The review being replaced goes through the full pipeline once in two
versions (the second changes one quote), and then the write `spkg ingest` makes (fingerprint
check, then provenance and the review's four graphs in one transaction; the ontology graph is
written once per run, not with each review) is timed, alternating the versions so every write
really drops and inserts.

    python -m bench.bench_replace --sizes 0 10 [--runs 9]
"""

from __future__ import annotations

import argparse
import csv
import logging
import shutil
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.bench_ingest import DEFAULT_WORK, _reviews
from bench.report import summary, write_results
from ingest.store import EmbeddedStore

__all__ = ["background_store", "main", "time_replace"]

logger = logging.getLogger(__name__)


def background_store(path: Path, folders: list[Path]) -> int:
    """Bulk-load the ontology and the mapped graphs of `folders` into a fresh store at `path`.

    Returns the store's quad count.
    """
    from ingest.pipeline import load_resources, prepare_review
    from ingest.provenance import build_provenance
    from ingest.store.terms import to_ox_triples

    shutil.rmtree(path, ignore_errors=True)
    res = load_resources()
    store = ox.Store(str(path))
    ontology = ox.NamedNode(f"{res.base}ontology")
    store.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, ontology) for t in to_ox_triples(res.ontology, {})
    )
    for start in range(0, len(folders), 50):
        quads: list[ox.Quad] = []
        for folder in folders[start : start + 50]:
            review = prepare_review(folder, res)
            mapped = review.mapped
            graphs = list(mapped.graphs().values())
            graphs.append(build_provenance(mapped.minter, review.fingerprint, mapped.sources))
            for graph in graphs:
                name = ox.NamedNode(str(graph.identifier))
                triples = to_ox_triples(graph, {})
                quads.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        store.bulk_extend(quads)
    store.flush()
    count = len(store)
    del store
    return count


def _second_version(folder: Path, work: Path) -> Path:
    """A copy of a review folder whose first quote reads differently."""
    copy = work / "replace-v2" / folder.name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy)
    path = copy / "quotes.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames or [], list(reader)
    rows[0]["text"] = rows[0]["text"] + " And then it changed."
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return copy


def time_replace(store_path: Path, versions: list[Any], runs: int) -> list[float]:
    """Seconds of each of `runs` writes of the prepared review, alternating its versions.

    Each write is what `spkg ingest` does for a changed review: read the stored fingerprint,
    then replace the review's graphs.
    """
    from bench.pipeline import Pipeline
    from ingest.pipeline import stored_fingerprint

    pipeline = Pipeline()
    seconds = []
    with EmbeddedStore(store_path) as store:
        pipeline.write(store, versions[1])  # first write creates it (and the ontology graph)
        for run in range(runs):
            version = versions[run % 2]
            started = time.perf_counter()
            review = version.review
            if stored_fingerprint(store, review.mapped.minter) == review.fingerprint:
                raise RuntimeError("the alternating version was not written")
            pipeline.write(store, version)
            seconds.append(time.perf_counter() - started)
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Time the replacement at each store size and write replace.json."""
    parser = argparse.ArgumentParser(prog="bench.bench_replace")
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--no-classify", action="store_true", help="leave the inferred graph empty")
    args = parser.parse_args(argv)
    from bench.pipeline import Pipeline

    folders = _reviews(args.work, args.seed, max(args.sizes) + 1)
    target, others = folders[0], folders[1:]
    pipeline = Pipeline()
    versions = [
        pipeline.prepare(target, classify=not args.no_classify),
        pipeline.prepare(_second_version(target, args.work), classify=not args.no_classify),
    ]
    rows = []
    for size in args.sizes:
        path = args.work / f"replace-{size}"
        quads = background_store(path, others[:size])
        seconds = time_replace(path, versions, args.runs)
        rows.append({"store_reviews": size, "store_quads": quads, "replace_s": summary(seconds)})
        logger.info("replace in a store of %d reviews: %s", size, rows[-1]["replace_s"])
    empty = rows[0]["replace_s"]["median"]
    for row in rows:
        row["vs_empty"] = round(row["replace_s"]["median"] / empty, 3)
    write_results("replace", {"reviews_replaced": target.name, "runs": rows}, args.out)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
