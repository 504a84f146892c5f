"""Versioned, checksummed downloads of the whole graph, made on demand and kept per version.

A dump set is written from one opened snapshot of the store, and named by the version read from
that same snapshot, so a file's name always matches its content even while an ingest runs. Each
set is written into a temporary folder and renamed into place whole: a reader sees all of a
version's files or none. gzip headers carry no time or name, so the same data gives the same
bytes and the same SHA-256.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO, cast

from api.exceptions import ServiceError
from api.facts import read_version
from api.figures.table import study_table, study_table_query, table_csv
from ingest.export import EXPORT_FORMATS, export
from ingest.formats import FORMATS
from ingest.store import Store

__all__ = ["CSV_KIND", "DumpCache", "DumpFile", "DumpNotFoundError", "dump_filename", "dump_path"]

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
# The one dump that is not a graph: the study-characteristics table.
CSV_KIND = "study-characteristics"


class DumpNotFoundError(ServiceError, LookupError):
    """A dump that this version of the data does not have (unknown format or a past version)."""

    def __init__(self, version: str, name: str) -> None:
        super().__init__(f"no dump {name!r} for version {version!r}")
        self.version = version
        self.name = name


@dataclass(frozen=True)
class DumpFile:
    """One file of a dump set, with what a DCAT distribution says about it.

    `kind` is the export format's short name (`ttl`, `nq`, ...), or CSV_KIND.
    """

    name: str
    kind: str
    media_type: str
    compression: str | None
    size: int
    sha256: str
    keeps_graphs: bool


# How long a page waits for a dump set being written before it is served without the downloads.
READY_WAIT_S = 5.0
# Versions and file names of dump sets: what `version_of` and `dump_filename` produce.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]{0,200}")


def dump_filename(version: str, kind: str) -> str:
    """`spkg-<version>.<ext>.gz` for a graph format; the CSV is left uncompressed."""
    if kind == CSV_KIND:
        return f"spkg-{version}-{CSV_KIND}{FORMATS['csv'].suffix}"
    return f"spkg-{version}{EXPORT_FORMATS[kind].suffix}.gz"


def dump_path(version: str, name: str) -> str:
    """Where the service serves a dump file, relative to its root: `dumps/<version>/<name>`."""
    return f"dumps/{version}/{name}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class DumpCache:
    """Dump sets under `root/<version>/`, written from stores that `open_store` opens."""

    def __init__(self, root: Path, open_store: Callable[[], Store], base: str) -> None:
        self.root = root
        self.open_store = open_store
        self.base = base
        self._lock = threading.Lock()
        self._writer: threading.Thread | None = None
        self._writer_lock = threading.Lock()

    def _read(self, version: str) -> list[DumpFile] | None:
        if not _SAFE_NAME.fullmatch(version):  # a request value never reaches the file system
            return None
        manifest = self.root / version / MANIFEST
        try:
            rows = json.loads(manifest.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return [DumpFile(**row) for row in rows]

    def current(self) -> tuple[str, list[DumpFile]]:
        """The version the store holds now and its dump set, written first if it is missing."""
        with self._lock:
            store = self.open_store()
            try:
                version = read_version(store.select, self.base)
                files = self._read(version)
                if files is None:
                    files = self._write(store, version)
            finally:
                store.close()
        return version, files

    def ready(self, version: str) -> list[DumpFile] | None:
        """The dump set of `version` (the store's version now, as the caller read it) if it
        is written; None if not.

        A missing set is written in a background thread. The request that starts it waits for
        it at most READY_WAIT_S, so a small store's set is there at once; later requests do not
        wait, so no page waits minutes for a large store's set (4.5M quads take several), and
        each lists the downloads once they are written."""
        files = self._read(version)
        if files is None:
            writer, started = self._write_in_background()
            if started:
                writer.join(timeout=READY_WAIT_S)
            files = self._read(version)
        return files

    def version(self) -> str:
        """The version the store holds now (a read of every review's fingerprint)."""
        store = self.open_store()
        try:
            return read_version(store.select, self.base)
        finally:
            store.close()

    def _write_in_background(self) -> tuple[threading.Thread, bool]:
        """The thread writing the current version's set, and whether this call started it."""
        with self._writer_lock:
            if self._writer is not None and self._writer.is_alive():
                return self._writer, False
            self._writer = threading.Thread(
                target=self._write_logged, name="spkg-dumps", daemon=True
            )
            self._writer.start()
            return self._writer, True

    def _write_logged(self) -> None:
        try:
            self.current()
        except Exception:  # a background thread has no caller to raise to
            logger.exception("writing the dump set failed")

    def path(self, version: str, name: str) -> tuple[Path, DumpFile]:
        """The file of a dump set already written; DumpNotFoundError otherwise."""
        files = self._read(version) or []
        for item in files:
            if item.name == name:
                return self.root / version / name, item
        raise DumpNotFoundError(version, name)

    def _write(self, store: Store, version: str) -> list[DumpFile]:
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=self.root))
        try:
            files = [self._write_graph(store, version, kind, staging) for kind in EXPORT_FORMATS]
            files.append(self._write_csv(store, version, staging))
            (staging / MANIFEST).write_text(
                json.dumps([asdict(f) for f in files], indent=1), encoding="utf-8"
            )
            try:
                os.rename(staging, self.root / version)
            except OSError:
                # Another process wrote the same version first; its files are identical.
                shutil.rmtree(staging, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        logger.info("dumps of %s written to %s", version, self.root / version)
        return files

    @staticmethod
    def _write_graph(store: Store, version: str, kind: str, folder: Path) -> DumpFile:
        fmt = EXPORT_FORMATS[kind]
        name = dump_filename(version, kind)
        path = folder / name
        with open(path, "wb") as raw, gzip.GzipFile("", "wb", 6, raw, mtime=0) as out:
            export(store, kind, cast(BinaryIO, out))
        return DumpFile(
            name, kind, fmt.media_type, "gzip", path.stat().st_size, _sha256(path), fmt.keeps_graphs
        )

    def _write_csv(self, store: Store, version: str, folder: Path) -> DumpFile:
        name = dump_filename(version, CSV_KIND)
        path = folder / name
        table = study_table(store.select(study_table_query(self.base)))
        path.write_bytes(table_csv(table).encode("utf-8"))
        media_type = FORMATS["csv"].media_type
        return DumpFile(name, CSV_KIND, media_type, None, path.stat().st_size, _sha256(path), False)
