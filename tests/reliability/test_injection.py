"""Injection canary: every parameter of every public REST route, fed hostile strings, never
reveals the canary graph and never fails with a 5xx.

The routes and their parameters are read from the app's own OpenAPI document, so a route added
later is covered without editing this file. `/sparql` is excluded: it runs any query by design.
"""

from __future__ import annotations

import os
import zlib
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.openapi_routes import fill, get_routes
from tests.reliability.fixture_store import CANARY
from tests.reliability.injection_strings import injection_strings
from tests.reliability.results import record, run_kind

# Values that reach data in the fixture review, so the other parameters of a call are valid.
VALID = {
    "review": "tiny-2020",
    "study": "S1",
    "theme": "T1",
    "intervention": "I1",
    "name": "reviews",
    "path": "review/tiny-2020",
    "version": "latest",
    "fmt": "svg",
}
EXCLUDED = {"/sparql"}
_TOTALS: dict[str, dict[str, Any]] = {}
STRINGS_PER_PARAMETER = int(os.environ.get("RELIABILITY_INJECTION_STRINGS", "0")) or (
    500 if run_kind() == "full" else 40
)


def _route_cases() -> list[object]:
    return [pytest.param(t, params, id=t) for t, params in get_routes(EXCLUDED).items()]


def _url(template: str, target: str, where: str, value: str) -> tuple[str, dict[str, str]]:
    if where == "path":
        return fill(template, VALID, target, value), {}
    return fill(template, VALID), {target: value}


@pytest.mark.parametrize(("template", "params"), _route_cases())
def test_no_parameter_reveals_the_canary(
    app_client: TestClient, template: str, params: list[tuple[str, str]]
) -> None:
    leaks: list[str] = []
    server_errors: list[str] = []
    statuses: dict[int, int] = {}
    sent = 0
    for name, where in params:
        seed = zlib.crc32(f"{template}:{name}".encode())
        for value in injection_strings(STRINGS_PER_PARAMETER, seed):
            path, query = _url(template, name, where, value)
            response = app_client.get(path, params=query, headers={"Accept": "*/*"})
            sent += 1
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            located = f"{name}={value[:80]!r} (seed {seed})"
            if CANARY in response.text:
                leaks.append(located)
            if response.status_code >= 500:
                server_errors.append(f"{response.status_code} {located}")
    _TOTALS[template] = {
        "parameters": [f"{n} ({w})" for n, w in params],
        "requests": sent,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "leaks": leaks[:20],
        "server_errors": server_errors[:20],
    }
    _record()
    assert leaks == []
    assert server_errors == []


def _record() -> None:
    record(
        "injection_canary",
        {
            "strings_per_parameter": STRINGS_PER_PARAMETER,
            "routes": len(_TOTALS),
            "parameters": sum(len(t["parameters"]) for t in _TOTALS.values()),
            "requests": sum(t["requests"] for t in _TOTALS.values()),
            "leak_count": sum(len(t["leaks"]) for t in _TOTALS.values()),
            "server_error_count": sum(len(t["server_errors"]) for t in _TOTALS.values()),
            "by_route": _TOTALS,
        },
    )


def test_canary_is_in_the_store_and_reachable_by_sparql(app_client: TestClient) -> None:
    """The canary is real: /sparql, which runs any query, finds it, so a REST leak would show."""
    query = "SELECT ?o WHERE { GRAPH ?g { <urn:spkg-canary:secret> ?p ?o } }"
    response = app_client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200
    assert CANARY in {row["o"]["value"] for row in response.json()["results"]["bindings"]}


@pytest.mark.parametrize("value", ["tiny-2020", "no-such-review"])
def test_plain_values_answer_without_the_canary(app_client: TestClient, value: str) -> None:
    response = app_client.get(f"/api/reviews/{value}", headers={"Accept": "application/json"})
    assert response.status_code in (200, 404)
    assert CANARY not in response.text
