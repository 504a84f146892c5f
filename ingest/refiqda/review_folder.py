"""A review's folder as an import sees it: each file's header and rows as text, rows to append.

An import reads the folder as plain CSV (not through the typed reader), since a folder being
built is often incomplete: rows to complete are exactly what an import leaves. It never edits
an existing row: new rows are appended to the file's text as it is, so every byte already there
stays; a file or the folder that does not exist is created with the header of every file of
the format (`ingest.schema.FILES`). Everything is written at the end, each file through a
temporary file renamed into place, after every check has passed.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import DataFileError, DataFilesError
from ingest.schema import FILES, file_schema

__all__ = ["ReviewFolder", "Table"]

logger = logging.getLogger(__name__)


@dataclass
class Table:
    """One data file: its header, its rows (as the file holds them) and the rows to append."""

    name: str
    header: list[str]
    rows: list[dict[str, str]]
    text: str | None  # the file's text; None when it does not exist yet
    added: list[dict[str, str]] = field(default_factory=list)

    def all_rows(self) -> list[dict[str, str]]:
        return self.rows + self.added

    def keys(self, column: str) -> set[str]:
        return {r.get(column, "") for r in self.all_rows()}

    def new_text(self) -> str | None:
        """The file's text after the import, None when it does not change."""
        if self.text is not None and not self.added:
            return None
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if self.text is None or not self.text.strip():
            writer.writerow(self.header)
            prefix = ""
        else:
            prefix = self.text if self.text.endswith("\n") else self.text + "\n"
        for row in self.added:
            writer.writerow([row.get(c, "") for c in self.header])
        return prefix + out.getvalue()


class ReviewFolder:
    """The files of `data/<review>/` for an import; `write()` puts the additions on disk."""

    def __init__(self, folder: Path, review_id: str) -> None:
        self.folder = folder
        self.review_id = review_id
        self.existed = folder.is_dir()
        errors: list[DataFileError] = []
        self.tables: dict[str, Table] = {}
        for schema in FILES:
            try:
                self.tables[schema.name] = self._read(schema.name)
            except DataFileError as exc:
                errors.append(exc)
        if errors:
            raise DataFilesError(errors)
        review = self.tables["review.csv"]
        if not review.rows:
            # A new review: its one row names it; the rest is the curator's to fill in.
            review.added.append({"review_id": review_id})

    def table(self, name: str) -> Table:
        return self.tables[name]

    def _read(self, name: str) -> Table:
        header = [c.name for c in file_schema(name).columns]
        path = self.folder / name
        if not path.is_file():
            return Table(name, header, [], None)
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataFileError(path, 0, "", f"not UTF-8: {exc}") from exc
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except csv.Error as exc:
            raise DataFileError(path, 0, "", f"not a readable CSV file: {exc}") from exc
        if not records:
            return Table(name, header, [], text)
        found = records[0]
        rows = [dict(zip(found, r, strict=False)) for r in records[1:] if any(r)]
        return Table(name, found, rows, text)

    def changes(self) -> dict[str, str]:
        """File name → its new text, for every file the import creates or appends to. An
        optional file an existing folder does without stays absent unless rows go into it."""
        return {
            n: t
            for n, table in self.tables.items()
            if (t := table.new_text()) is not None
            and not (
                self.existed and table.text is None and not table.added and file_schema(n).optional
            )
        }

    def write(self) -> list[Path]:
        """Write the changes (creating the folder if need be); the paths written."""
        changes = self.changes()
        if not changes:
            return []
        self.folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in changes.items():
            target = self.folder / name
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=self.folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                    out.write(text)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            written.append(target)
        logger.info("%s: wrote %d file(s)", self.folder, len(written))
        return written
