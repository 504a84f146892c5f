"""A data folder of three reviews with curated theme alignments, shared by the tests of the
service that speaks of every review and of removing one review among several."""

from __future__ import annotations

import shutil
from pathlib import Path

from ingest.alignments import alignments_path

__all__ = ["three_reviews"]

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "liebmann-2022"
TINY = ROOT / "tests" / "fixtures" / "valid" / "tiny-2020"
ALIGNMENTS = ROOT / "tests" / "fixtures" / "alignments" / "themes.sssom.tsv"


def three_reviews(root: Path) -> Path:
    """A data folder of three reviews and the alignments file: seed, tiny-2020, tiny-2021."""
    data = root / "data"
    shutil.copytree(TINY, data / "tiny-2020")
    second = data / "tiny-2021"
    shutil.copytree(TINY, second)
    review = second / "review.csv"
    review.write_text(
        review.read_text(encoding="utf-8")
        .replace("\ntiny-2020,A tiny", "\ntiny-2021,A second tiny")
        .replace("10.1234/tiny.2020.1", "10.1234/tiny.2021.1"),
        encoding="utf-8",
    )
    shutil.copytree(SEED, data / "liebmann-2022")
    alignments_path(data).parent.mkdir()
    shutil.copy(ALIGNMENTS, alignments_path(data))
    return data
