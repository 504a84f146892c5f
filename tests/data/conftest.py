"""Shared reading for the data tests: the shipped review folders, and their files as plain CSV rows.

The rules of the format are checked by the production reader and shapes (test_data_integrity.py);
the raw rows serve the tests of conventions and facts of the shipped reviews.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.schema import FILES

__all__ = ["DATA", "ROOT", "Table", "load_review", "review_folders", "tables"]

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

Table = list[dict[str, str]]


def review_folders() -> list[Path]:
    """Every folder under data/ that holds a review.csv."""
    return sorted(p.parent for p in DATA.glob("*/review.csv"))


def load_review(folder: Path) -> dict[str, Table]:
    """Each schema file of a review folder as a list of rows (raw strings); absent files empty."""
    tables: dict[str, Table] = {}
    for schema in FILES:
        path = folder / schema.name
        if not path.exists():
            tables[schema.name] = []
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            tables[schema.name] = list(csv.DictReader(fh))
    return tables


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that takes `review_dir` once per shipped review folder."""
    if "review_dir" in metafunc.fixturenames:
        folders = review_folders()
        metafunc.parametrize("review_dir", folders, ids=[f.name for f in folders])


@pytest.fixture
def tables(review_dir: Path) -> dict[str, Table]:
    """The review folder's files as rows of raw strings."""
    return load_review(review_dir)
