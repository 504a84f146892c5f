"""The study-characteristics table: one row per study, read from the graph, as HTML or CSV.

The query is the named query `study-characteristics`; rows become a table by pure code, so the
dumps (through a store) and the service (through the query engine) give the same table.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib.term import Node

from api.rest.named import named_query

__all__ = ["COLUMNS", "StudyTable", "study_table", "study_table_query", "table_csv"]

logger = logging.getLogger(__name__)

# (row key, column heading) in printed order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("review", "Review"),
    ("study", "Study IRI"),
    ("label", "Study"),
    ("country", "Country"),
    ("sample_size", "Sample size"),
    ("age_min", "Youngest"),
    ("age_max", "Oldest"),
    ("female_pct", "Women (%)"),
    ("interventions", "Intervention"),
    ("intervention_types", "Intervention type"),
    ("records", "Records"),
)


def study_table_query(base: str) -> str:
    """The query text: one row per study, multi-valued cells joined with '; '."""
    return named_query("study-characteristics", base).text


@dataclass(frozen=True)
class StudyTable:
    """Headings and rows of plain strings (empty where the graph holds no value)."""

    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _cell(value: Node | None) -> str:
    return "" if value is None else str(value)


def study_table(rows: Sequence[Mapping[str, Node]]) -> StudyTable:
    """The table from the query's rows."""
    body = tuple(tuple(_cell(row.get(key)) for key, _ in COLUMNS) for row in rows)
    return StudyTable(tuple(heading for _, heading in COLUMNS), body)


def table_csv(table: StudyTable) -> str:
    """RFC 4180 CSV with a header row and CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headings)
    writer.writerows(table.rows)
    return out.getvalue()
