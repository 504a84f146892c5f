"""A review as one Excel workbook: the template, the reader and the export.

One sheet per data file of the format (`ingest.schema.FILES`), named as the file without `.csv`;
row 1 is the header, each later row one entity, as in the CSV files. The modules, each with one
job: `values` (what a cell holds ↔ the text the CSV format holds), `reader` (a workbook → the
same `ReviewData` as a folder), `layout` (the sheets, header notes and dropdowns the template and
the export share), `template` (`spkg template`), `export` (`spkg export --format xlsx`).

The package's modules are imported by name: `ingest.readers` imports the reader, and the export
reads the store, so this module imports none of them (no import cycle through it).
"""

from __future__ import annotations

__all__: list[str] = []
