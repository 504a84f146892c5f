"""A review folder as read: typed cells, rows and files, each keeping where it came from.

What the reader (`ingest.readers`) produces, the cross-file checks (`ingest.checks`) inspect and
the mapping (`ingest.mapping`) turns into triples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.cells import Value

__all__ = [
    "WORKBOOK_SUFFIX",
    "Cell",
    "ReviewData",
    "Row",
    "SourceFile",
    "data_file_location",
    "sheet_name",
]

# A review given as one spreadsheet workbook (`spkg validate review.xlsx`) instead of a folder.
WORKBOOK_SUFFIX = ".xlsx"


def sheet_name(file: str) -> str:
    """The workbook sheet that holds a data file: its name without `.csv` (`records`)."""
    return file.removesuffix(".csv")


def data_file_location(source: Path, file: str) -> Path:
    """Where a curator finds a data file of a review read from `source`.

    `folder/records.csv` for a folder; `book.xlsx:records` (workbook and sheet) for a workbook,
    so a located error reads `book.xlsx:records:5:year: ...`.
    """
    if source.suffix.lower() == WORKBOOK_SUFFIX:
        return Path(f"{source}:{sheet_name(file)}")
    return source / file


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

    def items(self, column: str) -> tuple[str, ...]:
        """The items of a list column (keys joined by `; `), () when the cell is empty."""
        value = self.cells[column].value
        if value is None:
            return ()
        if not isinstance(value, tuple):
            raise TypeError(f"{self.file}: column {column!r} is not a list column")
        return value

    @property
    def key_text(self) -> str:
        """The key as value_sources.csv writes it (`record_id/item` for composite keys)."""
        return "/".join(self.key)


@dataclass(frozen=True)
class SourceFile:
    """A data file as read: its name, size and SHA-256 (for provenance), and its text.

    `text` is the table as UTF-8 CSV (a workbook's sheets are written so by its reader); the
    provenance graph keeps it so a review can be written back cell for cell. None for a file
    that is not a table (the workbook itself).
    """

    name: str
    size: int
    sha256: str
    text: str | None = None


@dataclass
class ReviewData:
    """A review folder read and typed: rows per file, plus what value_sources.csv lists."""

    folder: Path  # the review's folder, or its workbook file
    review_id: str
    tables: dict[str, list[Row]]
    sources: dict[str, SourceFile]
    # (file, key text, column) → the value_sources.csv row that lists it
    listed: dict[tuple[str, str, str], Row] = field(default_factory=dict)

    def location(self, file: str) -> Path:
        """Where a curator finds `file` of this review (see `data_file_location`)."""
        return data_file_location(self.folder, file)

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
