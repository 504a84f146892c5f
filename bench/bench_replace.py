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
import hashlib
import json
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


def _store_key(folders: list[Path]) -> str:
    """What a background store's content follows from: the review folders, the ontology, shapes
    and version (`tools_digest`) and the ingest code that maps them."""
    from ingest.provenance import tools_digest

    digest = hashlib.sha256(tools_digest().encode())
    for folder in folders:
        digest.update(f"{folder.resolve()}\n".encode())
    code = Path(__file__).resolve().parents[1] / "ingest"
    for source in sorted(code.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def background_store(
    path: Path, folders: list[Path], reuse: bool = False, any_code: bool = False
) -> int:
    """Bulk-load the ontology and each review's graphs, as `spkg ingest` writes them (summary in
    the provenance graph included; the inferred graph empty), into a fresh store at `path`.

    With `reuse`, a store already built at `path` from the same folders and the same ingest code
    is kept as it is; with `any_code` too, one built by other ingest code is kept (a store of
    1000 reviews takes the better part of an hour to build). Returns the store's quad count.
    """
    from ingest.pipeline import load_resources, prepare_review, review_graphs
    from ingest.store.terms import to_ox_triples

    marker = path.with_name(f"{path.name}.built.json")
    key = _store_key(folders)
    if reuse and path.exists() and marker.exists():
        built = json.loads(marker.read_text(encoding="utf-8"))
        if built.get("key") == key or any_code:
            logger.info("reusing the store at %s (%d quads)", path, built["quads"])
            return int(built["quads"])
    shutil.rmtree(path, ignore_errors=True)
    marker.unlink(missing_ok=True)
    res = load_resources()
    store = ox.Store(str(path))
    ontology = ox.NamedNode(f"{res.base}ontology")
    store.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, ontology) for t in to_ox_triples(res.ontology, {})
    )
    for start in range(0, len(folders), 50):
        quads: list[ox.Quad] = []
        for folder in folders[start : start + 50]:
            for iri, graph in review_graphs(prepare_review(folder, res)).items():
                name = ox.NamedNode(iri)
                triples = to_ox_triples(graph, {})
                quads.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        store.bulk_extend(quads)
    store.flush()
    count = len(store)
    del store
    marker.write_text(json.dumps({"key": key, "quads": count}), encoding="utf-8")
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
