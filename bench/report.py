"""What every benchmark records beside its figures: the machine, the versions, the summaries.

Figures are only comparable with the machine and versions that produced them, so each results
file carries both. Timings are summarised as median, min and max (and p50/p99 for latencies),
never as a single run.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil

__all__ = [
    "RESULTS_DIR",
    "environment",
    "percentile",
    "summary",
    "write_results",
]

logger = logging.getLogger(__name__)

RESULTS_DIR = Path(__file__).resolve().parent / "results"
PACKAGES = ("pyoxigraph", "rdflib", "pyshacl", "owlready2", "fastapi", "uvicorn", "rdflib-endpoint")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _oxigraph_server_version() -> str | None:
    binary = Path(sys.executable).parent / "oxigraph"
    try:
        out = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def _wrk_version() -> str | None:
    try:
        out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else None


def environment() -> dict[str, Any]:
    """The machine and software a figure was measured with."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    versions["oxigraph-server"] = _oxigraph_server_version()
    versions["wrk"] = _wrk_version()
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "cpu": _cpu_model(),
            "platform": platform.platform(),
            # The machine is shared: the load when the figures were written, over 1, 5, 15 min.
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
        "versions": versions,
    }


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary(values: Sequence[float], digits: int = 4) -> dict[str, float | int]:
    """Median, min, max, p99 and count of repeated measurements."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "p99": round(percentile(values, 99), digits),
        "n": len(values),
    }


def write_results(name: str, figures: dict[str, Any], out_dir: Path | None = None) -> Path:
    """Write `<name>.json` with the environment beside the figures; return its path."""
    out_dir = out_dir or RESULTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.json"
    payload = {"benchmark": name, **environment(), "figures": figures}
    path.write_text(json.dumps(payload, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    logger.info("wrote %s", path)
    return path
