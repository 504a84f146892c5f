"""The errors of REFI-QDA import and export: a located problem in a project file (the archive,
the file inside it, the line, the element), and a review with nothing to write."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import DataFileError, SpkgError

__all__ = ["NothingToExportError", "QdaFileError"]


class QdaFileError(DataFileError):
    """One problem in a `.qdpx` (or `.qdc`), located as `archive:member:line:element: message`.

    `member` is the file inside the archive (`project.qde`, `sources/x.txt`; empty when the
    problem is the archive itself); `line` is the XML line (0 when not about one line) and
    `element` the local name of the XML element at fault ("" when none). Empty parts are left
    out, so an archive that is not a zip reads `x.qdpx: not a zip archive …`.
    """

    def __init__(
        self, archive: Path | str, member: str, line: int, element: str, message: str
    ) -> None:
        self.member = member
        super().__init__(archive, line, element, message)

    @property
    def line(self) -> int:
        return self.row

    @property
    def element(self) -> str:
        return self.column

    def located(self) -> str:
        parts = [str(self.path)]
        if self.member:
            parts.append(self.member)
        if self.row:
            parts.append(str(self.row))
        if self.column:
            parts.append(self.column)
        return f"{':'.join(parts)}: {self.message}"

    def _key(self) -> tuple[str, int, str, str]:
        return (f"{self.path}:{self.member}", self.row, self.column, self.message)


class NothingToExportError(SpkgError):
    """A review with no themes has no codebook: a `.qdc` needs at least one code."""

    def __init__(self, review_id: str) -> None:
        self.review_id = review_id
        super().__init__(f"{review_id}: the review has no themes, so no codebook to write")
