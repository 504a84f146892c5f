"""REFI-QDA (the QDA-XML exchange format of NVivo, ATLAS.ti, MAXQDA, QualCoder) in and out.

`import_qdpx` brings a `.qdpx` project into a review's folder (codes → themes, text sources →
records, coded selections → quotes, cases → speaker columns) and reports what it could not
map; `export_refiqda` writes a review's coding from the store as a `.qdpx` project or a `.qdc`
codebook that validates against the official schemas (`schema/`).

The modules, each with one job: `archive` (the zip, safely), `xml_schema` (safe XML and XSD
validation), `project_reader` (project.qde → `model`), `speakers` (case variables → quote
cells), `review_folder` (the CSV files as an import sees them), `planning` (matching and new
rows), `importer`; `review_coding` (the store's named queries in `queries/`),
`project_writer`, `exporter`; `errors`.
"""

from __future__ import annotations

from ingest.refiqda.errors import NothingToExportError, QdaFileError
from ingest.refiqda.exporter import QDA_FORMATS, ExportSummary, export_refiqda
from ingest.refiqda.importer import ImportOutcome, import_qdpx
from ingest.refiqda.planning import ImportReport

__all__ = [
    "QDA_FORMATS",
    "ExportSummary",
    "ImportOutcome",
    "ImportReport",
    "NothingToExportError",
    "QdaFileError",
    "export_refiqda",
    "import_qdpx",
]
