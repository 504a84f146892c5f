"""The topic variables a review declares and their values, however the folder writes them.

One reading for the checks (`ingest.variable_checks`), the mapping (`ingest.mapping.variables`)
and the aggregate checks (`ingest.aggregate_inputs`): a variable is declared by a row of
variables.csv, or by a superseded core column the folder still has
(`ingest.schema.variables.LEGACY_VARIABLES`); a value is a row of variable_values.csv, or a
filled cell of such a column. Pure: nothing here reads files.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass

from ingest.cells import Value, type_cell
from ingest.review_data import ReviewData, Row
from ingest.schema import Column, Kind
from ingest.schema.variables import LEGACY_VARIABLES, VARIABLE_LEVELS, LegacyVariable

__all__ = [
    "DATATYPE_KINDS",
    "Declaration",
    "VariableValue",
    "declarations",
    "legacy_columns",
    "type_value",
    "variable_values",
]

logger = logging.getLogger(__name__)

VARIABLES, VALUES = "variables.csv", "variable_values.csv"

# A variable's datatype → how its cells are typed (as a column of that kind would be).
DATATYPE_KINDS: dict[str, Kind] = {
    "string": Kind.STRING,
    "text": Kind.TEXT,
    "integer": Kind.INTEGER,
    "decimal": Kind.DECIMAL,
    "boolean": Kind.BOOLEAN,
    "year": Kind.YEAR,
    "category": Kind.ENUM,
}


@dataclass(frozen=True)
class Declaration:
    """A topic variable: declared by a variables.csv `row`, or by a `legacy` core column."""

    variable_id: str
    level: str
    datatype: str
    label: str
    categories: tuple[str, ...] = ()
    unit: str | None = None
    definition: str | None = None
    term: str | None = None
    row: Row | None = None
    legacy: LegacyVariable | None = None

    @property
    def where(self) -> str:
        """Where it is declared, for messages: `variables.csv:4` or the superseded column."""
        if self.row is not None:
            return f"{VARIABLES}:{self.row.row}"
        assert self.legacy is not None
        return f"the {self.legacy.file} column {self.legacy.column}"

    @property
    def target_file(self) -> str:
        """The file whose keys its values are for."""
        return VARIABLE_LEVELS[self.level]


@dataclass(frozen=True)
class VariableValue:
    """One well-typed value, and the cell it came from (`row`, `column`)."""

    declaration: Declaration
    target_id: str
    value: Value
    row: Row
    column: str


def legacy_columns(data: ReviewData) -> list[LegacyVariable]:
    """The superseded core columns whose file's header has them, in table order."""
    headers: dict[str, set[str]] = {}
    found = []
    for (file, column), legacy in LEGACY_VARIABLES.items():
        if file not in headers:
            headers[file] = _header(data, file)
        if column in headers[file]:
            found.append(legacy)
    return found


def _header(data: ReviewData, file: str) -> set[str]:
    source = data.sources.get(file)
    if source is None or not source.text:
        return set()
    first = next(csv.reader(io.StringIO(source.text, newline="")), [])
    return {h.strip() for h in first}


def _text(row: Row, column: str) -> str | None:
    value = row.get(column)
    return None if value is None else str(value)


def declarations(data: ReviewData) -> dict[str, Declaration]:
    """Every declared variable by its id; variables.csv first, then superseded columns whose
    variable it does not declare (a clash is reported by `ingest.variable_checks`)."""
    found: dict[str, Declaration] = {}
    for row in data.rows(VARIABLES):
        level, datatype = row.get("level"), row.get("datatype")
        if not isinstance(level, str) or not isinstance(datatype, str):
            continue  # a cell error already
        found.setdefault(
            row.key[0],
            Declaration(
                row.key[0],
                level,
                datatype,
                _text(row, "label") or row.key[0],
                row.items("categories"),
                _text(row, "unit"),
                _text(row, "definition"),
                _text(row, "term"),
                row=row,
            ),
        )
    for legacy in legacy_columns(data):
        found.setdefault(
            legacy.variable_id,
            Declaration(
                legacy.variable_id,
                legacy.level,
                legacy.datatype,
                legacy.label,
                legacy.categories,
                definition=legacy.definition or None,
                term=legacy.term,
                legacy=legacy,
            ),
        )
    return found


def type_value(raw: str, declaration: Declaration) -> tuple[Value, str | None]:
    """A variable_values.csv cell typed by its variable's datatype (and categories)."""
    kind = DATATYPE_KINDS[declaration.datatype]
    column = Column("value", kind, True, declaration.categories)
    return type_cell(raw, column)


def variable_values(data: ReviewData) -> list[VariableValue]:
    """Every well-typed value of a declared variable, in file order (variable_values.csv rows,
    then the filled cells of superseded columns that declare their variable)."""
    declared = declarations(data)
    out: list[VariableValue] = []
    for row in data.rows(VALUES):
        declaration = declared.get(str(row.get("variable_id")))
        target = row.get("target_id")
        if declaration is None or declaration.row is None or not isinstance(target, str):
            continue
        value, problem = type_value(row.cells["value"].raw, declaration)
        if problem is None and value is not None:
            out.append(VariableValue(declaration, target, value, row, "value"))
    for declaration in declared.values():
        legacy = declaration.legacy
        if legacy is None:
            continue
        for row in data.rows(legacy.file):
            value = row.get(legacy.column)
            if value is not None:
                out.append(VariableValue(declaration, row.key[0], value, row, legacy.column))
    return out
