"""A bounded load test on 127.0.0.1: locust, 32 users, REST and SPARQL mixed with one
expensive query per second, 60 s under `make test-reliability` (5 s in `make test`).
Valid requests get no errors; p50 and p99 of the cheap requests are recorded."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.fixture_store import ROOT
from tests.reliability.results import percentiles, record, run_kind
from tests.reliability.server import ServedApp, start_server, stop_server

SECONDS = int(os.environ.get("RELIABILITY_LOAD_SECONDS", "0")) or (
    60 if run_kind() == "full" else 5
)
USERS = 32
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


@pytest.fixture
def load_server(reliability_store: Path, tmp_path: Path) -> Iterator[ServedApp]:
    """The service with its default 10 s query limit: the load is ordinary traffic."""
    app = start_server(reliability_store, tmp_path, SPKG_QUERY_TIMEOUT="10")
    yield app
    stop_server(app)


def test_mixed_load_has_no_errors(load_server: ServedApp, tmp_path: Path) -> None:
    samples = tmp_path / "cheap.json"
    locust = Path(sys.executable).with_name("locust")
    command = [str(locust), "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
    command += ["-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s"]
    command += ["--host", load_server.url, "--csv", str(tmp_path / "load"), "--stop-timeout", "10"]
    completed = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "SPKG_LOAD_SAMPLES": str(samples), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
    )
    with open(tmp_path / "load_stats.csv", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows.pop("Aggregated")
    cheap = percentiles([ms / 1000 for ms in json.loads(samples.read_text())])
    by_name = {
        name: {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p99_ms": float(row["99%"]),
        }
        for name, row in rows.items()
    }
    failures_csv = (tmp_path / "load_failures.csv").read_text(encoding="utf-8")
    figures = {
        "seconds": SECONDS,
        "users": USERS,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "cheap_latency": cheap,
        "by_name": by_name,
        "failure_kinds": failures_csv.splitlines()[1:20],
        "server_alive": load_server.alive(),
    }
    record("load", figures)
    print(f"load: {figures['requests']} requests, cheap {cheap}")
    assert load_server.alive()
    assert figures["failures"] == 0, failures_csv + completed.stderr[-2000:]
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert by_name["expensive join"]["requests"] >= SECONDS // 2
    assert cheap["n"] > 0
