"""Read one review folder into typed records, driven only by ingest/schema.py.

Every value keeps the file, row and column it came from, so validation and mapping can point a
curator back at a spreadsheet cell. All problems of a folder are collected and raised together
(`DataErrors`), never a traceback: a curator fixes the CSV files in one pass.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ingest.errors import DataErrors, DataFileError
from ingest.schema import FILES, Column, FileSchema, Kind, file_schema

__all__ = [
    "KEY_PATTERN",
    "TOOL_MAXIMA",
    "Cell",
    "ReviewData",
    "Row",
    "SourceFile",
    "find_reviews",
    "read_review",
]

log = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"[A-Za-z0-9._-]+")
# The highest score each appraisal tool gives (CASP: 10 questions; AACODS: 6 criteria).
TOOL_MAXIMA: dict[str, int] = {"CASP": 10, "AACODS": 6}
# Which checklist items belong to which tool, by the item key's prefix.
_TOOL_ITEM_PREFIX: dict[str, str] = {"CASP": "casp-", "AACODS": "aacods-"}

_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_YEAR = re.compile(r"[0-9]{4}")
_YEAR_MONTH = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2]))?")
_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
_BOOLEANS = {"yes": True, "no": False}
_BOM = b"\xef\xbb\xbf"
_SURROGATES = re.compile("[\udc80-\udcff]")
_LIST_SEPARATOR = ";"
_VALUE_SOURCES = "value_sources.csv"

Value = str | int | Decimal | bool | tuple[str, ...] | None


@dataclass(frozen=True)
class Cell:
    """One typed value and where it came from (`value` is None when the cell is empty)."""

    file: str
    row: int
    column: str
    raw: str
    value: Value


@dataclass(frozen=True)
class Row:
    """One data row: its 1-based spreadsheet row number and its typed cells."""

    file: str
    row: int
    cells: dict[str, Cell]
    key: tuple[str, ...]

    def __getitem__(self, column: str) -> Value:
        return self.cells[column].value

    def get(self, column: str) -> Value:
        """The typed value of `column`, None when empty."""
        return self.cells[column].value

    @property
    def key_text(self) -> str:
        """The key as value_sources.csv writes it (`record_id/item` for composite keys)."""
        return "/".join(self.key)


@dataclass(frozen=True)
class SourceFile:
    """A data file as read: its name, size and SHA-256 (for provenance)."""

    name: str
    size: int
    sha256: str


@dataclass
class ReviewData:
    """A review folder read and typed: rows per file, plus what value_sources.csv lists."""

    folder: Path
    review_id: str
    tables: dict[str, list[Row]]
    sources: dict[str, SourceFile]
    # (file, key text, column) → the value_sources.csv row that lists it
    listed: dict[tuple[str, str, str], Row] = field(default_factory=dict)

    def rows(self, file: str) -> list[Row]:
        """The rows of one file, in file order."""
        return self.tables.get(file, [])

    @property
    def review(self) -> Row:
        """The single row of review.csv."""
        return self.tables["review.csv"][0]

    def is_listed(self, file: str, key: str, column: str) -> bool:
        """Whether value_sources.csv says this cell comes from outside the review."""
        return (file, key, column) in self.listed


def find_reviews(data_dir: Path) -> list[Path]:
    """The review folders under `data_dir` (itself, if it holds review.csv), sorted by name."""
    if (data_dir / "review.csv").is_file():
        return [data_dir]
    return sorted(p for p in data_dir.iterdir() if p.is_dir() and (p / "review.csv").is_file())


def read_review(folder: Path) -> ReviewData:
    """Read and type every file of one review folder; raise `DataErrors` with all problems."""
    errors: list[DataFileError] = []
    tables: dict[str, list[Row]] = {}
    sources: dict[str, SourceFile] = {}
    for schema in FILES:
        path = folder / schema.name
        if not path.is_file():
            if not schema.optional:
                errors.append(DataFileError(path, 0, "", "missing file"))
            tables[schema.name] = []
            continue
        data = path.read_bytes()
        sources[schema.name] = SourceFile(schema.name, len(data), hashlib.sha256(data).hexdigest())
        rows, file_errors = _read_file(path, schema, data)
        tables[schema.name] = rows
        errors.extend(file_errors)
    review_id = folder.name
    review_rows = tables.get("review.csv", [])
    if review_rows and isinstance(review_rows[0].get("review_id"), str):
        review_id = str(review_rows[0]["review_id"])
        if review_id != folder.resolve().name:
            errors.append(
                DataFileError(
                    folder / "review.csv",
                    review_rows[0].row,
                    "review_id",
                    f"review_id {review_id!r} differs from its folder name "
                    f"{folder.resolve().name!r}",
                )
            )
    data = ReviewData(folder, review_id, tables, sources)
    errors.extend(_check_references(folder, data))
    errors.extend(_check_appraisals(folder, data))
    errors.extend(_index_value_sources(folder, data))
    if errors:
        raise DataErrors(errors)
    log.debug("read %s: %d files", folder, len(sources))
    return data


def _read_file(
    path: Path, schema: FileSchema, data: bytes
) -> tuple[list[Row], list[DataFileError]]:
    """Decode, parse and type one CSV file; return its rows and its problems."""
    if data.startswith(_BOM):
        return [], [DataFileError(path, 1, "", "remove the byte-order mark")]
    if not data.strip():
        return [], [DataFileError(path, 0, "", "empty file: a header row is required")]
    bad_offsets = _invalid_utf8_offsets(data)
    text = data.decode("utf-8", errors="surrogateescape")
    errors: list[DataFileError] = []
    try:
        records = _records(text)
    except _CsvSyntax as exc:
        return [], [DataFileError(path, exc.row, "", f"not readable as CSV: {exc.reason}")]
    bad = iter(bad_offsets)
    header = records[0][1]
    header = [h.strip() for h in header]
    errors.extend(_check_header(path, schema, header, bad))
    if errors:
        # Without a trustworthy header no cell can be placed in a column.
        return [], errors
    rows: list[Row] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(
                DataFileError(
                    path,
                    line,
                    "",
                    f"ragged row: {len(cells)} cells, the header has {len(header)} columns",
                )
            )
            _consume_bad(cells, bad)
            continue
        typed: dict[str, Cell] = {}
        for name, raw in zip(header, cells, strict=True):
            column = schema.by_name[name]
            value, problem = _type_cell(raw, column, bad)
            if problem:
                errors.append(DataFileError(path, line, name, problem))
            typed[name] = Cell(schema.name, line, name, raw, value)
        key = tuple(str(typed[k].raw).strip() for k in schema.key)
        if key in seen:
            errors.append(
                DataFileError(
                    path,
                    line,
                    schema.key[-1],
                    f"duplicate key {'/'.join(key)!r} (first at row {seen[key]})",
                )
            )
        else:
            seen[key] = line
        rows.append(Row(schema.name, line, typed, key))
    if schema.single_row and len(rows) != 1:
        errors.append(
            DataFileError(path, 0, "", f"expected exactly one data row, found {len(rows)}")
        )
    return rows, errors


class _CsvSyntax(Exception):
    def __init__(self, row: int, reason: str) -> None:
        self.row, self.reason = row, reason
        super().__init__(reason)


def _records(text: str) -> list[tuple[int, list[str]]]:
    """CSV records with the spreadsheet row number of each (a quoted newline stays in its row)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            records.append((len(records) + 1, cells))
    except csv.Error as exc:
        raise _CsvSyntax(len(records) + 1, str(exc)) from exc
    return records


