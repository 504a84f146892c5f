"""The shipped data files match the column schema, and data/README.md documents that schema.

Each test collects every offender before failing, so one run names all of them.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ingest.dictionary import read_dictionary
from ingest.schema import FILES, Column, Kind

DATA = Path(__file__).resolve().parents[2] / "data"
README = DATA / "README.md"

_TYPE_WORDS = {
    "text": Kind.TEXT,
    "string": Kind.STRING,
    "integer": Kind.INTEGER,
    "decimal": Kind.DECIMAL,
    "year": Kind.YEAR,
    "year-month": Kind.YEAR_MONTH,
    "boolean": Kind.BOOLEAN,
    "enum": Kind.ENUM,
    "list": Kind.LIST,
    "doi": Kind.DOI,
    "concept": Kind.CONCEPT,
    "list of concept": Kind.CONCEPT_LIST,
}
# A concept column's allowed cell names its scheme first: "scheme `instrument`: …".
_SCHEME = re.compile(r"scheme `([a-z-]+)`")


def _readme_tables() -> dict[str, list[dict[str, str]]]:
    """data/README.md's per-file tables (as `ingest.dictionary` reads them for the workbook
    template): file name → rows of the column table."""
    dictionary = read_dictionary(README)
    return {
        file: [
            {"column": c.column, "type": c.type, "allowed": c.allowed, "req": c.req, "term": c.term}
            for c in columns
        ]
        for file, columns in dictionary.columns.items()
    }


def _readme_kind(type_: str, allowed: str) -> tuple[Kind | None, str | None]:
    """The schema Kind (and ref file) a README type cell stands for."""
    ref = re.fullmatch(r"(list of )?ref → (\S+\.csv)", type_)
    if ref:
        return (Kind.REF_LIST if ref.group(1) else Kind.REF), ref.group(2)
    if type_ == "string" and allowed == "key":
        return Kind.KEY, None
    return _TYPE_WORDS.get(type_), None


_CONCEPT_KINDS = (Kind.CONCEPT, Kind.CONCEPT_LIST)


def _literal_values(allowed: str) -> set[str] | None:
    """The values of an allowed cell that is only a list of `code` values, else None."""
    values = re.findall(r"`([^`]*)`", allowed)
    rest = re.sub(r"`[^`]*`", "", allowed).replace(",", "").strip()
    return set(values) if values and not rest else None


def _describe(column: Column) -> str:
    return f"{column.kind.value}{'→' + column.ref_file if column.ref_file else ''}"


def test_readme_documents_exactly_the_schema_files() -> None:
    documented = set(_readme_tables())
    schema = {f.name for f in FILES}
    assert (sorted(documented - schema), sorted(schema - documented)) == ([], [])


def test_readme_documents_every_column_with_its_type_and_required_flag() -> None:
    tables = _readme_tables()
    offenders: list[str] = []
    for schema in FILES:
        rows = tables.get(schema.name, [])
        documented = [r["column"] for r in rows]
        expected = [c.name for c in schema.columns]
        if documented != expected:
            offenders.append(f"{schema.name}: README columns {documented} != schema {expected}")
        for row in rows:
            column = schema.by_name.get(row["column"])
            if column is None:
                continue
            kind, ref = _readme_kind(row["type"], row["allowed"])
            if (kind, ref) != (column.kind, column.ref_file):
                offenders.append(
                    f"{schema.name}.{column.name}: README type {row['type']!r} "
                    f"!= schema {_describe(column)}"
                )
            scheme = _SCHEME.match(row["allowed"]) if kind in _CONCEPT_KINDS else None
            if column.scheme is not None and (scheme is None or scheme[1] != column.scheme):
                offenders.append(
                    f"{schema.name}.{column.name}: README allowed {row['allowed']!r} does not "
                    f"start with scheme `{column.scheme}`"
                )
            if (row["req"] == "yes") != column.required:
                offenders.append(
                    f"{schema.name}.{column.name}: README req {row['req']!r} "
                    f"!= schema required={column.required}"
                )
            literal = _literal_values(row["allowed"])
            if column.kind is Kind.ENUM and literal is not None and literal != set(column.allowed):
                offenders.append(
                    f"{schema.name}.{column.name}: README allows {sorted(literal)} "
                    f"!= schema {sorted(column.allowed)}"
                )
    assert not offenders, "\n".join(offenders)


def test_headers_follow_the_dictionary_order(review_dir: Path) -> None:
    """The reader places cells by header name in any order (and reports missing, unknown and
    repeated columns, and files the format does not know); the shipped folders also keep the
    dictionary's column order, so their diffs read like data/README.md."""
    offenders: list[str] = []
    for schema in FILES:
        path = review_dir / schema.name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh), [])
        # An optional column may be left out of the header (data/README.md, optional columns).
        expected = [c.name for c in schema.columns if c.name in header or not c.optional]
        if header != expected:
            offenders.append(f"{schema.name}: header {header} != {expected}")
    assert not offenders, "\n".join(offenders)


def test_files_use_unix_line_ends(review_dir: Path) -> None:
    """Spreadsheets may save CR LF line ends and the reader accepts them; the shipped files use
    LF and end with one, so a diff shows only changed cells. (Byte-order marks, UTF-8, ragged
    rows and row counts are the reader's rules.)"""
    offenders: list[str] = []
    for path in sorted(review_dir.glob("*.csv")):
        data = path.read_bytes()
        if b"\r" in data:
            offenders.append(f"{path.name}: has carriage returns (use \\n line ends)")
        if not data.endswith(b"\n"):
            offenders.append(f"{path.name}: does not end with a line end")
    assert not offenders, "\n".join(offenders)
