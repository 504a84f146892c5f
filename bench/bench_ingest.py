"""Ingest of 1, 10, 100 and 1000 synthetic reviews: wall time, per-stage time, peak RSS, triples/s.

Each size runs in a fresh child process (so its peak RSS is its own) that pushes every review
through `bench.pipeline` into a new on-disk embedded store, one transaction per review as
`spkg ingest` writes. The OWL classification runs a Java reasoner per review and costs seconds
each; above `--classify-sample` reviews it runs on that many and the rest is projected from
their mean (marked `projected` in the figures).

End to end (`--end-to-end-max`): `ingest.build.ingest_data` itself on a folder of n reviews,
cold (a new store) and again unchanged; above `--e2e-classify-max` reviews the cold run leaves
the reasoner out and the figures say so.

    python -m bench.bench_ingest --sizes 1 10 [--work /tmp/spkg-bench]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.generate import generate
from bench.report import write_results

__all__ = ["ingest_once", "main"]

logger = logging.getLogger(__name__)

DEFAULT_WORK = Path("/tmp/spkg-bench")


def _reviews(work: Path, seed: int, n: int) -> list[Path]:
    """The first n synthetic reviews of a seed, generated once and reused."""
    root = work / f"reviews-s{seed}"
    folders = sorted(p for p in root.glob("synthetic-*") if p.is_dir()) if root.exists() else []
    if len(folders) < n:
        folders = generate(n - len(folders), seed, root, start=len(folders))
        folders = sorted(p for p in root.glob("synthetic-*") if p.is_dir())
    return folders[:n]


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def ingest_once(n: int, seed: int, work: Path, classify_sample: int) -> dict[str, Any]:
    """Ingest n reviews into a fresh store in this process; return its figures."""
    from bench.pipeline import STAGES, Pipeline
    from ingest.store import EmbeddedStore

    folders = _reviews(work, seed, n)
    target = work / f"ingest-{n}"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    pipeline = Pipeline()
    setup_s = time.perf_counter() - started
    totals = dict.fromkeys(STAGES, 0.0)
    classify_each: list[float] = []
    triples = 0
    with EmbeddedStore(target / "store") as store:
        for i, folder in enumerate(folders):
            timing = pipeline.run(folder, store, classify=i < classify_sample)
            for stage, seconds in timing.seconds.items():
                totals[stage] += seconds
            if "classify" in timing.seconds:
                classify_each.append(timing.seconds["classify"])
            triples += timing.triples
        store_triples = store.triple_count()
    wall = time.perf_counter() - started
    unclassified = n - len(classify_each)
    projected_extra = unclassified * statistics.mean(classify_each) if classify_each else 0.0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "reviews": n,
        "triples_written": triples,
        "store_triples": store_triples,
        "wall_s": round(wall, 3),
        "setup_s": round(setup_s, 3),
        "stage_s": {k: round(v, 3) for k, v in totals.items()},
        "classified_reviews": len(classify_each),
        "classify_per_review_s": round(statistics.mean(classify_each), 3)
        if classify_each
        else None,
        "projected_wall_s": round(wall + projected_extra, 3),
        "projected": unclassified > 0,
        "triples_per_s": round(triples / wall, 1),
        "triples_per_s_projected": round(triples / (wall + projected_extra), 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "peak_rss_reasoner_mb": round(children_kb / 1024, 1),
        "store_bytes": _dir_bytes(target / "store"),
    }


def ingest_end_to_end(n: int, seed: int, work: Path, classify: bool = True) -> dict[str, Any]:
    """`ingest.build.ingest_data` on a folder of n reviews, as `spkg ingest` runs it: cold into
    a new store, then again with nothing changed."""
    from ingest.build import ingest_data
    from ingest.store import EmbeddedStore

    folders = _reviews(work, seed, n)
    data_dir = work / f"data-{n}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    for folder in folders:
        (data_dir / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
    target = work / f"e2e-{n}"
    shutil.rmtree(target, ignore_errors=True)
    stages: dict[str, float] = {}
    started = time.perf_counter()
    with EmbeddedStore(target / "store") as store:
        outcomes = ingest_data(
            data_dir, store, show_progress=False, timings=stages, classify=classify
        )
        wall = time.perf_counter() - started
        store_triples = store.triple_count()
        again_started = time.perf_counter()
        again = ingest_data(data_dir, store, show_progress=False)
        again_wall = time.perf_counter() - again_started
    return {
        "reviews": n,
        "end_to_end": True,
        "classified": classify,
        "written": sum(o.written for o in outcomes),
        "store_triples": store_triples,
        "wall_s": round(wall, 3),
        "stage_s": {k: round(v, 3) for k, v in stages.items()},
        "unchanged_wall_s": round(again_wall, 3),
        "unchanged_written": sum(o.written for o in again),
        "triples_per_s": round(store_triples / wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_reasoner_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
    }


def _child(
    n: int, seed: int, work: Path, classify_sample: int, e2e: bool = False, classify: bool = True
) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.bench_ingest", "--child", str(n), "--seed", str(seed)]
    command += ["--work", str(work), "--classify-sample", str(classify_sample)]
    command += ["--end-to-end"] if e2e else []
    command += [] if classify else ["--no-classify"]
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"reviews": n, "error": out.stderr.strip()[-3000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Run the sizes asked for, each in its own process, and write ingest.json."""
    parser = argparse.ArgumentParser(prog="bench.bench_ingest")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--classify-sample", type=int, default=10)
    parser.add_argument("--end-to-end-max", type=int, default=1, help="largest ingest_data run")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--end-to-end", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-classify", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--e2e-classify-max", type=int, default=100, help="largest end-to-end run with the reasoner"
    )
    parser.add_argument(
        "--shipped-sizes", type=int, nargs="*", default=[], help="ignored (kept for old commands)"
    )
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    args = parser.parse_args(argv)
    if args.child is not None:
        if args.end_to_end:
            figures = ingest_end_to_end(
                args.child, args.seed, args.work, classify=not args.no_classify
            )
        else:
            figures = ingest_once(args.child, args.seed, args.work, args.classify_sample)
        print(json.dumps(figures))
        return 0
    runs = []
    for n in args.sizes:
        logger.info("ingest of %d reviews", n)
        runs.append(_child(n, args.seed, args.work, args.classify_sample))
    base = next((r for r in runs if "error" not in r), None)
    for run in runs:
        if "error" not in run and base:
            per_review = run["projected_wall_s"] / run["reviews"]
            run["per_review_s"] = round(per_review, 4)
            run["per_review_vs_smallest"] = round(
                per_review / (base["projected_wall_s"] / base["reviews"]), 3
            )
    e2e = [
        _child(n, args.seed, args.work, 0, e2e=True, classify=n <= args.e2e_classify_max)
        for n in args.sizes
        if n <= args.end_to_end_max
    ]
    figures = {"seed": args.seed, "classify_sample": args.classify_sample, "runs": runs}
    write_results("ingest", figures | {"as_shipped": [], "end_to_end": e2e}, args.out)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
