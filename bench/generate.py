"""Synthetic reviews in data/'s own CSV format, for benchmarks from one review to a thousand.

Each review folder holds all the data files with the headers of `ingest.schema`, filled with
coherent rows (references resolve, percentages add up, ranges are ordered) whose counts and
empty-cell rates follow the seed review (see `bench.profile`), so the reviews go through the
real ingest path. Review `i` depends only on the seed and `i`: ten reviews are the first ten of
a hundred. A share of records carries a DOI from a pool shared by all reviews, so the same paper
appears in several reviews as one DOI-keyed node.

    python -m bench.generate --reviews 100 --seed 1 --out /tmp/reviews
"""

from __future__ import annotations

import argparse
import csv
import logging
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.profile import Profile, blankable, profile_from_folder
from bench.synthetic import Review, build_review
from ingest.schema import FILES

__all__ = ["GeneratorError", "generate", "main", "review_id", "write_review"]

logger = logging.getLogger(__name__)


class GeneratorError(Exception):
    """The output folder cannot be written as asked."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


def review_id(seed: int, index: int) -> str:
    """The key (and folder name) of synthetic review `index` of a seed."""
    return f"synthetic-s{seed}-{index:05d}"


def _blank(review: Review, profile: Profile, rng: random.Random) -> None:
    """Empty optional cells at the profile's rates; grouped cells go together."""
    groups = {
        ("studies.csv", "female_pct"): ("female_pct", "male_pct", "other_gender_pct"),
        ("studies.csv", "age_min"): ("age_min", "age_max", "age_max_open"),
        ("studies.csv", "data_collection_start"): ("data_collection_start", "data_collection_end"),
        ("quotes.csv", "speaker_age_label"): (
            "speaker_age_label",
            "speaker_age_min",
            "speaker_age_max",
        ),
    }
    grouped = {(f, c) for (f, _), cols in groups.items() for c in cols}
    for file, rows in review.files.items():
        for row in rows:
            for column in list(row):
                if (file, column) in groups:
                    if rng.random() < profile.missing_rate(file, column):
                        for c in groups[(file, column)]:
                            row[c] = ""
                elif (
                    (file, column) in grouped
                    or (file, column) in review.protected
                    or not blankable(file, column)
                ):
                    continue
                elif rng.random() < profile.missing_rate(file, column):
                    row[column] = ""
        if file == "studies.csv":
            for row in rows:
                row["gender_reported"] = "yes" if row["female_pct"] else "no"
                row["ages_reported"] = "yes" if row["age_min"] else "no"
        if file == "quotes.csv":
            for row in rows:  # an uncertain kind says why (a rule of ingest.checks)
                if row["kind_certain"] == "no" and not row["note"]:
                    row["note"] = "the italics that mark the kind were lost"


def _value_sources(review: Review, profile: Profile, rng: random.Random) -> None:
    """List a share of filled curated cells as coming from primary papers or inference."""
    candidates = {
        "records.csv": ("record_id", ("title", "venue", "year", "first_author", "locator")),
        "studies.csv": ("study_id", ("country", "sample_size", "age_min", "population")),
        "interventions.csv": ("intervention_id", ("name", "description", "setting", "duration")),
    }
    rows = review.files["value_sources.csv"]
    for file, (key, columns) in candidates.items():
        for row in review.files[file]:
            for column in columns:
                if row.get(column) and rng.random() < profile.value_source_share:
                    source = rng.choice(("primary-paper", "primary-paper", "inferred"))
                    note = "taken from the primary paper" if source == "primary-paper" else ""
                    rows.append(
                        {"file": file, "key": row[key], "column": column, "source": source}
                        | {"note": note or "identification inferred from the text"}
                    )


def write_review(review: Review, out: Path) -> Path:
    """Write one review's folder (every data file, header first) and return it."""
    folder = out / review.review_id
    folder.mkdir(parents=True, exist_ok=True)
    for schema in FILES:
        header = [c.name for c in schema.columns]
        with (folder / schema.name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            for row in review.files.get(schema.name, []):
                writer.writerow({h: row.get(h, "") for h in header})
    return folder


def generate(
    reviews: int, seed: int, out: Path, profile: Profile | None = None, start: int = 0
) -> list[Path]:
    """Write `reviews` synthetic review folders under `out`; return their paths."""
    if reviews < 0:
        raise GeneratorError(out, "the number of reviews cannot be negative")
    if out.exists() and not out.is_dir():
        raise GeneratorError(out, "exists and is not a folder")
    profile = profile or Profile()
    folders = []
    for index in range(start, start + reviews):
        rng = random.Random(f"spkg-bench:{seed}:{index}")
        review = build_review(review_id(seed, index), index, profile, rng)
        _blank(review, profile, rng)
        _value_sources(review, profile, rng)
        folders.append(write_review(review, out))
    logger.info("wrote %d synthetic reviews to %s", reviews, out)
    return folders


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `python -m bench.generate --reviews N --seed S --out DIR [--like DIR]`."""
    parser = argparse.ArgumentParser(prog="bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--reviews", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--like", type=Path, help="measure empty-cell rates and counts from this review folder"
    )
    args = parser.parse_args(argv)
    profile = profile_from_folder(args.like) if args.like else Profile()
    try:
        generate(args.reviews, args.seed, args.out, profile)
    except (GeneratorError, OSError) as error:
        print(f"bench.generate: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    raise SystemExit(main())
