"""W3C query-evaluation tests through the endpoint: a fast sample always, the whole set when slow.

`make test-conformance` runs all 515 (SPARQL 1.0 and 1.1, without entailment and SERVICE) and
rewrites `evaluation-results.tsv`: N of M passing and every failure with its reason.
"""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from tests.conformance.evaluation import (
    EvalTest,
    Outcome,
    collect_tests,
    data_files,
    iri_of,
    run_test,
    write_results,
)
from tests.conformance.harness import app_client

pytestmark = pytest.mark.anyio

HERE = Path(__file__).parent
RESULTS = HERE / "evaluation-results.tsv"
SAMPLE_SIZE = 36


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


def _load_all(path: Path, tests: list[EvalTest]) -> dict[Path, str]:
    """One store with every data file in a graph named by its IRI; returns files that failed."""
    store = ox.Store(str(path))
    failed: dict[Path, str] = {}
    for file in data_files(tests):
        fmt = ox.RdfFormat.from_extension(file.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
        try:
            graph = ox.NamedNode(iri_of(file))
            store.load(path=str(file), format=fmt, base_iri=iri_of(file), to_graph=graph)
        except (SyntaxError, OSError, ValueError) as error:
            failed[file] = str(error)
    store.flush()
    del store
    return failed


def _recorded_passes() -> list[str]:
    if not RESULTS.exists():
        return []
    with RESULTS.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[2:]
    passed = [row[0] for row in rows if row[3] == "pass"]
    step = max(len(passed) // SAMPLE_SIZE, 1)
    return passed[::step][:SAMPLE_SIZE]


ALL_TESTS = collect_tests()
SAMPLE = _recorded_passes()


@pytest.fixture(scope="module")
async def endpoint(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[httpx.AsyncClient]:
    store = tmp_path_factory.mktemp("w3c") / "store"
    _load_all(store, ALL_TESTS)
    async with app_client(store, max_query_depth=200) as client:
        yield client


def test_subset_is_the_suggested_one() -> None:
    assert len(ALL_TESTS) == 515


def _short(iri: str) -> str:
    return iri.rsplit("/", 2)[-2] + "#" + iri.rsplit("#", 1)[1]


@pytest.mark.parametrize("iri", SAMPLE, ids=_short)
async def test_sample_still_passes(endpoint: httpx.AsyncClient, iri: str) -> None:
    test = next(t for t in ALL_TESTS if t.iri == iri)
    outcome = await run_test(endpoint, test)
    assert outcome.passed, outcome.reason


@pytest.mark.slow
async def test_all_evaluation_tests(endpoint: httpx.AsyncClient) -> None:
    outcomes: list[Outcome] = [await run_test(endpoint, test) for test in ALL_TESTS]
    passed, total = write_results(outcomes, RESULTS)
    print(f"W3C query evaluation through the endpoint: {passed} of {total} pass")
    assert total == 515
