"""Reference-manager files in and out: a review's records from and to RIS (EndNote, Zotero,
Mendeley, Covidence), BibTeX and CSL-JSON.

`READERS` and `WRITERS` are keyed by the names of ingest.formats' table, where the files' media
types are registered. Reading gives `Reference`s (model); `import_references` adds them to a
review's records.csv; `review_references` reads a review's back from the store with the one
named query both the CLI and the service run (references.rq).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.references.bibtex import read_bibtex, write_bibtex
from ingest.references.csl import write_csl
from ingest.references.importing import ImportReport, import_references
from ingest.references.model import Reference, ReferenceEntryError, split_unnamed
from ingest.references.ris import read_ris, write_ris
from ingest.references.stored import (
    QUERY_FILE,
    query_bindings,
    query_text,
    references_of,
    review_references,
)
from ingest.store import Store

__all__ = [
    "QUERY_FILE",
    "READERS",
    "WRITERS",
    "ExportedReferences",
    "ImportReport",
    "Reference",
    "ReferenceEntryError",
    "export_references",
    "import_references",
    "query_bindings",
    "query_text",
    "references_of",
    "review_references",
    "split_unnamed",
    "write_references",
]

logger = logging.getLogger(__name__)

# Format name (ingest.formats.FORMATS) → reader of a file / writer of its text.
READERS: dict[str, Callable[[Path], list[Reference]]] = {"ris": read_ris, "bibtex": read_bibtex}
WRITERS: dict[str, Callable[[list[Reference]], str]] = {
    "ris": write_ris,
    "bibtex": write_bibtex,
    "csljson": write_csl,
}


@dataclass(frozen=True)
class ExportedReferences:
    """A review's records in one format, and the records left out of it."""

    review: str
    format: str
    body: bytes
    records: int
    left_out: tuple[str, ...]  # keys of records with neither DOI nor title

    def lines(self, where: object) -> Iterator[str]:
        """What was written, for people."""
        yield f"{self.review}: wrote {where} ({self.format}; records {self.records})"
        if self.left_out:
            keys = ", ".join(self.left_out)
            yield f"left out, with neither DOI nor title: {len(self.left_out)} ({keys})"


def write_references(review: str, fmt: str, references: list[Reference]) -> ExportedReferences:
    """`references` as `fmt` (a key of WRITERS), leaving out, and naming, those with neither a
    DOI nor a title (`split_unnamed`). The command and the service both write through here."""
    named, unnamed = split_unnamed(references)
    body = WRITERS[fmt](named).encode("utf-8")
    left_out = tuple(r.key or str(r.entry) for r in unnamed)
    return ExportedReferences(review, fmt, body, len(named), left_out)


def export_references(
    store: Store, review: str, fmt: str, base: str | None = None
) -> ExportedReferences:
    """Review `review`'s records, read from `store`, as `fmt` (a key of WRITERS)."""
    return write_references(review, fmt, review_references(store, review, base))
