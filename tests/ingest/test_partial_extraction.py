"""Partial extraction: a review can say it includes more studies than its folder extracts, and
then every check of its printed statistics is "not verifiable: 4 of 15 studies extracted",
never a disagreement; a review with its own facts only registers with a warning."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from ingest.cli import EXIT_DATA, EXIT_OK
from ingest.store import EmbeddedStore
from tests.ingest.kinds import (
    LIEBMANN,
    RAPID,
    REVIEW_ONLY,
    edit_csv,
    edited_copy,
    ingest_beside_liebmann,
    validate_output,
)

PREFIXES = "PREFIX spkg: <https://w3id.org/spkg/ontology#>\n"
BASIS = "Not verifiable: 4 of 15 studies extracted."


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_beside_liebmann(tmp_path_factory.mktemp("partial"), RAPID, REVIEW_ONLY)


@pytest.fixture(scope="module")
def api(store_path: Path) -> Iterator[TestClient]:
    settings = Settings(store=store_path, query_timeout=20, query_workers=1)
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        yield client


def test_every_check_of_a_partly_extracted_review_is_not_verifiable(store_path: Path) -> None:
    with EmbeddedStore(store_path) as store:
        rows = store.select(
            PREFIXES
            + """SELECT ?check ?status ?basis WHERE { GRAPH ?g {
                   ?check a spkg:AggregateCheck ; spkg:checkStatus ?status ;
                          spkg:checkBasis ?basis .
                   FILTER(CONTAINS(STR(?check), "/rapid-review-2024/")) } }"""
        )
        disagreements = store.select(
            PREFIXES
            + """SELECT ?i WHERE { GRAPH ?g {
                   <https://w3id.org/spkg/id/review/rapid-review-2024> spkg:hasInconsistency ?i .
                   ?i spkg:inconsistencyKind spkg:ArithmeticInconsistency } }"""
        )
    found = {str(r["check"]).rsplit("/", 1)[-1]: (str(r["status"]), str(r["basis"])) for r in rows}
    status = "https://w3id.org/spkg/ontology#NotVerifiable"
    assert found == {
        stat: (status, BASIS)
        for stat in ("n-total", "support-T1", "condition-multiple", "co-produced-count")
    }
    assert disagreements == []


def test_the_api_lists_the_checks_with_how_many_studies_are_extracted(api: TestClient) -> None:
    body = api.get("/api/reviews/rapid-review-2024").json()
    statuses = {
        c["reportedStatistic"]["id"].rsplit("/", 1)[-1]: (c["status"], c["basis"])
        for c in body["comparisons"]
    }
    assert statuses["condition-multiple"] == ("not verifiable", BASIS)
    assert body["includedStudyCount"] == 15
    assert body["extractionStatus"]["id"].endswith("#PartialExtraction")


def test_a_review_only_folder_is_registered_with_its_review_facts(
    store_path: Path, api: TestClient
) -> None:
    with EmbeddedStore(store_path) as store:
        rows = store.select(
            PREFIXES
            + """SELECT ?type WHERE { GRAPH ?g {
                   <https://w3id.org/spkg/id/review/review-only-2023> a ?type ;
                   spkg:extractionStatus spkg:ReviewOnlyExtraction } }"""
        )
    assert "https://w3id.org/spkg/ontology#Review" in {str(r["type"]) for r in rows}
    assert api.get("/api/reviews/review-only-2023").status_code == 200


def test_a_review_only_folder_validates_without_asking_for_records(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Having no records is what a review-only folder declares: no warning asks for them."""
    code, output = validate_output(REVIEW_ONLY, capsys)
    assert code == EXIT_OK
    assert "A review includes at least one record" not in output
    assert "review-only-2023: valid (0 warning(s)" in output


def test_a_partly_extracted_review_without_records_is_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A review that says it is partly extracted but names no record gets the warning."""
    turk = LIEBMANN.parent / "turk-2024"  # review-only, its core files header-only
    folder = tmp_path / turk.name
    shutil.copytree(turk, folder)
    edit_csv(folder / "review.csv", ("review_id", turk.name), "extraction", "partial")
    code, output = validate_output(folder, capsys)
    assert code == EXIT_OK, output[-2000:]
    assert "warning: A review includes at least one record" in output
    assert "[ReviewRecordsShape]" in output


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "extraction",
            "review-only",
            "review.csv:2:extraction: extraction is review-only, yet studies.csv has 4 row(s): "
            "say partial or complete",
        ),
        (
            "included_study_count",
            "3",
            "review.csv:2:included_study_count: 3 studies included, yet studies.csv extracts 4",
        ),
        (
            "included_study_count",
            "",
            "review.csv:2:included_study_count: extraction is partial: give included_study_count",
        ),
        (
            "extraction",
            "complete",
            "review.csv:2:extraction: extraction is complete, yet studies.csv extracts 4 of the "
            "15 included studies: say partial",
        ),
        ("extraction", "halfway", "review.csv:2:extraction: 'halfway' is not allowed"),
    ],
)
def test_an_extraction_that_disagrees_with_the_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, value: str, expected: str
) -> None:
    folder = edited_copy(tmp_path, RAPID, "review.csv", ("review_id", RAPID.name), column, value)
    code, output = validate_output(folder, capsys)
    assert code == EXIT_DATA
    assert f"{folder}/{expected}" in output


def test_without_review_only_a_folder_still_needs_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / REVIEW_ONLY.name
    shutil.copytree(REVIEW_ONLY, folder)
    edit_csv(folder / "review.csv", ("review_id", REVIEW_ONLY.name), "extraction", "partial")
    code, output = validate_output(folder, capsys)
    assert code == EXIT_DATA
    assert f"{folder}/records.csv:0:: missing file" in output
