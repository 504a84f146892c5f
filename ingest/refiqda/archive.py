"""A `.qdpx` archive read safely: a zip holding `project.qde` and its `sources/` folder.

Nothing is ever extracted to disk: members are read into memory, each capped in size. Still,
an archive any of whose entry paths points outside it ("zip slip": `../x`, `/etc/x`, `C:\\x`)
is refused whole before anything else is read, since whoever made it meant harm or is broken.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import DataFilesError
from ingest.refiqda.errors import QdaFileError

__all__ = [
    "INTERNAL_SCHEME",
    "MAX_MEMBER_BYTES",
    "PROJECT_MEMBER",
    "SOURCES_FOLDER",
    "QdpxArchive",
    "open_archive",
    "outside_archive",
]

logger = logging.getLogger(__name__)

PROJECT_MEMBER = "project.qde"
SOURCES_FOLDER = "sources"
# `internal://name` is a file of the archive's sources folder (REFI-QDA 1.5, "Sources").
INTERNAL_SCHEME = "internal://"
# A project or source text is text: 256 MiB is far above any real one and bounds a zip bomb.
MAX_MEMBER_BYTES = 256 * 2**20

_DRIVE = re.compile(r"^[A-Za-z]:")


def outside_archive(name: str) -> bool:
    """Whether an entry path would land outside the folder it is extracted to."""
    path = name.replace("\\", "/")
    return path.startswith("/") or bool(_DRIVE.match(path)) or ".." in path.split("/")


@dataclass
class QdpxArchive:
    """The members of one `.qdpx`, looked up case-insensitively (tools differ in `Sources/`)."""

    path: Path
    zip: zipfile.ZipFile
    _names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for info in self.zip.infolist():
            if not info.is_dir():
                self._names.setdefault(info.filename.replace("\\", "/").casefold(), info.filename)

    @property
    def project_member(self) -> str | None:
        """`project.qde`, or the one `.qde` at the top when a tool named it otherwise."""
        exact = self._names.get(PROJECT_MEMBER)
        if exact is not None:
            return exact
        top = [n for k, n in self._names.items() if k.endswith(".qde") and "/" not in k]
        return top[0] if len(top) == 1 else None

    def member_for(self, internal_path: str) -> str | None:
        """The archive member an `internal://` path names (None if none)."""
        name = internal_path[len(INTERNAL_SCHEME) :].replace("\\", "/").lstrip("/")
        return self._names.get(f"{SOURCES_FOLDER}/{name}".casefold())

    def read(self, member: str) -> bytes:
        """The bytes of one member; QdaFileError when it is too big or cannot be read."""
        info = self.zip.getinfo(member)
        if info.file_size > MAX_MEMBER_BYTES:
            raise DataFilesError([self._error(member, f"larger than {MAX_MEMBER_BYTES} bytes")])
        try:
            with self.zip.open(info) as stream:
                data = stream.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as exc:
            raise DataFilesError([self._error(member, f"cannot be read: {exc}")]) from exc
        if len(data) > MAX_MEMBER_BYTES:
            raise DataFilesError([self._error(member, f"larger than {MAX_MEMBER_BYTES} bytes")])
        return data

    def close(self) -> None:
        self.zip.close()

    def _error(self, member: str, message: str) -> QdaFileError:
        return QdaFileError(self.path, member, 0, "", message)


def open_archive(path: Path) -> QdpxArchive:
    """Open a `.qdpx`; DataFilesError when it is not a zip or holds an entry outside itself."""
    try:
        handle = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        logger.info("%s: not a zip (%s)", path, exc)
        raise DataFilesError(
            [
                QdaFileError(
                    path,
                    "",
                    0,
                    "",
                    "not a REFI-QDA project: not a zip archive (a .qdpx is a zip holding "
                    "project.qde and a sources folder)",
                )
            ]
        ) from exc
    escaping = [i.filename for i in handle.infolist() if outside_archive(i.filename)]
    if escaping:
        handle.close()
        raise DataFilesError(
            QdaFileError(
                path,
                name,
                0,
                "",
                "zip entry path points outside the archive; the project was refused "
                "and nothing was read from it",
            )
            for name in escaping
        )
    archive = QdpxArchive(path, handle)
    if archive.project_member is None:
        archive.close()
        raise DataFilesError(
            [QdaFileError(path, PROJECT_MEMBER, 0, "", "missing: a .qdpx holds project.qde")]
        )
    return archive
