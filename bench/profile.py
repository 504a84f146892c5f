"""The shape of a synthetic review: counts and missing-value rates taken from the seed review.

The defaults describe Liebmann et al. 2022 as read from its text (18 studies reported in 19
records, three themes with five subthemes under the first, about twenty printed quotes, many
cells found only in primary papers). `profile_from_folder` measures the same figures from a
curated review folder, so synthetic reviews follow the real data as it grows.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.schema import FILES, Kind

__all__ = ["DEFAULT_MISSING", "Profile", "blankable", "profile_from_folder"]

logger = logging.getLogger(__name__)

# Share of empty cells per (file, column), read from the seed review and its recovered tables
# (e.g. Table 2 gives a gender split for 2 of 18 studies and an appraisal score for 2 of 19
# records). Optional columns not listed here are empty in `Profile.default_missing` of rows.
DEFAULT_MISSING: dict[tuple[str, str], float] = {
    ("studies.csv", "female_pct"): 0.85,
    ("studies.csv", "age_min"): 0.3,
    ("studies.csv", "data_collection_start"): 0.5,
    ("studies.csv", "sample_size"): 0.2,
    ("studies.csv", "country"): 0.1,
    ("studies.csv", "notes"): 0.7,
    ("records.csv", "appraisal_score"): 0.85,
    ("records.csv", "doi"): 0.15,
    ("records.csv", "loneliness_assessment"): 0.7,
    ("records.csv", "original_themes"): 0.6,
    ("records.csv", "follow_up_description"): 0.8,
    ("records.csv", "notes"): 0.7,
    ("interventions.csv", "duration"): 0.5,
    ("interventions.csv", "duration_weeks"): 0.6,
    ("quotes.csv", "note"): 0.85,
    ("quotes.csv", "speaker_age_label"): 0.15,
    ("findings.csv", "cerqual_confidence"): 0.95,
    ("screening.csv", "cohen_kappa"): 0.6,
    ("measures.csv", "note"): 0.7,
    ("appraisal_items.csv", "note"): 0.7,
    ("search_sources.csv", "note"): 0.7,
    ("prisma.csv", "note"): 0.6,
}


@dataclass(frozen=True)
class Profile:
    """Counts per review and empty-cell rates; every count is a (low, high) range."""

    studies: tuple[int, int] = (14, 22)
    second_record_share: float = 0.06  # 19 records for 18 studies
    themes: tuple[int, int] = (2, 4)
    subthemes_first: tuple[int, int] = (3, 6)
    subthemes_other: tuple[int, int] = (0, 2)
    quotes_per_theme: tuple[int, int] = (1, 4)
    findings_per_theme: tuple[int, int] = (1, 2)
    search_sources: tuple[int, int] = (5, 8)
    criteria: tuple[int, int] = (6, 10)
    statements: tuple[int, int] = (8, 14)
    measure_share: float = 0.3
    item_appraisal_share: float = 0.1
    # Share of filled, curated cells that came from a primary paper or an inference.
    value_source_share: float = 0.15
    # Share of records whose DOI is drawn from a pool shared by every synthetic review.
    shared_doi_share: float = 0.1
    shared_doi_pool: int = 200
    default_missing: float = 0.1
    missing: dict[tuple[str, str], float] = field(default_factory=lambda: dict(DEFAULT_MISSING))

    def missing_rate(self, file: str, column: str) -> float:
        """How often an optional cell of this column is left empty."""
        return self.missing.get((file, column), self.default_missing)


def blankable(file: str, column: str) -> bool:
    """Optional plain cells may be emptied; keys and references hold the review together."""
    col = next(c for f in FILES if f.name == file for c in f.columns if c.name == column)
    return not col.required and col.kind not in (Kind.KEY, Kind.REF, Kind.REF_LIST)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def profile_from_folder(folder: Path, base: Profile | None = None) -> Profile:
    """The default profile with empty-cell rates and main counts measured in a review folder."""
    profile = base or Profile()
    missing = dict(profile.missing)
    for schema in FILES:
        path = folder / schema.name
        if not path.exists():
            continue
        rows = _rows(path)
        if not rows:
            continue
        for col in schema.columns:
            if blankable(schema.name, col.name):
                empty = sum(1 for r in rows if not (r.get(col.name) or "").strip())
                missing[(schema.name, col.name)] = round(empty / len(rows), 3)
    changes: dict[str, object] = {"missing": missing}
    studies = folder / "studies.csv"
    records = folder / "records.csv"
    if studies.exists() and records.exists():
        n_studies, n_records = len(_rows(studies)), len(_rows(records))
        if n_studies:
            changes["studies"] = (max(1, n_studies - 4), n_studies + 4)
            changes["second_record_share"] = max(0.0, (n_records - n_studies) / n_studies)
    logger.info("profile measured from %s", folder)
    return replace(profile, **changes)
