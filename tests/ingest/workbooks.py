"""Workbooks for the workbook tests, made with openpyxl from review folders (no binaries kept).

`folder_tables` reads a folder's CSV files as the tables the workbook layout takes; `write_book`
writes them with the production layout (as `spkg export --format xlsx` would); `sheet_cells`
reads every filled cell of a workbook back, for cell-by-cell comparisons.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from ingest.dictionary import read_dictionary
from ingest.review_data import sheet_name
from ingest.schema import FILES
from ingest.workbook.layout import AUXILIARY_SHEETS, Table, review_workbook, save_workbook

__all__ = ["folder_tables", "sheet_cells", "table_cells", "write_book"]


def folder_tables(folder: Path) -> dict[str, Table]:
    """Each data file of a review folder as (header, rows) of cell texts."""
    tables: dict[str, Table] = {}
    for schema in FILES:
        path = folder / schema.name
        if path.exists():
            records = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
            tables[schema.name] = (records[0], [r for r in records[1:] if any(r)])
    return tables


def write_book(folder: Path, out: Path) -> Path:
    """A review folder as a workbook in the format's layout."""
    save_workbook(review_workbook(read_dictionary(), folder_tables(folder)), out)
    return out


def table_cells(tables: dict[str, Table]) -> dict[tuple[str, int, str], str]:
    """(sheet, data row, column) → text of every filled cell of `tables`."""
    return {
        (sheet_name(file), number, column): text
        for file, (header, rows) in tables.items()
        for number, row in enumerate(rows, start=2)
        for column, text in zip(header, row, strict=True)
        if text
    }


def sheet_cells(path: Path) -> dict[tuple[str, int, str], object]:
    """(sheet, row, column header) → value of every filled data cell of a workbook."""
    book = openpyxl.load_workbook(path)
    cells: dict[tuple[str, int, str], object] = {}
    for sheet in book.worksheets:
        if sheet.title in AUXILIARY_SHEETS:
            continue
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(h) for h in rows[0]]
        for number, row in enumerate(rows[1:], start=2):
            for column, value in zip(header, row, strict=True):
                if value is not None:
                    cells[(sheet.title, number, column)] = value
    return cells
