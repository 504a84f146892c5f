"""data/README.md, the data dictionary, read: each column's meaning, type, unit or allowed
values, whether it is required and its ontology term, and the prose sections around them.

The dictionary is the one home of what a column means; `ingest.schema` is the one home of how
a cell is typed (the data tests check that the two agree). The workbook template shows this
text in its header notes and README sheet, so a curator filling a spreadsheet reads the same
words as one editing the CSV files.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ToolUnavailableError

__all__ = ["DICTIONARY_FILE", "DataDictionary", "DictionaryColumn", "plain", "read_dictionary"]

logger = logging.getLogger(__name__)

DICTIONARY_FILE = Path(__file__).resolve().parent.parent / "data" / "README.md"

_FILE_SECTION = re.compile(r"^## (\S+\.csv):\s*(.*)$")
_SECTION = re.compile(r"^## (.+?)\s*$")
_CODE = re.compile(r"`([^`]*)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


@dataclass(frozen=True)
class DictionaryColumn:
    """One row of a file's column table, its cells as written (markdown kept)."""

    file: str
    column: str
    meaning: str
    type: str
    allowed: str
    req: str
    term: str

    @property
    def required(self) -> bool:
        return self.req == "yes"


@dataclass(frozen=True)
class DataDictionary:
    """The dictionary's column tables per file, each file's title, and its prose sections."""

    columns: dict[str, tuple[DictionaryColumn, ...]]
    titles: dict[str, str]
    sections: dict[str, str]

    def column(self, file: str, name: str) -> DictionaryColumn | None:
        """The entry of one column, None when the dictionary does not document it."""
        return next((c for c in self.columns.get(file, ()) if c.column == name), None)


def plain(markdown: str) -> str:
    """Dictionary text as a spreadsheet shows it: code and bold marks removed."""
    return _BOLD.sub(r"\1", _CODE.sub(r"\1", markdown))


def read_dictionary(path: Path = DICTIONARY_FILE) -> DataDictionary:
    """Parse the dictionary; `ToolUnavailableError` when the file cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ToolUnavailableError("data dictionary", f"{path}: {exc.strerror}") from exc
    columns: dict[str, list[DictionaryColumn]] = {}
    titles: dict[str, str] = {}
    sections: dict[str, list[str]] = {}
    file: str | None = None
    prose: list[str] | None = None
    for line in text.splitlines():
        heading = _FILE_SECTION.match(line)
        if heading:
            file, prose = heading.group(1), None
            titles[file] = heading.group(2)
            columns[file] = []
            continue
        other = _SECTION.match(line)
        if other:
            file, prose = None, sections.setdefault(other.group(1), [])
            continue
        if file is not None and line.startswith("|"):
            entry = _table_row(file, line)
            if entry is not None:
                columns[file].append(entry)
        elif prose is not None:
            prose.append(line)
    return DataDictionary(
        {name: tuple(rows) for name, rows in columns.items()},
        titles,
        {name: "\n".join(lines).strip() for name, lines in sections.items()},
    )


def _table_row(file: str, line: str) -> DictionaryColumn | None:
    """A column-table line as an entry; None for the table's head and rule lines."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 6 or cells[1] == "meaning" or set(cells[0]) <= {"-", " ", ":"}:
        return None
    name, meaning, type_, allowed, req, term = cells[:6]
    return DictionaryColumn(file, name, meaning, type_, allowed, req, term)
