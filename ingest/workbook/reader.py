"""Read one review's workbook (`.xlsx`) into the same `ReviewData` as its folder of CSV files.

Each sheet is turned into the texts a CSV file would hold (`ingest.workbook.values`), and those
go through the CSV reader's own header check and cell typing (`ingest.readers.type_records`,
`ingest.cells`) and the same cross-file checks (`ingest.checks`), so a workbook and a folder
with the same texts give the same records, the same graph and the same fingerprint.

What a workbook can hold and a CSV file cannot is refused with a located error rather than
guessed at: a formula, an error value, merged cells, a hidden sheet, row or column, a value
in a column without a header. Every error is located as `book.xlsx:sheet:row:column` (row as
the sheet numbers it, header = 1, 0 for the whole sheet; column by its header name, or by its
letter when it has none), all of them collected before failing.

The review's id is the review sheet's `review_id` (a workbook, unlike a folder, is not named
after its review). For the provenance graph, each sheet's table is kept as CSV text, and the
workbook file itself is recorded with its checksum.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ingest.checks import check_review
from ingest.errors import DataFileError, DataFilesError
from ingest.readers import type_records
from ingest.review_data import (
    WORKBOOK_SUFFIX,
    ReviewData,
    Row,
    SourceFile,
    data_file_location,
    sheet_name,
)
from ingest.schema import FILES, FileSchema
from ingest.workbook.layout import AUXILIARY_SHEETS
from ingest.workbook.values import cell_text

__all__ = ["MAX_UNPACKED", "is_workbook", "read_workbook", "sheet_csv"]

logger = logging.getLogger(__name__)

# A workbook whose parts unpack to more than this is refused before it is parsed (a review's
# workbook is well under 10 MB unpacked; a zip bomb is not).
MAX_UNPACKED = 256 * 2**20
_SHEETS = {sheet_name(s.name): s for s in FILES}


def is_workbook(path: Path) -> bool:
    """Whether `path` names a review workbook (by its `.xlsx` suffix) rather than a folder."""
    return path.suffix.lower() == WORKBOOK_SUFFIX


def read_workbook(path: Path) -> ReviewData:
    """Read and type every sheet of one review's workbook; raise `DataFilesError` with all
    problems, each located `book.xlsx:sheet:row:column`."""
    content = _content(path)
    book = _open(path, content)
    errors = _sheet_errors(path, book)
    tables: dict[str, list[Row]] = {}
    sources: dict[str, SourceFile] = {
        path.name: SourceFile(path.name, len(content), hashlib.sha256(content).hexdigest())
    }
    for schema in FILES:
        tables[schema.name] = []
        name = sheet_name(schema.name)
        where = data_file_location(path, schema.name)
        if name not in book.sheetnames:
            if not schema.optional:
                errors.append(DataFileError(where, 0, "", "missing sheet"))
            continue
        sheet = book[name]
        if not isinstance(sheet, Worksheet):
            errors.append(DataFileError(where, 0, "", "a chart sheet, not a table"))
            continue
        records, sheet_errors = _records(where, sheet, schema)
        errors.extend(sheet_errors)
        if not records:
            continue
        rows, typing_errors = type_records(where, schema, records)
        # A cell refused above is empty to the typing; its first error says what is wrong.
        refused = {(e.row, e.column) for e in sheet_errors}
        errors.extend(e for e in typing_errors if (e.row, e.column) not in refused)
        tables[schema.name] = rows
        text = sheet_csv(records)
        encoded = text.encode("utf-8")
        sources[schema.name] = SourceFile(
            schema.name, len(encoded), hashlib.sha256(encoded).hexdigest(), text
        )
    review_rows = tables["review.csv"]
    review_id = path.stem
    if review_rows and isinstance(review_rows[0].get("review_id"), str):
        review_id = str(review_rows[0]["review_id"])
    data = ReviewData(path, review_id, tables, sources)
    errors.extend(check_review(data))
    if errors:
        raise DataFilesError(errors)
    logger.debug("read %s: %d sheets", path, len(sources) - 1)
    return data


def sheet_csv(records: list[tuple[int, list[str]]]) -> str:
    """A sheet's header and filled rows as the CSV text of its data file (LF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(records[0][1])
    writer.writerows(cells for _, cells in records[1:] if any(c.strip() for c in cells))
    return out.getvalue()


