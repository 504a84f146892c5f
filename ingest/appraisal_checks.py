"""The rules that tie an appraisal to its tool, shipped or declared by the review.

A record's `appraisal_tool` is a shipped tool (CASP, AACODS, JBI, MMAT: `ingest.schema` mirrors
the ontology's items, answer scales and maxima) or one the review declares in
appraisal_tools.csv, with its items in appraisal_tool_items.csv. A score fits the tool's maximum,
an item answer names an item of the record's tool and an answer on that tool's scale. Errors
about a declared tool name the declaring row (`appraisal_tools.csv:3`). Called by
`ingest.checks.check_review`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.concept_checks import is_absolute_iri
from ingest.errors import DataFileError
from ingest.review_data import ReviewData, Row
from ingest.schema import (
    APPRAISAL_ANSWERS,
    APPRAISAL_TOOLS,
    KEY_PATTERN,
    TOOL_ANSWERS,
    TOOL_ITEMS,
    TOOL_MAXIMA,
)

__all__ = ["TOOLS_FILE", "TOOL_ITEMS_FILE", "Tool", "check_appraisals", "review_tools"]

logger = logging.getLogger(__name__)

TOOLS_FILE = "appraisal_tools.csv"
TOOL_ITEMS_FILE = "appraisal_tool_items.csv"


@dataclass(frozen=True)
class Tool:
    """An appraisal tool as a review may use it: its items, answer scale and maximum score,
    and the appraisal_tools.csv row that declares it (None for a shipped tool)."""

    key: str
    items: tuple[str, ...]
    answers: tuple[str, ...]
    maximum: int | None
    declared: Row | None = None

    @property
    def where(self) -> str:
        """` (declared in appraisal_tools.csv:3)`, or nothing for a shipped tool."""
        return f" (declared in {TOOLS_FILE}:{self.declared.row})" if self.declared else ""


def review_tools(data: ReviewData) -> dict[str, Tool]:
    """The tools a review may name: the shipped ones and those it declares."""
    tools = {
        key: Tool(key, TOOL_ITEMS[key], TOOL_ANSWERS[key], TOOL_MAXIMA[key])
        for key in APPRAISAL_TOOLS
    }
    items: dict[str, list[str]] = {}
    for row in data.rows(TOOL_ITEMS_FILE):
        tool, item = row.get("tool_id"), row.get("item_id")
        if isinstance(tool, str) and isinstance(item, str):
            items.setdefault(tool, []).append(item)
    for row in data.rows(TOOLS_FILE):
        key = row.get("tool_id")
        if not isinstance(key, str) or key in tools:
            continue
        maximum = row.get("maximum_score")
        answers = row.items("answers") or APPRAISAL_ANSWERS
        tools[key] = Tool(
            key,
            tuple(items.get(key, ())),
            answers,
            maximum if isinstance(maximum, int) else None,
            row,
        )
    return tools


def _error(data: ReviewData, row: Row, column: str, message: str) -> DataFileError:
    return DataFileError(data.location(row.file), row.row, column, message)


def _filled(row: Row, column: str) -> bool:
    return bool(row.cells[column].raw.strip())


def check_appraisals(data: ReviewData) -> Iterator[DataFileError]:
    """Declared tools are sound; scores, items and answers fit the record's tool."""
    tools = review_tools(data)
    yield from _declared_tools(data)
    used: dict[str, Tool | None] = {}
    names: dict[str, str | None] = {}
    for row in data.rows("records.csv"):
        name, score = row.get("appraisal_tool"), row.get("appraisal_score")
        tool = tools.get(name) if isinstance(name, str) else None
        used[row.key[0]] = tool
        names[row.key[0]] = name if isinstance(name, str) else None
        if isinstance(name, str) and tool is None:
            yield _error(
                data,
                row,
                "appraisal_tool",
                f"{name!r} is neither a shipped appraisal tool ({', '.join(APPRAISAL_TOOLS)}) "
                f"nor declared in {TOOLS_FILE}",
            )
        if _filled(row, "appraisal_score") and not _filled(row, "appraisal_tool"):
            yield _error(data, row, "appraisal_tool", "appraisal_score is given without its tool")
        if tool and tool.maximum is not None and isinstance(score, int) and score > tool.maximum:
            yield _error(
                data,
                row,
                "appraisal_score",
                f"{score} is out of bounds for {tool.key} (0 to {tool.maximum}){tool.where}",
            )
    for row in data.rows("appraisal_items.csv"):
        record, item, answer = str(row.get("record_id")), row.get("item"), row.get("answer")
        if record not in used:
            continue  # a missing record is a reference error already
        tool = used[record]
        if tool is None:
            if names[record] is None:
                yield _error(
                    data,
                    row,
                    "item",
                    f"record {record} has no appraisal_tool in records.csv, so no checklist items",
                )
            continue  # an unknown tool is reported on records.csv
        if isinstance(item, str) and item not in tool.items:
            yield _error(data, row, "item", _item_problem(data, tool, item))
        if isinstance(answer, str) and answer not in tool.answers:
            yield _error(
                data,
                row,
                "answer",
                f"{answer!r} is not on the {tool.key} answer scale "
                f"({', '.join(tool.answers)}){tool.where}",
            )


def _item_problem(data: ReviewData, tool: Tool, item: str) -> str:
    if tool.declared is None:
        return f"item {item!r} is not a {tool.key} item (the record is appraised with {tool.key})"
    other = next(
        (r for r in data.rows(TOOL_ITEMS_FILE) if r.get("item_id") == item),
        None,
    )
    if other is not None:
        return (
            f"item {item!r} is declared in {TOOL_ITEMS_FILE}:{other.row} for tool "
            f"{other.get('tool_id')!r}, not {tool.key!r} (the record is appraised with {tool.key})"
        )
    return f"item {item!r} is not declared in {TOOL_ITEMS_FILE} for tool {tool.key!r}{tool.where}"


def _declared_tools(data: ReviewData) -> Iterator[DataFileError]:
    """A declared tool is not a shipped one; its answer keys are keys; its IRI is absolute."""
    for row in data.rows(TOOLS_FILE):
        key = row.get("tool_id")
        if isinstance(key, str) and key in APPRAISAL_TOOLS:
            yield _error(
                data,
                row,
                "tool_id",
                f"{key!r} is a shipped appraisal tool: use it without declaring it",
            )
        wrong = [a for a in row.items("answers") if not KEY_PATTERN.fullmatch(a)]
        if wrong:
            yield _error(
                data, row, "answers", f"answer {wrong[0]!r} is not a key ([A-Za-z0-9._-]+)"
            )
        iri = row.get("iri")
        if isinstance(iri, str) and not is_absolute_iri(iri):
            yield _error(data, row, "iri", f"{iri!r} is not an absolute http(s) IRI")
    shipped = {i: t for t, items in TOOL_ITEMS.items() for i in items}
    for row in data.rows(TOOL_ITEMS_FILE):
        item = row.get("item_id")
        if isinstance(item, str) and item in shipped:
            yield _error(
                data,
                row,
                "item_id",
                f"{item!r} is an item of the shipped tool {shipped[item]}: give the declared "
                "tool's items keys of their own",
            )
