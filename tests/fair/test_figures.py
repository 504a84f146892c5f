"""Pictures are drawn from the graph: different data gives a different picture."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from api.settings import Settings
from tests.fair.conftest import TINY, load_review

pytestmark = pytest.mark.anyio


async def _get_all(make_client: Callable, store: Path, paths: list[str]) -> dict[str, bytes]:
    client_cm: AsyncIterator[httpx.AsyncClient] = make_client(Settings(store=store))
    client = await anext(client_cm)
    try:
        out = {}
        for path in paths:
            response = await client.get(path)
            assert response.status_code == 200, (path, response.text)
            out[path] = response.content
        return out
    finally:
        await client_cm.aclose()


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def test_pictures_follow_the_data(
    tmp_path: Path, review_copy: Path, make_client: Callable
) -> None:
    # The second dataset: 120 identified records become 150, a theme is renamed, and the
    # museum study's intervention becomes arts on prescription.
    _edit(review_copy, "prisma.csv", "identified,records,all,,120,", "identified,records,all,,150,")
    _edit(review_copy, "themes.csv", "Drawbacks", "Perceived drawbacks")
    _edit(review_copy, "interventions.csv", "museums-on-prescription", "arts-on-prescription")
    load_review(tmp_path / "a", TINY)
    load_review(tmp_path / "b", review_copy)
    paths = [f"/figures/{n}.svg" for n in ("prisma", "evidence-map", "themes")]
    paths += ["/figures/prisma.png", "/figures/study-characteristics.csv"]
    a = await _get_all(make_client, tmp_path / "a", paths)
    b = await _get_all(make_client, tmp_path / "b", paths)
    for path in paths:
        assert a[path] != b[path], path
    prisma_a, prisma_b = a["/figures/prisma.svg"].decode(), b["/figures/prisma.svg"].decode()
    assert "records: n = 120" in prisma_a and "records: n = 150" in prisma_b
    assert "not reported by the review" in prisma_a  # stages the fixture leaves out
    assert "Perceived drawbacks" in b["/figures/themes.svg"].decode()
    emap_a, emap_b = (
        a["/figures/evidence-map.svg"].decode(),
        b["/figures/evidence-map.svg"].decode(),
    )
    assert "museums on prescription" in emap_a and "museums on prescription" not in emap_b
    assert "arts on prescription" in emap_b
    rows = list(csv.DictReader(io.StringIO(b["/figures/study-characteristics.csv"].decode())))
    todd = next(r for r in rows if r["Study"] == "Todd 2017")
    assert todd["Intervention type"] == "arts on prescription"


async def test_same_data_same_svg(tmp_path: Path, make_client: Callable) -> None:
    load_review(tmp_path / "a", TINY)
    load_review(tmp_path / "b", TINY)
    path = "/figures/evidence-map.svg"
    a = await _get_all(make_client, tmp_path / "a", [path])
    b = await _get_all(make_client, tmp_path / "b", [path])
    assert a[path] == b[path]
    assert a[path].startswith(b"<?xml")


async def test_unknown_figure_and_review(client: httpx.AsyncClient) -> None:
    response = await client.get("/figures/funnel.svg")
    assert response.status_code == 404
    assert response.json()["title"] == "No such figure"
    response = await client.get("/figures/prisma.svg", params={"review": "other-2021"})
    assert response.status_code == 404
    assert "other-2021" in response.json()["detail"]
    response = await client.get("/figures/prisma.svg", params={"review": "x y"})
    assert response.status_code == 400
