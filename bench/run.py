"""Run every benchmark at the quick sizes (or the full ones) and refresh bench/RESULTS.md.

    python -m bench.run            # 1 and 10 reviews: a few minutes
    python -m bench.run --full     # adds 100 and 1000 reviews: long, run it in the background

A benchmark that fails is logged and the others still run: figures are recorded, never judged.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable

from bench import bench_http, bench_ingest, bench_queries, bench_replace
from bench.summarise import update_results_md

__all__ = ["PLANS", "main"]

logger = logging.getLogger(__name__)

PLANS: dict[str, list[tuple[str, Callable[[list[str]], int], list[str]]]] = {
    "quick": [
        (
            "ingest",
            bench_ingest.main,
            [
                *("--sizes", "1", "10", "--classify-sample", "2"),
                *("--shipped-sizes", "--end-to-end-max", "0"),
            ],
        ),
        ("replace", bench_replace.main, ["--sizes", "0", "10"]),
        ("queries", bench_queries.main, ["--sizes", "1", "10"]),
        ("http", bench_http.main, ["--sizes", "1", "--duration", "5"]),
    ],
    "full": [
        (
            "ingest",
            bench_ingest.main,
            [
                *("--sizes", "1", "10", "100", "1000", "--classify-sample", "5"),
                *("--shipped-sizes", "1", "--end-to-end-max", "1"),
            ],
        ),
        ("replace", bench_replace.main, ["--sizes", "0", "100", "1000"]),
        ("queries", bench_queries.main, ["--sizes", "1", "1000"]),
        ("http", bench_http.main, ["--sizes", "1", "1000", "--duration", "10"]),
    ],
}


def main(argv: list[str] | None = None) -> int:
    """Run the plan; always exit 0 (benchmarks write figures, they do not pass or fail)."""
    parser = argparse.ArgumentParser(prog="bench.run")
    parser.add_argument("--full", action="store_true", help="add the 100 and 1000 review runs")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks")
    args = parser.parse_args(argv)
    for name, run, run_args in PLANS["full" if args.full else "quick"]:
        if args.only and name not in args.only:
            continue
        logger.info("benchmark %s %s", name, " ".join(run_args))
        try:
            run(run_args)
        except Exception:  # the outermost boundary: record and go on to the next benchmark
            logger.exception("benchmark %s failed", name)
    update_results_md()
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
