"""What a workbook cell holds → the text a CSV cell of the format holds, and how it is written.

A cell's text, not Excel's idea of it, is the value: the reader turns each cell into the exact
text the CSV reader would have been given, and `ingest.cells` types that text, so a workbook and
a folder with the same texts give the same graph. The rule, cell by cell:

- empty → empty; a text cell → its text, unchanged (spaces included: `ingest.cells` reports them);
- a number Excel typed → its digits in plain notation: an integer as is (`1`), a whole float
  without its `.0` (`1` for 1.0), any other float as the shortest decimal that reads back as the
  same double (`46.7`, never `46.699999999999996` or `4.67E1`), which is what Excel shows of a
  typed number. Excel keeps 15 significant digits, so a number of more digits is refused
  (it may already be rounded: type it as text). A number cannot keep trailing zeros: `46.70`
  typed into a number cell reads back as `46.7`, which is why the template and the export format
  every cell as Text (then what is typed is kept as typed);
- TRUE / FALSE → `yes` / `no` in a boolean column; refused elsewhere;
- a date Excel made of a typed `2019-03` (the first of the month at midnight) → `2019-03` in a
  year-month column; any other date or time is refused: what was typed (`March 2019`,
  `1/3/19` …) cannot be known from it;
- a formula or an error value (`#N/A`) → refused: the format holds values, and the value a
  formula last showed is not kept by every program that writes workbooks.

Written back (`write_text`), every value is a text cell in a Text-formatted column, so
workbook → graph → workbook gives the same cells and Excel does not retype them when edited.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from ingest.schema import Kind

__all__ = ["EXCEL_DIGITS", "TEXT_FORMAT", "cell_text", "write_text"]

# Significant digits Excel keeps of a number (IEEE double, shown to 15 digits).
EXCEL_DIGITS = 15
# The number format "Text": Excel keeps what is typed into such a cell as typed.
TEXT_FORMAT = "@"

_BOOLEANS = {True: "yes", False: "no"}


def cell_text(value: object, data_type: str, kind: Kind | None) -> tuple[str, str | None]:
    """The CSV text of a cell (`value` and openpyxl's `data_type`) in a column of `kind`.

    Returns the text and, when the cell cannot stand for a text, what is wrong ("" then).
    `kind` is None for a column the format does not know.
    """
    if data_type == "f" or isinstance(value, ArrayFormula | DataTableFormula):
        return "", f"a formula ({value}): type the value itself, spkg reads values only"
    if data_type == "e":
        return "", f"an Excel error value {value}: type the value, or leave the cell empty"
    if value is None:
        return "", None
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool):
        if kind is Kind.BOOLEAN:
            return _BOOLEANS[value], None
        return "", f"TRUE/FALSE in a {_kind(kind)} column: type the value as text"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, dt.datetime | dt.date):
        return _date(value, kind)
    if isinstance(value, dt.time | dt.timedelta):
        return "", f"a time ({value}) where the format has no times: type the value as text"
    return "", f"a cell of type {type(value).__name__}: type the value as text"


def _number(value: int | float) -> tuple[str, str | None]:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    digits = len(number.normalize().as_tuple().digits)
    if digits > EXCEL_DIGITS or abs(number) >= 10**EXCEL_DIGITS:
        return "", (
            f"the number {value} has more than {EXCEL_DIGITS} digits, which Excel does not "
            "keep exactly: format the cell as Text and type the value again"
        )
    return format(number, "f"), None


def _date(value: dt.date, kind: Kind | None) -> tuple[str, str | None]:
    midnight = not isinstance(value, dt.datetime) or value.time() == dt.time()
    if kind is Kind.YEAR_MONTH and value.day == 1 and midnight:
        return f"{value.year:04d}-{value.month:02d}", None
    if kind is Kind.YEAR_MONTH:
        return "", (
            f"Excel turned this cell into the date {value.isoformat()}; this column takes "
            "YYYY-MM or YYYY: format the cell as Text and type it again"
        )
    return "", (
        f"Excel turned this cell into the date {value.isoformat()}, so what was typed is "
        f"lost; in a {_kind(kind)} column format the cell as Text and type the value again"
    )


def _kind(kind: Kind | None) -> str:
    return kind.value if kind is not None else "unknown"


def write_text(cell: SheetCell, text: str) -> None:
    """Put `text` into `cell` as text (never a number, date or formula) in a Text cell.

    openpyxl takes a string starting with `=` for a formula; the data type is set back to
    string, so such a value is written as the text it is.
    """
    cell.value = text if text else None
    if text:
        cell.data_type = "s"
    cell.number_format = TEXT_FORMAT
