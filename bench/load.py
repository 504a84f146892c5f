"""HTTP load at a fixed concurrency on 127.0.0.1: wrk when installed, else a bounded Python loop.

wrk measures what a server can answer without the client being the bottleneck; the Python
fallback (threads with keep-alive connections) is slower as a client, so its figures are marked
with the tool that produced them and only ratios within one run should be compared.
"""

from __future__ import annotations

import http.client
import logging
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass

from bench.report import percentile

__all__ = ["LoadError", "LoadResult", "run_load"]

logger = logging.getLogger(__name__)

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


class LoadError(Exception):
    """The load generator could not run or its output could not be read."""


@dataclass(frozen=True)
class LoadResult:
    """Throughput and latency of one load run (latencies in milliseconds)."""

    tool: str
    url: str
    concurrency: int
    duration_s: float
    requests: int
    errors: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float

    def as_dict(self) -> dict[str, object]:
        """Plain values for the results file."""
        return asdict(self)


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise LoadError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _wrk(url: str, accept: str, concurrency: int, duration_s: float) -> LoadResult:
    threads = min(2, concurrency)
    seconds = max(1, round(duration_s))  # wrk takes whole seconds
    command = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "10s", "-H", f"Accept: {accept}", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 60)
    if out.returncode != 0:
        raise LoadError(f"wrk failed: {out.stderr.strip()}")
    text = out.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in", text)
    p50 = re.search(r"\s50%\s+(\S+)", text)
    p99 = re.search(r"\s99%\s+(\S+)", text)
    if not (rps and total and p50 and p99):
        raise LoadError(f"unreadable wrk output:\n{text}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    errors = int(bad.group(1)) if bad else 0
    errors += sum(int(g) for g in socket_errors.groups()) if socket_errors else 0
    return LoadResult(
        "wrk",
        url,
        concurrency,
        duration_s,
        int(total.group(1)),
        errors,
        float(rps.group(1)),
        round(_ms(p50.group(1)), 3),
        round(_ms(p99.group(1)), 3),
    )


def _python(url: str, accept: str, concurrency: int, duration_s: float) -> LoadResult:
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    stop = time.monotonic() + duration_s

    def client(slot: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", target, headers={"Accept": accept})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[slot] += 1
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                continue
            latencies[slot].append((time.perf_counter() - started) * 1e3)
        conn.close()

    started = time.monotonic()
    workers = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    flat = [x for slot in latencies for x in slot]
    if not flat:
        raise LoadError(f"no request to {url} completed")
    return LoadResult(
        "python",
        url,
        concurrency,
        duration_s,
        len(flat),
        sum(errors),
        round(len(flat) / elapsed, 1),
        round(percentile(flat, 50), 3),
        round(percentile(flat, 99), 3),
    )


def run_load(
    url: str, accept: str = "*/*", concurrency: int = 8, duration_s: float = 5.0
) -> LoadResult:
    """GET `url` from `concurrency` keep-alive connections for `duration_s` seconds."""
    if not url.startswith("http://127.0.0.1:"):
        raise LoadError(f"load is only generated against 127.0.0.1, not {url}")
    if shutil.which("wrk"):
        return _wrk(url, accept, concurrency, duration_s)
    logger.warning("wrk not found; using the Python load generator")
    return _python(url, accept, concurrency, duration_s)
