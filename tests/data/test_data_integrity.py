"""Integrity of every shipped review folder, checked by the code that checks any review.

Every rule of the format (cell types, placeholders, trailing `?`, keys, references, value
sources, appraisals, sample flags, positions, theme support, and the SHACL shapes) is enforced by
`spkg validate`; these tests run it over data/ and fail once, naming every offender at its
file:row:column. The reader's tests (tests/ingest/test_readers.py) show each rule firing.
What remains here by hand are conventions of the shipped folders that the format leaves open.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.build import check_data
from ingest.errors import DataFilesError, ValidationFailedError
from ingest.readers import read_review


def test_every_rule_of_the_reader_holds(review_dir: Path) -> None:
    try:
        read_review(review_dir)
    except DataFilesError as exc:
        pytest.fail("\n".join(e.located() for e in exc.errors))


def test_no_shape_is_violated(review_dir: Path) -> None:
    try:
        [checked] = check_data(review_dir, classify=False, show_progress=False)
    except ValidationFailedError as exc:
        pytest.fail("\n".join(r.located() for r in exc.report.violations))
    assert checked.report.conforms


def test_every_theme_names_its_own_supporting_records(tables) -> None:
    """The format lets a theme be supported through its subthemes' quotes only (SHACL accepts
    it); the shipped reviews list a theme_support row for every theme, parents included, once
    their studies are extracted (a partly extracted review's themes may name no record yet)."""
    if tables["review.csv"][0].get("extraction") in ("partial", "review-only"):
        pytest.skip("the review's studies are not all extracted")
    supported = {r["theme_id"] for r in tables["theme_support.csv"]}
    offenders = [t["theme_id"] for t in tables["themes.csv"] if t["theme_id"] not in supported]
    assert offenders == []


def test_themes_stated_to_hold_for_all_records_say_so_for_each(tables) -> None:
    """The format asks a theme with 'stated' support to have a row for every record, whatever
    its evidence; in the shipped reviews every one of those rows is 'stated'."""
    records = {r["record_id"] for r in tables["records.csv"]}
    offenders = []
    for theme in tables["themes.csv"]:
        rows = [s for s in tables["theme_support.csv"] if s["theme_id"] == theme["theme_id"]]
        stated = {s["record_id"] for s in rows if s["evidence"] == "stated"}
        if stated and stated != records:
            offenders.append(f"{theme['theme_id']}: 'stated' for {sorted(stated)}")
    assert offenders == []
