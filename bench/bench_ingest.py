"""Ingest of 1, 10, 100 and 1000 synthetic reviews: wall time, per-stage time, peak RSS, triples/s.

Each size runs in a fresh child process (so its peak RSS is its own) that pushes every review
through `bench.pipeline` into a new on-disk embedded store, one transaction per review as
`spkg ingest` writes. A thread samples the process's RSS every few milliseconds, and each
sample is put to the stage running then, so each stage has its peak RSS (`stage_peak_rss_mb`).

`--reasoner rules` (the default, as `spkg ingest`) classifies with the compiled rules;
`--reasoner hermit` runs HermiT per review, seconds each. With `--classify-sample K` only the
first K reviews are classified and the rest is projected from their mean (marked `projected`);
by default every review is, with HermiT the first 10.

End to end (`--end-to-end-max`): `ingest.build.ingest_data` itself on a folder of n reviews,
cold (a new store) and again unchanged, with the same reasoner and `--jobs` pass-one workers
(default spkg's); with HermiT, above `--e2e-classify-max` reviews the cold run leaves the
reasoner out and the figures say so. Its `peak_rss_reasoner_mb` is the largest child process's:
a pass-one worker's, or the reasoner's. `cpu_s` is the CPU time of the run and its children.

    python -m bench.bench_ingest --sizes 1 10 [--reasoner hermit] [--work /tmp/spkg-bench]
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
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from bench.generate import generate
from bench.report import write_results
from ingest.validators import VALIDATORS, validator_name

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


class RssSampler:
    """Samples this process's RSS in a thread; `attribute` puts the samples taken since `mark`
    to the stages whose consecutive durations (from the mark) they fall in."""

    def __init__(self, interval_s: float = 0.005) -> None:
        self.interval_s = interval_s
        self.samples: list[tuple[float, int]] = []
        self.peaks: dict[str, int] = {}
        self._process = psutil.Process()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start = time.perf_counter()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.perf_counter(), self._process.memory_info().rss))
            self._stop.wait(self.interval_s)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def mark(self) -> None:
        self._start = time.perf_counter()
        self.samples = []

    def attribute(self, stages: list[tuple[str, float]]) -> None:
        ends, at = [], self._start
        for stage, seconds in stages:
            at += seconds
            ends.append((at, stage))
        for when, rss in self.samples:
            stage = next((s for end, s in ends if when <= end), ends[-1][1] if ends else "")
            if stage:
                self.peaks[stage] = max(self.peaks.get(stage, 0), rss)


def ingest_once(
    n: int,
    seed: int,
    work: Path,
    classify_sample: int | None,
    reasoner: str = "rules",
    validator: str | None = None,
) -> dict[str, Any]:
    """Ingest n reviews into a fresh store in this process; return its figures."""
    from bench.pipeline import STAGES, Pipeline
    from ingest.store import EmbeddedStore

    folders = _reviews(work, seed, n)
    target = work / f"ingest-{n}-{reasoner}"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    pipeline = Pipeline(reasoner=reasoner, validator=validator)
    setup_s = time.perf_counter() - started
    peak_at_setup_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    totals = dict.fromkeys(STAGES, 0.0)
    classify_each: list[float] = []
    triples = 0
    if classify_sample is None:
        classify_sample = n if reasoner == "rules" else 10
    sample = classify_sample
    with EmbeddedStore(target / "store") as store, RssSampler() as rss:
        for i, folder in enumerate(folders):
            rss.mark()
            timing = pipeline.run(folder, store, classify=i < sample)
            rss.attribute([(s, timing.seconds[s]) for s in STAGES if s in timing.seconds])
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
        "reasoner": reasoner,
        "validator": pipeline.validator,
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
        "stage_peak_rss_mb": {k: round(v / 2**20, 1) for k, v in rss.peaks.items()},
        "setup_peak_rss_mb": round(peak_at_setup_kb / 1024, 1),
        "store_bytes": _dir_bytes(target / "store"),
    }


def ingest_end_to_end(
    n: int,
    seed: int,
    work: Path,
    classify: bool = True,
    reasoner: str = "rules",
    validator: str | None = None,
    jobs: int | None = None,
) -> dict[str, Any]:
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
    target = work / f"e2e-{n}-{reasoner}"
    shutil.rmtree(target, ignore_errors=True)
    stages: dict[str, float] = {}
    started, cpu = time.perf_counter(), _cpu_s()
    with EmbeddedStore(target / "store") as store:
        outcomes = ingest_data(
            data_dir,
            store,
            show_progress=False,
            timings=stages,
            classify=classify,
            reasoner=reasoner,
            validator=validator,
            jobs=jobs,
        )
        wall, cpu = time.perf_counter() - started, _cpu_s() - cpu
        store_triples = store.triple_count()
        again_started = time.perf_counter()
        again = ingest_data(
            data_dir, store, show_progress=False, reasoner=reasoner, validator=validator, jobs=jobs
        )
        again_wall = time.perf_counter() - again_started
    return {
        "reviews": n,
        "end_to_end": True,
        "reasoner": reasoner,
        "validator": validator,
        "classified": classify,
        "written": sum(o.written for o in outcomes),
        "store_triples": store_triples,
        "jobs": jobs,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "stage_s": {k: round(v, 3) for k, v in stages.items()},
        "unchanged_wall_s": round(again_wall, 3),
        "unchanged_written": sum(o.written for o in again),
        "triples_per_s": round(store_triples / wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_reasoner_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
    }


def _cpu_s() -> float:
    """CPU seconds of this process and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _child(
    n: int,
    seed: int,
    work: Path,
    classify_sample: int | None,
    e2e: bool = False,
    classify: bool = True,
    reasoner: str = "rules",
    validator: str | None = None,
    jobs: int | None = None,
) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.bench_ingest", "--child", str(n), "--seed", str(seed)]
    command += ["--work", str(work)]
    command += [] if classify_sample is None else ["--classify-sample", str(classify_sample)]
    command += ["--reasoner", reasoner]
    command += [] if validator is None else ["--validator", validator]
    command += [] if jobs is None else ["--jobs", str(jobs)]
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
    parser.add_argument("--classify-sample", type=int, default=None)
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
    parser.add_argument(
        "--reasoner", choices=("rules", "hermit"), default="rules", help="how reviews are typed"
    )
    parser.add_argument(
        "--validator", choices=VALIDATORS, default=None, help="SHACL engine (default: spkg's)"
    )
    parser.add_argument(
        "--results-name", default="ingest", help="results file name (default ingest.json)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="end to end: pass-one workers (default spkg's)"
    )
    args = parser.parse_args(argv)
    if args.child is not None:
        if args.end_to_end:
            figures = ingest_end_to_end(
                args.child,
                args.seed,
                args.work,
                classify=not args.no_classify,
                reasoner=args.reasoner,
                validator=args.validator,
                jobs=args.jobs,
            )
        else:
            figures = ingest_once(
                args.child,
                args.seed,
                args.work,
                args.classify_sample,
                args.reasoner,
                args.validator,
            )
        print(json.dumps(figures))
        return 0
    runs = []
    for n in args.sizes:
        logger.info("ingest of %d reviews", n)
        runs.append(
            _child(
                n,
                args.seed,
                args.work,
                args.classify_sample,
                reasoner=args.reasoner,
                validator=args.validator,
            )
        )
    base = next((r for r in runs if "error" not in r), None)
    for run in runs:
        if "error" not in run and base:
            per_review = run["projected_wall_s"] / run["reviews"]
            run["per_review_s"] = round(per_review, 4)
            run["per_review_vs_smallest"] = round(
                per_review / (base["projected_wall_s"] / base["reviews"]), 3
            )
    e2e = [
        _child(
            n,
            args.seed,
            args.work,
            0,
            e2e=True,
            classify=args.reasoner == "rules" or n <= args.e2e_classify_max,
            reasoner=args.reasoner,
            validator=args.validator,
            jobs=args.jobs,
        )
        for n in args.sizes
        if n <= args.end_to_end_max
    ]
    figures = {
        "seed": args.seed,
        "reasoner": args.reasoner,
        "validator": validator_name(args.validator),
        "classify_sample": args.classify_sample,
        "runs": runs,
    }
    figures |= {"as_shipped": [], "end_to_end": e2e}
    write_results(args.results_name, figures, args.out)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
