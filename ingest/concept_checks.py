"""The rules of the open concept schemes, across files: a concept cell names a shipped or
declared key of its scheme, and concepts.csv declares well-formed concepts.

A concept column (`Kind.CONCEPT`, `Kind.CONCEPT_LIST`) takes a key the ontology ships for the
column's scheme (`SHIPPED_CONCEPTS`) or one the review declares in concepts.csv under that
scheme. An error about a declared concept names the declaring row (`concepts.csv:7`), so a
curator finds both ends. Called by `ingest.checks.check_review`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.errors import DataFileError
from ingest.review_data import ReviewData, Row
from ingest.schema import CONCEPT_SCHEMES, FILES, MATCH_COLUMNS, SHIPPED_CONCEPTS

__all__ = ["CONCEPTS_FILE", "ConceptIndex", "check_concepts", "is_absolute_iri"]

logger = logging.getLogger(__name__)

CONCEPTS_FILE = "concepts.csv"
_SHOWN = 12  # shipped keys named in one message
# An absolute http(s) IRI: a scheme, `//`, a host, and no character an IRI may not hold.
_IRI = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s<>\"{}|\\^`]*)?")


def is_absolute_iri(text: str) -> bool:
    """Whether `text` is an absolute http(s) IRI (the form a mapping column takes)."""
    return _IRI.fullmatch(text) is not None


@dataclass(frozen=True)
class ConceptIndex:
    """The concepts a review declares: (scheme, key) → the concepts.csv row declaring it."""

    declared: dict[tuple[str, str], Row]

    @classmethod
    def of(cls, data: ReviewData) -> ConceptIndex:
        declared: dict[tuple[str, str], Row] = {}
        for row in data.rows(CONCEPTS_FILE):
            scheme, key = row.get("scheme"), row.get("concept_id")
            if isinstance(scheme, str) and isinstance(key, str):
                declared.setdefault((scheme, key), row)
        return cls(declared)

    def knows(self, scheme: str, key: str) -> bool:
        """Whether `key` is a concept of `scheme`: shipped or declared."""
        return key in SHIPPED_CONCEPTS.get(scheme, ()) or (scheme, key) in self.declared

    def problem(self, scheme: str, key: str) -> str | None:
        """What is wrong with `key` as a concept of `scheme`, None when it is one."""
        if self.knows(scheme, key):
            return None
        elsewhere = sorted(
            (row.row, other) for (other, k), row in self.declared.items() if k == key
        )
        if elsewhere:
            line, other = elsewhere[0]
            return (
                f"{key!r} is declared in {CONCEPTS_FILE}:{line} under scheme {other!r}, "
                f"not {scheme!r}"
            )
        shipped = SHIPPED_CONCEPTS.get(scheme, ())
        listed = ", ".join(shipped[:_SHOWN]) + (" …" if len(shipped) > _SHOWN else "")
        noun = scheme.replace("-", " ")
        return (
            f"{key!r} is neither a shipped {noun} nor declared in {CONCEPTS_FILE} "
            f"(scheme {scheme!r}); shipped: {listed or 'none'}"
        )


def check_concepts(data: ReviewData) -> Iterator[DataFileError]:
    """Every concept cell names a concept of its scheme; concepts.csv declares sound concepts."""
    index = ConceptIndex.of(data)
    yield from _concept_cells(data, index)
    yield from _declarations(data, index)


def _error(data: ReviewData, row: Row, column: str, message: str) -> DataFileError:
    return DataFileError(data.location(row.file), row.row, column, message)


def _concept_cells(data: ReviewData, index: ConceptIndex) -> Iterator[DataFileError]:
    for schema in FILES:
        for column in schema.columns:
            if column.scheme is None:
                continue
            for row in data.rows(schema.name):
                value = row.get(column.name)
                keys = value if isinstance(value, tuple) else (value,) if value else ()
                for key in keys:
                    problem = index.problem(column.scheme, str(key))
                    if problem:
                        yield _error(data, row, column.name, problem)


def _declarations(data: ReviewData, index: ConceptIndex) -> Iterator[DataFileError]:
    """A declared key is not a shipped one; broader concepts and mapping refs exist; mapping
    IRIs are absolute http(s) IRIs."""
    for row in data.rows(CONCEPTS_FILE):
        scheme, key = row.get("scheme"), row.get("concept_id")
        if not isinstance(scheme, str) or not isinstance(key, str):
            continue  # a cell error already
        if key in SHIPPED_CONCEPTS.get(scheme, ()):
            yield _error(
                data,
                row,
                "concept_id",
                f"{key!r} is a shipped concept of scheme {scheme!r}: use it without declaring it",
            )
        broader = row.get("broader_id")
        if isinstance(broader, str):
            if broader == key:
                yield _error(data, row, "broader_id", f"{key!r} is its own broader concept")
            else:
                problem = index.problem(scheme, broader)
                if problem:
                    yield _error(data, row, "broader_id", problem)
        for column in MATCH_COLUMNS:
            for item in row.items(column):
                problem = _match_problem(index, item)
                if problem:
                    yield _error(data, row, column, problem)


def _match_problem(index: ConceptIndex, item: str) -> str | None:
    """What is wrong with one mapping target: `<scheme>:<key>` or an absolute http(s) IRI."""
    prefix, colon, key = item.partition(":")
    if colon and prefix in CONCEPT_SCHEMES:
        return index.problem(prefix, key)
    if not is_absolute_iri(item):
        return (
            f"{item!r} is not an absolute http(s) IRI nor a concept written <scheme>:<key> "
            f"(schemes: {', '.join(CONCEPT_SCHEMES)})"
        )
    return None
