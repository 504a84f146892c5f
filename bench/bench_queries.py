"""Latency (p50, p99) of every named query (api/queries/*.rq) and every REST route, by store size.

Named queries run on the embedded store with their parameters bound as the API binds them:
required ones to a resource of the first synthetic review, the review's graphs wherever a query
reads them, and `?review` both bound (a review's page) and unbound (the whole store). REST routes
are every GET route of the app's OpenAPI under `/api/` and `/id/`, called through real HTTP on
the ASGI app (httpx), path parameters filled from the same review.

    python -m bench.bench_queries --sizes 1 10
    python -m bench.bench_queries --sizes 1000 --extra-queries OLD_QUERIES_DIR

A store built for a size is kept (`<work>/queries-<n>` and its `.built.json`) and used again
while the review folders and the ingest code are the same; `--rebuild` builds it anyway.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import time
from pathlib import Path
from typing import Any

from rdflib import Literal

from api.rest.named import QUERY_DIR, SCOPE_GRAPHS, NamedQuery
from bench.bench_ingest import DEFAULT_WORK, _reviews
from bench.bench_replace import background_store
from bench.report import summary, write_results
from ingest.namespaces import DEFAULT_BASE

__all__ = ["main", "query_latencies", "route_latencies"]

logger = logging.getLogger(__name__)

QUERIES = QUERY_DIR
BUDGET_S = 3.0  # per query or route: stop repeating after this long (--budget)
MAX_RUNS = 50


def _samples(review_id: str, base: str) -> dict[str, Any]:
    from api.rest.named import review_scope
    from ingest.iris import Minter

    minter = Minter(review_id, base)
    return review_scope(review_id, base) | {
        "reviewFilter": minter.review_iri(),
        "node": minter.study("S01"),
        "study": minter.study("S01"),
        "theme": minter.theme("T1"),
        "minted": minter.record("41"),
        "citation": Literal(41),
    }


def _parameters(text: str) -> tuple[set[str], set[str]]:
    """(required, optional) variable names from a query's `# Parameters` header."""
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    found = header.split("Parameters", 1)[1] if "Parameters" in header else ""
    required, optional = set(), set()
    for name, rest in re.findall(r"\?(\w+)\s*\(([^)]*)\)", found):
        (required if "required" in rest else optional).add(name)
    if "all optional" in found or "(optional)" in found.split(":")[0]:
        optional |= required
        required = set()
    return required, optional


def _time(call: Any, budget: float) -> list[float]:
    call()  # warm caches once
    seconds: list[float] = []
    started = time.perf_counter()
    while len(seconds) < MAX_RUNS and time.perf_counter() - started < budget:
        mark = time.perf_counter()
        call()
        seconds.append((time.perf_counter() - mark) * 1e3)
    return seconds


