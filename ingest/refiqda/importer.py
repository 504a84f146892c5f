"""`spkg import qdpx`: a REFI-QDA project into a review's folder, checked before anything is
written.

In order: the archive (a zip, no entry outside it), `project.qde` (safe XML, valid against the
official schema), the project's references and selections (`project_reader`), the review folder
as it is, and the rows to add (`planning`). Any located error stops the import there, with the
folder untouched; only then are the additions written (`ReviewFolder.write`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ingest.refiqda.archive import open_archive
from ingest.refiqda.planning import ImportReport, plan_import
from ingest.refiqda.project_reader import read_project
from ingest.refiqda.review_folder import ReviewFolder
from ingest.refiqda.xml_schema import parse_checked

__all__ = ["ImportOutcome", "import_qdpx"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: the folder, whether it existed, the files written and the report."""

    folder: Path
    created: bool
    written: list[Path]
    report: ImportReport


def import_qdpx(path: Path, review_id: str, data_dir: Path) -> ImportOutcome:
    """Import the project at `path` into `data_dir/<review_id>/`.

    DataFilesError (every problem located in the archive) leaves the folder as it was.
    """
    archive = open_archive(path)
    try:
        member = archive.project_member
        assert member is not None  # open_archive refuses an archive without one
        root = parse_checked(archive.read(member), "Project", path, member)
        project = read_project(root, archive, member)
    finally:
        archive.close()
    folder = ReviewFolder(data_dir / review_id, review_id)
    report = plan_import(project, folder)
    written = folder.write()
    logger.info("%s → %s: %d file(s) written", path, folder.folder, len(written))
    return ImportOutcome(folder.folder, not folder.existed, written, report)
