"""A service that speaks of every review: three reviews (the seed, the tiny fixture and a copy of
it under another key) with curated theme alignments. The landing page cites and draws each
review, the alignments are read from either side, the evidence map across reviews counts
distinct studies, and a real Chromium takes the landing page's picture.

Every HTTP test runs twice: over the embedded store, and over an Oxigraph server process the
reviews were ingested into through its SPARQL Update and Graph Store endpoints, with the
service reading it as a remote endpoint; the two services must answer alike."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest

from api.settings import Settings
from ingest.alignments import alignments_path, read_alignments, review_themes, write_alignments
from ingest.namespaces import DEFAULT_BASE
from ingest.pipeline import load_resources, prepare_review, write_ontology, write_review
from ingest.store import EmbeddedStore, RemoteStore, Store
from tests.browser import chromium, needs_chromium
from tests.conftest import running_oxigraph
from tests.many_reviews import three_reviews

pytestmark = pytest.mark.anyio


def _write_reviews(store: Store, data: Path) -> None:
    """Write the ontology, each review of `data` and its alignments as `spkg ingest` does."""
    resources = load_resources(DEFAULT_BASE)
    folders = sorted(p for p in data.iterdir() if (p / "review.csv").is_file())
    write_ontology(store, resources)
    for folder in folders:
        write_review(store, prepare_review(folder, resources))
    aset = read_alignments(alignments_path(data), review_themes(folders))
    assert write_alignments(store, aset, DEFAULT_BASE)
    assert not write_alignments(store, aset, DEFAULT_BASE)  # unchanged: nothing written


@pytest.fixture(scope="module")
def many_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return three_reviews(tmp_path_factory.mktemp("many"))


@pytest.fixture(scope="module")
def many_store(many_data: Path) -> Path:
    """The three reviews in an embedded store."""
    store_path = many_data.parent / "store"
    store = EmbeddedStore(store_path)
    try:
        _write_reviews(store, many_data)
    finally:
        store.close()
    return store_path


@pytest.fixture(scope="module")
def many_endpoint(many_data: Path) -> Iterator[str]:
    """The three reviews ingested into a fresh Oxigraph server; its query URL."""
    with running_oxigraph(many_data.parent) as server:
        store = RemoteStore(server.query_url, server.update_url, server.store_url)
        try:
            _write_reviews(store, many_data)
        finally:
            store.close()
        yield server.query_url


@pytest.fixture(params=["embedded", "oxigraph"])
async def many(
    request: pytest.FixtureRequest, make_client: Callable
) -> AsyncIterator[httpx.AsyncClient]:
    """The service over the three reviews: from the embedded store, or from the Oxigraph server."""
    if request.param == "oxigraph":
        settings = Settings(endpoint=request.getfixturevalue("many_endpoint"), query_timeout=30)
    else:
        store = request.getfixturevalue("many_store")
        settings = Settings(store=store, query_timeout=30, query_workers=2)
    client_cm = make_client(settings)
    client = await anext(client_cm)
    try:
        yield client
    finally:
        await client_cm.aclose()


async def test_the_landing_page_cites_counts_and_draws_every_review(
    many: httpx.AsyncClient,
) -> None:
    html = (await many.get("/")).text
    for key in ("liebmann-2022", "tiny-2020", "tiny-2021"):
        assert f'id="cite-{key}"' in html
        assert f'src="/figures/{key}/prisma.svg"' in html
        assert f'href="/figures/{key}/study-characteristics.csv"' in html
    assert "Liebmann M; Pitman A; Hsueh YC; Bertotti M; Pearce E. Do people perceive" in html
    assert "BMC Health Services Research 2022;22:1264. doi:10.1186/s12913-022-08656-1" in html
    assert 'src="/figures/evidence-map-across.svg"' in html
    # The shared record (one DOI in both tiny reviews) counts once in the totals row.
    totals = re.search(r'<tr id="totals">.*?</tr>', html, re.S)
    per_review = re.findall(r'<td class="num">(\d+)</td>', html.split('<tr id="totals">')[0])
    assert totals is not None
    total_records = int(re.findall(r'<td class="num">(\d+)</td>', totals.group(0))[0])
    assert total_records < sum(int(n) for n in per_review[0::4])
    for key in ("liebmann-2022", "tiny-2021"):
        response = await many.get(f"/figures/{key}/themes.svg")
        assert response.status_code == 200


async def test_related_themes_read_both_sides(many: httpx.AsyncClient) -> None:
    body = (await many.get("/api/themes/tiny-2021/T1/related")).json()
    got = {
        (t["review"].rsplit("/", 1)[-1], t["id"].rsplit("/", 2)[-1], t["predicate"])
        for t in body["items"]
    }
    assert ("tiny-2020", "T1", "skos:exactMatch") in got or (
        "tiny-2020",
        "T1",
        "http://www.w3.org/2004/02/skos/core#exactMatch",
    ) in got
    assert all(t["statedAs"] == "inverse" for t in body["items"])
    missing = await many.get("/api/themes/tiny-2021/T9/related")
    assert missing.status_code == 404


async def test_the_evidence_map_across_reviews_counts_distinct_studies(
    many: httpx.AsyncClient,
) -> None:
    body = (await many.get("/api/evidence-map", params={"across": "true"})).json()
    aligned = [c for c in body["clusters"] if len(c["reviews"]) > 1]
    assert aligned
    for cluster in body["clusters"]:
        union = set().union(*(set(cell["studies"]) for cell in cluster["cells"]))
        assert cluster["studyCount"] == len(union)
    both = await many.get("/api/evidence-map", params={"across": "true", "review": "tiny-2020"})
    assert both.status_code == 400
    picture = await many.get("/figures/evidence-map-across.svg")
    assert picture.status_code == 200 and picture.content.startswith(b"<?xml")


@pytest.mark.parametrize("route", ["themes", "interventions", "studies", "quotes", "measures"])
async def test_a_list_across_reviews_is_read_a_page_at_a_time(
    many: httpx.AsyncClient, route: str
) -> None:
    """Following `next` one item at a time gives each review's own list, reviews in key order; a
    page read before the last review gives no total, the last page gives the whole count."""
    keys = ("liebmann-2022", "tiny-2020", "tiny-2021")
    expected = []
    for key in keys:
        body = (await many.get(f"/api/{route}", params={"review": key, "per_page": 500})).json()
        assert body["total"] == len(body["items"])
        expected += [item["id"] for item in body["items"]]
    assert len({item.split("/id/", 1)[1].split("/")[1] for item in expected}) > 1
    url: str | None = f"/api/{route}?per_page=1"
    walked, totals = [], []
    while url is not None:
        body = (await many.get(url)).json()
        walked += [item["id"] for item in body["items"]]
        totals.append(body.get("total"))
        url = body.get("next")
    assert walked == expected
    assert totals[0] is None and totals[-1] == len(expected)
    last = len(expected)
    past = (await many.get(f"/api/{route}", params={"per_page": 1, "page": last + 1})).json()
    assert past["items"] == [] and past["total"] == last and "next" not in past


async def test_the_reviews_come_a_page_at_a_time_in_key_order(many: httpx.AsyncClient) -> None:
    pages = [
        (await many.get("/api/reviews", params={"per_page": 1, "page": n})).json()
        for n in (1, 2, 3, 4)
    ]
    assert [p["items"][0]["key"] for p in pages[:3]] == ["liebmann-2022", "tiny-2020", "tiny-2021"]
    assert pages[3]["items"] == [] and {p["total"] for p in pages} == {3}
    assert "next" in pages[1] and "next" not in pages[2]
    assert pages[0]["items"][0]["studyCount"] == 18 and pages[0]["items"][0]["title"]


async def test_the_evidence_map_across_reviews_is_paged_by_cell(many: httpx.AsyncClient) -> None:
    """One review's map is whole; without a review, the cells of every review come a page at a
    time, reviews in key order, each page naming only the themes its cells use."""
    expected = []
    for key in ("liebmann-2022", "tiny-2020", "tiny-2021"):
        body = (await many.get("/api/evidence-map", params={"review": key})).json()
        assert "total" not in body and "next" not in body
        expected += [(c["theme"]["id"], c["interventionType"]["id"]) for c in body["cells"]]
    url: str | None = "/api/evidence-map?per_page=7"
    walked = []
    while url is not None:
        body = (await many.get(url)).json()
        cells = [(c["theme"]["id"], c["interventionType"]["id"]) for c in body["cells"]]
        assert {t["id"] for t in body["themes"]} == {theme for theme, _ in cells}
        walked += cells
        url = body.get("next")
    assert walked == expected and body["total"] == len(expected)


async def test_cross_review_queries_use_shared_vocabularies(many: httpx.AsyncClient) -> None:
    for name in ("shared-records", "review-themes", "aligned-themes"):
        text = (await many.get(f"/api/queries/{name}.rq")).text
        assert "spkg:" not in text.split("SELECT", 1)[1], name
        rows = await many.post(
            "/sparql",
            content=text,
            headers={
                "content-type": "application/sparql-query",
                "accept": "application/sparql-results+json",
            },
        )
        assert rows.status_code == 200, (name, rows.text)
        assert rows.json()["results"]["bindings"], name


@needs_chromium
def test_landing_page_with_three_reviews_in_a_browser(many_store: Path, tmp_path: Path) -> None:
    from tests.fair.test_browser import ARTIFACTS
    from tests.serving import start_server, stop_server

    served = start_server(many_store, tmp_path, SPKG_QUERY_TIMEOUT="30")
    try:
        with chromium(tmp_path / "chromium-profile") as driver:
            from selenium.webdriver.common.by import By
            from selenium.webdriver.support.ui import WebDriverWait

            driver.set_window_size(1280, 2400)
            driver.get(f"{served.url}/")
            rows = driver.find_elements(By.CSS_SELECTOR, "#reviews tr")
            assert len(rows) == 5  # heading, three reviews, totals
            WebDriverWait(driver, 120).until(
                lambda d: d.execute_script(
                    "return [...document.images].every(i => i.complete && i.naturalWidth > 0)"
                )
            )
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(ARTIFACTS / "landing-three-reviews.png"))
    finally:
        stop_server(served)