def query_latencies(
    store: Any,
    samples: dict[str, Any],
    budget: float = BUDGET_S,
    base: str = DEFAULT_BASE,
    extra: Path | None = None,
) -> list[dict[str, Any]]:
    """Each named query, with each binding variant, timed on `store` (milliseconds); then each
    `.rq` file in `extra` (earlier versions of named queries, say), named `<name> (<folder>)`."""
    rows = []
    paths = sorted(QUERIES.glob("*.rq"))
    if extra is not None:
        paths += sorted(extra.glob("*.rq"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        required, optional = _parameters(text)
        bound = {k: samples[k] for k in required if k in samples}
        # The review's graphs, bound as the API binds them wherever a query reads them.
        named = NamedQuery(path.stem, text, "")
        bound |= {k: samples[k] for k in SCOPE_GRAPHS if named.projects(k)}
        variants = {"bound": bound}
        for scope in ("reviewFilter", "review"):  # the optional review parameter, either name
            if scope in optional:
                variants = {"review": bound | {scope: samples[scope]}, "all": bound}
        for variant, bindings in variants.items():
            result: list[Any] = []

            def call(b: dict[str, Any] = bindings, out: list[Any] = result, q: str = text) -> None:
                out[:] = store.select(q, b or None)

            try:
                ms = _time(call, budget)
            except Exception as exc:  # a query this store cannot run is recorded, not fatal
                logger.warning("%s (%s) failed: %s", path.name, variant, exc)
                rows.append({"query": str(path.stem), "variant": variant, "error": str(exc)[:300]})
                continue
            name = path.stem if path.parent == QUERIES else f"{path.stem} ({path.parent.name})"
            rows.append({"query": name, "variant": variant, "rows": len(result)})
            rows[-1]["ms"] = summary(ms, 3)
    return rows


def _routes(app: Any, review_id: str) -> list[str]:
    fill = {"review": review_id, "study": "S01", "theme": "T1", "intervention": "I01"}
    fill |= {"path": f"study/{review_id}/S01", "name": "quotes"}
    urls = []
    for path, ops in sorted(app.openapi()["paths"].items()):
        if "get" not in ops or not path.startswith(("/api/", "/id/")):
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: fill.get(m.group(1), m.group(1)), path)
        urls.append(url)
    urls.append(f"/api/studies?review={review_id}")
    urls.append(f"/api/quotes?review={review_id}")
    urls.append(f"/api/evidence-map?review={review_id}")
    # The pages people open first: drawn or read once per data version, then cached (the
    # row's `first_ms` is the uncached request).
    urls.append("/")
    for figure in ("prisma.svg", "themes.svg", "evidence-map.svg", "study-characteristics.csv"):
        urls.append(f"/figures/{review_id}/{figure}")
    return urls


async def _route_latencies(store_path: Path, review_id: str, budget: float) -> list[dict[str, Any]]:
    import httpx

    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(store=store_path))
    rows = []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for url in _routes(app, review_id):
                headers = {"Accept": "application/ld+json" if url.startswith("/id/") else "*/*"}
                seconds: list[float] = []
                status = 0
                started = time.perf_counter()
                for _ in range(MAX_RUNS + 1):
                    mark = time.perf_counter()
                    response = await client.get(url, headers=headers)
                    seconds.append((time.perf_counter() - mark) * 1e3)
                    status = response.status_code
                    if time.perf_counter() - started > budget:
                        break
                rows.append({"route": url, "status": status, "bytes": len(response.content)})
                rows[-1]["first_ms"] = round(seconds[0], 3)
                rows[-1]["ms"] = summary(seconds[1:] or seconds, 3)
    return rows


def route_latencies(
    store_path: Path, review_id: str, budget: float = BUDGET_S
) -> list[dict[str, Any]]:
    """Each REST GET route timed through the ASGI app on the store (milliseconds)."""
    return asyncio.run(_route_latencies(store_path, review_id, budget))


def main(argv: list[str] | None = None) -> int:
    """Time the named queries and routes at each store size; write queries.json."""
    parser = argparse.ArgumentParser(prog="bench.bench_queries")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--budget", type=float, default=BUDGET_S, help="seconds per query")
    parser.add_argument(
        "--extra-queries", type=Path, help="a folder of .rq files to time beside the named ones"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="build the stores even if built from the same data"
    )
    parser.add_argument(
        "--keep-store",
        action="store_true",
        help="use a store built earlier for the size even if the ingest code changed since",
    )
    parser.add_argument("--no-routes", action="store_true", help="time the named queries only")
    args = parser.parse_args(argv)
    from ingest.namespaces import base_iri
    from ingest.store import EmbeddedStore

    folders = _reviews(args.work, args.seed, max(args.sizes))
    review_id = folders[0].name
    samples = _samples(review_id, base_iri())
    runs = []
    for size in args.sizes:
        path = args.work / f"queries-{size}"
        reuse = not args.rebuild
        quads = background_store(path, folders[:size], reuse=reuse, any_code=args.keep_store)
        with EmbeddedStore(path, read_only=True) as store:
            queries = query_latencies(store, samples, args.budget, extra=args.extra_queries)
        routes = [] if args.no_routes else route_latencies(path, review_id, args.budget)
        runs.append({"reviews": size, "store_quads": quads, "queries": queries, "routes": routes})
        logger.info("queries and routes timed at %d reviews", size)
    write_results("queries", {"review": review_id, "runs": runs}, args.out)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
