"""The rules over what a synthesis produces, each error located at one cell.

A quote or a finding hangs on something (a theme, a construct, a study finding); a category sits
under a synthesised finding and groups study findings; a second-order construct names the
studies' reports it comes from; a translation names the constructs it translates (only a line
of argument of a review not completely extracted may leave them out, naming what it yields) and
yields a third-order construct other than the ones it translates; a quote printed for a
construct or a study finding is taken from that construct's or finding's record. References
to existing rows are `ingest.checks`' rule already.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from ingest.errors import DataFileError
from ingest.review_data import ReviewData, Row

__all__ = ["FINDING_TARGETS", "PARTIAL_EXTRACTION", "QUOTE_TARGETS", "check_products"]

logger = logging.getLogger(__name__)

# The columns that name what a quote illustrates, and what a finding is about: one is required.
QUOTE_TARGETS = ("theme_id", "construct_id", "study_finding_id")
FINDING_TARGETS = ("theme_id", "construct_id")
# review.csv `extraction` values of a review whose included studies are not all extracted.
PARTIAL_EXTRACTION = ("partial", "review-only")


def check_products(data: ReviewData) -> Iterator[DataFileError]:
    """Every rule of this module over a read review."""
    errors = [e for check in _CHECKS for e in check(data)]
    logger.debug("%s: %d synthesis-product problem(s)", data.review_id, len(errors))
    yield from errors


def _error(data: ReviewData, row: Row, column: str, message: str) -> DataFileError:
    return DataFileError(data.location(row.file), row.row, column, message)


def _filled(row: Row, column: str) -> bool:
    cell = row.cells.get(column)
    return cell is not None and bool(cell.raw.strip())


def _targets(data: ReviewData) -> Iterator[DataFileError]:
    """A quote illustrates, and a finding is about, at least one thing the review names."""
    for file, columns, what in (
        ("quotes.csv", QUOTE_TARGETS, "illustrates nothing"),
        ("findings.csv", FINDING_TARGETS, "is about nothing"),
    ):
        for row in data.rows(file):
            if not any(_filled(row, c) for c in columns):
                yield _error(
                    data,
                    row,
                    columns[0],
                    f"{row.key[0]} {what}: fill at least one of {', '.join(columns)}",
                )


def _levels(data: ReviewData) -> dict[str, object]:
    return {r.key[0]: r.get("level") for r in data.rows("themes.csv")}


def _categories(data: ReviewData) -> Iterator[DataFileError]:
    """A category's parent, if any, is a synthesised finding; a study finding's category is a
    theme of level category."""
    levels = _levels(data)
    for row in data.rows("themes.csv"):
        parent = row.get("parent_id")
        if row.get("level") != "category" or not isinstance(parent, str) or parent not in levels:
            continue
        if levels[parent] != "synthesised-finding":
            yield _error(
                data,
                row,
                "parent_id",
                f"category {row.key[0]} is placed under {parent}, whose level is "
                f"{_level_text(levels[parent])}: a category's parent is a synthesised-finding",
            )
    for row in data.rows("study_findings.csv"):
        category = row.get("category_id")
        if isinstance(category, str) and category in levels and levels[category] != "category":
            yield _error(
                data,
                row,
                "category_id",
                f"theme {category} has level {_level_text(levels[category])}: a study finding "
                "is grouped into a theme of level category (themes.csv level)",
            )


def _level_text(level: object) -> str:
    return repr(level) if isinstance(level, str) else "empty"


def _constructs(data: ReviewData) -> Iterator[DataFileError]:
    """A second-order construct names its records; a translation yields a third-order
    construct, not one of those it translates."""
    orders = {r.key[0]: r.get("order") for r in data.rows("constructs.csv")}
    for row in data.rows("constructs.csv"):
        if row.get("order") == "second-order" and not _filled(row, "record_ids"):
            yield _error(
                data,
                row,
                "record_ids",
                f"second-order construct {row.key[0]} names no record: give the reports of "
                "the studies whose authors' interpretation it is",
            )
    yield from _translation_inputs(data)
    for row in data.rows("translations.csv"):
        yielded = row.get("yields_construct_id")
        if not isinstance(yielded, str) or yielded not in orders:
            continue
        if yielded in row.items("construct_ids"):
            yield _error(
                data,
                row,
                "yields_construct_id",
                f"{yielded} is also among the construct_ids translated: a translation yields "
                "a construct other than those it translates",
            )
        elif orders[yielded] != "third-order":
            yield _error(
                data,
                row,
                "yields_construct_id",
                f"construct {yielded} is {orders[yielded]}: a translation yields a "
                "third-order construct (constructs.csv order)",
            )


def _partly_extracted(data: ReviewData) -> bool:
    """Whether review.csv says the review's studies are not all extracted (`extraction`)."""
    rows = data.rows("review.csv")
    return bool(rows) and rows[0].get("extraction") in PARTIAL_EXTRACTION


def _translation_inputs(data: ReviewData) -> Iterator[DataFileError]:
    """A translation names the constructs it translates. Only a line of argument of a review
    not completely extracted may leave them out, when it names the construct it yields: the
    review is known to have that line of argument, not (yet) what it was built from."""
    partial = _partly_extracted(data)
    for row in data.rows("translations.csv"):
        if _filled(row, "construct_ids"):
            continue
        if row.get("kind") != "line-of-argument" or not partial:
            yield _error(
                data,
                row,
                "construct_ids",
                f"translation {row.key[0]} translates no construct: give its construct_ids "
                "(only a line-of-argument of a review whose extraction is partial or "
                "review-only may leave them empty)",
            )
        elif not _filled(row, "yields_construct_id"):
            yield _error(
                data,
                row,
                "yields_construct_id",
                f"line of argument {row.key[0]} names neither the constructs it translates nor "
                "the one it yields: give yields_construct_id",
            )


def _quote_records(data: ReviewData) -> Iterator[DataFileError]:
    """A quote printed for a study finding is from that finding's record, one printed for a
    construct from one of the construct's records (when the construct names any)."""
    finding_record = {r.key[0]: r.get("record_id") for r in data.rows("study_findings.csv")}
    construct_records = {r.key[0]: r.items("record_ids") for r in data.rows("constructs.csv")}
    for row in data.rows("quotes.csv"):
        record = row.get("record_id")
        finding, construct = row.get("study_finding_id"), row.get("construct_id")
        if not isinstance(record, str):
            continue
        if isinstance(finding, str) and finding in finding_record:
            expected = finding_record[finding]
            if isinstance(expected, str) and expected != record:
                yield _error(
                    data,
                    row,
                    "record_id",
                    f"{record} is not the record of study finding {finding} ({expected}, "
                    "study_findings.csv record_id)",
                )
        if isinstance(construct, str) and construct_records.get(construct):
            records = construct_records[construct]
            if record not in records:
                yield _error(
                    data,
                    row,
                    "record_id",
                    f"{record} is not among the records of construct {construct} "
                    f"({', '.join(records)}, constructs.csv record_ids)",
                )


_CHECKS: tuple[Callable[[ReviewData], Iterator[DataFileError]], ...] = (
    _targets,
    _categories,
    _constructs,
    _quote_records,
)
