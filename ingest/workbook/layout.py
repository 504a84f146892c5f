"""The sheets of a review workbook, as `spkg template` and `spkg export --format xlsx` write them.

One sheet per data file of the format (`ingest.schema.FILES`, in the dictionary's order), named
as the file without `.csv`; its header row frozen and bold; each header cell carrying a note
with the column's meaning, type, allowed values and whether it is required, taken from the data
dictionary (data/README.md, `ingest.dictionary`) and the schema; every cell formatted as Text
(see `ingest.workbook.values`); a dropdown (list data validation) on every column with a value
set: an enum's values and a boolean's yes/no, listed on the `allowed values` sheet, and for a
column that names a key of another file, that file's key column. Before them a README sheet
says how to fill the workbook, with the dictionary's conventions and cross-file rules.

The template and the export share this layout, so an exported review is edited with the same
notes and dropdowns as a new one.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ingest.dictionary import DataDictionary, plain
from ingest.review_data import sheet_name
from ingest.schema import FILES, SHIPPED_CONCEPTS, Column, FileSchema, Kind, file_schema
from ingest.workbook.values import TEXT_FORMAT, write_text

__all__ = [
    "AUXILIARY_SHEETS",
    "LAST_ROW",
    "README_SHEET",
    "VALUES_SHEET",
    "Table",
    "review_workbook",
    "save_workbook",
]

logger = logging.getLogger(__name__)

README_SHEET = "README"
VALUES_SHEET = "allowed values"
# Sheets of the layout that hold no data file: the reader passes over them.
AUXILIARY_SHEETS = (README_SHEET, VALUES_SHEET)
# Excel's last row: a dropdown covers every row a curator may fill.
LAST_ROW = 1_048_576
_BOOLEAN_VALUES = ("yes", "no")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_NOTE_AUTHOR = "spkg"

# A data file's table: its header and its rows of cell texts, as its CSV file holds them.
Table = tuple[Sequence[str], Sequence[Sequence[str]]]

_HOW_TO = (
    "How to fill this workbook",
    "Each sheet after this one is one data file of the format (data/README.md): the sheet "
    "'records' is records.csv, and so on. Row 1 is the header: keep it as it is (a renamed, "
    "missing or added column is an error). Fill one row per entity, from row 2 down.",
    "Hover over a header cell for its meaning, type, allowed values and whether it is "
    "required. Columns with a value set have a dropdown; a column that names a key of "
    "another sheet offers that sheet's keys.",
    "Every cell is formatted as Text so that what you type is kept as typed (2019-03 stays "
    "2019-03, not a date; 46.70 keeps its zero). Type values, not formulas; do not merge "
    "cells; do not hide sheets, rows or columns; add no other sheets (this README and the "
    "'allowed values' sheet may stay).",
    "Check the workbook with: spkg validate REVIEW.xlsx (nothing is written; every problem is "
    "shown as workbook:sheet:row:column), then load it with: spkg ingest REVIEW.xlsx",
)


def review_workbook(
    dictionary: DataDictionary, tables: Mapping[str, Table] | None = None
) -> Workbook:
    """The workbook of the format, its sheets filled with `tables` (by file name) if given."""
    book = Workbook()
    readme = book.active
    assert isinstance(readme, Worksheet)  # a new workbook's first sheet
    readme.title = README_SHEET
    _readme(readme, dictionary)
    values = _ValueSets()
    sheets = [(schema, book.create_sheet(sheet_name(schema.name))) for schema in FILES]
    for schema, sheet in sheets:
        table = (tables or {}).get(schema.name)
        _data_sheet(sheet, schema, dictionary, values, table)
    values.write(book.create_sheet(VALUES_SHEET))
    return book


def save_workbook(book: Workbook, out: Path) -> None:
    """Write `book` to `out` whole or not at all (a temporary file beside it, then renamed)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        book.save(temporary)
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    logger.info("wrote %s", out)


def _readme(sheet: Worksheet, dictionary: DataDictionary) -> None:
    lines: list[tuple[str, bool]] = [(_HOW_TO[0], True)] + [(t, False) for t in _HOW_TO[1:]]
    for section in ("Conventions", "Rules across cells and files"):
        text = dictionary.sections.get(section)
        if text:
            lines += [("", False), (section, True)]
            lines += [(item, False) for item in _items(text)]
    lines += [("", False), ("Sheets", True)]
    lines += [
        (f"{sheet_name(s.name)}: {plain(dictionary.titles.get(s.name, s.name))}", False)
        for s in FILES
    ]
    sheet.column_dimensions["A"].width = 110
    for number, (text, heading) in enumerate(lines, start=1):
        cell = sheet.cell(number, 1)
        write_text(cell, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if heading:
            cell.font = _HEADER_FONT


def _items(markdown: str) -> list[str]:
    """A dictionary section's opening paragraphs and its list, each item joined into one line.

    The paragraphs after the list speak of the dictionary's own tables, not of the workbook.
    """
    items: list[str] = []
    fresh, listed = True, False
    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped:
            fresh = True
            continue
        bullet = stripped.startswith("- ")
        if fresh and listed and not bullet:
            break
        if bullet or fresh:
            items.append(plain(f"• {stripped[2:]}" if bullet else stripped))
        else:
            items[-1] += " " + plain(stripped)
        fresh, listed = False, listed or bullet
    return items


def _data_sheet(
    sheet: Worksheet,
    schema: FileSchema,
    dictionary: DataDictionary,
    values: _ValueSets,
    table: Table | None,
) -> None:
    """One data file's sheet: header with notes, Text columns, dropdowns, then its rows."""
    header = [c.name for c in schema.columns]
    extra = [name for name in (table[0] if table else ()) if name not in schema.by_name]
    header += extra  # never drop a stored value, even of a column the schema lost
    for index, name in enumerate(header, start=1):
        cell = sheet.cell(1, index)
        write_text(cell, name)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(name) + 4))
        sheet.column_dimensions[letter].number_format = TEXT_FORMAT
        column = schema.by_name.get(name)
        if column is not None:
            cell.comment = _note(schema, column, dictionary)
            _dropdown(sheet, letter, schema, column, values)
    sheet.freeze_panes = "A2"
    if table:
        positions = {name: index for index, name in enumerate(header, start=1)}
        stored = [positions[name] for name in table[0]]
        filled = (row for row in table[1] if any(text.strip() for text in row))
        for number, row in enumerate(filled, start=2):
            for index, text in zip(stored, row, strict=True):
                write_text(sheet.cell(number, index), text)


