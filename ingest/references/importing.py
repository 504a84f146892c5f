"""Adding a reference file's entries to a review's records.csv.

Each entry is matched to an existing row by DOI (case and resolver prefix ignored), else by
title (case, accents and punctuation ignored); a matched row is left exactly as it is (what the
curator wrote wins; what the file says differently is reported, never merged in). An entry that
matches nothing becomes a new row holding only the bibliographic cells the file gives (type,
first author, authors, year, title, venue, locator, DOI) under a `record_id` minted from the
first author and the year (`moffatt-2017`, then `moffatt-2017b` …); the review's own cells
(citation number, study, peer review …) are left for the curator, and the report names them.

New rows are appended to the file as it is, so every existing byte stays; nothing is written when
there is nothing new (importing the same file twice changes nothing) or when any entry is bad.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.cells import type_cell
from ingest.errors import DataFileError, DataFilesError
from ingest.references.model import Reference, ReferenceEntryError, doi_of, normalised_title
from ingest.schema import LIST_SEPARATOR, file_schema

__all__ = ["RECORDS_FILE", "ImportReport", "import_references"]

logger = logging.getLogger(__name__)

RECORDS_FILE = "records.csv"


@dataclass
class ImportReport:
    """What an import did: rows added, entries matched to existing rows, entries skipped."""

    path: Path
    added: list[tuple[str, Reference]] = field(default_factory=list)
    matched: list[tuple[str, Reference, str]] = field(default_factory=list)  # id, entry, by what
    skipped: list[tuple[Reference, str]] = field(default_factory=list)  # entry, why
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def lines(self) -> Iterator[str]:
        """What the import did, one line each, for people."""
        state = "" if self.written else " (nothing written)"
        yield (
            f"{self.path}: {len(self.added)} added, {len(self.matched)} matched, "
            f"{len(self.skipped)} skipped{state}"
        )
        for record_id, ref in self.added:
            yield f"  added   {record_id} (entry {ref.entry}, {ref.source_type or 'no type'})"
        for record_id, ref, how in self.matched:
            yield f"  matched {record_id} (entry {ref.entry}, by {how})"
        for ref, why in self.skipped:
            yield f"  skipped entry {ref.entry}: {why}"
        for note in self.notes:
            yield f"note: {note}"


def _cells(ref: Reference) -> dict[str, str]:
    values = {
        "publication_type": ref.publication_type,
        "first_author": ref.first_author,
        "authors": LIST_SEPARATOR.join(ref.authors),
        "year": ref.year,
        "title": ref.title,
        "venue": ref.venue,
        "locator": ref.locator,
        "doi": ref.doi,
    }
    return {k: v for k, v in values.items() if v}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def _mint(ref: Reference, used: set[str]) -> str:
    """`moffatt-2017`, then `moffatt-2017b`, `moffatt-2017c` … (author–year style)."""
    base = "-".join(p for p in (_slug(ref.first_author or "") or "record", ref.year) if p)
    key, n = base, 1
    while key in used:
        n += 1
        key = base + (chr(ord("a") + n - 1) if n <= 26 else f"-{n}")
    used.add(key)
    return key


def _doi_key(text: str | None) -> str | None:
    try:
        doi = doi_of(text)
    except ValueError:
        doi = (text or "").strip() or None
    return doi.lower() if doi else None


@dataclass(frozen=True)
class _Hit:
    record_id: str
    row: dict[str, str]
    origin: str  # "existing", or the entry number of a row this import adds
    by: str  # "DOI" or "title"


class _Index:
    """Rows by DOI and by title. A title matches only where the two sides do not both give a
    DOI, since two DOIs that differ are two works whatever their titles."""

    def __init__(self) -> None:
        self.by_doi: dict[str, _Hit] = {}
        self.by_title: dict[str, list[_Hit]] = {}

    def add(self, row: dict[str, str], origin: str) -> None:
        if doi := _doi_key(row.get("doi")):
            self.by_doi.setdefault(doi, _Hit(row["record_id"], row, origin, "DOI"))
        if title := normalised_title(row.get("title")):
            self.by_title.setdefault(title, []).append(_Hit(row["record_id"], row, origin, "title"))

    def find(self, cells: dict[str, str]) -> _Hit | None:
        doi = _doi_key(cells.get("doi"))
        if doi and doi in self.by_doi:
            return self.by_doi[doi]
        for hit in self.by_title.get(normalised_title(cells.get("title")), []):
            if not (doi and _doi_key(hit.row.get("doi"))):
                return hit
        return None


def _read(path: Path) -> tuple[bytes, list[str], list[dict[str, str]]]:
    """The file's bytes, header and rows (raw text); a new file's header from the schema."""
    if not path.exists():
        return b"", [c.name for c in file_schema(RECORDS_FILE).columns], []
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFilesError([DataFileError(path, 0, "", "not UTF-8")]) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows = [dict(zip(header, r, strict=False)) for r in reader if any(c.strip() for c in r)]
    if "record_id" not in header:
        raise DataFilesError([DataFileError(path, 1, "record_id", "missing column")])
    return data, header, rows


def _check(
    source: Path, ref: Reference, cells: dict[str, str], header: list[str], path: Path
) -> list[DataFileError]:
    """Every cell the new row would hold, as the reader will type it; located errors."""
    columns = {c.name: c for c in file_schema(RECORDS_FILE).columns}
    errors: list[DataFileError] = []
    for name, value in cells.items():
        if name not in header:
            errors.append(DataFileError(path, 1, name, "missing column: the import has values"))
            continue
        _, problem = type_cell(value, columns[name])
        if problem:
            errors.append(ReferenceEntryError(source, ref.entry, name, problem))
    return errors


def _line_ending(data: bytes) -> str:
    return "\r\n" if b"\r\n" in data[:4096] else "\n"


def import_references(folder: Path, references: Sequence[Reference], source: Path) -> ImportReport:
    """Add `references` (read from `source`) to `folder`/records.csv; the report says what."""
    path = folder / RECORDS_FILE
    data, header, rows = _read(path)
    report = ImportReport(path)
    index = _Index()
    for row in rows:
        index.add(row, "existing")
    used = {r.get("record_id", "") for r in rows}
    new_rows: list[dict[str, str]] = []
    errors: list[DataFileError] = []
    for ref in references:
        cells = _cells(ref)
        hit = index.find(cells)
        if hit is not None and hit.origin == "existing":
            report.matched.append((hit.record_id, ref, hit.by))
            unstated = [k for k, v in cells.items() if v and not hit.row.get(k, "").strip()]
            if unstated:
                report.notes.append(
                    f"{hit.record_id}: entry {ref.entry} also gives {', '.join(unstated)}; "
                    "not written (a matched row is left as it is)"
                )
            continue
        if hit is not None:
            report.skipped.append((ref, f"repeats entry {hit.origin} ({hit.record_id})"))
            continue
        errors += _check(source, ref, cells, header, path)
        row = {"record_id": _mint(ref, used), **cells}
        if ref.publication_type is None:
            report.notes.append(
                f"entry {ref.entry}: {ref.source_type or 'no type'} is none of the format's "
                "publication types; publication_type left empty"
            )
        new_rows.append(row)
        report.added.append((row["record_id"], ref))
        index.add(row, str(ref.entry))
    if errors:
        raise DataFilesError(errors)
    if new_rows:
        _append(path, data, header, new_rows)
        report.written = True
        required = [c.name for c in file_schema(RECORDS_FILE).columns if c.required]
        missing = [c for c in required if any(not row.get(c) for row in new_rows)]
        report.notes.append(
            f"the new rows need {', '.join(missing)} before `spkg validate` accepts them"
        )
    return report


def _append(path: Path, data: bytes, header: list[str], rows: list[dict[str, str]]) -> None:
    """Append `rows` to the file's bytes (its header written first when it is new), atomically."""
    ending = _line_ending(data)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=ending)
    if not data:
        writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    prefix = data if not data or data.endswith(b"\n") else data + ending.encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".records-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(prefix + out.getvalue().encode("utf-8"))
        os.chmod(temporary, path.stat().st_mode if path.exists() else _new_file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    logger.info("%s: %d row(s) appended", path, len(rows))


def _new_file_mode() -> int:
    """The mode a file created by `open` gets under the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
