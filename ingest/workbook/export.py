"""`spkg export --review ID --format xlsx --out FILE`: a stored review back to its workbook.

Design, fidelity first: the workbook is written from the tables the review's graphs were read
from, which the ingest keeps in the review's provenance graph (each source file's CSV text as
`prov:value`, beside the SHA-256 checksum the graph already held; `ingest.provenance`), not
rebuilt from the graph by an inverse of the mapping. An inverse would have to undo every
mapping rule (lists split into one triple per item, enum values turned into individuals, a
record's DOI turned into its IRI, cells moved to the supplementary graph, language tags) and
would be a second home for each of them, drifting whenever a rule changes; values the mapping
normalises (a decimal's written digits, a list's item order within the same triples) could not
come back at all. The stored tables give back every cell as the curator wrote it, and the
checksum proves them unchanged. What they cannot drift from is checked by the round trip tests:
the exported workbook validates to the review's stored fingerprint, i.e. to the same graphs.

The tables are those of the ingest that wrote the review's graphs: an edit that leaves the
graphs as they were (reordered rows, other CSV quoting) is not a new version of the review and
is not stored. A review ingested before the tables were kept has none: ingest it again with
`--force`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal

from ingest.dictionary import read_dictionary
from ingest.errors import SpkgError
from ingest.iris import Minter
from ingest.provenance import SOURCE_TABLES_QUERY
from ingest.schema import FILES
from ingest.store import Store
from ingest.workbook.layout import Table, review_workbook, save_workbook

__all__ = ["ExportedWorkbook", "WorkbookExportError", "export_workbook", "stored_tables"]

logger = logging.getLogger(__name__)

_FILE_NAMES = frozenset(s.name for s in FILES)


class WorkbookExportError(SpkgError):
    """A review cannot be written back as a workbook (not stored, or its tables not kept)."""


@dataclass(frozen=True)
class ExportedWorkbook:
    """What an export wrote: the review, the file and the data rows of each sheet's file."""

    review_id: str
    path: Path
    rows: dict[str, int]


def stored_tables(store: Store, review_id: str, base: str | None = None) -> dict[str, Table]:
    """The review's source tables from its provenance graph, by file name, each checked
    against its stored SHA-256; `WorkbookExportError` when there are none or one differs."""
    minter = Minter(review_id, base or "")
    graph = minter.graph("provenance")
    found = store.select(SOURCE_TABLES_QUERY, {"g": graph})
    if not found:
        if str(graph) not in set(store.named_graphs()):
            raise WorkbookExportError(f"no review {review_id!r} in the store")
        raise WorkbookExportError(
            f"the store keeps no source tables of {review_id!r} (ingested before spkg kept "
            "them): ingest the review again with --force, then export it"
        )
    tables: dict[str, Table] = {}
    for row in found:
        name = str(row["title"]).removeprefix(f"{review_id}/")
        text, sha256 = row["text"], row["sha256"]
        if name not in _FILE_NAMES or not isinstance(text, Literal):
            continue
        if hashlib.sha256(str(text).encode("utf-8")).hexdigest() != str(sha256):
            raise WorkbookExportError(
                f"{review_id}/{name}: the stored table does not match its stored checksum"
            )
        records = list(csv.reader(io.StringIO(str(text), newline="")))
        tables[name] = (records[0], records[1:]) if records else ([], [])
    return tables


def export_workbook(
    store: Store, review_id: str, out: Path, base: str | None = None
) -> ExportedWorkbook:
    """Write the stored review `review_id` to the workbook `out` (replacing a file there)."""
    tables = stored_tables(store, review_id, base)
    save_workbook(review_workbook(read_dictionary(), tables), out)
    rows = {
        name: sum(1 for r in rows if any(c.strip() for c in r))
        for name, (_, rows) in sorted(tables.items())
    }
    logger.info("%s written to %s", review_id, out)
    return ExportedWorkbook(review_id, out, rows)
