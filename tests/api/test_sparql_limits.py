"""Limits over real HTTP (uvicorn): a runaway query is killed, and SERVICE never connects."""

from __future__ import annotations

import concurrent.futures
import socket
import time

import httpx
import psutil
from hypothesis import given
from hypothesis import strategies as st

from api.engine.guard import scan_query
from tests.api.conftest import EX
from tests.serving import ServedApp

# A cartesian product of four patterns over 3000 triples: 8·10^13 rows to count.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = f"ASK {{ <{EX}s1> ?p ?o }}"


def _descendants(pid: int) -> set[int]:
    return {child.pid for child in psutil.Process(pid).children(recursive=True)}


def test_runaway_query_is_killed_while_others_are_answered(uvicorn_server: ServedApp) -> None:
    url = f"{uvicorn_server.url}/sparql"
    before = _descendants(uvicorn_server.process.pid)
    started = time.perf_counter()
    assert httpx.get(url, params={"query": CHEAP}, timeout=30).json()["boolean"] is True
    idle_latency = time.perf_counter() - started
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        runaway = pool.submit(httpx.get, url, params={"query": RUNAWAY}, timeout=30)
        time.sleep(0.5)  # let the runaway query occupy one worker
        started = time.perf_counter()
        cheap = httpx.get(url, params={"query": CHEAP}, timeout=30)
        latency = time.perf_counter() - started
        slow = runaway.result()
    print(f"cheap query: {idle_latency * 1000:.1f} ms idle, {latency * 1000:.1f} ms during runaway")
    assert cheap.status_code == 200
    assert cheap.json()["boolean"] is True
    assert latency < 1.5  # sanity bound only; the figure is reported, not asserted tightly
    assert slow.status_code == 503
    assert slow.headers["content-type"].startswith("application/problem+json")
    problem = slow.json()
    assert problem["title"] == "Query timed out"
    assert "2 s" in problem["detail"]
    after = _descendants(uvicorn_server.process.pid)
    killed = before - after
    assert len(killed) == 1, (before, after)
    assert not psutil.pid_exists(killed.pop())
    assert len(after - before) == 1  # its replacement
    again = httpx.get(url, params={"query": CHEAP}, timeout=30)
    assert again.json()["boolean"] is True


def test_service_query_makes_no_connection(uvicorn_server: ServedApp) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        for query in [
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"select * where {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?x ?y ?z FILTER(?x<?z)SERVICE<http://127.0.0.1:{port}/>{{}} }}",
        ]:
            response = httpx.get(
                f"{uvicorn_server.url}/sparql", params={"query": query}, timeout=30
            )
            assert response.status_code == 400
            assert response.json()["reason"] == "service"
        listener.settimeout(0.5)
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            connection = None
        assert connection is None, "the endpoint opened an outbound connection"


@given(
    keyword=st.sampled_from(["SERVICE", "service", "Service", "sErViCe"]),
    before=st.sampled_from([" ", "\n", "\t", "}", ".", "{", "# comment\n", ")"]),
    after=st.sampled_from([" ", "<", "\n", "?", "\t"]),
)
def test_guard_finds_service_however_written(keyword: str, before: str, after: str) -> None:
    query = f"SELECT * WHERE {{ ?a ?b ?c {before}{keyword}{after}<http://x/> {{ }} }}"
    assert scan_query(query).has_service


@given(st.text(alphabet=st.characters(blacklist_characters='"\\\n\r'), max_size=40))
def test_guard_ignores_service_inside_strings(text: str) -> None:
    query = f'SELECT * WHERE {{ ?s ?p "SERVICE {text}" }}'
    assert not scan_query(query).has_service
