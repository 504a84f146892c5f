"""What spkg reads from a REFI-QDA project: codes, text sources with their coded selections,
cases with their variables, and the notes on what could not be mapped.

Plain data, filled by `ingest.refiqda.project_reader` and turned into review rows by
`ingest.refiqda.planning`. Positions count Unicode code points from 0, as REFI-QDA defines
them (a selection is `text[start:end]`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "VARIABLE_TYPES",
    "Case",
    "Code",
    "QdaProject",
    "Selection",
    "TextSource",
    "VariableValue",
    "canonical_text",
]

# The schema's typeOfVariable values, each the local name of its value element less "Value".
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")

Typed = str | bool | int | Decimal


@dataclass(frozen=True)
class VariableValue:
    """One variable's value on a case or a source, typed as its value element says."""

    name: str
    type: str  # one of VARIABLE_TYPES
    value: Typed | None  # None: the element gave no value
    line: int

    @property
    def text(self) -> str:
        return canonical_text(self.value)


def canonical_text(value: Typed | None) -> str:
    """A value as a data file writes it: `yes`/`no`, integers and decimals plainly."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


@dataclass
class Code:
    """A code of the codebook, with its place in the hierarchy."""

    guid: str
    name: str
    codable: bool
    description: str
    parent: str | None  # the parent code's guid
    position: int  # among its siblings, from 1
    line: int


@dataclass
class Selection:
    """A coded span of a text source, its exact text cut from the source."""

    guid: str
    name: str
    start: int
    end: int
    text: str
    codes: tuple[str, ...]  # guids
    description: str
    line: int

    @property
    def label(self) -> str:
        return self.name or self.guid


@dataclass
class TextSource:
    """A text source: its text (None when kept outside the archive) and its selections."""

    guid: str
    name: str
    description: str
    text: str | None
    selections: list[Selection] = field(default_factory=list)
    variables: list[VariableValue] = field(default_factory=list)
    line: int = 0


@dataclass
class Case:
    """A case (a participant, a speaker) with its variables and what it groups."""

    guid: str
    name: str
    variables: list[VariableValue] = field(default_factory=list)
    sources: tuple[str, ...] = ()
    selections: tuple[str, ...] = ()
    line: int = 0


@dataclass
class QdaProject:
    """A project as read: codes in document order, text sources, cases, and what was left."""

    name: str
    codes: list[Code] = field(default_factory=list)
    sources: list[TextSource] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
