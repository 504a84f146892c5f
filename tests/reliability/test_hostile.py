"""Hostile requests against a real uvicorn process: each is refused (4xx) or cut off (503)
within the time limit, the process survives, /healthz keeps answering quickly, and nothing
connects out."""

from __future__ import annotations

import concurrent.futures
import json
import socket
import time
from urllib.parse import urlencode, urlsplit

import httpx
import psutil
import pytest

from tests.reliability.conftest import Listener
from tests.reliability.hostile_corpus import HostileCase, load_corpus
from tests.reliability.results import percentiles, record
from tests.reliability.server import HealthWatch, ServedApp

# 2 s query limit, a worker restart, and a shared, loaded machine: a generous bound.
DEADLINE_S = 20.0


def _raw_get(url: str, case: HostileCase) -> tuple[int, dict]:
    """A GET written by hand: httpx refuses to send URLs as long as a hostile client would."""
    parts = urlsplit(url)
    target = f"/sparql?{urlencode(case.params)}"
    request = f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n"
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as sock:
        sock.sendall(request.encode("ascii"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, payload = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    try:
        return status, json.loads(payload) if payload.startswith(b"{") else {}
    except ValueError:
        return status, {}


def _send(url: str, case: HostileCase) -> tuple[HostileCase, int, dict, float]:
    if case.method == "GET":
        started = time.perf_counter()
        status, body = _raw_get(url, case)
        return case, status, body, time.perf_counter() - started
    headers = {"Accept": case.accept}
    if case.content_type:
        headers["Content-Type"] = case.content_type
    started = time.perf_counter()
    with httpx.Client(timeout=60) as client:
        response = client.request(
            case.method, f"{url}/sparql", params=case.params, content=case.body, headers=headers
        )
    elapsed = time.perf_counter() - started
    try:
        body = response.json() if "json" in response.headers.get("content-type", "") else {}
    except ValueError:
        body = {}
    return case, response.status_code, body, elapsed


def test_hostile_corpus_is_refused_and_the_server_survives(
    served: ServedApp, listener: Listener
) -> None:
    cases = load_corpus(listener.port)
    assert len(cases) >= 20
    server = psutil.Process(served.process.pid)
    outcomes: list[dict] = []
    wrong: list[str] = []
    with HealthWatch(served.url) as health:
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            for case, status, body, elapsed in pool.map(lambda c: _send(served.url, c), cases):
                outcomes.append({"case": case.name, "status": status, "seconds": round(elapsed, 3)})
                if not case.acceptable(status):
                    wrong.append(f"{case.name}: {status} {str(body)[:200]}")
                elif case.reason is not None and body.get("reason") != case.reason:
                    wrong.append(f"{case.name}: reason {body.get('reason')!r}")
                if elapsed > DEADLINE_S:
                    wrong.append(f"{case.name}: answered after {elapsed:.1f} s")
        time.sleep(0.3)  # a few more health samples after the last hostile request
    health_figures = percentiles(health.latencies)
    record(
        "hostile_queries",
        {
            "cases": len(cases),
            "wrong_answers": wrong,
            "outcomes": outcomes,
            "outbound_connections": len(listener.connections),
            "healthz_during": health_figures,
            "healthz_failures": len(health.failures),
            "server_alive": served.alive(),
        },
    )
    print(f"hostile: {len(cases)} cases, healthz {health_figures}")
    assert wrong == []
    assert served.alive() and server.is_running()
    assert listener.connections == []
    assert health.failures == []
    assert health_figures["p99_ms"] < 2000  # generous: the figure is recorded, not tuned here
    answer = httpx.get(f"{served.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    assert answer.json()["boolean"] is True


@pytest.mark.parametrize("name", ["service-to-listener", "billion-laughs-rdfxml"])
def test_single_case_answers_with_a_problem_document(
    served: ServedApp, listener: Listener, name: str
) -> None:
    case = next(c for c in load_corpus(listener.port) if c.name == name)
    _, status, body, _ = _send(served.url, case)
    assert case.acceptable(status)
    assert body["status"] == status
    assert body["title"]
    assert listener.connections == []
