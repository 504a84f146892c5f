"""The typed result of validating one review: what the CLI prints and an error carries.

Kept apart from the validator (`ingest.validate`, which runs pyshacl) so that the errors module
can name the report without importing the validator and, through it, the mapping and readers
that themselves raise those errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Result", "ValidationReport", "local_name"]


def local_name(iri: str) -> str:
    """The last segment of an IRI (after `#` or `/`): how a shape or component is printed."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Result:
    """One SHACL result, with the CSV cell it came from where that is known."""

    severity: str
    focus_node: str
    path: str | None
    value: str | None
    source_shape: str
    component: str
    message: str
    file: Path | None = None
    row: int | None = None
    column: str | None = None

    def located(self) -> str:
        """`path:row:column: severity: message` (the focus node when no row is known)."""
        where = (
            f"{self.file}:{self.row}:{self.column or ''}"
            if self.file is not None
            else f"<{self.focus_node}>"
        )
        about = f" (value {self.value})" if self.value is not None else ""
        shape = local_name(self.source_shape)
        return f"{where}: {self.severity.lower()}: {self.message}{about} [{shape}]"


@dataclass(frozen=True)
class ValidationReport:
    """Every result of validating one review; `conforms` ignores warnings and infos."""

    review_id: str
    results: tuple[Result, ...]

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations
