"""REFI-QDA test projects: `.qdpx` archives built in a test from the small `.qde` texts in
tests/fixtures/refiqda (no binary fixtures), and a byte-for-byte snapshot of a folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "refiqda"
CODED = FIXTURES / "coded-project.qde"


def coded_project() -> str:
    """The text of the coded fixture project (edit it with str.replace for a broken variant)."""
    return CODED.read_text(encoding="utf-8")


def write_qdpx(
    path: Path, project: str | bytes | None = None, extra: dict[str, bytes] | None = None
) -> Path:
    """A `.qdpx` at `path`: `project` (default the coded fixture) as project.qde, the fixture's
    source texts under `Sources/` (the capitalisation some tools use), and `extra` entries."""
    text = coded_project() if project is None else project
    data = text.encode("utf-8") if isinstance(text, str) else text
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", data)
        for source in sorted((FIXTURES / "sources").iterdir()):
            archive.writestr(f"Sources/{source.name}", source.read_bytes())
        for name, content in (extra or {}).items():
            archive.writestr(zipfile.ZipInfo(name), content)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path → bytes): equal snapshots, an unchanged folder."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
