"""One cell's text → its typed value, or what is wrong with it, by its column's schema.

Pure and total: any text gives a value or a message a curator can act on, never an exception.
The rules of data/README.md for a single cell live here and only here: an unknown value is an
empty cell (never `UNKNOWN`, `N/A`, `-`, `?` …); a value from outside the review is written
plainly and listed in value_sources.csv (never marked with a trailing `?`); no cell starts or
ends with spaces; list items are separated by `; `.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ingest.iris import KEY
from ingest.schema import KEY_PATTERN, LIST_SEPARATOR, Column, Kind

__all__ = ["PLACEHOLDERS", "Value", "type_cell"]

Value = str | int | Decimal | bool | tuple[str, ...] | None

# Words curators type for "not known", compared case-insensitively; the cell is left empty instead.
PLACEHOLDERS = frozenset(
    {"unknown", "na", "n/a", "n.a.", "-", "--", "?", "??", "tbd", "tbc", "tba"}
)

_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_YEAR = re.compile(r"[0-9]{4}")
_YEAR_MONTH = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2]))?")
_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
_BOOLEANS = {"yes": True, "no": False}
_NUMBERS = {
    Kind.INTEGER: (_INTEGER, "an integer"),
    Kind.DECIMAL: (_DECIMAL, "a decimal number (with a '.')"),
    Kind.YEAR: (_YEAR, "a year YYYY"),
}


def type_cell(raw: str, column: Column) -> tuple[Value, str | None]:
    """The typed value of one cell (None when empty), and the problem with it (None when fine).

    `raw` is the cell as the CSV file holds it; the reader has already reported bytes that are
    not UTF-8.
    """
    if "\x00" in raw:
        return None, "contains a NUL byte"
    text = raw.strip()
    if not text:
        if raw:
            return None, "holds only spaces: leave the cell empty when the value is not known"
        return None, ("a value is required" if column.required else None)
    if text != raw:
        return None, f"leading or trailing spaces around {text!r}: remove them"
    if text.casefold() in PLACEHOLDERS:
        return None, f"placeholder {text!r}: leave the cell empty when the value is not known"
    if column.kind is not Kind.TEXT and text.endswith("?"):
        return None, (
            f"trailing '?' in {text!r}: write the value without it and list the cell in "
            "value_sources.csv (source inferred or primary-paper)"
        )
    return _typed(text, column)


def _typed(text: str, column: Column) -> tuple[Value, str | None]:
    kind = column.kind
    if kind in (Kind.STRING, Kind.TEXT):
        return text, None
    if kind in (Kind.KEY, Kind.REF, Kind.CONCEPT):
        if not KEY_PATTERN.fullmatch(text):
            return None, f"bad key {text!r}: keys match {KEY}"
        return text, None
    if kind in (Kind.LIST, Kind.REF_LIST, Kind.CONCEPT_LIST):
        return _list(text, kind)
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


def _list(text: str, kind: Kind) -> tuple[Value, str | None]:
    separator = LIST_SEPARATOR.strip()
    items = tuple(i.strip() for i in text.split(separator))
    if any(not i for i in items):
        return None, "empty item in a list (items are separated by '; ')"
    if LIST_SEPARATOR.join(items) != text:
        return None, f"list items are separated by '; ' (a semicolon and one space): {text!r}"
    marked = [i for i in items if i.casefold() in PLACEHOLDERS or i.endswith("?")]
    if marked:
        return None, (
            f"list item {marked[0]!r} is a placeholder or ends with '?': leave unknown items out "
            "and list values from outside the review in value_sources.csv"
        )
    if kind in (Kind.REF_LIST, Kind.CONCEPT_LIST):
        wrong = [i for i in items if not KEY_PATTERN.fullmatch(i)]
        if wrong:
            return None, f"bad key {wrong[0]!r}: keys match {KEY}"
    return items, None


def _number(text: str, column: Column) -> tuple[Value, str | None]:
    pattern, expected = _NUMBERS[column.kind]
    if not pattern.fullmatch(text):
        return None, f"expected {expected}, got {text!r}"
    number: int | Decimal = Decimal(text) if column.kind is Kind.DECIMAL else int(text)
    low, high = column.minimum, column.maximum
    if (low is not None and number < Decimal(str(low))) or (
        high is not None and number > Decimal(str(high))
    ):
        return None, f"{text} is out of bounds ({_bound(low)} to {_bound(high)})"
    return number, None


def _bound(bound: float | None) -> str:
    if bound is None:
        return "any"
    return str(int(bound)) if float(bound).is_integer() else str(bound)
