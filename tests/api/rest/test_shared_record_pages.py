"""A record two reviews include is one node; its page and each review's study payload say what
each review says of it, under that review (tests/fixtures/multi: alpha-2021 and beta-2022 both
include Smith 2017, doi:10.1136/bmjopen-2016-015203, as their records 1 and 11)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.rest.conftest import ROOT, build_store

MULTI = ROOT / "tests" / "fixtures" / "multi"
RECORD = "/id/record/doi/10.1136/bmjopen-2016-015203"


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = build_store(
        tmp_path_factory.mktemp("multi") / "store", [MULTI / "alpha-2021", MULTI / "beta-2022"]
    )
    settings = Settings(store=path, query_timeout=20, query_workers=1)
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        yield client


def test_the_record_page_lists_each_review_s_statements_under_that_review(
    multi: TestClient,
) -> None:
    response = multi.get(RECORD, headers={"accept": "text/html"})
    assert response.status_code == 200
    html = response.text
    alpha, beta = html.index('id="review-alpha-2021"'), html.index('id="review-beta-2022"')
    assert alpha < beta
    assert "Cited as [1] (its key: 1)" in html[alpha:beta]
    assert "Cited as [11] (its key: 11)" in html[beta:]
    assert 'href="/id/study/alpha-2021/S1"' in html[alpha:beta]
    assert 'href="/id/study/beta-2022/B1"' in html[beta:]


def test_each_review_s_study_shows_its_own_values_of_the_shared_record(
    multi: TestClient,
) -> None:
    for review, key, number in (("alpha-2021", "S1", 1), ("beta-2022", "B1", 11)):
        body = multi.get(f"/api/studies/{review}/{key}").json()
        [smith] = [r for r in body["records"] if r["id"].endswith("bmjopen-2016-015203")]
        assert smith["citationNumber"] == number
        assert smith["dcterms:identifier"] == str(number)
        assert smith["reportsStudy"]["id"].endswith(f"/id/study/{review}/{key}")
