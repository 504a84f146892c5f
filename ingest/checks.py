"""The rules of a review that span cells, rows or files, each error located at one cell.

The reader types each cell by itself (`ingest.cells`); these rules need more than one: a
reference names an existing row, value_sources.csv names a filled cell, an appraisal fits its
tool (`ingest.appraisal_checks`), a concept cell names a concept of its scheme
(`ingest.concept_checks`), a sample's "not reported" flags agree with its values, positions run
1 to n, a quote's record supports its theme, an inconsistency names what it concerns. What SHACL
states over the graph (a minimum age not above the maximum, gender shares adding up to 100,
every theme supported) stays in shapes/cross-record.ttl, so each rule has one home.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from ingest.appraisal_checks import check_appraisals
from ingest.concept_checks import check_concepts
from ingest.errors import DataFileError
from ingest.product_checks import check_products
from ingest.review_data import ReviewData, Row
from ingest.schema import (
    FILES,
    INCONSISTENCY_TARGETS,
    Kind,
    file_schema,
)
from ingest.variable_checks import check_variables

__all__ = ["check_review"]

logger = logging.getLogger(__name__)

_VALUE_SOURCES = "value_sources.csv"
# Files whose `position` orders all their rows (themes are ordered among their siblings).
_ORDERED_FILES = ("quotes.csv", "statements.csv")
_SHOWN = 5  # missing records named in one message


def check_review(data: ReviewData) -> list[DataFileError]:
    """Every cross-cell rule over a read review; indexes value_sources.csv into `data.listed`."""
    errors: list[DataFileError] = []
    for check in _CHECKS:
        errors.extend(check(data))
    logger.debug("%s: %d cross-cell problem(s)", data.review_id, len(errors))
    return errors


def _error(data: ReviewData, row: Row, column: str, message: str) -> DataFileError:
    return DataFileError(data.location(row.file), row.row, column, message)


def _filled(row: Row, column: str) -> bool:
    """Whether the cell holds anything (its typed value is None also when it was malformed)."""
    return bool(row.cells[column].raw.strip())


def _references(data: ReviewData) -> Iterator[DataFileError]:
    """Every ref and ref-list value names an existing key of its file."""
    keys = {s.name: {r.key[0] for r in data.rows(s.name)} for s in FILES if len(s.key) == 1}
    for schema in FILES:
        for column in schema.columns:
            if column.kind not in (Kind.REF, Kind.REF_LIST) or column.ref_file is None:
                continue
            target = file_schema(column.ref_file)
            for row in data.rows(schema.name):
                value = row.get(column.name)
                values = value if isinstance(value, tuple) else (value,) if value else ()
                for v in values:
                    if v not in keys.get(column.ref_file, set()):
                        yield _error(
                            data,
                            row,
                            column.name,
                            f"no row with {target.key[0]} {v!r} in {column.ref_file}",
                        )


def _parents(data: ReviewData) -> Iterator[DataFileError]:
    """A reference within one file (a subtheme's parent) never leads back to its own row."""
    for schema in FILES:
        for column in schema.columns:
            if column.kind is not Kind.REF or column.ref_file != schema.name:
                continue
            parent = {r.key[0]: r.get(column.name) for r in data.rows(schema.name)}
            for row in data.rows(schema.name):
                chain = [row.key[0]]
                while isinstance(step := parent.get(chain[-1]), str) and step not in chain:
                    chain.append(step)
                if step == row.key[0]:
                    loop = " → ".join([*chain, row.key[0]])
                    what = "its own parent" if len(chain) == 1 else f"its own ancestor ({loop})"
                    yield _error(data, row, column.name, f"{row.key[0]} is {what}")


def _value_sources(data: ReviewData) -> Iterator[DataFileError]:
    """Each value_sources.csv row names an existing file, row key and filled column."""
    names = {s.name for s in FILES} - {_VALUE_SOURCES}
    by_key: dict[str, dict[str, Row]] = {}
    for row in data.rows(_VALUE_SOURCES):
        file, key, column = (str(row.get(c) or "") for c in ("file", "key", "column"))
        if file not in names:
            yield _error(data, row, "file", f"no data file named {file!r}")
            continue
        if file not in by_key:
            by_key[file] = {r.key_text: r for r in data.rows(file)}
        rows = by_key[file]
        if key not in rows:
            key_name = "/".join(file_schema(file).key)
            yield _error(data, row, "key", f"no row with {key_name} {key!r} in {file}")
            continue
        if column not in file_schema(file).by_name:
            yield _error(data, row, "column", f"no column {column!r} in {file}")
            continue
        if not _filled(rows[key], column):
            yield _error(
                data,
                row,
                "column",
                f"{file} {key}.{column} is empty: list only cells that hold a value",
            )
            continue
        data.listed[(file, key, column)] = row


def _not_reported(row: Row, flag: str, columns: tuple[str, ...]) -> str | None:
    given = [c for c in columns if _filled(row, c)]
    if row.get(flag) is not False or not given:
        return None
    verb = "is" if len(given) == 1 else "are"
    return f"{flag} is no, yet {', '.join(given)} {verb} given"


def _samples(data: ReviewData) -> Iterator[DataFileError]:
    """A sample's flags agree with its values; a speaker's age bounds come with their label."""
    for row in data.rows("studies.csv"):
        if row.get("age_max_open") is True and not _filled(row, "age_max"):
            yield _error(
                data,
                row,
                "age_max",
                "age_max_open is yes but age_max is empty: give the open band's bound (81 for 81+)",
            )
        shares = ("female_pct", "male_pct", "other_gender_pct")
        for flag, columns in (
            ("gender_reported", shares),
            ("ages_reported", ("age_min", "age_max")),
        ):
            message = _not_reported(row, flag, columns)
            if message:
                yield _error(data, row, flag, message)
    for row in data.rows("quotes.csv"):
        bounds = [c for c in ("speaker_age_min", "speaker_age_max") if _filled(row, c)]
        if bounds and not _filled(row, "speaker_age_label"):
            yield _error(
                data,
                row,
                "speaker_age_label",
                f"{' and '.join(bounds)} given without the age as printed",
            )
        if row.get("kind_certain") is False and not _filled(row, "note"):
            yield _error(data, row, "note", "kind_certain is no: say in note why it is uncertain")


def _positions(data: ReviewData) -> Iterator[DataFileError]:
    """Positions number a file's rows 1 to n; a theme's position is unique among its siblings."""
    for file in _ORDERED_FILES:
        rows = data.rows(file)
        seen: dict[int, int] = {}
        for row in rows:
            position = row.get("position")
            if not isinstance(position, int):
                continue
            if position in seen:
                yield _error(
                    data, row, "position", f"position {position} repeats row {seen[position]}"
                )
            elif position > len(rows):
                yield _error(
                    data,
                    row,
                    "position",
                    f"position {position} leaves a gap: the {len(rows)} rows are numbered "
                    f"1 to {len(rows)}",
                )
            seen.setdefault(position, row.row)
    siblings: dict[tuple[object, int], int] = {}
    for row in data.rows("themes.csv"):
        parent, position = row.get("parent_id"), row.get("position")
        if not isinstance(position, int):
            continue
        first = siblings.setdefault((parent, position), row.row)
        if first != row.row:
            among = f"the subthemes of {parent}" if parent else "the top-level themes"
            yield _error(
                data, row, "position", f"position {position} repeats row {first} among {among}"
            )


def _support(data: ReviewData) -> Iterator[DataFileError]:
    """'stated' support (the text says all records) is for a theme stated to hold for all, and
    then every record has a row for it; a quote's record supports the quote's theme."""
    themes = {r.key[0]: r for r in data.rows("themes.csv")}
    records = {r.key[0] for r in data.rows("records.csv")}
    supporting: dict[str, set[str]] = {}
    stated: dict[str, Row] = {}
    for row in data.rows("theme_support.csv"):
        theme = str(row.get("theme_id"))
        supporting.setdefault(theme, set()).add(str(row.get("record_id")))
        if row.get("evidence") == "stated":
            stated.setdefault(theme, row)
    for theme, first in stated.items():
        if theme not in themes:
            continue  # a reference error already
        if themes[theme].get("stated_all_records") is not True:
            yield _error(
                data,
                first,
                "evidence",
                f"'stated' support means all records, but theme {theme} has no "
                "stated_all_records yes",
            )
        missing = sorted(records - supporting[theme])
        if missing:
            shown = ", ".join(missing[:_SHOWN]) + (" …" if len(missing) > _SHOWN else "")
            yield _error(
                data,
                first,
                "record_id",
                f"'stated' support means all records, but {len(missing)} of {len(records)} "
                f"have no row for theme {theme}: {shown}",
            )
    for row in data.rows("quotes.csv"):
        theme, record = str(row.get("theme_id")), str(row.get("record_id"))
        if theme in themes and record in records and record not in supporting.get(theme, ()):
            yield _error(
                data,
                row,
                "record_id",
                f"no theme_support.csv row for theme {theme} and record {record} "
                "(a quote's record supports its theme: evidence quoted)",
            )


def _inconsistencies(data: ReviewData) -> Iterator[DataFileError]:
    """An inconsistency names what it concerns: a statistic, theme, record, statement or stage,
    or the passage as printed; an explanation alone points at nothing a reader can check."""
    for row in data.rows("inconsistencies.csv"):
        if not any(_filled(row, c) for c in (*INCONSISTENCY_TARGETS, "passage")):
            yield _error(
                data,
                row,
                INCONSISTENCY_TARGETS[0],
                f"inconsistency {row.key[0]} concerns nothing: fill "
                f"{', '.join(INCONSISTENCY_TARGETS)} or passage",
            )


_CHECKS: tuple[Callable[[ReviewData], Iterator[DataFileError]], ...] = (
    _references,
    _parents,
    _value_sources,
    check_appraisals,
    _samples,
    _positions,
    _support,
    _inconsistencies,
    check_concepts,
    check_variables,
    check_products,
)
