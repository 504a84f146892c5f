"""Figures the suite measures, merged by section into bench/results/reliability.json.

Each test writes its own section, so a partial run keeps the figures of the sections it did not
run; every section names the run it came from. The short versions inside `make test` write to
reliability-short.json (not kept in the repository), so they never overwrite the full run's
figures.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

__all__ = ["RESULTS", "percentiles", "record", "run_kind"]

logger = logging.getLogger(__name__)

RESULTS_DIR = Path(__file__).resolve().parents[2] / "bench" / "results"
RESULTS = RESULTS_DIR / "reliability.json"


def run_kind() -> str:
    """`full` under `make test-reliability` (RELIABILITY_FULL=1), `short` otherwise."""
    return "full" if os.environ.get("RELIABILITY_FULL") == "1" else "short"


def percentiles(samples_s: list[float]) -> dict[str, float]:
    """p50, p99 and max of latencies given in seconds, in milliseconds."""
    if not samples_s:
        return {"n": 0}
    ordered = sorted(samples_s)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def record(section: str, figures: dict[str, Any]) -> None:
    """Replace `section` of the results file with `figures` (plus when and on what it ran)."""
    target = RESULTS if run_kind() == "full" else RESULTS_DIR / "reliability-short.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        data = {}
    data[section] = {
        **figures,
        "run": run_kind(),
        "recorded": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    tmp = target.with_suffix(f".{os.getpid()}.tmp")  # one per process: runs may overlap
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(target)
    logger.info("recorded %s in %s", section, target)
