"""HTTP throughput and latency at concurrency 8 on 127.0.0.1: spkg beside its peers.

The same data (ontology plus N synthetic reviews) is served by spkg (embedded store), Oxigraph's
own server (`serve-read-only` on the same store directory, so both read the same files),
Oxigraph's server behind a Python front that keeps spkg's checks (`bench.native_front`, over the
same store: the other design for a native /sparql) and rdflib-endpoint (an in-memory rdflib
Dataset parsed from the store's N-Quads). Each gets the same two SPARQL GET requests (a cheap
lookup and a join over one review's theme support); spkg also gets two REST routes. Load is wrk
(or the bounded Python client), fixed duration, one server at a time, each URL after an untimed
warm-up run.

    python -m bench.bench_http --sizes 1 [--duration 5]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import urllib.parse
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.bench_ingest import DEFAULT_WORK, _reviews
from bench.bench_replace import background_store
from bench.load import LoadError, run_load
from bench.report import write_results
from bench.servers import (
    ServerStartError,
    native_front_server,
    oxigraph_server,
    rdflib_endpoint_server,
    spkg_server,
)

__all__ = ["main", "sparql_requests"]

logger = logging.getLogger(__name__)

JSON = "application/sparql-results+json"
RDFLIB_MAX_REVIEWS = 100  # rdflib needs minutes and gigabytes to parse more
WARM_UP_S = 1.0  # an untimed load run before each timed one


def sparql_requests(base: str, review_id: str) -> dict[str, str]:
    """The cheap lookup and the join, as query strings; the IRIs are minted, not user input.

    The join follows each theme's supporting records to the studies they report (a record's
    inclusion in the review names its study), with labels, titles and countries: 170-odd rows
    for one synthetic review."""
    from ingest.iris import Minter

    minter = Minter(review_id, base)
    review, reported = minter.review_iri(), minter.graph("reported")
    cheap = f"SELECT ?title WHERE {{ <{review}> <http://purl.org/dc/terms/title> ?title }}"
    join = f"""PREFIX spkg: <{base}ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?theme ?themeLabel ?record ?title ?study ?country WHERE {{
  GRAPH <{reported}> {{
    ?support spkg:supportsTheme ?theme ; spkg:supportingRecord ?record .
    ?inclusion spkg:includedRecord ?record ; spkg:reportsStudy ?study .
  }}
  ?theme skos:prefLabel ?themeLabel .
  OPTIONAL {{ ?record dcterms:title ?title }}
  OPTIONAL {{ ?study spkg:countryCode ?country }}
}}"""
    return {"cheap": cheap, "join": join}


def _dump(store_path: Path, out: Path) -> None:
    store = ox.Store.read_only(str(store_path))
    with out.open("wb") as handle:
        store.dump(handle, ox.RdfFormat.N_QUADS)
    del store


def _measure(server: Any, paths: dict[str, str], accept: str, duration: float) -> dict[str, Any]:
    figures = {}
    for name, path in paths.items():
        url = f"{server.url}{path}"
        try:
            run_load(url, accept, 8, WARM_UP_S)  # every worker process answers before timing
            figures[name] = run_load(url, accept, 8, duration).as_dict()
        except LoadError as exc:
            figures[name] = {"error": str(exc)[:500]}
    return figures


def _ratios(runs: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    pairs = [("spkg", "oxigraph"), ("spkg", "rdflib-endpoint"), ("native-front", "oxigraph")]
    for server, peer in pairs:
        for query in ("cheap", "join"):
            ours = runs.get(server, {}).get(query, {}).get("requests_per_s")
            theirs = runs.get(peer, {}).get(query, {}).get("requests_per_s")
            key = f"{server}/{peer} {query}"
            out[key] = round(ours / theirs, 3) if ours and theirs else None
    return out


def run_size(n: int, folders: list[Path], work: Path, duration: float) -> dict[str, Any]:
    """Serve n reviews from each server in turn and load each with the same requests."""
    from ingest.namespaces import base_iri

    base = base_iri()
    root = work / f"http-{n}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    quads = background_store(root / "spkg-store", folders[:n])
    if n <= RDFLIB_MAX_REVIEWS:
        _dump(root / "spkg-store", root / "data.nq")
    sparql = sparql_requests(base, folders[0].name)
    review = folders[0].name
    rest = {
        "rest-studies": f"/api/studies?review={review}",
        "rest-theme": f"/api/themes/{review}/T1",
    }
    runs: dict[str, dict[str, Any]] = {}
    servers = [
        ("spkg", lambda: spkg_server(root / "spkg-store", root / "spkg.log"), "/sparql"),
        ("oxigraph", lambda: oxigraph_server(root / "spkg-store", root / "oxigraph.log"), "/query"),
        (
            "native-front",
            lambda: native_front_server(root / "spkg-store", root / "front.log"),
            "/sparql",
        ),
    ]
    if n <= RDFLIB_MAX_REVIEWS:
        rdflib = (
            "rdflib-endpoint",
            lambda: rdflib_endpoint_server(root / "data.nq", root / "r.log"),
        )
        servers.append((*rdflib, "/"))
    for name, start, sparql_path in servers:
        paths = {
            q: f"{sparql_path}?{urllib.parse.urlencode({'query': t})}" for q, t in sparql.items()
        }
        try:
            with start() as server:
                load_before = os.getloadavg()[0]
                runs[name] = _measure(server, paths, JSON, duration)
                if name == "spkg":
                    runs[name] |= _measure(server, rest, "application/json", duration)
                runs[name]["load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        except ServerStartError as exc:
            logger.warning("%s", exc)
            runs[name] = {"error": str(exc)[:1000]}
    return {"reviews": n, "store_quads": quads, "servers": runs, "ratios": _ratios(runs)}


def main(argv: list[str] | None = None) -> int:
    """Run each size and write http.json."""
    parser = argparse.ArgumentParser(prog="bench.bench_http")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per load run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    folders = _reviews(args.work, args.seed, max(args.sizes))
    runs = [run_size(n, folders, args.work, args.duration) for n in args.sizes]
    write_results("http", {"concurrency": 8, "duration_s": args.duration, "runs": runs}, args.out)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
