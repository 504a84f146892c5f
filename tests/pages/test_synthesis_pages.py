"""The explorer and REST API over reviews of every kind in the open input format (the fixtures
of tests/fixtures/kinds beside the seed review, in one real store written by ingest.pipeline):
theme levels and parent chains, speaker roles, participant groups, design and methods, topic
variables, extraction status, constructs, translations and meta-aggregation's findings."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.rest.conftest import ROOT, SEED, build_store

KINDS = sorted((ROOT / "tests" / "fixtures" / "kinds").iterdir())
ME, MA, RR = "meta-ethnography-2020", "meta-aggregation-2021", "rapid-review-2024"


@pytest.fixture(scope="module")
def kinds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("kinds") / "store", [SEED, *KINDS])


@pytest.fixture(scope="module")
def client(kinds_store: Path) -> Iterator[TestClient]:
    settings = Settings(store=kinds_store, query_timeout=20, query_workers=2)
    with TestClient(create_app(settings), base_url="http://testserver") as c:
        yield c


def _html(client: TestClient, path: str) -> str:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text[:500]
    return response.text


def test_theme_page_shows_level_and_parent_chain(client: TestClient) -> None:
    page = _html(client, f"/id/theme/{ME}/T1.1.1")
    assert 'id="theme-level">descriptive theme<' in page
    chain = page.split('class="lineage"', 1)[1].split("</ol>", 1)[0]
    assert chain.index("Being the bridge") < chain.index("Boundary work")
    assert "analytical theme" in chain
    quotes = _html(client, f"/id/theme/{MA}/CAT1")
    assert 'id="theme-level">category<' in quotes
    assert '<span class="speaker-role">service users</span>' in quotes


def test_quote_finder_filters_by_speaker_role(client: TestClient) -> None:
    page = _html(client, f"/quotes?review={RR}&speaker_role=link-workers")
    assert "1 quote<" in page and "I can spend more time with each patient now." in page
    every = _html(client, "/quotes?speaker_role=service-users")
    assert "She let me talk and never looked at the clock." in every
    assert "I can spend more time" not in every
    bad = client.get("/quotes?speaker_role=nobody", headers={"accept": "text/html"})
    assert bad.status_code == 422
    injected = client.get("/quotes?speaker_role=x'%7D", headers={"accept": "text/html"})
    assert injected.status_code == 422


def test_study_page_shows_groups_design_and_variables(client: TestClient) -> None:
    page = _html(client, f"/id/study/{RR}/S1")
    groups = page.split('id="participants"', 1)[1].split("</table>", 1)[0]
    assert "service users" in groups and "link workers" in groups and "45.8" in groups
    design = page.split('id="design"', 1)[1].split("</table>", 1)[0]
    assert "qualitative study" in design and "focus groups" in design
    assert "thematic analysis" in design and "reported" in design
    variables = page.split('id="variables"', 1)[1].split("</table>", 1)[0]
    assert "programme length" in variables and "104 weeks" in variables
    assert "co-produced with service users" in variables


def test_review_page_shows_extraction_and_products(client: TestClient) -> None:
    assert "4 of 15 studies extracted" in _html(client, f"/id/review/{RR}")
    assert "0 of 12 studies extracted (review-only)" in _html(client, "/id/review/review-only-2023")
    me = _html(client, f"/id/review/{ME}")
    assert 'id="line-of-argument"' in me and "Being the bridge" in me
    translations = me.split('id="translations"', 1)[1].split("</table>", 1)[0]
    for kind in ("reciprocal translation", "refutational translation", "line-of-argument"):
        assert kind in translations
    assert "construct <a" in me  # a finding about a construct in the SoQF table
    ma = _html(client, f"/id/review/{MA}")
    tree = ma.split('id="meta-aggregation"', 1)[1].split("</section>", 1)[0]
    assert tree.index("Being accompanied") < tree.index("Someone on my side")
    assert "[unequivocal]" in tree and "[unsupported]" in tree


def test_soqf_lists_a_finding_about_a_construct(client: TestClient) -> None:
    response = client.get(f"/id/review/{ME}/soqf.csv")
    rows = {r["finding_id"]: r for r in csv.DictReader(io.StringIO(response.text))}
    assert rows["F2"]["theme"] == "" and rows["F2"]["construct"] == "Contested boundaries"
    assert rows["F1"]["theme"] == "Being the bridge"


@pytest.mark.parametrize(
    ("review", "resource", "total", "first"),
    [
        (ME, "constructs", 9, "C1"),
        (ME, "translations", 3, "TR1"),
        (MA, "study-findings", 6, "SF-1"),
        (RR, "constructs", 0, None),
    ],
)
def test_rest_products_are_paged_lists(
    client: TestClient, review: str, resource: str, total: int, first: str | None
) -> None:
    response = client.get(f"/api/reviews/{review}/{resource}", params={"per_page": 2})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["@context"].endswith("/api/context.jsonld")
    assert body["total"] == total
    if first:
        assert body["items"][0]["key"] == first and "next" in body
    missing = client.get(f"/api/reviews/no-such-2000/{resource}")
    assert missing.status_code == 404


def test_rest_products_carry_orders_kinds_and_plausibility(client: TestClient) -> None:
    constructs = client.get(f"/api/reviews/{ME}/constructs").json()["items"]
    orders = [c["order"] for c in constructs]
    assert orders == sorted(
        orders,
        key=[
            "spkg:FirstOrderConstruct",
            "spkg:SecondOrderConstruct",
            "spkg:ThirdOrderConstruct",
        ].index,
    )
    assert [c["key"] for c in constructs if c["lineOfArgument"]] == ["C9"]
    kinds = {
        t["key"]: t["kind"] for t in client.get(f"/api/reviews/{ME}/translations").json()["items"]
    }
    assert kinds["TR2"] == "spkg:RefutationalTranslation"
    found = client.get(f"/api/reviews/{MA}/study-findings").json()["items"]
    sf = {f["key"]: f for f in found}
    assert sf["SF-1"]["plausibility"] == "spkg:Unequivocal"
    assert sf["SF-1"]["inCategory"]["label"] == "Someone on my side"
    quotes = client.get("/api/quotes", params={"review": RR}).json()["items"]
    assert {q["key"]: (q.get("speakerRole") or {}).get("label") for q in quotes}[
        "Q3"
    ] == "link workers"
    paths = client.get("/openapi.json").json()["paths"]
    for resource in ("constructs", "translations", "study-findings"):
        assert f"/api/reviews/{{review}}/{resource}" in paths


def test_evidence_map_filters_by_study_design_and_population_group(client: TestClient) -> None:
    """The filters offer the designs and participant roles the review's data give; a chosen one
    keeps only the studies that have it; a value the form does not offer is refused."""
    every = _html(client, f"/evidence-map/{RR}")
    offered = every.split('name="design"', 1)[1].split("</select>", 1)[0]
    assert 'value="qualitative"' in offered and 'value="case-study"' in offered
    groups = every.split('name="group"', 1)[1].split("</select>", 1)[0]
    assert 'value="referrers"' in groups and 'value="link-workers"' in groups
    total = int(every.split(" studies pass the filters")[0].rsplit(" ", 1)[1])
    qualitative = _html(client, f"/evidence-map/{RR}?design=qualitative")
    referrers = _html(client, f"/evidence-map/{RR}?group=referrers")
    both = _html(client, f"/evidence-map/{RR}?design=qualitative&group=referrers")
    counts = [
        int(p.split(" studies pass the filters")[0].rsplit(" ", 1)[1])
        for p in (qualitative, referrers, both)
    ]
    assert 0 < counts[0] < total and 0 < counts[1] < total
    assert counts[2] == 0  # S1 is the qualitative study, S2 the one with GPs among its groups
    assert 'value="qualitative" selected' in qualitative
    for bad in ("design=rct-of-nothing", "group=x'%7D"):
        response = client.get(f"/evidence-map/{RR}?{bad}", headers={"accept": "text/html"})
        assert response.status_code == 422, bad


def test_evidence_map_offers_the_countries_of_the_review_s_studies(client: TestClient) -> None:
    page = _html(client, f"/evidence-map/{RR}")
    offered = page.split('name="country"', 1)[1].split("</select>", 1)[0]
    assert 'value="GB"' in offered and 'value="CA"' in offered
    assert 'value="ZW"' not in offered  # a valid code, but no study of this review is there


def test_review_page_says_the_kind_of_review(client: TestClient) -> None:
    assert '<p id="review-kind"><strong>Kind of review:</strong> meta ethnography</p>' in _html(
        client, f"/id/review/{ME}"
    )
    assert "Kind of review:</strong> rapid review<" in _html(client, f"/id/review/{RR}")


def test_rest_quotes_filter_by_speaker_role(client: TestClient) -> None:
    """`/api/quotes?speaker_role=KEY`: the role by its key, whichever review's IRI it has."""
    every = client.get("/api/quotes", params={"review": RR}).json()["items"]
    roles = {(q.get("speakerRole") or {}).get("id", "").rsplit("/", 1)[-1] for q in every}
    assert {"link-workers", "service-users"} <= roles
    workers = client.get("/api/quotes", params={"review": RR, "speaker_role": "link-workers"})
    items = workers.json()["items"]
    assert items and all(q["speakerRole"]["id"].endswith("/link-workers") for q in items)
    assert len(items) < len(every)
    assert client.get("/api/quotes", params={"speaker_role": "x'}"}).status_code == 422
