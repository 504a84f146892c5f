"""Shared set-up of the tests of the review-kind fixtures: a data folder holding the real
liebmann-2022 beside fixture reviews, ingested into a real embedded store, and `spkg validate`
on an edited copy of one fixture."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.build import ingest_data
from ingest.cli import main
from ingest.namespaces import DEFAULT_BASE
from ingest.store import EmbeddedStore

__all__ = [
    "KINDS",
    "LIEBMANN",
    "RAPID",
    "REVIEW_ONLY",
    "Edit",
    "edit_csv",
    "edited_copy",
    "ingest_beside_liebmann",
    "rewrite_csv",
    "run_spkg",
    "set_cell",
    "store_rows",
    "tuples",
    "validate_output",
]

ROOT = Path(__file__).resolve().parents[2]
LIEBMANN = ROOT / "data" / "liebmann-2022"
KINDS = ROOT / "tests" / "fixtures" / "kinds"
RAPID = KINDS / "rapid-review-2024"
REVIEW_ONLY = KINDS / "review-only-2023"


def ingest_beside_liebmann(tmp: Path, *folders: Path) -> Path:
    """Copy liebmann-2022 and `folders` into one data folder, ingest it; return the store path."""
    data = tmp / "data"
    for folder in (LIEBMANN, *folders):
        shutil.copytree(folder, data / folder.name)
    store_path = tmp / "store"
    with EmbeddedStore(store_path) as store:
        outcomes = ingest_data(data, store, base=DEFAULT_BASE, show_progress=False)
        assert all(o.written for o in outcomes)
    return store_path


def edit_csv(path: Path, key: tuple[str, str], column: str, value: str) -> int:
    """Set `column` of the row whose `key[0]` column is `key[1]`; return its spreadsheet row."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    header = list(rows[0])
    found = 0
    for n, row in enumerate(rows, start=2):
        if row[key[0]] == key[1]:
            row[column] = value
            found = n
    assert found, key
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return found


def validate_output(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`spkg validate FOLDER`: its exit code and everything it printed."""
    code = main(["validate", str(folder)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# An edit of a CSV file's rows (as csv.DictReader reads them), in place.
Edit = Callable[[list[dict[str, str]]], None]


def set_cell(key_column: str, key: str, column: str, value: str) -> Edit:
    """The edit that sets `column` of the one row whose `key_column` is `key`."""

    def edit(rows: list[dict[str, str]]) -> None:
        [row] = [r for r in rows if r[key_column] == key]
        row[column] = value

    return edit


def rewrite_csv(path: Path, edit: Edit) -> None:
    """Apply `edit` to the rows of the CSV file at `path` and write it back, header kept."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = list(reader.fieldnames or ()), list(reader)
    edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@dataclass(frozen=True)
class CliRun:
    """What one `spkg` command did: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def run_spkg(*args: str) -> CliRun:
    """Run the `spkg` console script's `main` in this process (the same code the script runs,
    without paying the interpreter's start and imports for each bad-input case)."""
    from api.cli import main as spkg_main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = spkg_main(list(args))
    return CliRun(code, out.getvalue(), err.getvalue())


def ingest_refused(data: Path, store: Path) -> str:
    """`spkg ingest` of `data` into `store` exits 1 and leaves no graph there; its stderr."""
    done = run_spkg("ingest", str(data), "--store", str(store))
    assert done.returncode == 1
    if store.exists():
        with EmbeddedStore(store) as opened:
            assert opened.named_graphs() == []
    return done.stderr


def store_rows(store_path: Path, query: str) -> list[dict]:
    """The rows of a SELECT over the store at `store_path`."""
    with EmbeddedStore(store_path) as store:
        return store.select(query)


def tuples(store: EmbeddedStore, query: str) -> set[tuple[str, ...]]:
    """The rows of a SELECT as tuples of strings, in the order of its projected variables (an
    unbound one as "")."""
    names = query.split("WHERE", 1)[0].split()
    variables = [n[1:] for n in names if n.startswith("?")]
    return {tuple(str(row.get(v, "")) for v in variables) for row in store.select(query)}


def edited_copy(
    tmp: Path, fixture: Path, file: str, key: tuple[str, str], column: str, value: str
) -> Path:
    """A copy of the `fixture` folder under `tmp` with one cell of `file` set (see edit_csv)."""
    folder = tmp / fixture.name
    shutil.copytree(fixture, folder)
    edit_csv(folder / file, key, column, value)
    return folder
