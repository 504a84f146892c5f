"""The API over reviews whose themes nest three deep and whose quotes hang on a construct or a
study finding instead of a theme: every page and resource still answers, the hierarchy is kept
at every depth, and a quote without a theme is listed with none."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from ingest.build import ingest_data
from ingest.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[3]
KINDS = ROOT / "tests" / "fixtures" / "kinds"
ME, MA = "meta-ethnography-2020", "meta-aggregation-2021"
ID = "https://w3id.org/spkg/id/"

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("data")
    for review in (ME, MA):
        shutil.copytree(KINDS / review, data / review)
    path = tmp_path_factory.mktemp("store") / "store"
    store = EmbeddedStore(path)
    try:
        ingest_data(data, store, show_progress=False)
    finally:
        store.close()
    return path


@pytest.fixture
async def client(store_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(store=store_path, query_timeout=20, query_workers=2))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


def _keys(nodes: list[dict]) -> list:
    return [[n["key"], _keys(n.get("subthemes", []))] for n in nodes]


async def test_the_theme_hierarchy_keeps_every_depth(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/themes", params={"review": ME, "per_page": 50})
    assert response.status_code == 200, response.text
    assert _keys(response.json()["items"]) == [
        ["T1", [["T1.1", [["T1.1.1", []]]]]],
        ["T2", [["T2.1", []]]],
    ]
    detail = await client.get(f"/api/themes/{ME}/T1")
    assert detail.status_code == 200, detail.text
    assert _keys(detail.json()["subthemes"]) == [["T1.1", [["T1.1.1", []]]]]


async def test_a_quote_without_a_theme_is_listed_with_none(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/quotes", params={"review": ME})
    assert response.status_code == 200, response.text
    themes = {q["key"]: (q.get("theme") or {}).get("id") for q in response.json()["items"]}
    assert themes == {
        "Q1": f"{ID}theme/{ME}/T1.1",
        "Q2": None,
        "Q3": f"{ID}theme/{ME}/T1.1.1",
    }
    under = await client.get("/api/quotes", params={"review": ME, "theme": "T1"})
    assert {q["key"] for q in under.json()["items"]} == {"Q1", "Q3"}


@pytest.mark.parametrize(
    "path",
    [
        f"/id/review/{ME}",
        f"/id/review/{MA}",
        f"/quotes?review={ME}",
        f"/quotes?review={MA}",
        f"/id/theme/{ME}/T1.1.1",
        f"/id/theme/{MA}/CAT1",
        f"/id/construct/{ME}/C9",
        f"/id/translation/{ME}/TR3",
        f"/id/study-finding/{MA}/SF-1",
        f"/evidence-map/{ME}",
        f"/figures/{ME}/themes.svg",
        f"/id/review/{MA}/soqf.csv",
        f"/api/reviews/{ME}",
        f"/api/themes/{ME}/T1.1.1",
    ],
)
async def test_every_page_answers(client: httpx.AsyncClient, path: str) -> None:
    accept = "application/json" if path.startswith("/api/") else "text/html"
    response = await client.get(path, headers={"Accept": accept})
    assert response.status_code == 200, response.text[:500]