def _check_header(
    path: Path, schema: FileSchema, header: list[str], bad: Iterator[int]
) -> list[DataFileError]:
    errors: list[DataFileError] = []
    seen: set[str] = set()
    for name in header:
        if _SURROGATES.search(name):
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            errors.append(DataFileError(path, 1, shown, _utf8_message(name, bad)))
            continue
        if name in seen:
            errors.append(DataFileError(path, 1, name, "column appears twice in the header"))
        elif name not in schema.by_name:
            errors.append(
                DataFileError(path, 1, name, f"unknown column (not in {schema.name}'s schema)")
            )
        seen.add(name)
    for column in schema.columns:
        if column.name not in seen:
            errors.append(DataFileError(path, 1, column.name, "missing column"))
    return errors


def _type_cell(raw: str, column: Column, bad: Iterator[int]) -> tuple[Value, str | None]:
    """The typed value of one cell, or None and what was expected."""
    if _SURROGATES.search(raw):
        return None, _utf8_message(raw, bad)
    if "\x00" in raw:
        return None, "contains a NUL byte"
    text = raw.strip()
    if not text:
        return None, ("a value is required" if column.required else None)
    kind = column.kind
    if kind in (Kind.STRING, Kind.TEXT):
        return text, None
    if kind in (Kind.KEY, Kind.REF):
        if not KEY_PATTERN.fullmatch(text):
            return None, f"bad key {text!r}: keys match [A-Za-z0-9._-]+"
        return text, None
    if kind in (Kind.LIST, Kind.REF_LIST):
        items = tuple(i.strip() for i in text.split(_LIST_SEPARATOR))
        if any(not i for i in items):
            return None, "empty item in a list (items are separated by '; ')"
        if kind is Kind.REF_LIST:
            wrong = [i for i in items if not KEY_PATTERN.fullmatch(i)]
            if wrong:
                return None, f"bad key {wrong[0]!r}: keys match [A-Za-z0-9._-]+"
        return items, None
    if kind is Kind.BOOLEAN:
        if text not in _BOOLEANS:
            return None, f"expected yes or no, got {text!r}"
        return _BOOLEANS[text], None
    if kind is Kind.ENUM:
        if text not in column.allowed:
            return None, f"{text!r} is not allowed; expected one of: {', '.join(column.allowed)}"
        return text, None
    if kind is Kind.DOI:
        if any(c.isspace() for c in text):
            return None, f"a DOI may not contain spaces: {text!r}"
        if not _DOI.fullmatch(text):
            return None, f"expected a DOI such as 10.1186/xyz (no https://doi.org/), got {text!r}"
        return text, None
    if kind is Kind.YEAR_MONTH:
        if not _YEAR_MONTH.fullmatch(text):
            return None, f"expected YYYY-MM or YYYY, got {text!r}"
        return text, None
    return _number(text, column)


