"""Read one review folder into typed records, driven only by the schema (`ingest.schema`).

Every value keeps the file, row and column it came from, so validation and mapping can point a
curator back at a spreadsheet cell. All problems of a folder are collected and raised together
(`DataFilesError`), never a traceback: a curator fixes the CSV files in one pass. This module reads
files (bytes, UTF-8, CSV syntax, header, rows, keys); a cell's own rules are `ingest.cells`, the
rules across cells and files `ingest.checks`; `spkg validate` runs them all.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from ingest.alignments import ALIGNMENTS_FOLDER
from ingest.cells import Value, type_cell
from ingest.checks import check_review
from ingest.errors import DataFileError, DataFilesError
from ingest.review_data import Cell, ReviewData, Row, SourceFile
from ingest.schema import FILES, KEY_PATTERN, TOOL_MAXIMA, FileSchema

__all__ = [
    "KEY_PATTERN",
    "NOT_REVIEWS",
    "TOOL_MAXIMA",
    "Cell",
    "ReviewData",
    "Row",
    "SourceFile",
    "Value",
    "find_reviews",
    "read_review",
    "type_records",
]

logger = logging.getLogger(__name__)

# Folders of a data folder that hold what belongs to no one review (never read as a review).
NOT_REVIEWS = frozenset({ALIGNMENTS_FOLDER})

_BOM = b"\xef\xbb\xbf"
_SURROGATES = re.compile("[\udc80-\udcff]")
_KNOWN_FILES = frozenset(s.name for s in FILES)


def find_reviews(data_dir: Path) -> list[Path]:
    """The review folders under `data_dir` (itself, if it holds review.csv), sorted by name.

    A folder named as one of `NOT_REVIEWS` (the data folder's cross-review files, such as the
    theme alignments) is never a review, whatever it holds."""
    if (data_dir / "review.csv").is_file():
        return [data_dir]
    return sorted(
        p
        for p in data_dir.iterdir()
        if p.is_dir() and p.name not in NOT_REVIEWS and (p / "review.csv").is_file()
    )


def read_review(folder: Path) -> ReviewData:
    """Read and type every file of one review folder; raise `DataFilesError` with all problems."""
    errors: list[DataFileError] = []
    tables: dict[str, list[Row]] = {}
    sources: dict[str, SourceFile] = {}
    missing: list[DataFileError] = []
    for schema in FILES:
        path = folder / schema.name
        if not path.is_file():
            if not schema.optional:
                missing.append(DataFileError(path, 0, "", "missing file"))
            tables[schema.name] = []
            continue
        content = path.read_bytes()
        sources[schema.name] = SourceFile(
            schema.name,
            len(content),
            hashlib.sha256(content).hexdigest(),
            content.decode("utf-8", errors="replace"),  # not UTF-8: reported below, not kept
        )
        rows, file_errors = _read_file(path, schema, content)
        tables[schema.name] = rows
        errors.extend(file_errors)
    if not _review_only(tables):
        # A review registered with its review-level facts only needs review.csv alone.
        errors.extend(missing)
    errors.extend(_unknown_files(folder))
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
    errors.extend(check_review(data))
    if errors:
        raise DataFilesError(errors)
    logger.debug("read %s: %d files", folder, len(sources))
    return data


def _review_only(tables: dict[str, list[Row]]) -> bool:
    """Whether review.csv says only the review's own facts are extracted (`extraction`)."""
    rows = tables.get("review.csv", [])
    return bool(rows) and rows[0].get("extraction") == "review-only"


def _unknown_files(folder: Path) -> list[DataFileError]:
    """A CSV file the format does not know is a misnamed file, not data to skip silently."""
    return [
        DataFileError(path, 0, "", "not a data file of the format (see data/README.md)")
        for path in sorted(folder.glob("*.csv"))
        if path.name not in _KNOWN_FILES
    ]


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
    try:
        records = _records(text)
    except _CsvSyntaxError as exc:
        return [], [DataFileError(path, exc.row, "", f"not readable as CSV: {exc.reason}")]
    return type_records(path, schema, records, iter(bad_offsets))


def type_records(
    path: Path,
    schema: FileSchema,
    records: list[tuple[int, list[str]]],
    bad: Iterator[int] | None = None,
) -> tuple[list[Row], list[DataFileError]]:
    """Check the header and type the rows of one table given as (row number, cell texts),
    header first; return its rows and its problems.

    Shared by the CSV files and a workbook's sheets (`ingest.workbook.reader`), so a cell is
    typed and a key checked the same way whichever a curator edited. `bad` are the offsets of
    the bytes that are not UTF-8 (a CSV file's; none for a sheet).
    """
    bad = bad if bad is not None else iter(())
    errors: list[DataFileError] = []
    header = [h.strip() for h in records[0][1]]
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
            value, problem = _cell(raw, schema, name, bad)
            if problem:
                errors.append(DataFileError(path, line, name, problem))
            typed[name] = Cell(schema.name, line, name, raw, value)
        for column in schema.columns:
            # An optional column the header leaves out reads as empty (an older format).
            typed.setdefault(column.name, Cell(schema.name, line, column.name, "", None))
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


def _cell(raw: str, schema: FileSchema, name: str, bad: Iterator[int]) -> tuple[Value, str | None]:
    """A cell typed by its column; bytes that are not UTF-8 are reported with their offset."""
    if _SURROGATES.search(raw):
        return None, _utf8_message(raw, bad)
    return type_cell(raw, schema.by_name[name])


class _CsvSyntaxError(Exception):
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
        raise _CsvSyntaxError(len(records) + 1, str(exc)) from exc
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
        if column.name not in seen and not column.optional:
            errors.append(DataFileError(path, 1, column.name, "missing column"))
    return errors


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
    found = _SURROGATES.search(raw)
    assert found is not None  # called only for text that holds an escaped byte
    offsets = [next(bad, -1) for _ in _SURROGATES.findall(raw)]
    return (
        f"not UTF-8: byte 0x{ord(found.group()) - 0xDC00:02X} at byte offset {offsets[0]}; "
        "save the file as UTF-8"
    )


def _consume_bad(cells: list[str], bad: Iterator[int]) -> None:
    """Skip the invalid-byte offsets of cells that are not typed, keeping later ones aligned."""
    for cell in cells:
        for _ in _SURROGATES.findall(cell):
            next(bad, None)