def _note(schema: FileSchema, column: Column, dictionary: DataDictionary) -> Comment:
    """The header note: meaning, type, allowed values, required (dictionary and schema)."""
    entry = dictionary.column(schema.name, column.name)
    meaning = plain(entry.meaning) if entry else "(not described in data/README.md)"
    type_ = plain(entry.type) if entry else column.kind.value
    lines = [f"{column.name}: {meaning}", f"Type: {type_}"]
    if column.allowed:
        lines.append(f"Allowed: {', '.join(column.allowed)}")
    elif column.kind is Kind.BOOLEAN:
        lines.append("Allowed: yes, no")
    elif entry and entry.allowed:
        lines.append(f"Unit / allowed: {plain(entry.allowed)}")
    if column.kind is Kind.REF_LIST:
        lines.append("Several keys separated by '; ' (no dropdown for a list)")
    lines.append(f"Required: {'yes' if column.required else 'no'}")
    text = "\n".join(lines)
    note = Comment(text, _NOTE_AUTHOR)
    note.width = 320
    note.height = max(90, 16 * (len(text) // 45 + len(lines)))
    return note


def _dropdown(
    sheet: Worksheet, letter: str, schema: FileSchema, column: Column, values: _ValueSets
) -> None:
    """A list validation on the column's data rows, where the column has a value set."""
    cells = f"{letter}2:{letter}{LAST_ROW}"
    style = "stop"
    if column.kind is Kind.CONCEPT and SHIPPED_CONCEPTS.get(column.scheme or ""):
        # The shipped keys; a concept the review declares on the 'concepts' sheet is accepted
        # too (a warning, not a stop), and `spkg validate` checks it.
        shipped = SHIPPED_CONCEPTS[column.scheme or ""]
        source = values.range_of(f"scheme {column.scheme}", shipped)
        error = f"Not shipped: declare it on the 'concepts' sheet (scheme {column.scheme})."
        style = "warning"
    elif column.kind is Kind.ENUM and column.allowed:
        source = values.range_of(f"{sheet_name(schema.name)}.{column.name}", column.allowed)
        error = "Choose one of the listed values (see the 'allowed values' sheet)."
    elif column.kind is Kind.BOOLEAN:
        source = values.range_of("yes/no", _BOOLEAN_VALUES)
        error = "Choose yes or no (or leave the cell empty when not known)."
    elif column.kind is Kind.REF and column.ref_file is not None:
        target = file_schema(column.ref_file)
        if len(target.key) != 1:
            return
        key_letter = get_column_letter(target.columns.index(target.by_name[target.key[0]]) + 1)
        source = (
            f"{quote_sheetname(sheet_name(target.name))}!${key_letter}$2:${key_letter}${LAST_ROW}"
        )
        error = f"Choose a {target.key[0]} of the '{sheet_name(target.name)}' sheet."
    else:
        return
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle=style,
        errorTitle="Not an allowed value",
        error=error,
    )
    sheet.add_data_validation(validation)
    validation.add(cells)


class _ValueSets:
    """The value sets the dropdowns list, one column each on the `allowed values` sheet.

    Listed on a sheet rather than inline, as Excel limits an inline list to 255 characters and
    a value may hold a comma.
    """

    def __init__(self) -> None:
        self.columns: list[tuple[str, tuple[str, ...]]] = []

    def range_of(self, name: str, allowed: Sequence[str]) -> str:
        """The absolute range of a value set's cells, added to the sheet if not there yet."""
        found = next((i for i, (n, _) in enumerate(self.columns) if n == name), None)
        if found is None:
            self.columns.append((name, tuple(allowed)))
            found = len(self.columns) - 1
        letter = get_column_letter(found + 1)
        last = len(self.columns[found][1]) + 1
        return f"{quote_sheetname(VALUES_SHEET)}!${letter}$2:${letter}${last}"

    def write(self, sheet: Worksheet) -> None:
        for index, (name, allowed) in enumerate(self.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, min(40, len(name) + 2))
            header = sheet.cell(1, index)
            write_text(header, name)
            header.font = _HEADER_FONT
            for number, value in enumerate(allowed, start=2):
                write_text(sheet.cell(number, index), value)
        sheet.freeze_panes = "A2"
