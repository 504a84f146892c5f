"""Load for the service: REST and SPARQL requests mixed, and one expensive query per second.

Run by test_load.py as `locust --headless`; the latency of every cheap request is written to
$SPKG_LOAD_SAMPLES (JSON) when the run stops, so the test reports p50/p99 of cheap requests
alone.
"""

from __future__ import annotations

import json
import os
from typing import Any

from locust import HttpUser, between, constant_throughput, events, task

CHEAP_SAMPLES: list[float] = []
SPARQL_JSON = {"Accept": "application/sparql-results+json"}
ASK = "ASK { ?s a <https://w3id.org/spkg/ontology#Study> }"
LOOKUP = "SELECT ?p ?o WHERE { <https://w3id.org/spkg/id/review/tiny-2020> ?p ?o } LIMIT 50"
# Valid and answered well inside the limit, but a join over the whole store.
EXPENSIVE = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?r } GROUP BY ?p ORDER BY DESC(?n)"


@events.request.add_listener
def _sample(name: str, response_time: float, exception: Any, **_: Any) -> None:
    if name.startswith("cheap") and exception is None:
        CHEAP_SAMPLES.append(response_time)


@events.quitting.add_listener
def _write(**_: Any) -> None:
    path = os.environ.get("SPKG_LOAD_SAMPLES")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(CHEAP_SAMPLES, out)


class Reader(HttpUser):
    """A client browsing the REST API and asking small SPARQL queries."""

    weight = 31
    wait_time = between(0, 0.1)

    @task(3)
    def reviews(self) -> None:
        self.client.get("/api/reviews", name="cheap rest /api/reviews")

    @task(3)
    def studies(self) -> None:
        self.client.get("/api/studies?review=tiny-2020", name="cheap rest /api/studies")

    @task(2)
    def themes(self) -> None:
        self.client.get("/api/themes?review=tiny-2020", name="cheap rest /api/themes")

    @task(2)
    def page(self) -> None:
        self.client.get(
            "/id/review/tiny-2020", headers={"Accept": "text/turtle"}, name="cheap rest /id"
        )

    @task(3)
    def ask(self) -> None:
        self.client.get(
            "/sparql", params={"query": ASK}, headers=SPARQL_JSON, name="cheap sparql ask"
        )

    @task(3)
    def lookup(self) -> None:
        self.client.post(
            "/sparql", data={"query": LOOKUP}, headers=SPARQL_JSON, name="cheap sparql lookup"
        )


class Analyst(HttpUser):
    """One client sending the expensive query once a second."""

    weight = 1
    fixed_count = 1
    wait_time = constant_throughput(1)

    @task
    def expensive(self) -> None:
        self.client.get(
            "/sparql", params={"query": EXPENSIVE}, headers=SPARQL_JSON, name="expensive join"
        )
