"""`spkg export --format qdpx|qdc`: a review's coding, read from the store, as a REFI-QDA
project or codebook (see `project_writer` for the layout)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import BinaryIO

from ingest.formats import FORMATS
from ingest.refiqda.project_writer import codebook_xml, exported_quotes, qdpx_bytes
from ingest.refiqda.review_coding import read_coding
from ingest.store import Store

__all__ = ["QDA_FORMATS", "ExportSummary", "export_refiqda"]

logger = logging.getLogger(__name__)

# The formats (`ingest.formats`) written here → what each holds.
QDA_FORMATS = {
    FORMATS["qdpx"].name: "REFI-QDA project: themes, records as text sources, quotes as coded "
    "selections",
    FORMATS["qdc"].name: "REFI-QDA codebook: the review's themes",
}


@dataclass(frozen=True)
class ExportSummary:
    """What went into the file, and what was left out because the review does not state it."""

    themes: int
    records: int
    quotes: int
    left_out: list[str]


def export_refiqda(store: Store, review_id: str, fmt: str, out: BinaryIO) -> ExportSummary:
    """Write review `review_id` of `store` to `out` as `qdpx` or `qdc`."""
    if fmt not in QDA_FORMATS:
        raise ValueError(f"unknown REFI-QDA format {fmt!r}")
    coding = read_coding(store, review_id)
    if fmt == "qdc":
        out.write(codebook_xml(coding))
        return ExportSummary(len(coding.themes), 0, 0, coding.left_out)
    out.write(qdpx_bytes(coding))
    quotes = exported_quotes(coding)
    left_out = list(coding.left_out) + [
        f"{q.iri}: no quote text or no theme in the codebook"
        for q in coding.quotes
        if q not in quotes
    ]
    return ExportSummary(len(coding.themes), len(coding.records), len(quotes), left_out)
