"""The errors spkg raises, each carrying the fields a curator or a caller needs to act on it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ingest.report import ValidationReport

__all__ = [
    "DataFileError",
    "DataFilesError",
    "InconsistentDataError",
    "ReviewsFailedError",
    "SpkgError",
    "ToolUnavailableError",
    "ValidationFailedError",
]


class SpkgError(Exception):
    """Base of every error spkg raises on purpose.

    Picklable whatever its subclass's constructor takes, so that an ingest's worker process
    can hand back the error it met (`ingest.first_pass`)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(kind: type[SpkgError], args: tuple[Any, ...], state: dict[str, Any]) -> SpkgError:
    """The error `SpkgError.__reduce__` took apart, without calling its constructor."""
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class DataFileError(SpkgError):
    """One located problem in a data file.

    `row` is the line a spreadsheet shows (header = 1; 0 when the problem is the whole file);
    `column` is the header name ("" when the problem is not about one column).
    """

    def __init__(self, path: Path | str, row: int, column: str, message: str) -> None:
        self.path = Path(path)
        self.row = row
        self.column = column
        self.message = message
        super().__init__(self.located())

    def located(self) -> str:
        """`path:row:column: message`, the form editors and the CLI print."""
        return f"{self.path}:{self.row}:{self.column}: {self.message}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DataFileError):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[str, int, str, str]:
        return (str(self.path), self.row, self.column, self.message)

    def __repr__(self) -> str:
        return f"DataFileError({self.located()!r})"


class DataFilesError(SpkgError):
    """Every problem found in a file or a review folder, reported together."""

    def __init__(self, errors: Iterable[DataFileError]) -> None:
        self.errors: list[DataFileError] = sorted(
            errors, key=lambda e: (str(e.path), e.row, e.column, e.message)
        )
        super().__init__(f"{len(self.errors)} data error(s)")

    def __str__(self) -> str:
        return "\n".join(e.located() for e in self.errors)


class ValidationFailedError(SpkgError):
    """SHACL validation found violations; nothing was written."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(f"{len(report.violations)} SHACL violation(s)")


class InconsistentDataError(SpkgError):
    """The OWL reasoner found a review's data contradicting the ontology.

    `cells` are the data cells whose values make the contradiction (`ingest.consistency`), each a
    located `DataFileError`, so the curator knows which cell to fix.
    """

    def __init__(
        self,
        review_id: str,
        individuals: Iterable[str],
        reasons: Iterable[str],
        cells: Iterable[DataFileError] = (),
    ) -> None:
        self.review_id = review_id
        self.individuals = tuple(individuals)
        self.reasons = tuple(reasons)
        self.cells = tuple(cells)
        super().__init__(
            f"{review_id}: the data contradict the ontology: "
            + ("; ".join(self.reasons) or ", ".join(self.individuals) or "no detail")
        )


class ReviewsFailedError(SpkgError):
    """More than one review of a data folder failed (located data errors, SHACL violations,
    inconsistencies): every failure, each review's in full, so one run shows them all.

    `failures` holds at most one `DataFilesError` (all reviews' located cell errors), then the
    `ValidationFailedError`s and `InconsistentDataError`s in the order the reviews were read."""

    def __init__(self, failures: Iterable[SpkgError]) -> None:
        self.failures: list[SpkgError] = list(failures)
        super().__init__(f"{len(self.failures)} review(s) failed")


class ToolUnavailableError(SpkgError):
    """A tool spkg runs (the Java reasoner, the ontology files) could not be used."""

    def __init__(self, tool: str, detail: str) -> None:
        self.tool = tool
        self.detail = detail
        super().__init__(f"{tool}: {detail}")
