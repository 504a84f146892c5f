"""The rules of topic variables, participant groups and partial extraction, across cells and files.

A declared variable's values are typed by its declaration, so a value's error names the row of
variables.csv that declares it (`variable_values.csv:5:value: expected an integer, got 'many'
(variable 'visits' is declared integer at variables.csv:3)`). A value is for a row of the file
its level names; what aggregates.csv counts is a core variable or a declared one. How far a
review is extracted (review.csv `extraction`, `included_study_count`) agrees with the studies
its folder holds.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from ingest.errors import DataFileError
from ingest.namespaces import PREFIXES
from ingest.review_data import ReviewData, Row
from ingest.schema.variables import CORE_VARIABLES
from ingest.topic_variables import VALUES, VARIABLES, declarations, legacy_columns, type_value

__all__ = ["check_variables"]

logger = logging.getLogger(__name__)

_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_CURIE = re.compile(r"(?P<prefix>[A-Za-z][A-Za-z0-9_-]*):(?P<local>[A-Za-z_][A-Za-z0-9_.-]*)")
_GROUPS = "participant_groups.csv"
_TARGET_KEYS = {"review.csv": "review_id", "studies.csv": "study_id", "records.csv": "record_id"}


def _error(data: ReviewData, row: Row, column: str, message: str) -> DataFileError:
    return DataFileError(data.location(row.file), row.row, column, message)


def check_variables(data: ReviewData) -> Iterator[DataFileError]:
    """Every rule of this module over a read review."""
    yield from _declarations(data)
    yield from _values(data)
    yield from _aggregates(data)
    yield from _extraction(data)
    yield from _groups(data)


def _term_problem(term: str) -> str | None:
    if _IRI.fullmatch(term):
        return None
    match = _CURIE.fullmatch(term)
    if match is None:
        return (
            f"{term!r} is neither a CURIE such as spkg:onlyPartOfSampleLonely nor an absolute "
            "http(s) IRI"
        )
    if match["prefix"] != "spkg" and match["prefix"] not in PREFIXES:
        known = ", ".join(sorted({"spkg", *PREFIXES}))
        return f"unknown prefix {match['prefix']!r} in {term!r}; known: {known}"
    return None


def _declarations(data: ReviewData) -> Iterator[DataFileError]:
    """A category variable lists its categories (and only it does); a term is a CURIE or IRI; a
    declared id is no core variable; a superseded column holds no values for a variable that
    variables.csv declares too (one home for each fact)."""
    declared_rows: dict[str, Row] = {r.key[0]: r for r in data.rows(VARIABLES)}
    for row in data.rows(VARIABLES):
        datatype, categories = row.get("datatype"), row.items("categories")
        if datatype == "category" and not categories:
            yield _error(data, row, "categories", "a category variable lists its categories")
        elif datatype not in (None, "category") and categories:
            yield _error(
                data, row, "categories", f"categories are for a category variable, not {datatype}"
            )
        term = row.get("term")
        if isinstance(term, str) and (problem := _term_problem(term)):
            yield _error(data, row, "term", problem)
        if row.key[0] in CORE_VARIABLES:
            yield _error(
                data,
                row,
                "variable_id",
                f"{row.key[0]!r} is a core variable of the format: choose another id",
            )
    for legacy in legacy_columns(data):
        first = declared_rows.get(legacy.variable_id)
        if first is None:
            continue
        for row in data.rows(legacy.file):
            if row.cells[legacy.column].raw.strip():
                yield _error(
                    data,
                    row,
                    legacy.column,
                    f"superseded column: variable {legacy.variable_id!r} is declared at "
                    f"{VARIABLES}:{first.row}; give its values in {VALUES} only",
                )
                break


def _targets(data: ReviewData) -> dict[str, set[str]]:
    return {
        "review.csv": {data.review_id},
        "studies.csv": {r.key[0] for r in data.rows("studies.csv")},
        "records.csv": {r.key[0] for r in data.rows("records.csv")},
    }


def _values(data: ReviewData) -> Iterator[DataFileError]:
    """A value is typed by its variable's datatype and is for a row of its level's file."""
    declared = declarations(data)
    targets = _targets(data)
    for row in data.rows(VALUES):
        variable_id = str(row.get("variable_id"))
        declaration = declared.get(variable_id)
        if declaration is None or declaration.row is None:
            continue  # an unknown variable is a reference error already
        if row.cells["value"].raw.strip():
            _, problem = type_value(row.cells["value"].raw, declaration)
            if problem is not None:
                yield _error(
                    data,
                    row,
                    "value",
                    f"{problem} (variable {variable_id!r} is declared {declaration.datatype} at "
                    f"{declaration.where})",
                )
        target = row.get("target_id")
        file = declaration.target_file
        if isinstance(target, str) and target not in targets[file]:
            key = _TARGET_KEYS[file]
            yield _error(
                data,
                row,
                "target_id",
                f"no row with {key} {target!r} in {file} (variable {variable_id!r} is "
                f"{declaration.level}-level, declared at {declaration.where})",
            )


def _aggregates(data: ReviewData) -> Iterator[DataFileError]:
    """What a statistic is about is a core variable or one the review declares."""
    declared = declarations(data)
    for row in data.rows("aggregates.csv"):
        variable = row.get("variable")
        if not isinstance(variable, str) or variable in CORE_VARIABLES or variable in declared:
            continue
        yield _error(
            data,
            row,
            "variable",
            f"{variable!r} is neither a core variable nor declared in {VARIABLES}; core: "
            f"{', '.join(CORE_VARIABLES)}",
        )


def _extraction(data: ReviewData) -> Iterator[DataFileError]:
    """A review-only folder has no studies or records; a partly extracted one says how many
    studies it includes, at least as many as it extracts; a complete one extracts them all."""
    rows = data.rows("review.csv")
    if not rows:
        return
    review = rows[0]
    extraction, stated = review.get("extraction"), review.get("included_study_count")
    studies = len(data.rows("studies.csv"))
    if extraction == "review-only":
        for file in ("studies.csv", "records.csv"):
            if data.rows(file):
                yield _error(
                    data,
                    review,
                    "extraction",
                    f"extraction is review-only, yet {file} has {len(data.rows(file))} row(s): "
                    "say partial or complete",
                )
    if extraction == "partial" and stated is None:
        yield _error(
            data,
            review,
            "included_study_count",
            "extraction is partial: give included_study_count, the number of studies the "
            "review includes, so checks can say how many are extracted",
        )
    if isinstance(stated, int) and studies > stated:
        yield _error(
            data,
            review,
            "included_study_count",
            f"{stated} studies included, yet studies.csv extracts {studies}",
        )
    if extraction == "complete" and isinstance(stated, int) and studies != stated:
        yield _error(
            data,
            review,
            "extraction",
            f"extraction is complete, yet studies.csv extracts {studies} of the {stated} "
            "included studies: say partial",
        )


def _groups(data: ReviewData) -> Iterator[DataFileError]:
    """A group's youngest age is not above its oldest."""
    for row in data.rows(_GROUPS):
        low, high = row.get("age_min"), row.get("age_max")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            yield _error(data, row, "age_min", f"age_min {low} is above age_max {high}")
