"""`spkg template OUT.xlsx`: an empty review workbook to start a new review in a spreadsheet.

The sheets, notes and dropdowns are `ingest.workbook.layout`'s, from the schema and the data
dictionary, so the template never lists a file or a column of its own.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ingest.dictionary import DataDictionary, read_dictionary
from ingest.workbook.layout import review_workbook, save_workbook

__all__ = ["write_template"]

logger = logging.getLogger(__name__)


def write_template(out: Path, dictionary: DataDictionary | None = None) -> None:
    """Write the empty workbook of the format to `out` (replacing a file there)."""
    book = review_workbook(dictionary or read_dictionary())
    save_workbook(book, out)