def _number(text: str, column: Column) -> tuple[Value, str | None]:
    pattern, expected = {
        Kind.INTEGER: (_INTEGER, "an integer"),
        Kind.DECIMAL: (_DECIMAL, "a decimal number (with a '.')"),
        Kind.YEAR: (_YEAR, "a year YYYY"),
    }[column.kind]
    if not pattern.fullmatch(text):
        return None, f"expected {expected}, got {text!r}"
    number: int | Decimal = Decimal(text) if column.kind is Kind.DECIMAL else int(text)
    low, high = column.minimum, column.maximum
    if (low is not None and number < Decimal(str(low))) or (
        high is not None and number > Decimal(str(high))
    ):
        return None, f"{text} is out of bounds ({_fmt(low)} to {_fmt(high)})"
    return number, None


def _fmt(bound: float | None) -> str:
    if bound is None:
        return "any"
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def _invalid_utf8_offsets(data: bytes) -> list[int]:
    """Byte offsets of every byte that is not part of valid UTF-8, in file order."""
    offsets: list[int] = []
    position = 0
    while position < len(data):
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            offsets.extend(range(position + exc.start, position + exc.end))
            position += exc.end
    return offsets


def _utf8_message(raw: str, bad: Iterator[int]) -> str:
    count = len(_SURROGATES.findall(raw))
    offsets = [next(bad, -1) for _ in range(count)]
    first = raw[_SURROGATES.search(raw).start()]  # type: ignore[union-attr]
    return (
        f"not UTF-8: byte 0x{ord(first) - 0xDC00:02X} at byte offset {offsets[0]}; "
        "save the file as UTF-8"
    )


def _consume_bad(cells: list[str], bad: Iterator[int]) -> None:
    """Skip the invalid-byte offsets of cells that are not typed, keeping later ones aligned."""
    for cell in cells:
        for _ in _SURROGATES.findall(cell):
            next(bad, None)


def _check_references(folder: Path, data: ReviewData) -> list[DataFileError]:
    """Every ref and ref-list value names an existing key of its file."""
    errors: list[DataFileError] = []
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
                        errors.append(
                            DataFileError(
                                folder / schema.name,
                                row.row,
                                column.name,
                                f"no row with {target.key[0]} {v!r} in {column.ref_file}",
                            )
                        )
    return errors


def _check_appraisals(folder: Path, data: ReviewData) -> list[DataFileError]:
    """Scores within the tool's range; item answers belong to the record's tool."""
    errors: list[DataFileError] = []
    tools: dict[str, str] = {}
    for row in data.rows("records.csv"):
        tool, score = row.get("appraisal_tool"), row.get("appraisal_score")
        if isinstance(tool, str):
            tools[row.key[0]] = tool
        if isinstance(tool, str) and isinstance(score, int) and score > TOOL_MAXIMA[tool]:
            errors.append(
                DataFileError(
                    folder / "records.csv",
                    row.row,
                    "appraisal_score",
                    f"{score} is out of bounds for {tool} (0 to {TOOL_MAXIMA[tool]})",
                )
            )
    for row in data.rows("appraisal_items.csv"):
        tool = tools.get(str(row.get("record_id")))
        item = row.get("item")
        if tool and isinstance(item, str) and not item.startswith(_TOOL_ITEM_PREFIX[tool]):
            errors.append(
                DataFileError(
                    folder / "appraisal_items.csv",
                    row.row,
                    "item",
                    f"item {item!r} is not a {tool} item (the record is appraised with {tool})",
                )
            )
    return errors


def _index_value_sources(folder: Path, data: ReviewData) -> list[DataFileError]:
    """Each value_sources.csv row names an existing file, row key and column."""
    errors: list[DataFileError] = []
    path = folder / _VALUE_SOURCES
    names = {s.name for s in FILES} - {_VALUE_SOURCES}
    for row in data.rows(_VALUE_SOURCES):
        file, key, column = (str(row.get(c) or "") for c in ("file", "key", "column"))
        if file not in names:
            errors.append(DataFileError(path, row.row, "file", f"no data file named {file!r}"))
            continue
        keys = {r.key_text for r in data.rows(file)}
        if key not in keys:
            key_name = "/".join(file_schema(file).key)
            errors.append(
                DataFileError(path, row.row, "key", f"no row with {key_name} {key!r} in {file}")
            )
            continue
        if column not in file_schema(file).by_name:
            errors.append(DataFileError(path, row.row, "column", f"no column {column!r} in {file}"))
            continue
        data.listed[(file, key, column)] = row
    return errors
