"""The vocabulary of the schema tables: how a cell is typed, a column, a file.

Also the syntactic facts every data file shares: the list separator, and the key pattern (the
minter's, `ingest.iris`, since keys become IRI segments), so the reader, the data dictionary's
tests and anything that checks a key use one definition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from ingest.iris import KEY_PATTERN

__all__ = [
    "KEY_PATTERN",
    "LIST_SEPARATOR",
    "Column",
    "FileSchema",
    "Kind",
    "column",
]

# A list cell holds several values separated by a semicolon and one space: `42; 43`.
LIST_SEPARATOR = "; "


class Kind(StrEnum):
    """How a cell is typed (the words data/README.md uses in its type column)."""

    KEY = "key"
    STRING = "string"
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    YEAR = "year"
    YEAR_MONTH = "year-month"
    BOOLEAN = "boolean"
    ENUM = "enum"
    REF = "ref"
    LIST = "list"
    REF_LIST = "ref-list"
    DOI = "doi"
    # A key of an open concept scheme (`Column.scheme`): shipped by spkg or declared by the
    # review in concepts.csv (`ingest.concept_checks`); a list of them.
    CONCEPT = "concept"
    CONCEPT_LIST = "concept-list"


@dataclass(frozen=True)
class Column:
    """One column: its type, whether it may be empty, allowed values and bounds.

    `optional` columns were added after a file's first release: a header without one is read as
    if every cell of it were empty, so a folder written for the older format keeps working.
    `derived_from` names the column of the same row a curator reads this one off (an age band's
    bounds from its printed label): its values are the curator's, never the review's own."""

    name: str
    kind: Kind
    required: bool = False
    allowed: tuple[str, ...] = ()
    ref_file: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    optional: bool = False
    derived_from: str | None = None
    # The open concept scheme a CONCEPT / CONCEPT_LIST column takes its values from.
    scheme: str | None = None


@dataclass(frozen=True)
class FileSchema:
    """One data file: its name, key column(s) and columns in documented order."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    single_row: bool = False
    optional: bool = False
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})


def column(
    name: str,
    kind: Kind,
    required: bool = False,
    *,
    allowed: Iterable[str] = (),
    ref_file: str | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    optional: bool = False,
    derived_from: str | None = None,
    scheme: str | None = None,
) -> Column:
    """A column, with its allowed values taken as a tuple (the tables below pass tuples)."""
    if (kind in (Kind.CONCEPT, Kind.CONCEPT_LIST)) != (scheme is not None):
        raise ValueError(f"column {name!r}: a concept column names its scheme, no other does")
    return Column(
        name,
        kind,
        required,
        tuple(allowed),
        ref_file,
        minimum,
        maximum,
        optional,
        derived_from,
        scheme,
    )