def _content(path: Path) -> bytes:
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise DataFilesError([DataFileError(path, 0, "", "no such workbook")]) from None
    except OSError as exc:
        raise DataFilesError([DataFileError(path, 0, "", f"cannot read: {exc.strerror}")]) from exc
    return content


def _open(path: Path, content: bytes) -> Workbook:
    """The workbook, parsed; a located error for a file that is not one (or unpacks too big)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _not_a_workbook(path, "not a zip archive") from None
    if unpacked > MAX_UNPACKED:
        raise _not_a_workbook(path, f"it unpacks to {unpacked} bytes (at most {MAX_UNPACKED})")
    try:
        return load_workbook(io.BytesIO(content), data_only=False)
    except Exception as exc:  # openpyxl raises many unrelated types for a malformed file
        logger.info("%s: openpyxl could not read it: %r", path, exc)
        raise _not_a_workbook(path, str(exc) or type(exc).__name__) from exc


def _not_a_workbook(path: Path, why: str) -> DataFilesError:
    message = f"not a readable Excel workbook (.xlsx): {why}"
    return DataFilesError([DataFileError(path, 0, "", message)])


def _sheet_errors(path: Path, book: Workbook) -> list[DataFileError]:
    """Sheets the format does not know, and hidden sheets (whose cells a curator cannot see)."""
    errors: list[DataFileError] = []
    for name in book.sheetnames:
        where = Path(f"{path}:{name}")
        if name not in _SHEETS and name not in AUXILIARY_SHEETS:
            message = "not a sheet of the format (see data/README.md): rename or delete it"
            errors.append(DataFileError(where, 0, "", message))
        if book[name].sheet_state != "visible":
            message = "hidden sheet: unhide it (spkg reads only what a curator can see)"
            errors.append(DataFileError(where, 0, "", message))
    return errors


def _records(
    where: Path, sheet: Worksheet, schema: FileSchema
) -> tuple[list[tuple[int, list[str]]], list[DataFileError]]:
    """The sheet as CSV-like records (row number, cell texts) of its named columns, header
    first, and the problems only a workbook can have; no records when the sheet is empty."""
    grid = [list(row) for row in sheet.iter_rows()]
    if not grid or all(cell.value is None for cell in grid[0]):
        return [], [DataFileError(where, 1, "", "empty sheet: a header row is required")]
    header = {cell.column: str(cell.value).strip() for cell in grid[0] if cell.value is not None}
    errors: list[DataFileError] = []

    def column_name(index: int) -> str:
        return header.get(index) or get_column_letter(index)

    for merged in sheet.merged_cells.ranges:
        message = f"merged cells {merged.coord}: unmerge them (one value per cell)"
        errors.append(DataFileError(where, merged.min_row, column_name(merged.min_col), message))
    hidden_columns = _hidden_columns(sheet)
    for index in sorted(hidden_columns & set(header)):
        message = "hidden column: unhide it (spkg reads only what a curator can see)"
        errors.append(DataFileError(where, 1, column_name(index), message))
    columns = sorted(header)
    records: list[tuple[int, list[str]]] = [(1, [header[i] for i in columns])]
    for cells in grid[1:]:
        number = cells[0].row
        texts: dict[int, str] = {}
        for cell in cells:
            kind = None
            name = header.get(cell.column)
            if name in schema.by_name:
                kind = schema.by_name[name].kind
            text, problem = cell_text(cell.value, cell.data_type, kind)
            if problem:
                errors.append(DataFileError(where, number, column_name(cell.column), problem))
            elif text and cell.column not in header:
                message = "a value in a column without a header: name the column or clear it"
                errors.append(DataFileError(where, number, column_name(cell.column), message))
            texts[cell.column] = text
        filled = any(cell.value is not None for cell in cells)
        if filled and sheet.row_dimensions[number].hidden:
            message = "hidden row: unhide it (or clear its filter; spkg reads every row)"
            errors.append(DataFileError(where, number, "", message))
        records.append((number, [texts.get(i, "") for i in columns]))
    return records, errors


def _hidden_columns(sheet: Worksheet) -> set[int]:
    """The indexes of the sheet's hidden columns (a dimension may span several columns)."""
    hidden: set[int] = set()
    for dimension in sheet.column_dimensions.values():
        if dimension.hidden and dimension.min is not None and dimension.max is not None:
            hidden.update(range(dimension.min, dimension.max + 1))
    return hidden
